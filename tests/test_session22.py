"""Session 22: what the last note left alone, each a failing test first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown.inlinepatterns import LinkInlineProcessor

from statuspress.render import budget, text
from statuspress.render.text import MarkdownRenderer

from .bigsite import COMPONENTS, component_id
from .test_readers import big_site, doc

__all__ = ["big_site"]  # the fixture, shared

ROOT = Path(__file__).resolve().parent.parent


class _Unlimited:
    """A budget never spent."""

    def start(self, source: str) -> None:
        pass

    def spend(self, work: int) -> None:
        pass


def plain_renderer(monkeypatch: pytest.MonkeyPatch, **options: bool) -> MarkdownRenderer:
    """A renderer as the Markdown library makes it: nothing counted, no budget."""
    with monkeypatch.context() as patched:
        patched.setattr(text, "counted", lambda md: _Unlimited())
        return MarkdownRenderer(**options)


FLOODS = {
    "link openers": "[a](",
    "image openers": "![a](",
    "nested link openers": "[a]((",
    "unclosed tags": "<a ",
    "unclosed autolinks": "<http://a ",
    "end tags without an end": "</a ",
    "escapes": "\\[a](",
    "hard line breaks": "a  \n",
    "brackets": "[[[[",
}
"""One paragraph of each, repeated: the Markdown library scans or copies the rest of the
paragraph once for each, in quadratic time (docs/security.md). 60 KB of the first took
33 s to build."""


@pytest.mark.parametrize("unit", FLOODS.values(), ids=FLOODS.keys())
def test_a_flooded_paragraph_is_shown_as_plain_text(unit: str) -> None:
    """400 KB of one flood: the text is shown as what it is, escaped, and nothing of it
    is read as Markdown or HTML (no link, no tag, no line break made)."""
    flood = unit * (400_000 // len(unit))
    html = MarkdownRenderer()(f"Before.\n\n{flood}\n\nAfter.")
    assert html.startswith("<p>Before.</p>\n<p>") and html.endswith("<p>After.</p>")
    assert "<a " not in html and "<br" not in html and "<code" not in html
    assert html.count("&lt;") == flood.count("<")


def test_the_link_readers_work_is_linear_in_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured on the library itself: the characters its link reader scans for the end
    of an address, over 15,000 `[a](` (60 KB). Each scanned to the end of the paragraph
    before: 450 million characters; the budget stops it within its hundred per character and a hundred thousand."""
    scanned = 0
    getLink = LinkInlineProcessor.getLink

    def counting(
        self: LinkInlineProcessor, data: str, index: int
    ) -> tuple[str, str | None, int, bool]:
        nonlocal scanned
        result = getLink(self, data, index)
        scanned += (result[2] if result[3] else len(data)) - index
        return result

    monkeypatch.setattr(LinkInlineProcessor, "getLink", counting)
    flood = "[a](" * 15_000
    MarkdownRenderer()(flood)
    assert scanned <= (budget.WORK_PER_CHARACTER + 2) * len(flood) + budget.WORK_AT_LEAST, scanned


def test_a_flooded_text_never_shows_its_comments() -> None:
    """The plain text of a flooded text leaves out its comments, as every output does."""
    flood = "[a](" * 100_000
    for renderer in (MarkdownRenderer(), MarkdownRenderer(sanitise=False)):
        html = renderer(f"<!-- ACME-private -->\n\n{flood}\n\n<!--\nACME-private-log\n\n")
        assert "ACME" not in html and "&lt;!--" not in html
        assert html.startswith("<p>[a](")


def test_a_flood_in_a_code_block_is_a_code_block() -> None:
    """A pasted log in a fenced code block is read in linear time (no inline pattern and
    no HTML reader runs in it): it stays a code block, however many tags it holds."""
    log = "<item/>[a](" * 40_000
    html = MarkdownRenderer()(f"Log:\n\n```\n{log}\n```\n\nAfter the log.")
    assert "<pre><code>" in html and "```" not in html and "<p>After the log.</p>" in html


