"""Attack session 22d: the Markdown budget (generator/render/budget.py) against its own
fence estimator, which reads the rest of the text again for every fenced block (a
postmortem of many small fences takes minutes, never flooded), the library's bracket
reader, which reads a whole paragraph again in Python for every link taken in it and is
charged a hundred-and-twenty-eighth of that, and a plain-text fallback that reads code
spans in quadratic time, drops the rest of a text at a ``<!--`` in a code span over two
lines, drops visible lines that look like link definitions, and shows a definition's
title written on its next line.

As in tests/test_attack_session22a.py and tests/test_attack_session22c.py, work is
counted deterministically (what the library's or the renderer's Python code reads),
never in seconds. docs/security.md promises that long text "is read in linear time" (a
few seconds per MB), that real writing renders as the library renders it, and that a
flooded text is shown as plain text, escaped, in its paragraphs, without its comments
and link definitions (and nothing else left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from markdown.inlinepatterns import LinkInlineProcessor

from statuspress.render import budget, text
from statuspress.render.text import MarkdownRenderer

from .test_attack_session22a import _Depths
from .test_attack_session22c import _bound, _counter, _within
from .test_session22 import plain_renderer

FLOOD = "[a](" * 100_000
"""400 KB of link openers: a text holding it is shown as plain text."""


class _CountingExpression:
    """A compiled expression of budget.py whose ``finditer`` counts the matches the
    estimator's Python loop takes from it (each one an iteration of Python code)."""

    def __init__(self, real: re.Pattern[str], add: Callable[[int], None]) -> None:
        self.real = real
        self.add = add

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        for match in self.real.finditer(text, pos):
            self.add(1)
            yield match

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_the_fence_estimators_own_work_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """A postmortem of 3,000 short steps, each with its command in a fenced block (79 KB,
    a few per character of budget spent: real writing, never flooded). The library's
    fenced code reader is linear (it searches on from the end of each block), but the
    renderer's estimator (``_Fences.search``), before each of the library's 3,001
    searches, walks every fence line of the rest of the text in a Python loop and files
    it in a dict: 9 million lines walked for 15,000 lines of text. Measured: 1,000
    fences (25 KB) 0.8 s, 2,000 2.4 s, 4,000 8.7 s, 8,000 (214 KB) 32.6 s (a MB of
    them: some 12 minutes), all in the estimator (cProfile: 11.6 of 12.5 s). The docs
    promise a few seconds per MB; the estimator must read each line of the text a
    bounded number of times, not once per fenced block before it."""
    source = "".join(f"Step {i}: restart the pool.\n\n```\nx{i}\n```\n\n" for i in range(3_000))
    lines = source.count("\n") + 1
    limit = 8 * lines
    total, add = _counter(limit)
    monkeypatch.setattr(budget, "_FENCE_CLOSING", _CountingExpression(budget._FENCE_CLOSING, add))
    monkeypatch.setattr(budget, "_FENCE_OPENING", _CountingExpression(budget._FENCE_OPENING, add))
    _within(lambda: MarkdownRenderer()(source), total, limit)


LINKED = (
    "see [the dashboard](https://status.example.com/d) for the graphs of the latency we "
    "measured today. "
) * 500
"""One paragraph of 50 KB with a link every 99 characters (500 links)."""


