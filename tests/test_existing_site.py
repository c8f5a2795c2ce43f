"""The plugin inside an existing MkDocs site: every status output under ``path``, the
site's own pages as MkDocs makes them, every link resolving."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from statuspress.cli import cli

from .conftest import INCIDENT, SAMPLE_NOW
from .test_frames import assert_same_site
from .test_minimal_site import broken_links, doc, feed_links, mkdocs_build

TEAM = """\
site_name: Team docs
site_url: https://docs.example.com/
theme:
  name: material
nav:
  - Home: index.md
  - Guide: guide.md
plugins:
  - search
  - statuspress:
      path: status/
      components:
        - id: api
          name: API
"""

STATUS_NAV = """\
  - Status:
    - Status: status/index.md
    - History: status/history.md
    - Postmortems: status/postmortems.md
    - Reliability: status/reliability.md
    - Subscribe: status/subscribe.md
"""

OWN_PAGES = {
    "index.md": "# Team docs\n\nHow we work.\n",
    "guide.md": "# Guide\n\nSee [home](index.md).\n",
}


def team_site(root: Path, config: str = TEAM) -> Path:
    """A documentation site of two pages of its own, with the plugin added."""
    project = root / "team"
    (project / "docs").mkdir(parents=True)
    (project / "incidents").mkdir()
    for name, text in OWN_PAGES.items():
        (project / "docs" / name).write_text(text)
    (project / "mkdocs.yml").write_text(textwrap.dedent(config))
    (project / "incidents" / "a.md").write_text(INCIDENT.format(title="Slow logins"))
    (project / "incidents" / "b.md").write_text(INCIDENT.format(title="Errors"))
    return project


def build(project: Path, out: Path) -> None:
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(cli, ["build", "--now", SAMPLE_NOW, "-f", config, "-d", str(out)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("existing")
    build(team_site(root), root / "site")
    return root / "site"


def test_the_sites_pages_and_the_status_pages_are_both_there(built: Path) -> None:
    for name in ("index.html", "guide/index.html"):
        assert (built / name).is_file()
    for name in (
        "index.html",
        "history/index.html",
        "incidents/a/index.html",
        "postmortems/index.html",
        "reliability/index.html",
        "subscribe/index.html",
        "history.rss",
        "history.atom",
        "api/v2/summary.json",
        "badge.svg",
        "maintenance.ics",
        "embed.js",
        "embed.html",
    ):
        assert (built / "status" / name).is_file(), name
    assert "Slow logins" in (built / "status" / "incidents" / "a" / "index.html").read_text()
    assert "How we work." in (built / "index.html").read_text()
    # Hosts read these only at a site's root, which is the site's own.
    assert not [p for p in built.rglob("*") if p.name in ("_headers", ".nojekyll")]
    css = list((built / "status" / "assets" / "stylesheets").glob("statuspress.*.css"))
    assert len(css) == 1


def test_every_link_of_every_page_resolves(built: Path) -> None:
    assert broken_links(built) == []
    links = feed_links(built / "status" / "incidents" / "a" / "index.html")
    assert links["application/rss+xml"] == "../../history.rss"
    hrefs = [a.get("href") for a in doc(built / "status" / "index.html").cssselect("a")]
    assert "history/" in hrefs and "api/v2/summary.json" in hrefs


def test_the_status_pages_are_a_section_of_the_sites_navigation(built: Path) -> None:
    page = doc(built / "guide" / "index.html")
    primary = page.cssselect("nav.md-nav--primary")[0]
    titles = [" ".join(a.text_content().split()) for a in primary.cssselect("a.md-nav__link")]
    assert titles[:2] == ["Home", "Guide"]
    assert titles[-5:] == ["Status", "History", "Postmortems", "Reliability", "Subscribe"]
    labels = [" ".join(x.text_content().split()) for x in primary.cssselect("label.md-nav__link")]
    assert "Status" in labels


def test_feeds_and_api_give_addresses_under_the_path(built: Path) -> None:
    summary = json.loads((built / "status" / "api" / "v2" / "summary.json").read_text())
    assert summary["page"]["url"] == "https://docs.example.com/status"
    shortlinks = [i["shortlink"] for i in summary["incidents"]]
    assert "https://docs.example.com/status/incidents/a/" in shortlinks
    rss = etree.fromstring((built / "status" / "history.rss").read_bytes())
    assert rss.findtext("channel/link") == "https://docs.example.com/status/"
    items = [link.text for link in rss.iterfind("channel/item/link")]
    assert items and all(i.startswith("https://docs.example.com/status/incidents/") for i in items)
    atom = (built / "status" / "history.atom").read_text()
    assert 'href="https://docs.example.com/status/history.atom"' in atom
    subscribe = (built / "status" / "subscribe" / "index.html").read_text()
    assert "https://docs.example.com/status/embed.js" in subscribe
    assert "https://docs.example.com/status/history.rss" in subscribe
    assert "webcal://docs.example.com/status/maintenance.ics" in subscribe


def test_the_sites_own_pages_are_what_mkdocs_makes_of_them(built: Path, tmp_path: Path) -> None:
    """MkDocs alone, with the same navigation and a page of its own where each status
    page in it is, makes the site's two pages byte for byte as the build with the plugin."""
    config = TEAM.split("  - statuspress:")[0].replace(
        "  - Guide: guide.md\n", "  - Guide: guide.md\n" + STATUS_NAV
    )
    project = team_site(tmp_path, config)
    (project / "docs" / "status").mkdir()
    for name in ("index", "history", "postmortems", "reliability", "subscribe"):
        (project / "docs" / "status" / f"{name}.md").write_text("Placeholder.\n")
    done = mkdocs_build(project, tmp_path / "plain")
    assert done.returncode == 0, done.stderr
    for name in ("index.html", "guide/index.html"):
        assert (tmp_path / "plain" / name).read_bytes() == (built / name).read_bytes(), name


