"""The language lint: blame in postmortems and incident updates, and what hurts readers
of status updates.

The rules are described as data (``lint_rules.yaml`` beside the package): each with
what it flags, its reason, a question or suggestion, and its source. Prose is read
sentence by sentence by :mod:`.reader`; fenced code, inline code, blockquotes and
quoted speech (double or single quotes) are evidence, not the author's voice, and are
skipped. Status updates are also checked by :mod:`.updates`; action items by
:mod:`.actions`. A line carrying ``statuspress-lint: disable=ID[,ID]`` (in a YAML or
HTML comment) silences those rules there.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from ..errors import Problem, Severity, expected
from ..load import SourceFile
from .actions import lint_actions
from .reader import read
from .rules import Finding, LintOptions, Rule, explain, rule_map, rules
from .text import (
    MARK,
    prose_lines,
    sentence_lines,
    sentences,
    silences,
    suppressions,
    value_lines,
)
from .updates import lint_updates

__all__ = [
    "Finding",
    "LintOptions",
    "Rule",
    "explain",
    "lint_prose",
    "lint_source",
    "prose_lines",
    "rules",
    "sentences",
    "severity_of",
]


def severity_of(data: dict[str, Any]) -> Severity:
    """The policy: in a postmortem, written after the incident, a finding is a warning
    (``--strict`` makes it fail); in an incident or a maintenance, written during it,
    it is advice to the writer that never fails a check or a build."""
    return Severity.WARNING if data.get("type") == "postmortem" else Severity.NOTICE


def lint_prose(
    text: str, names: tuple[str, ...] = (), disabled: frozenset[str] = frozenset()
) -> list[tuple[int, Finding]]:
    """(line index within ``text``, finding) for each finding in the prose, in order;
    a finding's ``line`` is that index too."""
    if not text.strip():
        return []
    known = _lower_names(names)
    raw = text.splitlines()
    marked = MARK in text
    found = []
    by_id = rule_map()
    for index, last, sentence in sentence_lines(prose_lines(text)):
        for hit in read(sentence, known):
            if hit.rule in disabled:
                continue
            if marked and silences(raw[index : last + 1], hit.rule):
                continue
            rule = by_id[hit.rule]
            found.append((index, Finding(rule, index, sentence, hit.start, hit.end, hit.rewrite)))
    return found


@cache
def _lower_names(names: tuple[str, ...]) -> frozenset[str]:
    """Each part (of three letters or more) of each name, in lower case."""
    return frozenset(part.lower() for name in names for part in name.split() if len(part) > 2)


# Files -----------------------------------------------------------------------


_DEFAULTS = LintOptions()


def lint_source(
    source: SourceFile, raw_lines: list[str], options: LintOptions = _DEFAULTS
) -> list[Problem]:
    """Lint a content file: its body, its update messages, a postmortem's summary and
    actions."""
    data = source.data
    roles = data.get("roles")
    held = roles.values() if isinstance(roles, dict) else ()
    names = (
        _texts(data.get("authors"))
        + _texts(data.get("responders"))
        + tuple(t for value in held for t in _texts(value))
    )
    severity = severity_of(data)
    disabled = options.disabled
    problems = unknown_rules(source.path, raw_lines, severity)

    body = source.body if isinstance(source.body, str) else ""
    for index, finding in lint_prose(body, names, disabled):
        line = source.body_line + index
        problems.append(replace(finding, line=line).problem(source.path, severity))

    def value(path: tuple[str | int, ...], text: Any) -> None:
        """The findings of a value of the front matter, each on the line that holds its
        words; a comment on any line of the value silences them."""
        line = source.line_of(*path)
        limit = _indent_limit(source, path, raw_lines)
        lines = value_lines(raw_lines, line - 1, limit)
        for finding in prose_findings(text, names, disabled):
            if not silences(lines, finding.rule.id):
                at = value_line(lines, line, finding)
                problems.append(replace(finding, line=at).problem(source.path, severity))

    updates = data.get("updates")
    if isinstance(updates, list):
        for index, update in enumerate(updates):
            if isinstance(update, dict):
                value(("updates", index, "message"), update.get("message"))
        for finding in lint_updates(source, raw_lines, options):
            problems.append(finding.problem(source.path, severity))
    if data.get("type") == "postmortem":
        value(("summary",), data.get("summary"))
        for path, text in _learning_texts(data):
            value(path, text)
        for finding in lint_actions(source, raw_lines, disabled):
            problems.append(finding.problem(source.path, severity))
    return problems


def unknown_rules(path: str, raw_lines: list[str], severity: Severity) -> list[Problem]:
    """A problem for each rule that a ``statuspress-lint: disable=`` comment names and
    the lint does not have: such a comment silences nothing, and says nothing unless
    told."""
    known = rule_map()
    return [
        Problem(
            path,
            at,
            MARK[:-1],
            expected("a lint rule to disable", name, known),
            severity,
            rule="choice",
        )
        for at, line in enumerate(raw_lines, 1)
        if MARK in line
        for name in suppressions(line)
        if name not in known
    ]


def prose_findings(text: Any, names: tuple[str, ...], disabled: frozenset[str]) -> list[Finding]:
    return [f for _, f in lint_prose(text, names, disabled)] if isinstance(text, str) else []


def _learning_texts(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], Any]]:
    """The short texts of a postmortem's learning fields, each with its key path: the
    contributing factors' descriptions and the went-well items."""
    found: list[tuple[tuple[str | int, ...], Any]] = []
    factors = data.get("contributing_factors")
    for index, factor in enumerate(factors if isinstance(factors, list) else []):
        if isinstance(factor, dict):
            path = ("contributing_factors", index, "description")
            found.append((path, factor.get("description")))
    went_well = data.get("went_well")
    for index, item in enumerate(went_well if isinstance(went_well, list) else []):
        found.append((("went_well", index), item))
    return found


def _indent_limit(source: SourceFile, path: tuple[str | int, ...], raw_lines: list[str]) -> int:
    """How far a line must be indented, past this, to continue the value at ``path``:
    the key's column for a mapping value, the dash's for a list item."""
    line = source.line_of(*path)
    text = raw_lines[line - 1] if 0 < line <= len(raw_lines) else ""
    column = source.columns.get(path)
    if isinstance(path[-1], str) and column:
        return column - 1
    return len(text) - len(text.lstrip(" "))


def value_line(lines: list[str], line: int, finding: Finding) -> int:
    """The line of a YAML value's text that holds the words ``finding`` flags: of the
    value's ``lines`` (:func:`value_lines`: the key's own line, ``line``, then those the
    value continues on, a block scalar's or a plain one broken over lines), the first
    that holds them; ``line`` when the words are not found."""
    words = (finding.text[finding.start : finding.end] or finding.text).split()
    if not words:
        return line
    for at, text in enumerate(lines, start=line):
        if words[0] in text:
            return at
    return line


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()
