"""Attack session 22a: the Markdown library's work that the budget does not count
(code spans, the table reader, lines taken one by one off a block, processing
instructions, the sanitiser's nesting), and the work it counts that the library
never does (a link reader charged the rest of the paragraph for a ``[x]`` that is
no link): texts still read in quadratic time, and real writing shown as plain text.

Each test counts the library's work deterministically (what its code scans), never
seconds: docs/security.md promises that each text's work is bounded, a hundred per
character and a hundred thousand besides, and that a flooded text is shown as plain text
"in a few seconds for 1 MB"; and that real writing "renders as the library renders it".
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions.tables import TableProcessor
from markdown.htmlparser import HTMLExtractor
from markdown.inlinepatterns import BacktickInlineProcessor

from statuspress.render import budget, text
from statuspress.render.text import MarkdownRenderer

from .test_session22 import plain_renderer


def _bound(source: str, per: int = 1) -> int:
    """What the docs allow for ``source``: the budget per character and two more (some
    slack, as tests/test_session22.py allows) and the floor, in characters scanned by
    Python code; ``per`` characters searched in C count as one. Measured here: the
    code span reader's Python loop reads a character in 58 ns, ``'\n#' in block`` over
    a block of short lines in 1.2 ns (one in 48), the search for ``?>`` in 0.6 ns (one
    in 94): the module's rate of one in 512 (``_COPIED``) is too low for these."""
    return per * ((budget.WORK_PER_CHARACTER + 2) * len(source) + budget.WORK_AT_LEAST)


class _Over(Exception):
    """The count passed its bound: stop the conversion rather than wait for it."""


def _counter(limit: int) -> tuple[list[int], Callable[[int], None]]:
    total = [0]

    def add(work: int) -> None:
        total[0] += work
        if total[0] > limit:
            raise _Over(total[0])

    return total, add


def _within(render: Callable[[], Any], total: list[int], limit: int) -> None:
    stopped = ""
    try:
        render()
    except _Over:
        stopped = " (and the conversion stopped there, unfinished)"
    assert total[0] <= limit, f"{total[0]:,} scanned, more than {limit:,}{stopped}"


def _increasing_backticks(size: int) -> str:
    """Runs of one, two, three... backticks, each followed by a letter: no run has a
    closing run of its own length after it."""
    runs, length, total = [], 1, 0
    while total < size:
        runs.append("`" * length + "a")
        total += length + 1
        length += 1
    return "".join(runs)


