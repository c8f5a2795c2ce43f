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
    """A link reader (links, images, references), spending what it scans: the whole
    paragraph, each time it finds its brackets' ends again (after every link taken);
    the text between the brackets, copied; the address to its ``)``, or to the end of the
    paragraph when none closes it (a loop in Python), nothing when no ``(`` follows the
    ``]`` (it reads no further)."""
    reader: Any = pattern  # the library's typing does not name its bracket finder
    get_text, get_link, ends_of = pattern.getText, pattern.getLink, reader._findBracketEnds

    def ends(data: str) -> list[int | None]:
        # Each bracket's end, worked out again for each new version of the paragraph
        # (after every link taken), in a loop in Python over all of it.
        budget.spend(len(data))
        return ends_of(data)

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
    reader._findBracketEnds = ends


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
_OPEN_QUOTE = re.compile(r"""hl_lines=(["'])[^"'\n]*$""")
"""A fence's ``hl_lines`` whose quote the line does not close."""
_FENCE_CLOSING = re.compile(r"^(~{3,}|`{3,})[ ]*$", re.MULTILINE)


class _Fences:
    """The fenced code reader's expression, spending before its searches what they will
    read: from each line that opens a fence, with a lazy ``.*?``, to the first line of
    the same fence alone, where it stops, or to the end of the text (28 ns a character:
    half a character scanned by Python). Openers never closed cost the rest of the
    text each."""

    def __init__(self, expression: re.Pattern[str], budget: Budget) -> None:
        self.expression = expression
        self.budget = budget

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if pos == 0:  # the reader's first search of a text: spend for all of them
            self._spend(text)
        return self.expression.search(text, pos)

    def _spend(self, text: str) -> None:
        """Each opener is tried once in all the reader's searches (each starts after
        the block found before): the sum of what each reads, in the text as it is
        before any block is taken out (longer than after)."""
        pos = 0
        closings: dict[str, list[int]] = {}
        for line in _FENCE_CLOSING.finditer(text, pos):
            closings.setdefault(line.group(1), []).append(line.start())
        read = 0
        for opening in _FENCE_OPENING.finditer(text, pos):
            same = closings.get(opening.group(1), [])
            at = bisect.bisect_left(same, opening.end())
            read += (same[at] if at < len(same) else len(text)) - opening.start()
            quote = _OPEN_QUOTE.search(opening.group())
            if quote:  # its lazy ``.*?`` reads on to every later quote, and from each
                read += text.count(quote.group(1), opening.end()) * (len(text) - opening.end())
            if read // 2 > self.budget.left:
                break
        self.budget.spend(read // 2)

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
_FORMATTING = frozenset(
    {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong"}
    | {"tt", "u"}
)
"""Elements an HTML parser reopens after the block they were left open in is closed."""
_SELF_CLOSING = frozenset({"p", "li", "dd", "dt"})
"""Elements that a start tag of their own closes, when one is the innermost open."""


def nesting(markup: str) -> int:
    """The sanitiser's work on ``markup`` beyond reading it, as the tags are written.
    Its HTML parser looks down the elements open at each start tag of a block, so raw
    HTML nested deep and never closed (``<ul><li>`` or ``<div>`` 15,000 times) costs
    the square of its depth (:data:`WALKED` elements for one character scanned by
    Python); and it opens again, after each block, the formatting elements left open
    in the blocks before (``<b title=N>`` in 8,000 paragraphs), each a new element.
    Formatting elements are counted apart: closing another element leaves them open."""
    stack: list[str] = []
    open_by_name: dict[str, int] = {}
    formatting: dict[str, int] = {}
    left_open = walked = reopened = 0
    for tag in _TAG.finditer(markup):
        name = tag.group(2).lower()
        if tag.group(1):
            if name in _FORMATTING:
                if formatting.get(name):
                    formatting[name] -= 1
                    left_open -= 1
            elif open_by_name.get(name):
                while (inner := stack.pop()) != name:
                    open_by_name[inner] -= 1
                open_by_name[name] -= 1
            continue
        if tag.group(3) or name in _VOID:
            continue
        if name in _FORMATTING:
            formatting[name] = formatting.get(name, 0) + 1
            left_open += 1
            continue
        if name in _CLOSES_P:
            walked += len(stack) + left_open
            reopened += left_open
            if stack and stack[-1] in _SELF_CLOSING and (name == stack[-1] or stack[-1] == "p"):
                open_by_name[stack.pop()] -= 1
        stack.append(name)
        open_by_name[name] = open_by_name.get(name, 0) + 1
    return walked // WALKED + reopened


_CONTAINERS = r"(?:[ ]*+(?:>|[-*+](?=[ ])|\d{1,9}[.)](?=[ ])))*+[ ]*+"
"""Quote marks and list markers before a line's content (possessive: a line of many
would otherwise be tried in exponentially many ways)."""
_DEFINITION = re.compile(_CONTAINERS + r"\[[^\]\n]+\]:")
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<[?!][^>]*>|<(script|style)\b.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
"""What no page shows: comments (one never closed hides the rest), what a browser
reads as one (``<?x>``, ``<![CDATA[x]]>``), and scripts and styles, which the sanitiser
drops with their content."""


def as_plain_text(text: str) -> str:
    """A flooded text as plain text, escaped, in its paragraphs, leaving out whatever
    Markdown might hide, and more rather than less: every comment, even one in code
    (one never closed hides the rest), what a browser reads as one, scripts and
    styles, and every line that looks like a link definition (``[//]: # (a note)``,
    also in a quote or a list) with the lines after it up to a blank one. Telling
    code from comment as the library does would take reading the text as it does,
    which is what took too long."""
    kept: list[str] = []
    definition = False
    for line in _HIDDEN.sub("", text).splitlines():
        # A definition's address and title may follow on the lines after it.
        if _DEFINITION.match(line) or (definition and line.strip()):
            definition = True
            continue
        definition = False
        kept.append(line)
    paragraphs = re.split(r"\n[ \t]*\n", "\n".join(kept))
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())