def _texts_on_file() -> Iterator[str]:
    for folder in ("incidents", "docs", "generator/scaffold", "site_templates"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            yield path.read_text(encoding="utf-8")


def test_texts_on_file_render_as_the_library_renders_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The budget changes nothing of real writing: every Markdown file of the repository
    (the sample incidents and postmortems, the documentation) renders byte for byte as
    the library renders it with nothing counted."""
    texts = list(_texts_on_file())
    assert len(texts) > 30
    for headings in (False, True):
        counted, plain = (
            MarkdownRenderer(headings=headings),
            plain_renderer(monkeypatch, headings=headings),
        )
        for source in texts:
            assert counted(source) == plain(source)


MARKDOWN = st.lists(
    st.sampled_from([*"[]()<>!*_`\\#-|&;:/ \n\"'=ax1", "http://", "  \n", "```\n"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_short_texts_render_as_the_library_renders_them(source: str) -> None:
    """Any text too short to flood (the budget's floor is a hundred thousand characters of
    work, and under a thousand characters of the worst flood cost less) renders as the library renders
    it, whatever its mix of Markdown's signs."""
    counted = MarkdownRenderer(headings=True)
    with pytest.MonkeyPatch.context() as patched:
        plain = plain_renderer(patched, headings=True)
    assert counted(source) == plain(source)


def test_a_large_html_table_is_a_table() -> None:
    """A table pasted as HTML (900 KB, 120,000 end tags) is what it is: each end tag is
    read to its `>`, not charged as if the library searched to the end of the text."""
    rows = "<tr><td>x</td><td>y</td></tr>\n" * 30_000
    html = MarkdownRenderer()(f"<table>{rows}</table>\n\nAfter.")
    assert html.startswith("<table><tbody><tr><td>x</td>") and html.endswith("<p>After.</p>")


def test_the_keyboard_stops_on_the_days_with_something_to_tell(big_site: Path) -> None:
    """Every day of a bar is a link (to its anchor on the component page), but a link
    is a stop for the Tab key: 90 a component, 9,000 before the history on a page of
    100. A quiet day (no downtime, no data, no incident) is still a link for pointers
    and screen readers, out of the Tab order; a day with something to tell is in it."""
    status = doc(big_site, "")
    told = 0
    for n in range(COMPONENTS):
        cells = status.cssselect(f"#component-{component_id(n)} .sp-bar__day")
        assert len(cells) == 90 and all(cell.cssselect("a[href]") for cell in cells)
        for cell in cells:
            colour = set(cell.get("class").split())
            quiet = {"sp-bar__day--ok", "sp-bar__day--nodata"} & colour
            stop = cell.cssselect("a")[0].get("tabindex") != "-1"
            assert stop == (not quiet or _has_incident(big_site, cell)), colour
            told += stop
    assert 0 < told < COMPONENTS * 90 // 4, told


def _has_incident(site: Path, cell: lxml_html.HtmlElement) -> bool:
    """Whether the component page lists an event on the cell's day (a day with an
    incident that left the component operational is quiet by its colour only)."""
    href = cell.cssselect("a")[0].get("href")
    page = doc(site, href.split("#")[0].rstrip("/"))
    return bool(
        page.cssselect(f"[id='{href.split('#')[1]}']")[0].getparent().cssselect(".sp-line a")
    )


LONG_WRITING = {
    "a list of 5,000 links": "".join(
        f"- {i}: [item {i}](https://example.com/{i}) done `code{i}`\n" for i in range(5_000)
    ),
    "a table of 3,000 rows": "| a | b | c |\n|---|---|---|\n"
    + "".join(f"| [x{i}](https://e.com/{i}) | `c{i}` | **b** |\n" for i in range(3_000)),
    "2,000 paragraphs": "".join(
        f"Paragraph {i} with a [link](https://e.com/{i}), *emphasis* and `code`.\n\n"
        for i in range(2_000)
    ),
    "a log pasted without a fence": "".join(
        f"2024-05-01 12:00:{i % 60:02d} [INFO] worker-{i % 7} GET /items?id={i}&x=<none> "
        f"in {i % 97} ms\n"
        for i in range(2_000)
    ),
    "a traceback": "Traceback (most recent call last):\n"
    + "".join(
        f'  File "/srv/app/mod{i}.py", line {i}, in <module>\n    x[i] = y[j] * z_{i}__init__\n'
        for i in range(1_500)
    ),
    "an HTML table": "<table>" + "<tr><td>x</td><td>y</td></tr>\n" * 5_000 + "</table>\n\nAfter",
    "a timeline": "".join(
        f"- **{i:02d}:00** The on-call engineer saw [alert {i}](https://e.com/a/{i}); "
        f"`kubectl get pods` showed <b>3</b> restarts.\n"
        for i in range(1_000)
    ),
}
"""Long real writing, 100 to 300 KB each, with many links, tags, code spans and
brackets that are no links."""


@pytest.mark.parametrize("source", LONG_WRITING.values(), ids=LONG_WRITING.keys())
def test_long_writing_renders_as_the_library_renders_it(
    monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    counted, plain = MarkdownRenderer(), plain_renderer(monkeypatch)
    assert counted(source) == plain(source)


def test_the_reference_readers_copies_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each `[` of 1 MB of `[[[[` was read by the reference readers (a subclass of the
    link reader the budget counted), each copying the rest of the paragraph looking for
    a `]`: 25 s. Measured on the library: the characters its bracket reader copies,
    within the budget's rate for copies."""
    copied = 0
    get_text = LinkInlineProcessor.getText

    def counting(self: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
        nonlocal copied
        found = get_text(self, data, index)
        copied += len(found[0])
        return found

    monkeypatch.setattr(LinkInlineProcessor, "getText", counting)
    flood = "[[[[" * 100_000
    MarkdownRenderer()(flood)
    bound = (budget.WORK_PER_CHARACTER + 2) * len(flood) + budget.WORK_AT_LEAST
    assert copied <= bound * budget.COPIED, copied


def test_the_plain_text_of_a_flood_is_read_in_linear_time() -> None:
    """The plain text's own reading of code spans and link definitions: a regular
    expression for code spans backtracked through runs of growing length (16 KB of
    `` `a``a```a... `` took 81 s), one for the quote marks and list markers before a
    definition tried a line of 24 `> ` in 16 million ways. Each of these inputs now
    reads at once (a hang here is the failure)."""
    runs = "".join("`" * n + "a" for n in range(1, 1_400))
    assert budget.as_plain_text(runs).startswith("<p>`a``a")
    for marks in ("> " * 50_000 + "x", "- " * 50_000 + "x", "1. " * 30_000 + "x"):
        assert budget.as_plain_text(marks).endswith("x</p>")
    assert budget.as_plain_text("> - [//]: # (a note)\n\n> Shown.") == "<p>&gt; Shown.</p>"