def test_the_sites_own_page_comparison_can_fail(built: Path, tmp_path: Path) -> None:
    """Without the section in the reference's navigation, the pages differ."""
    config = TEAM.split("  - statuspress:")[0]
    project = team_site(tmp_path, config)
    done = mkdocs_build(project, tmp_path / "plain")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plain" / "guide" / "index.html").read_bytes() != (
        built / "guide" / "index.html"
    ).read_bytes()


def test_plain_mkdocs_build_gives_the_same_status_pages(built: Path, tmp_path: Path) -> None:
    project = team_site(tmp_path)
    done = mkdocs_build(project, tmp_path / "plain")
    assert done.returncode == 0, done.stderr
    for name in (
        "index.html",
        "guide/index.html",
        "status/index.html",
        "status/incidents/a/index.html",
    ):
        assert (tmp_path / "plain" / name).read_bytes() == (built / name).read_bytes(), name


def test_a_site_without_a_navigation_gets_a_status_section(tmp_path: Path) -> None:
    project = team_site(
        tmp_path, TEAM.replace("nav:\n  - Home: index.md\n  - Guide: guide.md\n", "")
    )
    build(project, tmp_path / "site")
    page = doc(tmp_path / "site" / "index.html")
    titles = [
        " ".join(a.text_content().split())
        for a in page.cssselect("nav.md-nav--primary a.md-nav__link")
    ]
    assert titles[:2] == ["Team docs", "Guide"]
    assert titles[-5:] == ["Status", "History", "Postmortems", "Reliability", "Subscribe"]
    assert broken_links(tmp_path / "site") == []


def test_a_site_with_its_path_is_the_same_with_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = team_site(tmp_path / "project")
    frames = assert_same_site(project / "mkdocs.yml", tmp_path, monkeypatch)
    assert frames.filled >= 1
    assert frames.refused == 0


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "status",
            "expected a relative folder of letters, digits, '-', '_' and '.', ending with '/', "
            "found 'status' (did you mean 'status/'?)",
        ),
        ("/status/", "expected a relative folder (without a leading '/'), found '/status/'"),
        ("../status/", "expected a folder inside the site (without '..'), found '../status/'"),
        (
            "a b/",
            "expected a relative folder of letters, digits, '-', '_' and '.', ending with '/', "
            "found 'a b/'",
        ),
    ],
)
def test_a_path_that_is_not_a_relative_folder_is_an_error(
    tmp_path: Path, path: str, message: str
) -> None:
    project = team_site(tmp_path, TEAM.replace("path: status/", f"path: '{path}'"))
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert f"mkdocs.yml:11:7: type: plugins[1].statuspress.path: {message}\n" in result.output


def test_the_preview_starts_at_the_status_pages(tmp_path: Path) -> None:
    from statuspress.serve import Preview

    preview = Preview(team_site(tmp_path) / "mkdocs.yml", log=lambda _: None)
    try:
        assert preview.path == "status/"
    finally:
        preview.stop()


def test_the_local_time_script_is_on_the_status_pages_only(built: Path) -> None:
    """Under a path the script, like the stylesheet, is not the whole site's."""
    for name in ("index.html", "history/index.html", "components/api/index.html"):
        html = (built / "status" / name).read_text()
        assert html.count("assets/javascripts/localtime.") == 1, name
    assert "localtime." not in (built / "guide" / "index.html").read_text()
    assert list((built / "status" / "assets" / "javascripts").glob("localtime.*.js"))


def test_the_build_summary_counts_the_api_files_under_the_status_path(tmp_path: Path) -> None:
    project = team_site(tmp_path)
    config = str(project / "mkdocs.yml")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--now", SAMPLE_NOW, "-f", config, "-d", str(out)])
    assert result.exit_code == 0, result.output
    written = sum(1 for p in (out / "status" / "api").rglob("*") if p.is_file())
    assert written > 0
    assert f" feeds and {written} API files into " in result.output
