"""A budget of work for the Markdown library, so that no text holds a build.

Python-Markdown reads some inputs in quadratic time: a paragraph of 15,000 ``[a](``
(60 KB) took half a minute, 1 MB hours; so did floods of unclosed tags, code spans
that never close, escapes, rules or underlined headings in one block, a table's
pipes after its code spans, processing instructions, and raw HTML nested deep (in
the sanitiser). Each of those scans or copies the rest of a paragraph, a block or the
text once per opener. The renderer's copy of the library counts that work, in
characters its Python code scans (a character searched by a regular expression, or
copied, costs a fraction of one), and stops a text that spends its budget; the text is
then shown as plain text (:func:`as_plain_text`). Counting the work, not the seconds,
keeps the outcome the same on every machine.
"""

from __future__ import annotations

import bisect
import html
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import markdown
from markdown.extensions.tables import TableProcessor
from markdown.htmlparser import HTMLExtractor
from markdown.inlinepatterns import (
    BacktickInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
)
from markdown.preprocessors import HtmlBlockPreprocessor

WORK_PER_CHARACTER = 100
WORK_AT_LEAST = 100_000
"""A text's budget: a hundred per character of it, and a hundred thousand besides, in
characters scanned by the library's Python code (about 58 ns each on a two-core
machine): real writing uses a few per character (a long unfenced traceback, with a
match every 40 characters in one paragraph, about as many as the budget allows),
since each link, tag or code span is scanned once, to its end. The floor is small
because a file holds many texts: a content file of 1 MB costs at most some 10 s,
however its texts are cut."""
COPIED = 128
"""Characters copied (a paragraph, for each inline match) for one scanned by Python."""
SEARCHED = 48
"""Characters searched by a regular expression for one scanned by Python code (a
block's test for a heading line, the search for the end of a processing instruction)."""
MATCHED = 64
"""The work of one match of an inline pattern, besides the copy of its paragraph."""
WALKED = 8
"""Open elements the sanitiser looks down for one character scanned by Python."""


DEPTH = 1_000
"""How deep the library's calls may go below a conversion's start. The library stops
nesting lists and quotes 100 calls short of Python's limit on the depth of calls, so
that where a text's nesting stops depended on how deep the caller was (a worker
process, a test): the same text rendered differently."""