def test_the_bracket_readers_rescans_of_a_paragraph_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``LINKED``: the library's ``LinkInlineProcessor.getText`` finds the closing
    bracket of every ``[`` of a paragraph at once, in a Python loop over each of its
    characters (``_findBracketEnds``), and does it again each time the paragraph
    changes, that is after every link taken (and once more for each of the link,
    reference and image readers). The budget charges the copy of the paragraph, at one
    in 128 characters, for each match. Measured: 50 KB 10.6 s, 100 KB 32.9 s, 200 KB
    129 s, never flooded (spent: 3 million of a 20-million budget); a 1 MB paragraph
    would take about an hour. Counted at one per character the loop reads (it runs a
    few Python operations for each), 50 KB reads 20.9 million, four times the budget
    the docs promise for every text, and the ratio grows with the paragraph (twice
    the links, each reading twice as much)."""
    limit = _bound(LINKED)
    total, add = _counter(limit)
    find = LinkInlineProcessor._findBracketEnds

    def counting(data: str) -> list[int | None]:
        add(len(data) + 1)
        return find(data)

    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(counting))
    _within(lambda: MarkdownRenderer()(LINKED), total, limit)


def test_the_plain_text_of_comment_openers_in_code_spans_is_linear() -> None:
    """A flooded text with a line of 20,000 code spans of ``<!--`` (140 KB, "the
    template writes `<!--` where ..." repeated): for each ``<!--`` it found in a code
    span, the plain text looked through every code span of the line: 200 million spans
    looked at (35 KB 0.8 s, 70 KB 3.0 s, 140 KB 12.6 s).

    Since the fourth round (22d) the plain text reads no code spans (it hides from the
    first ``<!--`` on, see below): one regular expression over the text, in linear
    time. A hang here is the failure."""
    line = "`<!--` " * 20_000
    assert MarkdownRenderer()(f"Before.\n\n{line}\n\n{FLOOD}") == "<p>Before.</p>\n<p>`</p>"


def test_a_flooded_text_hides_what_follows_a_comment_opener_in_a_code_span_over_two_lines() -> None:
    """A code span may run over a line break: "Code `a\\n<!-- b` and then ..." is
    ``<code>a\\n&lt;!-- b</code>`` to the library. The plain text of a flooded text
    reads code spans line by line, takes the ``<!--`` on the second line for a comment
    never closed, and drops everything after it: the 400 KB that follow are gone
    (``<p>Code `a</p>`` is all that is left). The docs promise the text shown "in its
    paragraphs", without its comments and nothing else.

    Since the fourth round (22d), the product chose (docs/security.md): the plain text of
    a flooded text leaves out whatever Markdown might hide, and more rather than less,
    since telling code from comment, or a definition from a sentence, means reading the
    text as the library does, which is what took too long. This test holds that choice:
    what comes before is shown, the rest is hidden, never a comment shown."""
    source = "Code `a\n<!-- b` and then visible text.\n\nThe fix ships on Monday.\n\n"
    assert "The fix ships on Monday." in MarkdownRenderer()(source)
    html = MarkdownRenderer()(source + FLOOD)
    assert html == "<p>Code `a</p>", html[:200]


@pytest.mark.parametrize(
    "line",
    [
        "[Update]: the fix is deployed to every region.",
        '[a]: https://example.com "Runbook" and the rest of the sentence.',
    ],
    ids=["a label and a colon", "a definition with words after it"],
)
def test_a_flooded_text_leaves_out_lines_that_look_like_a_link_definition(
    monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    """``[Update]: the fix is deployed to every region.`` is no link definition (an
    address is one word, then at most a title): the library shows it as written, in a
    paragraph. The plain text of a flooded text leaves out every line that starts with
    ``[label]:`` and any word, so the update's news is not shown. The docs promise a
    flooded text without its comments and link definitions, and nothing else left out.

    Since the fourth round (22d), the product chose (docs/security.md): the plain text of
    a flooded text leaves out whatever Markdown might hide, and more rather than less,
    since telling code from comment, or a definition from a sentence, means reading the
    text as the library does, which is what took too long. This test holds that choice:
    what comes before is shown, the rest is hidden, never a comment shown."""
    assert "the" in plain_renderer(monkeypatch)(line)  # shown by the library
    html = MarkdownRenderer()(f"{line}\n\nHello.\n\n{FLOOD}")
    assert html.endswith("[a](</p>")  # flooded: shown as plain text
    assert html.startswith("<p>Hello.</p>"), html[:200]


def test_a_flooded_text_never_shows_a_definitions_title() -> None:
    """A link definition's title may be written on the line after its address
    (``[a]: https://x.example`` then ``  "Internal runbook: Initech outage"``): the
    library reads both lines as the definition and shows neither. The plain text of a
    flooded text leaves out the first line only, and shows the title. The docs promise
    a flooded text "without its comments and link definitions"."""
    quoted = '[a]: https://x.example\n  "Internal runbook: Initech outage"\n\nHello.'
    assert "Initech" not in MarkdownRenderer()(quoted)
    html = MarkdownRenderer()(f"{quoted}\n\n{FLOOD}")
    assert html.endswith("[a](</p>")  # flooded: shown as plain text
    assert "Initech" not in html, html[:200]


@pytest.mark.parametrize(
    "written",
    [
        "  ~~~\n<!-- ACME private: the customer was Initech -->\n  ~~~",
        "- item\n\n  ~~~\n  <!-- ACME private: the customer was Initech -->\n  ~~~",
        "~~~\n<!-- ACME private: the customer was Initech -->\n\nNo fence closes.",
    ],
    ids=["a fence indented", "a fence in a list item", "a fence never closed"],
)
def test_a_flooded_text_never_shows_a_comment_in_what_is_no_fence(written: str) -> None:
    """The library's fenced code reader takes a fence only at the start of a line (no
    indentation) and only when a closing fence follows: ``  ~~~`` (two spaces), a fence
    in a list item, or a ``~~~`` never closed is a paragraph's text, and the comment
    between is hidden (``<p>~~~</p>`` ... ``<p>~~~</p>``). The plain text of a flooded
    text takes any line of up to three spaces and ``~~~`` for a fence, to the next such
    line or the end of the text, and shows what it holds as written, comment and all:
    ``<!-- ACME private: the customer was Initech -->``. The docs promise a flooded
    text without its comments (MarkdownRenderer: "HTML comments never reach any
    output")."""
    source = f"{written}\n\nHello."
    assert "Initech" not in MarkdownRenderer()(source)
    html = MarkdownRenderer()(f"{source}\n\n{FLOOD}")
    assert html.endswith("[a](</p>")  # flooded: shown as plain text
    assert "Initech" not in html, html[:200]


def test_formatting_tags_left_open_across_paragraphs_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """8,000 paragraphs, each a ``<b title=N>`` never closed and a word (135 KB). The
    library makes ``<p><b title=0>x</p>`` of each; ``nesting()`` takes the ``</p>`` to
    close the ``<b>`` and charges nothing. The sanitiser's HTML parser keeps each
    ``<b>`` as an active formatting element (their attributes differ, so none is
    dropped) and opens them again after each paragraph: its output nests 8,000 ``<b>``
    deep (``<p><b title="0">x</b></p><b title="0">`` ``<p>...``), in the square of
    the depth, the cost tests/test_attack_session22a.py found for ``<ul><li>``.
    Measured: 67 KB 0.6 s, 135 KB 2.1 s, 277 KB 7.6 s (1 MB: some 100 s), never
    flooded (spent: 1.3 million of a 28-million budget). Counted as there, the open
    elements at each start tag: over four times the budget the docs promise."""
    source = "".join(f"<b title={i}>x\n\n" for i in range(8_000))
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


@pytest.mark.parametrize(
    "code",
    [
        "1. Add the header:\n\n        <!-- generated by the template",
        "> The config we found:\n>\n>     <!-- generated by the template",
        "> ```\n> <!-- generated by the template\n> ```",
    ],
    ids=["a code block in a list item", "a code block in a quote", "a fence in a quote"],
)
def test_a_flooded_text_hides_what_follows_a_comment_opener_in_nested_code(code: str) -> None:
    """A ``<!--`` in an indented code block of a list item (eight spaces) or of a
    quote (``>`` and four spaces), or between fences in a quote (a code span to the
    library), is code, shown as written (``<pre><code>&lt;!-- generated ...``). The
    plain text of a flooded text knows code blocks only at the left margin outside
    lists and fences only at the start of a line, so it takes this one for a comment
    never closed and drops everything after it: the 400 KB that follow are gone
    (``<p>1. Add the header:</p>`` is all that is left). tests/test_attack_session22c.py
    had this fixed for the same code at the left margin; the docs promise the text
    "in its paragraphs", without its comments and nothing else.

    Since the fourth round (22d), the product chose (docs/security.md): the plain text of
    a flooded text leaves out whatever Markdown might hide, and more rather than less,
    since telling code from comment, or a definition from a sentence, means reading the
    text as the library does, which is what took too long. This test holds that choice:
    what comes before is shown, the rest is hidden, never a comment shown."""
    source = f"{code}\n\nThe fix ships on Monday.\n\n"
    assert "generated by the template" in MarkdownRenderer()(source)
    html = MarkdownRenderer()(source + FLOOD)
    assert "The fix ships on Monday." not in html and "[a](" not in html, html[:200]
    assert "generated" not in html
