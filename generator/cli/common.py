"""What every command shares: the settings option, the reference time, and the report
of problems (on stderr for people, or JSON and GitHub annotations on stdout for tools)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from ..errors import Problem, Severity, failing
from ..pipeline import BadReferenceTime, reference_time

CONFIG_HELP = (
    "The site's settings file (default: mkdocs.yml or properdocs.yml here or in the nearest "
    "parent folder)."
)
SETTINGS_NAMES = ("mkdocs.yml", "properdocs.yml")
"""The names of the settings file: MkDocs' and ProperDocs' (which reads either)."""


def _find_settings(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """``-f`` as given; without it, the nearest ``mkdocs.yml`` or ``properdocs.yml`` from
    here up, so that a command run in ``incidents/2026/`` works like one run at the top
    of the project. A folder with both is refused: the two engines would read different
    files."""
    if value is not None:
        return value
    here = Path.cwd()
    for folder in (here, *here.parents):
        found = [name for name in SETTINGS_NAMES if (folder / name).is_file()]
        if len(found) > 1:
            where = "here" if folder == here else f"in {folder}"
            raise click.ClickException(
                f"{' and '.join(found)} are both {where}: keep one, or name it with -f"
            )
        if found:
            return Path(found[0]) if folder == here else folder / found[0]
    return Path(SETTINGS_NAMES[0])


config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_find_settings,
    help=CONFIG_HELP,
)


def _now(option: str | None) -> datetime:
    try:
        return reference_time(option)
    except BadReferenceTime as exc:
        raise click.ClickException(str(exc)) from None


def _report(problems: list[Problem], strict: bool, style: str = "text") -> bool:
    """Print every problem and, when there are any, the summary; return True when the
    run must fail."""
    _show(problems, style)
    if problems:
        click.echo(_summary(problems, strict), err=True)
    return failing(problems, strict)


def _show(problems: list[Problem], style: str = "text") -> None:
    """Print every problem: as text on stderr, the stream for people (with the one
    summary line after them, in order); as JSON or GitHub annotations on stdout, which
    then holds nothing else for the tool that reads it."""
    if style == "json":
        click.echo(json.dumps([p.as_dict() for p in sorted(problems)], indent=2))
    for problem in sorted(problems):
        if style == "github":
            click.echo(problem.as_github_annotation())
        elif style == "text":
            click.echo(str(problem), err=True)


def _summary(problems: list[Problem], strict: bool, files: int | None = None) -> str:
    """One line: the files checked, then errors and warnings, and notices when any."""

    def count(severity: Severity, word: str) -> str:
        n = sum(1 for p in problems if p.severity is severity)
        return f"{n} {word}{'s' * (n != 1)}"

    line = f"{count(Severity.ERROR, 'error')}, {count(Severity.WARNING, 'warning')}"
    if any(p.severity is Severity.NOTICE for p in problems):
        line += ", " + count(Severity.NOTICE, "notice")
    if files is not None:
        line = f"{files} file{'s' * (files != 1)} checked: {line}"
    if not failing(problems, False) and failing(problems, strict):
        line += " (warnings fail in strict mode)"
    return line
