"""Message templates: the common first words of an incident, kept in the content
repository's ``templates/`` folder as Markdown files with front matter.

A template gives a title, the status of the update, the status of each component
named without one, the promise of the next update (a while, such as ``30m``) and the
message; ``{component}`` in the title or message becomes
the names of the affected components. Reading a template is pure: it returns the
template or the problems found, with file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, expected
from .fields import Reader, read_while
from .links import link_refused
from .load import SourceFile, decode_text, parse_text, read_file
from .vocabulary import INCIDENT_COMPONENT_STATUSES, INCIDENT_STATUSES, PARTIAL_OUTAGE, SEVERITIES

FOLDER = "templates"
"""Where the templates live, beside ``mkdocs.yml``."""
KEYS = ("title", "description", "severity", "status", "component_status", "next_update")
PLACEHOLDERS = ("component",)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Template:
    name: str
    path: str
    title: str
    description: str
    severity: str | None
    status: str
    component_status: str
    message: str
    next_update: str | None = None
    """The promise of the next update, as a while (``30m``); ``--next-update`` wins."""

    def fill(self, components: list[str]) -> tuple[str, str]:
        """The title and message with ``{component}`` filled: the names of ``components``
        (``the service`` when there are none)."""
        names = _joined(components) if components else "the service"
        return self.title.replace("{component}", names), self.message.replace("{component}", names)


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def folder(project: Path) -> Path:
    return project / FOLDER


def names(project: Path) -> list[str]:
    """The templates' names (their file names without ``.md``), sorted."""
    where = folder(project)
    if not where.is_dir():
        return []
    return sorted(p.stem for p in where.glob("*.md") if p.is_file())


def read(project: Path, name: str) -> Template | list[Problem]:
    """The template ``name``, or every problem with it."""
    shown = f"{FOLDER}/{name}.md"
    known = names(project)
    if name not in known:
        where = ", ".join(known) if known else f"none: {FOLDER}/ holds no .md files"
        return [Problem(shown, 0, "", expected(f"a template name ({where})", name, known))]
    path = folder(project) / f"{name}.md"
    refused = link_refused(path, folder(project).resolve()) if path.is_symlink() else None
    if refused is None and not path.resolve().is_relative_to(project.resolve()):
        refused = "found a path outside the project"
    if refused:  # its text would be copied into a new incident, and published
        message = f"expected a file inside {FOLDER}/, {refused}"
        return [Problem(shown, 0, "", message, rule="symlink")]
    raw = read_file(path, shown)
    text = raw if isinstance(raw, Problem) else decode_text(raw, shown)
    if isinstance(text, Problem):  # Notepad's "ANSI": the line of the first such byte
        return [text]
    parsed = parse_text(text, shown, name)
    if isinstance(parsed, Problem):
        return [parsed]
    return _template(parsed, name)


def _template(source: SourceFile, name: str) -> Template | list[Problem]:
    problems: list[Problem] = []
    r = Reader(source.path, source.data, source.lines, problems, columns=source.columns)
    r.unknown_keys(KEYS)
    title = r.text("title", required=True)
    description = r.text("description") or ""
    severity = r.choice("severity", SEVERITIES)
    status = r.choice("status", INCIDENT_STATUSES[:-1]) or "investigating"
    component_status = r.choice("component_status", INCIDENT_COMPONENT_STATUSES) or PARTIAL_OUTAGE
    next_update = r.text("next_update")
    if next_update is not None and read_while(next_update) is None:
        wanted = expected("a while such as 30m, 1h or 1h30m", next_update)
        problems.append(Problem(source.path, r.line("next_update"), "next_update", wanted))
    message = source.body.strip()
    if not message:
        problems.append(
            Problem(source.path, source.body_line, "body", "expected the message, found nothing")
        )
    for key, value, line in (
        ("title", title or "", r.line("title")),
        ("body", message, source.body_line),
    ):
        for found in _PLACEHOLDER.findall(value):
            if found not in PLACEHOLDERS:
                wanted = expected("a placeholder: {component}", "{" + found + "}")
                problems.append(Problem(source.path, line, key, wanted, rule="placeholder"))
    if problems or title is None:
        return problems
    return Template(
        name,
        source.path,
        title,
        description,
        severity,
        status,
        component_status,
        message,
        next_update,
    )
