"""The blameless-language lint: flags language that assigns blame or hides learning.

Rules are data (``lint_rules.yaml`` beside this module), each with its reason,
a suggested rewrite and its source. Prose is checked sentence by sentence;
fenced code, inline code, blockquotes and quoted speech are evidence, not the
author's voice, and are skipped. A line carrying ``statuspress-lint:
disable=ID[,ID]`` (in a YAML or HTML comment) silences those rules there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module, resources
from itertools import pairwise
from typing import Any

import yaml

from .errors import Problem, Severity
from .load import SourceFile

_MARK = "statuspress-lint:"
"""Only a line with this text can silence a rule."""
_DISABLE = re.compile(re.escape(_MARK) + r"\s*disable=([\w-]+(?:\s*,\s*[\w-]+)*)")
_ROLES = (
    r"on-?call(?: engineers?)?|engineers?|developers?|operators?|admins?|administrators?|"
    r"sres?|responders?|team members?|teams?|employees?|staff|person|intern"
)
_PRONOUNS = r"I|we|you|he|she|they|someone|somebody|nobody|no one"
_ROLE_SUBJECT = rf"(?:the|an|a|our|their|one of the|one of our)\s+(?:\w+\s+)?(?:{_ROLES})"


@dataclass(frozen=True)
class Rule:
    id: str
    where: str
    reason: str
    suggestion: str
    source: str
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    check: str | None = None

    def compiled(self, names: tuple[str, ...]) -> list[re.Pattern[str]]:
        # One alternation of all the patterns: a sentence is searched once per rule, in
        # half the time of a search per pattern (check and build lint every file).
        if not self.patterns:
            return []
        return [_compile("|".join(f"(?:{p})" for p in self.patterns), names)]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    line: int
    text: str

    def problem(self, path: str, severity: Severity) -> Problem:
        quoted = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        message = f'"{quoted}": {self.rule.reason} Try: {self.rule.suggestion}'
        return Problem(path, self.line, "", message, severity, rule=f"lint/{self.rule.id}")


def severity_of(data: dict[str, Any]) -> Severity:
    """The policy: in a postmortem, written after the incident, a finding is a warning
    (``--strict`` makes it fail); in an incident or a maintenance, written during it,
    it is advice to the writer that never fails a check or a build."""
    return Severity.WARNING if data.get("type") == "postmortem" else Severity.NOTICE


@cache
def rules() -> tuple[Rule, ...]:
    text = (resources.files("statuspress") / "lint_rules.yaml").read_text(encoding="utf-8")
    return tuple(
        Rule(
            id=item["id"],
            where=item["where"],
            reason=item["reason"],
            suggestion=item["suggestion"],
            source=item["source"],
            patterns=tuple(item.get("patterns", ())),
            unless=tuple(item.get("unless", ())),
            check=item.get("check"),
        )
        for item in yaml.safe_load(text)
    )


@cache
def _compile(pattern: str, names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_expand(pattern, names), re.IGNORECASE)


def _expand(pattern: str, names: tuple[str, ...]) -> str:
    """``pattern`` with ``{person}`` and ``{named}`` written out for these names."""
    for placeholder, subject in _subjects(names).items():
        pattern = pattern.replace(placeholder, _BOUNDARY + subject)
    return pattern


_BOUNDARY = r"\b"


def _subjects(names: tuple[str, ...]) -> dict[str, str]:
    """What ``{person}`` and ``{named}`` stand for (after a word boundary)."""
    people = "|".join(re.escape(n) for n in names)
    more = "|" + people if people else ""
    return {
        "{person}": f"(?:{_PRONOUNS}|{_ROLE_SUBJECT}{more})",
        "{named}": f"(?:he|she|{_ROLE_SUBJECT}{more})",
    }


def _names(authors: tuple[str, ...]) -> tuple[str, ...]:
    """Each author's full name and first name, for the rules about people."""
    found: list[str] = []
    for author in authors:
        found.append(author)
        first = author.split()[0] if author.split() else ""
        if len(first) > 2:
            found.append(first)
    return tuple(dict.fromkeys(found))


# Prose -----------------------------------------------------------------------


