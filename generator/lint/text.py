"""The author's own prose in Markdown: sentences, with evidence (code, quotations,
blockquotes) blanked out, and the comments that silence a rule on a line."""

from __future__ import annotations

import re

MARK = "statuspress-lint:"
"""Only a line with this text can silence a rule."""
_DISABLE = re.compile(re.escape(MARK) + r"\s*disable=([\w-]+(?:\s*,\s*[\w-]+)*)")

_QUOTES = re.compile(
    r'"[^"\n]*"'
    r"|\u201c[^\u201d\n]*\u201d"
    r"|\u2018[^\u2019\n]*\u2019(?!\w)"
    # A single quote opens a quotation where no letter precedes it, and closes one where
    # no letter follows it: "they were 'careless'" is quoted, "the team's" is not.
    r"|(?<![\w'])'(?=\w)[^'\n]*(?<=[\w.!?,])'(?![\w'])"
    r"|`[^`\n]*`"
    r"|<!--.*?-->"
)


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


LONGEST = 150
"""The most words the sentence reader reads as one sentence: a longer run (a pasted log,
a list without stops, hostile text) is read in pieces of this many words, so that the
time to read it grows with its length, not with its square. The longest sentence of the
lint's corpora has 59 words."""


def _split(paragraph: str, start: int) -> list[tuple[int, str]]:
    found = []
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", paragraph):
        words = part.split()
        if len(words) <= LONGEST:
            found += [(start, part.strip())] if words else []
            continue
        for at in range(0, len(words), LONGEST):
            found.append((start, " ".join(words[at : at + LONGEST])))
    return found


def silenced(raw: list[str], index: int, sentence: str, rule_id: str) -> bool:
    """Whether a comment on the lines of the sentence at ``index`` silences ``rule_id``."""
    span = raw[index : index + max(1, sentence.count(" ") // 8 + 2)]
    for line in span:
        match = _DISABLE.search(line)
        if match and rule_id in {r.strip() for r in match.group(1).split(",")}:
            return True
    return False
