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

import html
import re
from collections.abc import Callable
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


def counted(md: markdown.Markdown) -> Budget:
    """Make ``md`` count its work against the budget returned: the readers that scan
    ahead (of links, references and images, of code spans) counting what they scan, the
    table and raw HTML readers replaced by the same ones counting (same names and
    priorities), every
    block processor spending the search of the block it tests (a block of many rules
    or underlined headings is tested once per line taken off it), and every inline
    pattern the copy of its paragraph that each match makes."""
    budget = Budget()
    md.preprocessors.register(_HtmlBlocks(md, budget), "html_block", 20)
    if "table" in md.parser.blockprocessors:
        table = md.parser.blockprocessors["table"]
        counting = _Table(md.parser, table.config, budget)  # type: ignore[attr-defined]
        md.parser.blockprocessors.register(counting, "table", 75)
    for processor in md.parser.blockprocessors:
        processor.test = _testing(processor.test, budget)  # type: ignore[method-assign,assignment]
    for pattern in md.inlinePatterns:
        if isinstance(pattern, LinkInlineProcessor):
            _links(pattern, budget)
        if isinstance(pattern, BacktickInlineProcessor):
            _code_spans(pattern, budget)
        if isinstance(pattern, InlineProcessor):
            pattern.handleMatch = _matching(pattern.handleMatch, budget)  # type: ignore[method-assign,assignment]
    return budget


def _testing(test: Callable[[Any, str], bool], budget: Budget) -> Callable[[Any, str], bool]:
    def tested(parent: Any, block: str) -> bool:
        budget.spend(len(block) // SEARCHED)
        return test(parent, block)

    return tested


def _matching(
    handle: Callable[[re.Match[str], str], Any], budget: Budget
) -> Callable[[re.Match[str], str], Any]:
    def handled(match: re.Match[str], data: str) -> Any:
        made = handle(match, data)
        # A match taken (not turned down) copies the paragraph around its placeholder.
        budget.spend(MATCHED + (len(data) // COPIED if made[1] is not None else 0))
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
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S")
_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def as_plain_text(text: str) -> str:
    """A flooded text as what it is, escaped, in its paragraphs: without what Markdown
    never shows (its comments and link definitions, ``[//]: # (a note)``), outside
    code fences, where they are code. A comment never closed hides the rest."""
    kept: list[str] = []
    outside: list[str] = []
    fence = ""
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if fence:
            kept.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            shown, cut = _visible(outside)
            kept.append(shown)
            if cut:
                break
            outside = []
            fence = opening.group(1)
            kept.append(line)
        elif not _DEFINITION.match(line):
            outside.append(line)
    else:
        kept.append(_visible(outside)[0])
    paragraphs = re.split(r"\n[ \t]*\n", "\n".join(kept))
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())


def _visible(lines: list[str]) -> tuple[str, bool]:
    """``lines`` without their comments, and whether one of them is never closed."""
    joined = "\n".join(lines)
    shown = _HIDDEN.sub("", joined)
    return shown, "<!--" in joined and not joined.rstrip().endswith("-->") and _open(joined)


def _open(joined: str) -> bool:
    last = joined.rfind("<!--")
    return joined.find("-->", last + 4) < 0
