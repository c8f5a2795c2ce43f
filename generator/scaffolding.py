"""The files of a new status page's repository (``statuspress init``), and moving their
version pins to this version (``statuspress init --upgrade``).

The files live as package data in ``scaffold/``, copied as they are, but for the
few in :data:`FILLED`, whose ``%%KEY%%`` placeholders take the company's name, address,
time zone, components and this version. Nothing here writes: :func:`plan` returns
the files and :func:`upgrade` the changes, and the command writes them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import yaml

from . import __version__
from .config import COMPONENT_ID, is_url, time_zone_problem
from .errors import expected
from .ignore import GIT_IGNORED
from .load import MAX_ID_LENGTH

GITLAB = ".gitlab-ci.yml"
"""Written only with ``--gitlab``."""
EXAMPLE = "incidents/example-incident.md"
"""The example incident, written as ``incidents/<year>/<day>-example-incident.md``."""
FILLED = frozenset(
    {
        "mkdocs.yml",
        ".gitignore",
        "incidents/README.md",
        EXAMPLE,
        ".github/workflows/check.yml",
        ".github/workflows/deploy.yml",
        ".pre-commit-config.yaml",
        GITLAB,
    }
)
"""The files whose placeholders are filled in; every other file is copied byte for byte."""
OWNED = (
    ".github/workflows/check.yml",
    ".github/workflows/deploy.yml",
    ".pre-commit-config.yaml",
    GITLAB,
)
"""The files ``init --upgrade`` may change (only their version pins): never the content
nor ``mkdocs.yml``, which are the company's own."""
HOME = "https://github.com/statuspress/statuspress"
"""The repository of the pre-commit hook and the action."""
EXAMPLE_URL = "https://status.example.com/"
"""``site_url`` when none is given: a placeholder under a name reserved for examples."""
SITE_FOLDERS = ("/site/", "/public/")
"""The site folders a build writes: ``site/`` by default, ``public/`` on GitLab Pages."""
_PLACEHOLDER = re.compile(r"%%([A-Z_]+)%%")
_VERSION = r"(\d+\.\d+\.\d+)"
_NAME = r"(?<![\w./-])(?i:statuspress)(?:\[[^\]\s]*\])?"
"""The project's name in a requirement: any case, with extras (``statuspress[x]``)."""
_PINS = (
    re.compile("(" + _NAME + r"\s*==\s*)" + _VERSION + r"(?![\w.*+!-])"),
    re.compile(r"(statuspress/statuspress@v)" + _VERSION + r"(?![\w.])"),
)
_REV = re.compile(r"^(\s*rev:\s*[\"']?v)" + _VERSION + r"(?![\w.])")
_REV_ANY = re.compile(r"^\s*(rev:\s*\S+)")
_INSTALL = re.compile(r"\bpip3?\b.*\binstall\b")
"""A line that installs packages: only there is a bare ``statuspress`` a requirement."""
_REQUIREMENT = re.compile(_NAME + r"(?![\w/-])(?:\s*[=<>~!]=*\s*[^\s\"',;]*)?")
_ACTION = re.compile(r"statuspress/statuspress@[^\s\"'#]*")
_REPO = re.compile(r"^\s*-?\s*repo:\s*[\"']?([^\s\"'#]+)")
ACRONYMS = frozenset({"api", "cdn", "cli", "db", "dns", "iam", "sdk", "sms", "smtp", "sso", "ui"})
"""Words of a component id that its default display name writes in capitals."""


class ScaffoldError(ValueError):
    """An option ``init`` cannot use, or a project ``--upgrade`` cannot move; one line."""


@dataclass(frozen=True)
class Project:
    """What ``init`` asks for: the page's name, address, time zone and components."""

    name: str
    url: str
    time_zone: str
    components: tuple[tuple[str, str], ...]
    """(id, display name) pairs, in the page's order."""
    day: date
    """The day of the example incident (yesterday, so it is in the past)."""
    gitlab: bool = False
    branch: str = "main"
    """The branch pushes to which publish: the one checked out where init runs."""


