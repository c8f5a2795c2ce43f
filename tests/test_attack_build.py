"""Attacks on a build from contributed content: each test is a way in that was found
open, and stays closed."""

from __future__ import annotations

import http.client
import threading

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.model import stable_id
from generator.notify import Notice
from generator.render.text import HEADING_PREFIX, MarkdownRenderer
from generator.serve import Preview, make_server

from .conftest import INCIDENT, MakeSite


def test_an_id_written_in_raw_html_cannot_take_one_of_the_pages_own() -> None:
    # Material parses the JSON of the page's first #__config: a heading with that id
    # before it stops every script of the page (search, palette, tabs).
    renderer = MarkdownRenderer(headings=True)
    html = renderer('<h2 id="__config">x</h2>\n\n<h3 id="search">y</h3>\n\n## Impact\n')
    assert 'id="__config"' not in html
    assert 'id="search"' not in html
    assert f'<h2 id="{HEADING_PREFIX}impact">Impact</h2>' in html


def test_the_preview_answers_odd_pages_and_paths_without_a_traceback(
    make_site: MakeSite, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    # A page of docs_dir is copied as it is, in whatever encoding it has.
    (project / "pages" / "latin.html").write_bytes(b"<html><body>caf\xe9</body></html>")
    preview = Preview(project / "mkdocs.yml", log=lambda _: None)
    assert preview.rebuild()
    server = make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/latin.html")
        response = connection.getresponse()
        assert response.status == 200
        assert b"caf\xe9" in response.read()
        connection.request("GET", "/%00/index.html")
        response = connection.getresponse()
        assert response.status == 404
        response.read()
        connection.close()
    finally:
        server.shutdown()
        server.server_close()
        preview.stop()
    assert "Traceback" not in capfd.readouterr().err


def test_tags_written_as_each_others_slugs_each_get_their_own_page(make_site: MakeSite) -> None:
    # "x" takes "x-<hash of x>"; a tag written as that, and one written as what it then
    # takes, once gave two tag pages one address (and one page silently replaced the other).
    first = f"x-{stable_id('tag', 'x')[:6]}"
    third = f"{first}-{stable_id('tag', first)[:6]}".upper()
    tags = ["X", "x", first, third]
    postmortem = f"""\
---
type: postmortem
title: Review
incidents: [a]
status: published
published: 2026-11-28
authors: [Sam Reyes]
summary: A review.
tags: [{", ".join(tags)}]
---
"""
    project = make_site({"a.md": INCIDENT.format(title="Outage"), "pm.md": postmortem})
    site = project / "site"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--now",
            "2026-11-28T12:00:00Z",
            "-d",
            str(site),
            "-f",
            str(project / "mkdocs.yml"),
        ],
    )
    assert result.exit_code == 0, result.output
    titles = sorted(
        page.read_text().split("<h1>Postmortems: tagged ", 1)[1].split("<", 1)[0]
        for page in (site / "postmortems" / "tag").glob("*/index.html")
    )
    assert titles == sorted(tags)


def test_a_chat_notice_cannot_mention_everyone_or_hide_a_link_under_words() -> None:
    # Slack reads <!channel> as a mention of everyone and <url|words> as a link.
    notice = Notice(
        "a",
        "<!here> Outage & more",
        "investigating",
        "<!channel> <https://evil.example/|Reset your password>",
        "https://status.example.com/incidents/a/",
    )
    text = notice.payload()["text"]
    assert "<" not in text and ">" not in text
    assert text.startswith("&lt;!here&gt; Outage &amp; more: Investigating\n&lt;!channel&gt;")