@contextmanager
def steady_depth() -> Iterator[None]:
    """Python's limit on the depth of calls set :data:`DEPTH` below the current depth,
    for the conversion: the library's nesting then stops at the same place whatever
    the caller."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + DEPTH)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


class Flooded(Exception):
    """A text spent its budget: the Markdown library would take quadratic time on it."""


class Budget:
    """The work left to the conversion under way."""

    def __init__(self) -> None:
        self.left = 0

    def start(self, text: str) -> None:
        self.left = WORK_PER_CHARACTER * len(text) + WORK_AT_LEAST

    def spend(self, work: int) -> None:
        self.left -= work
        if self.left < 0:
            raise Flooded


def _links(pattern: LinkInlineProcessor, budget: Budget) -> None:
    """A link reader (links, images, references), spending what it scans: the text
    between the brackets, copied; the address to its ``)``, or to the end of the
    paragraph when none closes it (a loop in Python), nothing when no ``(`` follows the
    ``]`` (it reads no further)."""
    get_text, get_link = pattern.getText, pattern.getLink

    def text(data: str, index: int) -> tuple[str, int, bool]:
        found = get_text(data, index)
        budget.spend(len(found[0]) // COPIED)
        return found

    def link(data: str, index: int) -> tuple[str, str | None, int, bool]:
        href, title, end, found = get_link(data, index)
        if found:
            budget.spend(end - index)
        elif data.startswith("(", index):
            budget.spend(len(data) - index)
        return href, title, end, found

    pattern.getText, pattern.getLink = text, link  # type: ignore[method-assign]


_TICKS = re.compile("`+")


def _code_spans(pattern: BacktickInlineProcessor, budget: Budget) -> None:
    """The code span reader, spending what it scans for a run of backticks as long as
    the opening one: to it, or to the end of the paragraph when there is none."""
    find = pattern.find_code_spans

    def found_in(start: int, text: str) -> Any:
        found: Any = find(start, text)  # (start, end or None)
        ticks = _TICKS.match(text, start)
        exact = found[1] is not None and found[0] == (ticks.end() if ticks else start)
        budget.spend((found[1] if exact else len(text)) - start)
        return found

    pattern.find_code_spans = found_in  # type: ignore[method-assign]


class _Table(TableProcessor):
    """The table reader, spending its comparisons of each ``|`` of a row with each of
    the row's code spans."""

    def __init__(self, parser: Any, config: dict[str, Any], budget: Budget) -> None:
        super().__init__(parser, config)
        self.budget = budget

    def _split(self, row: str) -> list[str]:
        self.budget.spend(row.count("|") * (row.count("`") // 2))
        split: list[str] = super()._split(row)  # type: ignore[misc]
        return split


class _Extractor(HTMLExtractor):
    """The raw HTML reader, spending what its regular expressions search for the end
    of a tag, a declaration or a processing instruction: to it, or to the end of the
    text when there is none (a start tag's expression is as slow as Python)."""

    def __init__(self, md: markdown.Markdown, budget: Budget) -> None:
        super().__init__(md)
        self.budget = budget

    def _searched(self, i: int, end: int, per: int) -> None:
        self.budget.spend(((end if end > i else len(self.rawdata)) - i) // per)

    def check_for_whole_start_tag(self, i: int) -> int:
        end: int = super().check_for_whole_start_tag(i)
        self._searched(i, end, 1)
        return end

    def parse_endtag(self, i: int) -> int:
        end: int = super().parse_endtag(i)
        # Read as text (the answer is then two characters on) when no ``>`` follows.
        self._searched(i, end if end > i + 2 else -1, COPIED)
        self.budget.spend(MATCHED)
        return end

    def parse_pi(self, i: int) -> int:
        end: int = super().parse_pi(i)
        self._searched(i, end, SEARCHED)
        return end

    def parse_html_declaration(self, i: int) -> int:
        end: int = super().parse_html_declaration(i)
        self._searched(i, end, SEARCHED)
        return end


class _HtmlBlocks(HtmlBlockPreprocessor):
    def __init__(self, md: markdown.Markdown, budget: Budget) -> None:
        super().__init__(md)
        self.budget = budget

    def run(self, lines: list[str]) -> list[str]:
        parser = _Extractor(self.md, self.budget)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _Searching:
    """A block reader's expression, spending what each search reads: to the end of
    what it found, or to the end of the block when it found nothing."""

    def __init__(self, expression: re.Pattern[str], budget: Budget) -> None:
        self.expression = expression
        self.budget = budget

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        found = self.expression.search(text, pos)
        self.budget.spend(((found.end() if found else len(text)) - pos) // SEARCHED)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.expression, name)


_RULE_LIKE = re.compile(r"^[ ]{0,3}[-_*][-_* ]*", re.MULTILINE)
"""The starts of lines where the rule reader's expression works hard: a run of
dashes, underscores or stars, which it reads with backtracking (128 ns a character)."""


def _block_readers(md: markdown.Markdown, budget: Budget) -> None:
    """The block readers that search a whole block, spending what they read: a block of
    many rules, headings or lines is searched again each time a line is taken off it."""
    parser = md.parser.blockprocessors
    for name in ("quote", "hashheader", "reference"):
        if name in parser:
            reader: Any = parser[name]
            reader.RE = _Searching(reader.RE, budget)
    if "hashheader" in parser:
        heading: Any = parser["hashheader"]

        def headed(parent: Any, block: str) -> bool:
            # The library's test, reading the block once (a line starting with #, then
            # its expression), with what it read spent.
            if block.startswith("#"):
                return bool(heading.RE.search(block))
            at = block.find("\n#")
            budget.spend((at if at >= 0 else len(block)) // SEARCHED)
            return at >= 0 and bool(heading.RE.search(block))

        heading.test = headed
    if "hr" in parser:
        rule = parser["hr"]
        test_rule = rule.test

        def ruled(parent: Any, block: str) -> bool:
            hard = sum(len(run.group()) for run in _RULE_LIKE.finditer(block))
            budget.spend(len(block) // SEARCHED + 2 * hard)
            return test_rule(parent, block)

        rule.test = ruled  # type: ignore[method-assign]


_FENCE_OPENING = re.compile(r"^(~{3,}|`{3,})[^\n]*\n", re.MULTILINE)
_FENCE_CLOSING = re.compile(r"^(~{3,}|`{3,})[ ]*$", re.MULTILINE)


class _Fences:
    """The fenced code reader's expression, spending before each search what it will
    read: from each line that opens a fence, with a lazy ``.*?``, to the first line of
    the same fence alone, where it stops, or to the end of the text (28 ns a character:
    half a character scanned by Python). Openers never closed cost the rest of the
    text each."""

    def __init__(self, expression: re.Pattern[str], budget: Budget) -> None:
        self.expression = expression
        self.budget = budget

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        closings: dict[str, list[int]] = {}
        for line in _FENCE_CLOSING.finditer(text, pos):
            closings.setdefault(line.group(1), []).append(line.start())
        read = 0
        for opening in _FENCE_OPENING.finditer(text, pos):
            same = closings.get(opening.group(1), [])
            at = bisect.bisect_left(same, opening.end())
            if at < len(same):
                read += same[at] - opening.start()
                break
            read += len(text) - opening.start()
            if read // 2 > self.budget.left:
                break
        self.budget.spend(read // 2)
        return self.expression.search(text, pos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.expression, name)


def counted(md: markdown.Markdown) -> Budget:
    """Make ``md`` count its work against the budget returned: the readers that scan
    ahead (of links, references and images, of code spans, of fences) counting what
    they scan, the table and raw HTML readers replaced by the same ones counting (same
    names and priorities), the block readers that search a whole block spending what
    they read, and every inline pattern the copy of its paragraph that each match it
    takes makes."""
    budget = Budget()
    md.preprocessors.register(_HtmlBlocks(md, budget), "html_block", 20)
    if "fenced_code_block" in md.preprocessors:
        fences: Any = md.preprocessors["fenced_code_block"]
        fences.FENCED_BLOCK_RE = _Fences(fences.FENCED_BLOCK_RE, budget)
    if "table" in md.parser.blockprocessors:
        table = md.parser.blockprocessors["table"]
        counting = _Table(md.parser, table.config, budget)  # type: ignore[attr-defined]
        md.parser.blockprocessors.register(counting, "table", 75)
    _block_readers(md, budget)
    for pattern in md.inlinePatterns:
        if isinstance(pattern, LinkInlineProcessor):
            _links(pattern, budget)
        if isinstance(pattern, BacktickInlineProcessor):
            _code_spans(pattern, budget)
        if isinstance(pattern, InlineProcessor):
            pattern.handleMatch = _matching(pattern.handleMatch, budget)  # type: ignore[method-assign,assignment]
    return budget


def _matching(
    handle: Callable[[re.Match[str], str], Any], budget: Budget
) -> Callable[[re.Match[str], str], Any]:
    def handled(match: re.Match[str], data: str) -> Any:
        made = handle(match, data)
        # A match taken (an element made, not turned down) copies the paragraph around
        # its placeholder.
        taken = made[0] is not None and made[1] is not None
        budget.spend(MATCHED + (len(data) // COPIED if taken else 0))
        return made

    return handled


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
_CLOSES_P = frozenset(
    {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir"}
    | {"div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup"}
    | {"main", "menu", "nav", "ol", "p", "section", "summary", "ul", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "pre", "listing", "form", "li", "dd", "dt", "table", "xmp"}
)
"""Start tags before which an HTML parser looks for an open ``p`` to close, down the
elements open: work in the depth of the nesting."""
_SELF_CLOSING = frozenset({"p", "li", "dd", "dt"})
"""Elements that a start tag of their own closes, when one is the innermost open."""


def nesting(markup: str) -> int:
    """The sanitiser's work on ``markup`` beyond reading it: its HTML parser looks down
    the elements open at each start tag of a block, so raw HTML nested deep and never
    closed (``<ul><li>`` or ``<div>`` 15,000 times) costs the square of its depth. The
    sum of the elements open at each such start tag, as the tags are written."""
    stack: list[str] = []
    open_by_name: dict[str, int] = {}
    total = 0
    for tag in _TAG.finditer(markup):
        name = tag.group(2).lower()
        if tag.group(1):
            if open_by_name.get(name):
                while (inner := stack.pop()) != name:
                    open_by_name[inner] -= 1
                open_by_name[name] -= 1
            continue
        if tag.group(3) or name in _VOID:
            continue
        if name in _CLOSES_P:
            total += len(stack)
            if stack and stack[-1] in _SELF_CLOSING and (name == stack[-1] or stack[-1] == "p"):
                open_by_name[stack.pop()] -= 1
        stack.append(name)
        open_by_name[name] = open_by_name.get(name, 0) + 1
    return total


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CONTAINERS = r"(?:[ ]*+(?:>|[-*+](?=[ ])|\d{1,9}[.)](?=[ ])))*+[ ]*+"
"""Quote marks and list markers before a line's content (possessive: a line of many
would otherwise be tried in exponentially many ways)."""
_DEFINITION = re.compile(_CONTAINERS + r"\[[^\]\n]+\]:[ \t]*\S")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]")
_INDENTED = re.compile(r"^(?: {4}|\t)")


def as_plain_text(text: str) -> str:
    """A flooded text as what it is, escaped, in its paragraphs: without what Markdown
    never shows (its comments and link definitions, ``[//]: # (a note)``, also in a
    quote or a list), except in code (a fence, an indented block, a code span), where
    they are shown as written. A comment never closed hides the rest."""
    kept: list[str] = []
    fence = ""
    comment = False
    listed = False
    code = False
    previous = ""
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if not comment:
                kept.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if not line.strip():
            kept.append(line)
            previous = line
            continue
        code = bool(_INDENTED.match(line)) and not listed and (code or not previous.strip())
        if _LIST_ITEM.match(line):
            listed = True
        elif not _INDENTED.match(line) and not previous.strip():
            listed = False
        previous = line
        if code and not comment:
            kept.append(line)
            continue
        if opening and not comment:
            fence = opening.group(1)
            kept.append(line)
            continue
        if not comment and _DEFINITION.match(line):
            continue
        shown, comment = _uncommented(line, comment)
        if shown.strip():
            kept.append(shown)
    paragraphs = re.split(r"\n[ \t]*\n", "\n".join(kept))
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())


def _uncommented(line: str, comment: bool) -> tuple[str, bool]:
    """``line`` without its comments (outside its code spans), and whether a comment is
    still open at its end; ``comment``: whether one was open at its start."""
    shown: list[str] = []
    at = 0
    spans = _code_spans_of(line)
    while at < len(line):
        if comment:
            end = line.find("-->", at)
            if end < 0:
                return "".join(shown), True
            at, comment = end + 3, False
            continue
        start = line.find("<!--", at)
        while start >= 0 and any(a <= start < b for a, b in spans):
            start = line.find("<!--", start + 4)
        if start < 0:
            shown.append(line[at:])
            break
        shown.append(line[at:start])
        at, comment = start + 4, True
    return "".join(shown), comment


def _code_spans_of(line: str) -> list[tuple[int, int]]:
    """Where ``line``'s code spans are: from a run of backticks to the next run as long,
    a run with none after it being a backtick as written (in linear time: a regular
    expression backtracks through runs of growing length for minutes)."""
    runs = [(run.start(), run.end()) for run in _TICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last.get(length)
        last[length] = index
    spans, index = [], 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index][0], runs[closing][1]))
        index = closing + 1
    return spans
