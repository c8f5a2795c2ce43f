"""The author's own prose in Markdown: sentences, with evidence (code, quotations,
blockquotes) blanked out, and the comments that silence a rule on a line."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

MARK = "statuspress-lint:"
"""Only a line with this text can silence a rule."""
_RULE = r"\w+(?:-\w+)*"
"""A rule's name: words joined by single dashes (so "character-->" names "character")."""
_DISABLE = re.compile(re.escape(MARK) + rf"\s*disable=({_RULE}(?:\s*,\s*{_RULE})*)")

_OPENERS = re.compile("[\"`\u201c\u2018']|<!--")
"""What opens a span of evidence on a line: a quotation, inline code, an HTML comment."""
_CLOSERS = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019", "'": "'", "`": "`", "<!--": "-->"}


def _word(line: str, at: int) -> bool:
    """Whether the character at ``at`` is a letter, a digit or ``_`` (what ``\\w`` reads)."""
    return 0 <= at < len(line) and (line[at].isalnum() or line[at] == "_")


def _opens(line: str, opener: str, at: int) -> bool:
    """Whether ``opener`` at ``at`` opens a span. A single quote opens a quotation where
    no letter precedes it and one follows: "they were 'careless'" is quoted, "the
    team's" is not."""
    if opener != "'":
        return True
    return not _word(line, at - 1) and line[at - 1 : at] != "'" and _word(line, at + 1)


def _closes(line: str, opener: str, close: int, end: int) -> bool:
    """Whether the closer of ``opener`` at ``close`` (ending at ``end``) closes its span:
    a closing single quote has no letter after it, and a straight one follows a letter
    or a stop."""
    if opener == "\u2018":
        return not _word(line, end)
    if opener == "'":
        after = _word(line, end) or line[end : end + 1] == "'"
        return (_word(line, close - 1) or line[close - 1] in ".!?,") and not after
    return True


def blank_evidence(line: str) -> str:
    """``line`` with its quotations (in double or single quotes), inline code and HTML
    comments blanked out, each from its opener to the first closer after it.

    Each kind of closer is looked for ahead once, not again from every opener: a line of
    many openers and no closer (``<!-- x <!-- x ...``) is read in time linear in its
    length."""
    found = _OPENERS.search(line)
    if found is None:
        return line
    ahead: dict[str, int] = {}
    """Where each closer was found next, the last time it was looked for (-1: nowhere)."""
    spans: list[tuple[int, int]] = []
    while found is not None:
        opener, at = found.group(), found.start()
        closer = _CLOSERS[opener]
        close = ahead.get(closer)
        if close is None or -1 < close < found.end():
            close = ahead[closer] = line.find(closer, found.end())
        end = close + len(closer)
        if close == -1 or not _opens(line, opener, at) or not _closes(line, opener, close, end):
            found = _OPENERS.search(line, at + 1)
            continue
        spans.append((at, end))
        found = _OPENERS.search(line, end)
    return blanked(line, spans)


