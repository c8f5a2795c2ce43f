"""Attacks on a build from contributed content: each test is a way in that was found
open, and stays closed."""

from __future__ import annotations

from generator.render.text import HEADING_PREFIX, MarkdownRenderer


def test_an_id_written_in_raw_html_cannot_take_one_of_the_pages_own() -> None:
    # Material parses the JSON of the page's first #__config: a heading with that id
    # before it stops every script of the page (search, palette, tabs).
    renderer = MarkdownRenderer(headings=True)
    html = renderer('<h2 id="__config">x</h2>\n\n<h3 id="search">y</h3>\n\n## Impact\n')
    assert 'id="__config"' not in html
    assert 'id="search"' not in html
    assert f'<h2 id="{HEADING_PREFIX}impact">Impact</h2>' in html