_QUOTES = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d|`[^`\n]*`|<!--.*?-->')


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def prose_lines(text: str) -> list[str]:
    """The lines of Markdown prose, with code, blockquotes and quotations blanked out."""
    result = []
    fence: str | None = None
    for line in text.splitlines():
        stripped = line.lstrip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            result.append("")
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            result.append("")
            continue
        if stripped.startswith(">") or line.startswith(("    ", "\t")):
            result.append("")
            continue
        result.append(_QUOTES.sub(_blank, line))
    return result


def sentences(lines: list[str]) -> list[tuple[int, str]]:
    """(index of the first line, sentence) for each sentence; blank lines end sentences."""
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate([*lines, ""]):
        if not line.strip():
            if current:
                found += _split(" ".join(current), start)
            current = []
            continue
        if not current:
            start = index
        current.append(line.strip().lstrip("-*+| ").strip())
    return found


def _split(paragraph: str, start: int) -> list[tuple[int, str]]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", paragraph)
    return [(start, part.strip()) for part in parts if part.strip()]


def lint_prose(
    text: str, names: tuple[str, ...] = (), disabled: frozenset[str] = frozenset()
) -> list[tuple[int, Rule, str]]:
    """(line index within ``text``, rule, sentence) for each flagged sentence."""
    checks = _prose_checks(names, disabled)
    if checks.any_rule is None:
        return []
    raw = text.splitlines()
    marked = _MARK in text
    found = []
    for index, sentence in sentences(prose_lines(text)):
        # Most sentences match no rule. Most hold none of the words every match needs,
        # which plain substring tests tell far faster than the search; the rest are
        # searched once for all rules.
        if checks.words is not None and sentence.isascii():
            lower = sentence.lower()
            # A loop, not any(): half the time. The words are tested in groups that
            # share a part, only where it is.
            for part, words in checks.words:
                if part in lower and any(word in lower for word in words):
                    break
            else:
                continue
        if checks.any_rule.search(sentence) is None:
            continue
        for rule, patterns in checks.rules:
            if marked and _silenced(raw, index, sentence, rule.id):
                continue
            if _matches_compiled(rule, patterns, sentence):
                found.append((index, rule, sentence))
    return found


@dataclass(frozen=True)
class _ProseChecks:
    rules: tuple[tuple[Rule, list[re.Pattern[str]]], ...]
    """The prose rules in force, in order, each with its compiled patterns."""
    any_rule: re.Pattern[str] | None
    """Matches where any of them matches (their patterns in one alternation); None
    when no rule is in force."""
    words: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    """Lower-case texts of which every match of ``any_rule`` holds one (see
    :func:`_trigger_words`), in groups, each with a part all of them hold (see
    :func:`_grouped`); None when that cannot be told."""


@cache
def _prose_checks(names: tuple[str, ...], disabled: frozenset[str]) -> _ProseChecks:
    chosen = tuple(
        (rule, rule.compiled(names))
        for rule in rules()
        if rule.where == "prose" and rule.id not in disabled
    )
    patterns = [pattern for rule, _ in chosen for pattern in rule.patterns]
    if not patterns:
        return _ProseChecks(chosen, None)
    any_rule = re.compile(_alternation(patterns, names), re.IGNORECASE)
    words = _trigger_words(patterns, names)
    return _ProseChecks(chosen, any_rule, None if words is None else _grouped(words))


_PART = 5
"""The length of the parts that group the words."""


def _grouped(words: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``words`` in groups, each with a part (of ``_PART`` characters, or a whole short
    word) that all of its words hold; the parts shared by most words first chosen. A
    group of one word has the whole word as its part."""
    left = set(words)
    groups = []
    while left:
        holders: dict[str, set[str]] = {}
        for word in left:
            n = min(_PART, len(word))
            for start in range(len(word) - n + 1):
                holders.setdefault(word[start : start + n], set()).add(word)
        part = max(sorted(holders), key=lambda p: len(holders[p]))
        group = tuple(sorted(holders[part]))
        groups.append((group[0] if len(group) == 1 else part, group))
        left -= holders[part]
    return tuple(groups)


def _trigger_words(patterns: list[str], names: tuple[str, ...]) -> tuple[str, ...] | None:
    """Lower-case ASCII text of which any match of any of ``patterns`` holds one, the
    fewest such (none that holds another); None when some pattern has none."""
    words: set[str] = set()
    for pattern in patterns:
        required = _required(_sre_parse.parse(_expand(pattern, names), re.IGNORECASE))
        if required is None or "" in required[0]:
            return None
        words |= required[0]
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


# The parser of the re module (what sre_parse was), to read the patterns' words; it has
# no type stubs.
_sre_parse: Any = import_module("re._parser")
_sre_constants: Any = import_module("re._constants")

_Required = tuple[frozenset[str], bool] | None
"""For a part of a pattern: lower-case ASCII texts of which each of its matches holds
one, and whether they are all it can match (so that they join with their neighbours);
None when no such texts can be told."""

_PRODUCT_LIMIT = 64
"""The most texts that joining neighbours may make."""


def _required(items: Any) -> _Required:
    """What a sequence of parsed items (``re._parser``) requires: the best of what its
    items require, where items that match exactly some texts join into longer texts.
    Assertions match no text and join as the empty text."""
    best: frozenset[str] | None = None
    run: frozenset[str] | None = frozenset({""})
    whole = True
    for op, arg in items:
        found = _required_item(op, arg)
        if found is None:
            run, whole = None, False
            continue
        texts, exact = found
        if not exact:
            run, whole = None, False
            best = _better(best, texts)
            continue
        if run is not None and len(run) * len(texts) <= _PRODUCT_LIMIT:
            run = frozenset(a + b for a in run for b in texts)
        else:
            run, whole = texts, False
        best = _better(best, run)
    if whole and run is not None:
        return run, True
    return None if best is None else (best, False)


def _better(a: frozenset[str] | None, b: frozenset[str]) -> frozenset[str]:
    """The more telling of two sets of texts: the longer shortest text, then fewer."""
    if a is None:
        return b
    key_a = (min(map(len, a)), -len(a))
    key_b = (min(map(len, b)), -len(b))
    return b if key_b > key_a else a


def _required_item(op: Any, arg: Any) -> _Required:
    c = _sre_constants
    if op is c.LITERAL:
        char = chr(arg)
        return (frozenset({char.lower()}), True) if char.isascii() else None
    if op is c.IN:
        chars = [chr(v) for kind, v in arg if kind is c.LITERAL]
        if len(chars) != len(arg) or not all(ch.isascii() for ch in chars):
            return None
        return frozenset(ch.lower() for ch in chars), True
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), True
    if op is c.SUBPATTERN:
        return _required(arg[-1])
    if op is c.BRANCH:
        branches = [_required(branch) for branch in arg[1]]
        if any(b is None for b in branches):
            return None
        return (
            frozenset().union(*(b[0] for b in branches if b is not None)),
            all(b[1] for b in branches if b is not None),
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, inner = arg
        found = _required(inner)
        if found is None or high == 0:
            return None
        texts, exact = found
        if low == 0:
            # Optional ("x?"): no text or one of the item's, when they are all it matches.
            return (texts | {""}, True) if exact and high == 1 else None
        return texts, exact and low == high == 1
    return None


def _alternation(patterns: list[str], names: tuple[str, ...]) -> str:
    """One pattern that matches where any of ``patterns`` does, in a third of the time
    of a search for each. The engine tries the branches of an alternation one by one
    at each position, so what several patterns start with is written once: the word
    boundary most start with, and the subject (``{person}``, ``{named}``) of those
    about people, followed by the alternation of what comes after it in each. Only
    patterns with no ``|`` outside brackets share a start (in ``a|b`` it is ``a``'s)."""
    subjects = _subjects(names)
    after: dict[str, list[str]] = {}
    others = []
    for pattern in patterns:
        start = next((s for s in [*subjects, _BOUNDARY] if _starts(pattern, s)), None)
        if start is None:
            others.append(_expand(pattern, names))
        else:
            rest = _expand(pattern.removeprefix(start), names)
            after.setdefault(start, []).append(f"(?:{rest})")
    bounded = [f"{subjects.get(start, '')}(?:{'|'.join(rests)})" for start, rests in after.items()]
    if not bounded:
        return "|".join(f"(?:{p})" for p in others)
    # Where all of them start with a letter or digit, none can match at the end of a
    # word: a look at the next character spares trying each of them there.
    ahead = _WORD_AHEAD if all(_opens_with_word(b) for b in bounded) else ""
    return "|".join([f"{_BOUNDARY}{ahead}(?:{'|'.join(bounded)})"] + [f"(?:{p})" for p in others])


_WORD_AHEAD = r"(?=\w)"


def _opens_with_word(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts with a letter or digit, as far as a
    plain reading can tell (False when unsure): it starts with one that no quantifier
    makes optional, or with a group ``(?:...)`` that is not optional and each branch
    of which does."""
    if pattern[:1].isascii() and pattern[:1].isalnum():
        return pattern[1:2] not in ("?", "*", "{")
    if not pattern.startswith("(?:"):
        return False
    end = _group_end(pattern)
    if end is None or pattern[end + 1 : end + 2] in ("?", "*", "{"):
        return False
    return all(_opens_with_word(branch) for branch in _top_branches(pattern[3:end]))


def _group_end(pattern: str) -> int | None:
    """Where the group that ``pattern`` starts with closes, or None."""
    depth = 0
    for index, char, in_set in _scan(pattern):
        if in_set:
            continue
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return index
    return None


def _top_branches(pattern: str) -> list[str]:
    """The branches of ``pattern``: split at each ``|`` outside all groups and sets."""
    cuts = [-1]
    depth = 0
    for index, char, in_set in _scan(pattern):
        if not in_set:
            depth += char == "("
            depth -= char == ")"
            if char == "|" and depth == 0:
                cuts.append(index)
    cuts.append(len(pattern))
    return [pattern[a + 1 : b] for a, b in pairwise(cuts)]


def _scan(pattern: str) -> Iterator[tuple[int, str, bool]]:
    """Each character of ``pattern`` but escapes (a backslash and what it escapes), with
    whether it is in a set ``[...]`` (its brackets included)."""
    opened = -1  # where the set we are in starts ('['), or -1
    escaped = False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif opened >= 0:
            # A ']' first in a set ('[]...]', '[^]...]') is in it, not its end.
            if char == "]" and pattern[opened + 1 : index] not in ("", "^"):
                opened = -1
            yield index, char, True
        elif char == "[":
            opened = index
            yield index, char, True
        else:
            yield index, char, False


def _starts(pattern: str, start: str) -> bool:
    """Whether ``pattern`` is ``start`` followed by the rest of one branch."""
    rest = pattern.removeprefix(start)
    return rest != pattern and not rest.startswith(("*", "+", "?", "{")) and not _branches(pattern)


def _branches(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside all groups and sets (``a|b``)."""
    return len(_top_branches(pattern)) > 1


def _matches(rule: Rule, text: str, names: tuple[str, ...]) -> bool:
    return _matches_compiled(rule, rule.compiled(names), text)


def _matches_compiled(rule: Rule, patterns: list[re.Pattern[str]], text: str) -> bool:
    if not any(p.search(text) for p in patterns):
        return False
    return not any(re.search(p, text, re.IGNORECASE) for p in rule.unless)


def _silenced(raw: list[str], index: int, sentence: str, rule_id: str) -> bool:
    span = raw[index : index + max(1, sentence.count(" ") // 8 + 2)]
    for line in span:
        match = _DISABLE.search(line)
        if match and rule_id in {r.strip() for r in match.group(1).split(",")}:
            return True
    return False


# Files -----------------------------------------------------------------------


def lint_source(
    source: SourceFile, raw_lines: list[str], disabled: frozenset[str] = frozenset()
) -> list[Problem]:
    """Lint a content file: its body, its update messages, a postmortem's summary and actions."""
    data = source.data
    names = _names(_texts(data.get("authors")) + _texts(data.get("responders")))
    severity = severity_of(data)
    problems: list[Problem] = []

    def prose(text: Any, first_line: int, raw: list[str] | None = None) -> None:
        if not isinstance(text, str):
            return
        for index, rule, sentence in lint_prose(text, names, disabled):
            line = first_line + index
            if raw is not None and _silenced(raw, 0, "", rule.id):
                continue
            problems.append(Finding(rule, line, sentence).problem(source.path, severity))

    prose(source.body, source.body_line)
    updates = data.get("updates")
    if isinstance(updates, list):
        for index, update in enumerate(updates):
            if isinstance(update, dict):
                line = source.line_of("updates", index, "message")
                prose(update.get("message"), line, raw_lines[line - 1 : line])
    if data.get("type") == "postmortem":
        line = source.line_of("summary")
        prose(data.get("summary"), line, raw_lines[line - 1 : line])
        actions = data.get("action_items")
        if isinstance(actions, list):
            for index, item in enumerate(actions):
                if isinstance(item, dict):
                    problems += _lint_action(source, index, item, raw_lines, disabled, severity)
    return problems


def _lint_action(
    source: SourceFile,
    index: int,
    item: dict[str, Any],
    raw: list[str],
    disabled: frozenset[str],
    severity: Severity,
) -> list[Problem]:
    line = source.line_of("action_items", index)
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    done = item.get("status") in ("done", "wont_do")
    found = []
    for rule in rules():
        if rule.where != "action" or rule.id in disabled:
            continue
        if _silenced(raw, line - 1, "", rule.id):
            continue
        if rule.check is not None:
            if not done and not item.get(rule.check):
                found.append(Finding(rule, line, str(title)).problem(source.path, severity))
        elif title and _matches(rule, str(title), ()):
            found.append(Finding(rule, line, str(title)).problem(source.path, severity))
    return found


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()