def test_code_span_openers_without_a_closer_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's code span reader (``find_code_spans``) scans, character by
    character in Python, from each run of backticks to the end of the paragraph when
    no run of the same length follows. Runs of increasing length (`` `a``a```a... ``)
    never close: 63 KB took 1.2 s, 250 KB 9 s, 500 KB 38 s, 1 MB 44 to 150 s (a
    thousand runs then plain letters), and the budget counts only the copy of the
    paragraph per match (1/512 of a character each), so it spends about 2% of it: the
    text is never shown as plain text. The docs promise the library's work on a text
    is bounded by its budget (a hundred per character and a hundred thousand)."""
    source = _increasing_backticks(63_000)
    limit = _bound(source)
    total, add = _counter(limit)
    find = BacktickInlineProcessor.find_code_spans

    def counting(self: BacktickInlineProcessor, start: int, data: str) -> tuple[int, int | None]:
        result: Any = find(self, start, data)
        # Not found (or only a shorter run, taken as the end): it scanned to the end.
        add(len(data) - start if result[1] is None else result[1] - start)
        return result

    monkeypatch.setattr(BacktickInlineProcessor, "find_code_spans", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


BLOCK_FLOODS = {
    "rules": "***\n",
    "setext headings": "a\n-\n",
}
"""One block of many lines, each taken off the block one at a time (a rule, a
heading underlined): before each, the heading reader searches the rest of the block
for a line starting with ``#``, in quadratic time. 250 KB of rules took 20 s and of
setext headings 12 s (1 MB: minutes), with the budget untouched (no inline match,
no link, no tag)."""


@pytest.mark.parametrize("line", BLOCK_FLOODS.values(), ids=BLOCK_FLOODS.keys())
def test_lines_taken_one_by_one_off_a_block_are_counted(
    monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    """The characters the library's block readers search while a block of many rules
    or underlined headings is taken apart: for each line, the heading reader's test
    searches the whole rest of the block (``'\\n#' in block``, then its expression).
    Counted at one per 64 characters searched (the search is measured at one in 48), it
    is ten times the budget the docs promise for every text: nothing counts block
    readers."""
    source = line * (140_000 // len(line))
    limit = _bound(source, per=64)
    total, add = _counter(limit)
    test = HashHeaderProcessor.test

    def counting(self: HashHeaderProcessor, parent: Any, block: str) -> bool:
        if not block.startswith("#"):
            add(len(block))
        return test(self, parent, block)

    monkeypatch.setattr(HashHeaderProcessor, "test", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


def test_the_table_readers_pipes_and_code_spans_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tables extension tests the first line of every block of two lines or more
    as a table's header: it compares each ``|`` with every code span before it, in a
    Python loop, before any inline pattern runs. A line of 2,000 code spans then
    8,000 pipes (16 KB) makes 16 million comparisons; 32 KB took 2.5 s, 64 KB 10 s, and
    1 MB would take most of an hour. The budget never sees it (the text is not even
    flooded: it renders as code spans). The docs promise every text's work is bounded
    by a hundred per character and a hundred thousand."""
    source = "`a` " * 2_000 + "|" * 8_000 + "\nand a second line"
    limit = _bound(source)
    total, add = _counter(limit)
    split = TableProcessor._split  # type: ignore[attr-defined]

    def counting(self: TableProcessor, row: str) -> list[str]:
        spans = row.count("`") // 2
        pipes = row.count("|")
        add(spans * pipes // 2 if spans else 0)  # at least half of them, for this row
        return split(self, row)

    monkeypatch.setattr(TableProcessor, "_split", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


def test_processing_instructions_at_line_starts_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``<?`` at the start of a line, never closed, makes the library's HTML reader
    search the rest of the text for ``?>``, once for each: 125 KB of ``<?`` paragraphs
    took 2.4 s, 250 KB 8 s (1 MB: two minutes), and the budget is untouched (only start
    and end tags are counted; comments were made linear by the library, processing
    instructions were not). Counted at one per 128 characters searched (measured: one
    in 94), it is six times the budget the docs promise for every text."""
    source = "<?\n\n" * 40_000
    limit = _bound(source, per=128)
    total, add = _counter(limit)
    parse_pi = HTMLExtractor.parse_pi

    def counting(self: HTMLExtractor, i: int) -> int:
        end: int = parse_pi(self, i)
        add((end if end > i else len(self.rawdata)) - i)
        return end

    monkeypatch.setattr(HTMLExtractor, "parse_pi", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "col", "embed", "source"}


class _Depths(HTMLParser):
    """The open elements the sanitiser's HTML parser holds at each start tag (it
    checks the stack of them for each, in scope rules): their sum."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.total = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.total += self.depth
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)