def check_name(name: str) -> str:
    name = name.strip()
    if not name or not name.isprintable():
        raise ScaffoldError(expected("a name of printable characters", name))
    return name


def check_url(url: str) -> str:
    url = url.strip()
    if not is_url(url):
        raise ScaffoldError(expected("an http or https URL, such as " + EXAMPLE_URL, url))
    parts = urlsplit(url)
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ScaffoldError(expected("an address without '?' or '#'", url))
    if parts.username is not None:
        raise ScaffoldError(expected("an address without a user name or password", url))
    return url if url.endswith("/") else url + "/"


def check_time_zone(zone: str) -> str:
    zone = zone.strip()
    problem = time_zone_problem(zone)
    if problem:
        lowered = {z.lower(): z for z in available_timezones()}
        if zone.lower() in lowered:  # europe/berlin: only the case is wrong
            return lowered[zone.lower()]
        raise ScaffoldError(problem)
    return zone


def parse_components(text: str) -> tuple[tuple[str, str], ...]:
    """``api,web=Website``: ids, each with an optional ``=Display name``."""
    found: list[tuple[str, str]] = []
    for item in text.split(","):
        ident, _, name = (part.strip() for part in item.partition("="))
        if not ident and not name:
            continue
        if not COMPONENT_ID.match(ident):
            message = expected("a component id of lower-case letters, digits, '-' and '_'", ident)
            ascii_ident = unicodedata.normalize("NFKD", ident).encode("ascii", "ignore").decode()
            fixed = re.sub(r"[^a-z0-9_-]+", "-", ascii_ident.lower()).strip("-_")
            if fixed and COMPONENT_ID.match(fixed):
                message += f" (did you mean '{fixed}'?)"
            raise ScaffoldError(message)
        if len(ident) > MAX_ID_LENGTH:
            raise ScaffoldError(
                f"expected a component id of at most {MAX_ID_LENGTH} characters, found {len(ident)}"
            )
        if ident in (i for i, _ in found):
            raise ScaffoldError(f"expected a unique component id, found '{ident}' twice")
        found.append((ident, check_name(name) if name else default_name(ident)))
    if not found:
        raise ScaffoldError(expected("at least one component id, such as 'api,web'", text))
    return tuple(found)


def default_name(ident: str) -> str:
    """``card-processing`` is 'Card processing', ``api`` is 'API'."""
    words = [w.upper() if w in ACRONYMS else w for w in re.split(r"[-_]+", ident) if w]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain where YAML reads it back as the same text."""
    try:
        plain = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        plain = False
    if plain and value == value.strip():
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def markdown_text(value: str) -> str:
    """``value`` as Markdown text that shows it as it is: no tag, emphasis, link or
    heading mark of its own."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", value)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>&#~|]")


def plan(project: Project) -> dict[str, bytes]:
    """Every file ``init`` writes, by its path in the new project."""
    values = {
        "NAME": project.name,
        "NAME_YAML": yaml_text(project.name),
        "NAME_MARKDOWN": markdown_text(project.name),
        "URL_YAML": yaml_text(project.url),
        "TIME_ZONE": project.time_zone,
        "COMPONENTS": "\n".join(
            f"        - id: {ident}\n          name: {yaml_text(name)}"
            for ident, name in project.components
        ),
        "FIRST_COMPONENT": project.components[0][0],
        "DAY": project.day.isoformat(),
        "VERSION": __version__,
        "BRANCH": project.branch,
        "GIT_IGNORED": "\n".join((*SITE_FOLDERS, *GIT_IGNORED)),
    }
    files: dict[str, bytes] = {}
    for path, data in scaffold_files():
        if path == GITLAB and not project.gitlab:
            continue
        if path in FILLED:
            data = fill(data.decode("utf-8"), values).encode("utf-8")
        if path == EXAMPLE:
            day = project.day.isoformat()
            path = f"incidents/{day[:4]}/{day}-example-incident.md"
        files[path] = data
    return files