def without_comments(text: str) -> str:
    """``text`` with its HTML comments, which the page never shows (the renderer drops
    them), blanked out. Each closer is looked for once: text of many openers and no
    closer is read in time linear in its length."""
    spans: list[tuple[int, int]] = []
    start = text.find("<!--")
    while start != -1 and (end := text.find("-->", start + 4)) != -1:
        spans.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return blanked(text, spans)


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` (in order, apart) as spaces: what follows keeps
    its place."""
    parts, copied = [], 0
    for start, end in spans:
        parts += [text[copied:start], " " * (end - start)]
        copied = end
    return "".join(parts) + text[copied:]


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
        result.append(blank_evidence(line))
    return result


def sentences(lines: list[str]) -> list[tuple[int, str]]:
    """(index of its first line, sentence) for each sentence; blank lines end sentences."""
    return [(first, sentence) for first, _, sentence in sentence_lines(lines)]


def sentence_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index of its first line, index of its last line, sentence) for each sentence;
    blank lines end sentences."""
    found: list[tuple[int, int, str]] = []
    current: list[str] = []
    starts: list[int] = []
    """Where each line of the paragraph starts in it."""
    first = length = 0
    for index, line in enumerate([*lines, ""]):
        if not line.strip():
            if current:
                found += _split(" ".join(current), first, starts)
            current, starts, length = [], [], 0
            continue
        if not current:
            first = index
        text = line.strip().lstrip("-*+| ").strip()
        current.append(text)
        starts.append(length)
        length += len(text) + 1
    return found


LONGEST = 150
"""The most words the sentence reader reads as one sentence: a longer run (a pasted log,
a list without stops, hostile text) is read in pieces of this many words, so that the
time to read it grows with its length, not with its square. The longest sentence of the
lint's corpora has 59 words."""

_BETWEEN = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_WORDS = re.compile(r"\S+")


def _split(paragraph: str, first: int, starts: list[int]) -> list[tuple[int, int, str]]:
    """The sentences of ``paragraph``, whose lines start at ``starts`` in it and whose
    first line is ``first``, each with its first and last line."""

    def line(offset: int) -> int:
        return first + bisect_right(starts, offset) - 1

    found = []
    begin = 0
    for end in [m.start() for m in _BETWEEN.finditer(paragraph)] + [len(paragraph)]:
        part = paragraph[begin:end]
        words = part.split()
        if len(words) <= LONGEST:
            if words:
                head = begin + len(part) - len(part.lstrip())
                tail = begin + len(part.rstrip()) - 1
                found.append((line(head), line(tail), part.strip()))
        else:
            spans = [(m.start(), m.end()) for m in _WORDS.finditer(part)]
            for at in range(0, len(words), LONGEST):
                chunk = spans[at : at + LONGEST]
                text = " ".join(words[at : at + LONGEST])
                found.append((line(begin + chunk[0][0]), line(begin + chunk[-1][1] - 1), text))
        begin = end
        while begin < len(paragraph) and paragraph[begin].isspace():
            begin += 1
    return found


_PROSE_AFTER = re.compile(r"[ \t]+[A-Za-z]")
"""Words after the list: its last name began a sentence ("disable=hindsight, because
the quote is theirs"), and is not a rule's."""


def suppressions(line: str) -> list[str]:
    """The rules a comment on ``line`` silences, as written."""
    match = _DISABLE.search(line) if MARK in line else None
    if not match:
        return []
    names = [r.strip() for r in match.group(1).split(",")]
    if len(names) > 1 and _PROSE_AFTER.match(line, match.end()):
        names.pop()
    return names


def silences(lines: Iterable[str], rule_id: str) -> bool:
    """Whether a comment on one of ``lines`` (those of one sentence, or of one value)
    silences ``rule_id``."""
    return any(rule_id in suppressions(line) for line in lines)


def silenced(raw: list[str], index: int, sentence: str, rule_id: str) -> bool:
    """Whether a comment on the line at ``index`` silences ``rule_id``: a finding of
    that one line (``sentence`` is not read; a sentence's lines are given to
    :func:`silences`)."""
    return silences(raw[index : index + 1], rule_id)


def value_lines(raw: list[str], index: int, depth: int | None = None) -> list[str]:
    """The lines of the YAML value whose key is on the line at ``index``: that line and
    the lines after it indented deeper than ``depth`` (by default the key's: a block
    scalar, ``message: |``, or a quoted value continued on the next lines), blank lines
    among them."""
    if not 0 <= index < len(raw):
        return []
    key = raw[index]
    if depth is None:
        depth = len(key) - len(key.lstrip(" -"))
    end = index + 1
    while end < len(raw):
        line = raw[end]
        if line.strip() and (len(line) - len(line.lstrip(" ")) <= depth or line.strip() == "---"):
            break
        end += 1
    return raw[index:end]