def test_the_sanitisers_work_on_nested_raw_html_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Raw HTML nested deep (``<ul><li>`` 15,000 times, 120 KB: allowed tags, never
    closed) goes through the Markdown library in linear time, one start tag each, and
    reaches the sanitiser whole: nh3 takes time in the square of the nesting (1.6 s
    for 120 KB, 7.9 s for 250 KB, about two minutes for 1 MB) and nothing counts it.
    Counted as the open elements the sanitiser holds at each start tag, the work is far
    above the budget the docs promise for every text."""
    source = "<ul><li>" * 15_000
    limit = _bound(source)
    total, add = _counter(limit)
    clean = text.nh3.clean

    def counting(html: str, **options: Any) -> str:
        depths = _Depths()
        depths.feed(html)
        add(depths.total)
        return clean(html, **options)

    monkeypatch.setattr(text.nh3, "clean", counting)
    _within(lambda: MarkdownRenderer()(source), total, limit)


def _log(lines: int) -> str:
    return "".join(
        f"2024-05-01 12:{i // 60 % 60:02d}:{i % 60:02d} [INFO] worker-{i % 7} "
        f"request handled in {i % 97} ms\n"
        for i in range(lines)
    )


REAL_WRITING = {
    "a log pasted without a fence": (
        "What the workers logged:\n\n"
        + _log(400)
        + "\nWe [rolled back](https://example.com/rollback) the deploy."
    ),
    "a paragraph citing its sources": (
        " ".join(f"Sentence {i} of the timeline cites a source [{i}]." for i in range(500))
        + "\n\nSee [the report](https://example.com/report)."
    ),
}
"""Real writing of 20 to 25 KB with one ``[x]`` per line or sentence, not followed by
``(``: the library's link reader reads nothing past the ``]`` (it needs a ``(``), but
the budget charges it the whole rest of the paragraph, as if it had scanned it."""


@pytest.mark.parametrize("source", REAL_WRITING.values(), ids=REAL_WRITING.keys())
def test_brackets_that_are_no_link_do_not_flood_real_writing(
    monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """A pasted log of 400 lines with ``[INFO]`` (24 KB), or a long paragraph citing
    sources as ``[12]`` (20 KB), is shown as plain text: its links and paragraphs'
    Markdown are lost, though the library renders it in a tenth of a second. The docs
    promise "real writing uses a small part of it and renders as the library renders
    it"; the budget charges each ``[x]`` the rest of its paragraph."""
    counted = MarkdownRenderer()
    plain = plain_renderer(monkeypatch)
    assert counted(source) == plain(source)
    assert '<a href="https://example.com/' in counted(source)


FLOOD = "[a](" * 100_000
"""400 KB of link openers: a text holding it is shown as plain text."""


def test_a_flooded_text_keeps_what_follows_a_code_span_of_html() -> None:
    """The plain text of a flooded text removes "comments" from the source before it is
    read: a ``<?php`` or ``<!DOCTYPE`` in a code span, or an unclosed ``<!--`` in a fenced
    code block (all shown as code when the text is not flooded) starts one that runs to
    the next ``>`` or to the end of the text, so every paragraph after it vanishes (here
    the text becomes "We upgraded `"). The docs promise the text "shown as plain text,
    escaped, in its paragraphs and without its comments": these are no comments.

    Since the fourth round (22d), the product chose (docs/security.md): the plain text of
    a flooded text leaves out whatever Markdown might hide, and more rather than less,
    since telling code from comment, or a definition from a sentence, means reading the
    text as the library does, which is what took too long. This test holds that choice:
    what comes before is shown, the rest is hidden, never a comment shown."""
    renderer = MarkdownRenderer()
    for code in ("`<?php`", "`<!DOCTYPE html`"):
        source = f"We upgraded {code} handling.\n\nThe fix ships on Monday.\n\n{FLOOD}"
        html = renderer(source)
        assert "The fix ships on Monday." in html, html[:200]
        assert html.endswith("[a](</p>")  # flooded: shown as plain text, to its end


def test_a_flooded_text_never_shows_what_markdown_never_shows() -> None:
    """A link definition is never shown by the library, and ``[//]: # (...)`` is the
    usual way to leave a note in Markdown that readers never see: a flooded text shows
    both, with the note's words (here a customer's name). The docs promise a flooded
    text without its comments, as every output leaves comments out."""
    source = f"[//]: # (ACME private: the customer was Initech)\n\nHello.\n\n{FLOOD}"
    assert "Initech" not in MarkdownRenderer()("[//]: # (ACME private: the customer was Initech)")
    html = MarkdownRenderer()(source)
    assert "[a](" in html  # flooded: shown as plain text
    assert "Initech" not in html
