"""Problems found in content, and the one exception that carries them.

Every check in the pipeline reports a :class:`Problem` instead of raising, so a
single run can show the author every mistake at once. Only the CLI turns
problems into exit codes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How much a problem weighs: an error fails every run, a warning fails with
    ``--strict``, and a notice is advice shown to the writer that never fails a run."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, tied to a place in a file."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    column: int = 0
    rule: str = ""
    """What kind of problem: yaml-syntax, required, type, choice, timestamp, unknown-key,
    unknown-component, retired-component, order, duplicate-id, reference, future-update,
    future-date, contradiction,
    lint/<rule>..."""

    def __str__(self) -> str:
        """``path:line:column: [warning: |notice: ]rule: field: what was expected, what was
        found``."""
        where = self.path
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        kind = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        rule = f"{self.rule}: " if self.rule else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {kind}{rule}{field}{self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "field": self.field,
            "message": self.message,
            "severity": self.severity.value,
        }

    def as_github_annotation(self) -> str:
        """A GitHub Actions workflow command that shows the problem on its line."""
        props = [f"file={_escape(self.path, True)}"]
        if self.line:
            props.append(f"line={self.line}")
        if self.column:
            props.append(f"col={self.column}")
        title = " ".join(part for part in (self.rule, self.field) if part)
        if title:
            props.append(f"title={_escape(title, True)}")
        return f"::{self.severity.value} {','.join(props)}::{_escape(self.message, False)}"


def _escape(text: str, property_value: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class ContentError(Exception):
    """Raised when the content has errors (or warnings, in strict mode)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """The site could not be built; the message is one line for the author."""


def expected(what: str, found: object, choices: Iterable[str] = ()) -> str:
    """Say what was expected and what was found, with the closest valid choice."""
    # Text that would break the one-line message (newlines, control characters) is escaped.
    shown = f"'{found}'" if isinstance(found, str) and found.isprintable() else repr(found)
    message = f"expected {what}, found {shown}"
    if isinstance(found, str):
        choices = list(choices)
        close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
        # A short form of a long name ('degraded' for 'degraded_performance') is too unlike
        # it for difflib, but has one choice that starts with it.
        starts = [c for c in choices if len(found) >= 3 and c.startswith(found.lower())]
        if close or len(starts) == 1:
            message += f" (did you mean '{(close or starts)[0]}'?)"
    return message


def one_of(choices: Iterable[str]) -> str:
    return "one of " + ", ".join(choices)


def shown(filename: str, project: Path) -> str:
    """A path as the author knows it: relative to the project when it is inside."""
    path = Path(filename).resolve()
    try:
        return path.relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def failing(problems: Iterable[Problem], strict: bool) -> bool:
    """Errors fail a run, and warnings in a strict one; notices never do."""
    return any(
        p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING)
        for p in problems
    )
