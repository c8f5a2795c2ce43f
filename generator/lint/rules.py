"""The lint's rules, read from ``lint_rules.yaml``, and the findings they make."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ..characters import one_line
from ..errors import Problem, Severity
from .text import MARK


@dataclass(frozen=True)
class Rule:
    id: str
    where: str
    """prose, action or update."""
    flags: str
    reason: str
    source: str
    question: str = ""
    suggestion: str = ""
    patterns: tuple[str, ...] = ()
    check: str | None = None


@dataclass(frozen=True)
class LintOptions:
    """What the site settings change in the lint (hashable, so checks can be cached)."""

    disabled: frozenset[str] = frozenset()
    code_names: tuple[str, ...] = ()
    jargon: tuple[str, ...] | None = None
    """None: the default list (see :data:`.updates.DEFAULT_JARGON`)."""
    own_names: tuple[str, ...] = ()
    """The site's own names (its name, its components'): not a vendor's when an update
    names them ("an issue with Guide" on a page with a component Guide)."""
    english: bool = True
    """Whether the site is in English: the update checks that read words (impact,
    speculation, blame, a promise in words) run on English sites alone."""


@dataclass(frozen=True)
class Finding:
    rule: Rule
    line: int
    text: str
    """The sentence (or title) flagged."""
    start: int = 0
    end: int = 0
    """The words that triggered it, in ``text`` (none when both are 0)."""
    rewrite: str | None = None

    def message(self) -> str:
        """One line: the marked text, the reason, and a rewrite (cut like the text) or
        a question or suggestion; control characters in the text are shown escaped."""
        if self.rewrite:
            advice = f'Rewrite: "{self.rewritten()}"'
        elif self.rule.question:
            advice = f"Ask: {self.rule.question}"
        else:
            advice = f"Try: {self.rule.suggestion}"
        return one_line(f'"{self.marked()}": {self.rule.reason} {advice}')

    def marked(self) -> str:
        """The text with the words that triggered the finding in ``[[...]]``, cut to
        about 160 characters around them."""
        text, start, end = self.text, self.start, self.end
        if end > start:
            text = f"{text[:start]}[[{text[start:end]}]]{text[end:]}"
        return _excerpt(text, start)

    def rewritten(self) -> str:
        """The rewrite, cut like :meth:`marked` around where it first differs from the
        text."""
        rewrite = self.rewrite or ""
        differs = next(
            (at for at, (a, b) in enumerate(zip(self.text, rewrite, strict=False)) if a != b),
            min(len(self.text), len(rewrite)),
        )
        return _excerpt(rewrite, differs)

    def problem(self, path: str, severity: Severity) -> Problem:
        return Problem(path, self.line, "", self.message(), severity, rule=f"lint/{self.rule.id}")


def _excerpt(text: str, start: int) -> str:
    """``text``, or about 160 characters of it from a little before ``start``."""
    if len(text) <= 160:
        return text
    first = max(0, min(start - 60, len(text) - 157))
    shown = text[first : first + 157]
    return ("..." if first else "") + shown + ("..." if first + 157 < len(text) else "")


@cache
def rules() -> tuple[Rule, ...]:
    text = (resources.files("statuspress") / "lint_rules.yaml").read_text(encoding="utf-8")
    return tuple(
        Rule(
            id=item["id"],
            where=item["where"],
            flags=item["flags"],
            reason=item["reason"],
            source=item["source"],
            question=item.get("question", ""),
            suggestion=item.get("suggestion", ""),
            patterns=tuple(item.get("patterns", ())),
            check=item.get("check"),
        )
        for item in yaml.safe_load(text)
    )


@cache
def rule_map() -> dict[str, Rule]:
    return {rule.id: rule for rule in rules()}


def explain(rule_id: str) -> str | None:
    """What ``rule_id`` flags, why, what to do instead and its source; None if unknown."""
    rule = rule_map().get(rule_id)
    if rule is None:
        return None
    lines = [
        f"{rule.id} ({rule.where})",
        f"Flags: {rule.flags}",
        f"Why: {rule.reason}",
    ]
    if rule.question:
        lines.append(f"Ask: {rule.question}")
    if rule.suggestion:
        lines.append(f"Try: {rule.suggestion}")
    lines += [
        f"Source: {rule.source}",
        f"Silence it on one line with a comment holding '{MARK} disable={rule.id}'.",
    ]
    return "\n".join(lines)
