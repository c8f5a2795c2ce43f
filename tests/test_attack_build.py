"""Attacks on a build from contributed content: each test is a way in that was found
open, and stays closed."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.model import stable_id
from statuspress.notify import Notice
from statuspress.render.text import HEADING_PREFIX, MarkdownRenderer
from statuspress.serve import Preview, make_server

from .checks.engine import ENGINE_COMMAND
from .conftest import INCIDENT, MakeSite

NOW = "2026-11-28T12:00:00Z"


def test_an_id_written_in_raw_html_cannot_take_one_of_the_pages_own() -> None:
    # Material parses the JSON of the page's first #__config: a heading with that id
    # before it stops every script of the page (search, palette, tabs).
    renderer = MarkdownRenderer(headings=True)
    html = renderer('<h2 id="__config">x</h2>\n\n<h3 id="search">y</h3>\n\n## Impact\n')
    assert 'id="__config"' not in html
    assert 'id="search"' not in html
    assert f'<h2 id="{HEADING_PREFIX}impact">Impact</h2>' in html


def test_the_preview_answers_odd_pages_and_paths_without_a_traceback(
    make_site: MakeSite,
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    # A page of docs_dir is copied as it is, in whatever encoding it has.
    (project / "pages" / "latin.html").write_bytes(b"<html><body>caf\xe9</body></html>")
    preview = Preview(project / "mkdocs.yml", log=lambda _: None)
    assert preview.rebuild()
    server = make_server(preview, "127.0.0.1", 0)
    failed: list[BaseException | None] = []  # what the server would print as a traceback
    server.handle_error = lambda request, address: failed.append(sys.exc_info()[1])  # type: ignore[method-assign]
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
    assert failed == []


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


def outside_folder(project: Path) -> Path:
    folder = project.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.txt").write_text("Quokka secret from outside")
    return folder


def statuspress(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statuspress.cli", *args, "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_a_folder_outside_the_project_named_by_its_full_path_is_one_line(
    make_site: MakeSite,
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = outside_folder(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: pages", f"docs_dir: {outside}"))
    for command in (["check", "--now", NOW], ["build", "--now", NOW, "--strict"]):
        result = statuspress(project, *command)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert (
            f"{outside}: symlink: expected a folder inside the project, found a path outside"
            in result.stderr.splitlines()
        )
    assert not (project / "site").exists()


def test_a_folder_the_engine_takes_from_env_or_an_inherited_file_stays_in_the_project(
    make_site: MakeSite,
) -> None:
    # mkdocs.yml as written names no folder out of the project; the engine resolves
    # !ENV and INHERIT, and would publish the folder they name.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = outside_folder(project)
    config = project / "mkdocs.yml"
    written = config.read_text()
    (project / "base.yml").write_text(f"docs_dir: {outside}\n")
    for text in (
        written.replace("docs_dir: pages", "docs_dir: !ENV PAGES"),
        written.replace("docs_dir: pages", "INHERIT: base.yml"),
    ):
        config.write_text(text)
        for command in (
            [sys.executable, "-m", "statuspress.cli", "build", "--now", NOW, "--strict"],
            [*ENGINE_COMMAND, "build", "--strict"],
        ):
            result = subprocess.run(
                [*command, "-f", str(config)],
                capture_output=True,
                text=True,
                env={**os.environ, "PAGES": str(outside)},
                check=False,
            )
            assert result.returncode == 1, (text, command)
            assert f"{outside}: symlink: expected a folder inside the project" in result.stderr
            assert not (project / "site" / "secret.txt").exists()


@pytest.mark.parametrize("key", ["? [a, b]\n: c", "? {a: b}\n: c", "{? [a]: c}: d"])
def test_a_list_or_mapping_as_a_key_is_one_line(make_site: MakeSite, key: str) -> None:
    incident = INCIDENT.format(title="Outage").replace("severity:", f"{key}\nseverity:")
    project = make_site({"a.md": incident})
    result = CliRunner().invoke(cli, ["check", "--now", NOW, "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines()[0].startswith("incidents/a.md:3:")
    assert result.stderr.splitlines()[0].endswith(
        "yaml-syntax: expected a text key, found a list or mapping"
    )


def test_allow_raw_html_still_gives_markdown_links_rel_and_drops_what_reads_as_a_comment() -> None:
    raw = MarkdownRenderer(sanitise=False)
    html = raw("[runbook](https://runbooks.example/) <https://b.example/>")
    assert html.count('rel="noopener noreferrer nofollow"') == 2
    # A browser reads <?x> and <![CDATA[x]]> in HTML as comments.
    assert raw("A <?note secret ?> B <![CDATA[ hidden ]]> C") == "<p>A  B  C</p>"
    assert raw("<?php echo 1 ?>\n\nText") == "\n\n<p>Text</p>"


def deep_list(depth: int) -> str:
    return "\n".join("    " * level + "- x" for level in range(depth))


@pytest.mark.parametrize(
    "nested",
    ["- " * 3000 + "x", "1. " * 3000 + "x", deep_list(300)],
    ids=["markers", "numbers", "indented"],
)
def test_markdown_nested_deeper_than_the_renderer_can_go_is_refused_by_check(
    make_site: MakeSite, nested: str
) -> None:
    # The Markdown renderer recurses per level: a few hundred stopped the build with
    # RecursionError after check had passed.
    project = make_site({"a.md": INCIDENT.format(title="Outage") + "Intro.\n\n" + nested + "\n"})
    config = str(project / "mkdocs.yml")
    for command in (["check"], ["build", "--strict"]):
        result = CliRunner().invoke(cli, [*command, "--now", NOW, "-f", config])
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        first = result.stderr.splitlines()[0]
        assert first.startswith("incidents/a.md:")
        assert ": nesting: body: expected lists and quotes nested at most 32 deep" in first


def test_markdown_nested_as_deep_as_allowed_builds(make_site: MakeSite) -> None:
    message = deep_list(32).replace("\n", "\\n")
    incident = INCIDENT.format(title="Outage").replace(
        "Some requests fail; we are looking into it.", f'"{message}"'
    )
    # A horizontal rule of many dashes is no list.
    rule = "- " * 40 + "-"
    project = make_site({"a.md": incident + deep_list(32) + "\n\n" + rule + "\n"})
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(cli, ["build", "--strict", "--now", NOW, "-f", config])
    assert result.exit_code == 0, result.output
    deeper = incident.replace(message, deep_list(33).replace("\n", "\\n"))
    (project / "incidents" / "a.md").write_text(deeper)
    result = CliRunner().invoke(cli, ["check", "--now", NOW, "-f", config])
    assert result.stderr.splitlines()[0] == (
        "incidents/a.md:9:5: nesting: updates[0].message: expected lists and quotes "
        "nested at most 32 deep, found 33"
    )


@pytest.mark.parametrize(
    "url",
    ['https://x.example/a"onmouseover="alert(1)/', "https://x.example/<b>/", "https://[::1/"],
)
def test_a_site_url_that_breaks_out_of_an_attribute_or_cannot_be_parsed_is_refused(
    make_site: MakeSite, url: str
) -> None:
    # MkDocs writes site_url into every page's canonical link without escaping it, and
    # a URL that urlsplit refuses stopped the build with a traceback after check passed.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://status.example.com/", url))
    for command in (["check"], ["build", "--strict"]):
        result = CliRunner().invoke(cli, [*command, "--now", NOW, "-f", str(config)])
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.splitlines()[0] == (
            f"mkdocs.yml:2:1: type: site_url: expected an http or https URL, found '{url}'"
        )


def test_a_site_folder_that_would_replace_other_files_is_refused(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """The build swaps its folder into place, removing the one there: a ``site_dir`` in
    ``mkdocs.yml`` (which a pull request can change) never names a folder outside the
    project, and no site folder holds the project's own files."""
    project = make_site({"a.md": INCIDENT.format(title="Errors")})
    elsewhere = tmp_path / "keys"
    elsewhere.mkdir()
    (elsewhere / "id_ed25519").write_text("secret")
    config = project / "mkdocs.yml"
    original = config.read_text()
    for written, message in (
        (
            str(elsewhere),
            f"Error: mkdocs.yml: site_dir: expected a folder for the site alone, found "
            f"'{elsewhere}', outside the project (give -d to build there on purpose)",
        ),
        (
            ".",
            f"Error: mkdocs.yml: site_dir: expected a folder for the site alone, found "
            f"'{project}', which holds the project's own files",
        ),
    ):
        config.write_text(original + f"site_dir: {written}\n")
        result = CliRunner().invoke(
            cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config)]
        )
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (1, message)
        assert (elsewhere / "id_ed25519").read_text() == "secret"
        assert (project / "incidents" / "a.md").is_file()
    config.write_text(original)
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config), "-d", str(project)]
    )
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"Error: -d: expected a folder for the site alone, found '{project}', which holds "
        "the project's own files",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config), "-d", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert (out / "index.html").is_file()