def fill(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]  # a KeyError is a placeholder without a value: a bug

    return _PLACEHOLDER.sub(value, text)


def scaffold_files() -> Iterator[tuple[str, bytes]]:
    """Every file of ``scaffold/``, dot-files included, by its path inside it."""

    def walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                yield from walk(entry, f"{prefix}{entry.name}/")
            elif entry.name != "__pycache__":
                yield f"{prefix}{entry.name}", entry.read_bytes()

    yield from walk(resources.files("statuspress") / "scaffold", "")


@dataclass(frozen=True)
class Change:
    """One version pin ``init --upgrade`` moves."""

    path: str
    line: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.old} -> {self.new}"


@dataclass
class Upgrade:
    """What ``init --upgrade`` found in the owned files: the new text of each file with a
    pin to move, the moves, how many exact pins there are, and the lines that install
    Statuspress without an exact pin (left as they are, and said)."""

    texts: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    pins: int = 0
    loose: list[str] = field(default_factory=list)


def upgrade(files: dict[str, str], version: str = __version__, folder: Path = Path(".")) -> Upgrade:
    """The version pins to move in ``files`` (the owned files found in ``folder``, by
    path, with their text) to ``version``. Every other byte, line endings included, is
    kept. A pin to a later version is refused: upgrade Statuspress first."""
    result = Upgrade()
    for path, text in files.items():
        lines = text.splitlines(keepends=True)
        changes: list[Change] = []
        repo = None
        shown = (folder / path).as_posix()
        for index, line in enumerate(lines):
            if path == ".pre-commit-config.yaml" and (found := _REPO.match(line)):
                repo = found.group(1).removesuffix(".git").rstrip("/")
            patterns = [*_PINS, *([_REV] if repo == HOME else [])]
            result.pins += sum(len(pattern.findall(line)) for pattern in patterns)
            for pattern in patterns:
                move = partial(_move, shown, index + 1, version=version, changes=changes)
                lines[index] = line = pattern.sub(move, line)
            result.loose += [
                f"{shown}:{index + 1}: expected an exact pin such as {exact}, found "
                f"'{found}': left as it is"
                for found, exact in _loose(line, version, pre_commit=repo == HOME)
            ]
        if changes:
            result.texts[path] = "".join(lines)
            result.changes += changes
    return result


def _loose(line: str, version: str, pre_commit: bool) -> list[tuple[str, str]]:
    """The pins of Statuspress on ``line`` that are not exact (``statuspress>=0.1``, an
    unpinned install, ``@main``), each with the exact pin it would be."""
    found = []
    if _INSTALL.search(line):
        for match in _REQUIREMENT.finditer(line):
            if not _PINS[0].fullmatch(match.group(0)):
                found.append((match.group(0), f"statuspress=={version}"))
    for match in _ACTION.finditer(line):
        if not _PINS[1].fullmatch(match.group(0)):
            found.append((match.group(0), f"statuspress/statuspress@v{version}"))
    rev = _REV_ANY.match(line) if pre_commit else None
    if rev and not _REV.match(line):
        found.append((rev.group(1), f"rev: v{version}"))
    return found


def _move(
    path: str, line: int, match: re.Match[str], *, version: str, changes: list[Change]
) -> str:
    pinned = match.group(2)
    if _newer(pinned, version):
        raise ScaffoldError(
            f"{path}:{line}: expected a version up to the installed {version}, "
            f"found {pinned}: install statuspress=={pinned} first"
        )
    if pinned != version:
        old, new = match.group(0), match.group(1) + version
        changes.append(Change(path, line, old.strip(), new.strip()))
    return match.group(1) + version


def _newer(one: str, other: str) -> bool:
    return tuple(map(int, one.split("."))) > tuple(map(int, other.split(".")))
