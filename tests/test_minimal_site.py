"""A site with nothing but a minimal ``mkdocs.yml`` builds complete: no ``docs/`` folder,
no ``site_templates/``, yet tabs, feed autodiscovery, search and no web fonts."""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from statuspress.cli import cli
from statuspress.serve import Preview

from .checks.engine import ENGINE_COMMAND
from .conftest import INCIDENT, SAMPLE_NOW, tree

MINIMAL = """\
site_name: Example
site_url: https://status.example.com/
theme: material
plugins:
  - statuspress:
      components:
        - id: api
          name: API
        - id: web
          name: Website
"""

TABS = ["Status", "History", "Postmortems", "Reliability", "Subscribe"]


def minimal_project(root: Path, config: str = MINIMAL) -> Path:
    """A project of ``mkdocs.yml`` and one incident, nothing else."""
    project = root / "project"
    (project / "incidents").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    (project / "incidents" / "a.md").write_text(INCIDENT.format(title="Slow logins"))
    return project


def build(project: Path, out: Path) -> str:
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(cli, ["build", "--now", SAMPLE_NOW, "-f", config, "-d", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Plain ``mkdocs build``, as the engine's own command."""
    epoch = str(int(datetime.fromisoformat(SAMPLE_NOW).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*ENGINE_COMMAND, "build", "-q", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def doc(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def tabs(site: Path, page: str = "") -> list[tuple[str, str]]:
    """Title and resolved address of each header tab of ``page``."""
    base = f"https://h/{page}"
    return [
        (a.text_content().strip(), urlsplit(urljoin(base, a.get("href"))).path)
        for a in doc(site / page / "index.html").cssselect(".md-tabs__link")
    ]


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def broken_links(site: Path, root: str = "/") -> list[str]:
    """Every ``href`` and ``src`` of every page of ``site`` (served at ``root``) that
    leads to no file of it."""
    broken = []
    for path in html_pages(site):
        name = path.relative_to(site).as_posix()
        base = f"https://h{root}{name}"
        for element in doc(path).iter():
            for attr in ("href", "src"):
                link = element.get(attr)
                if link is None or EXTERNAL.match(link) or link.startswith("#"):
                    continue
                target = unquote(urlsplit(urljoin(base, link)).path)
                if not target.startswith(root):
                    broken.append(f"{name}: {link} (outside the site)")
                    continue
                file = site / target[len(root) :]
                if target.endswith("/") or file.is_dir():
                    file = file / "index.html"
                if not file.is_file():
                    broken.append(f"{name}: {link}")
    return broken


def feed_links(path: Path) -> dict[str, str]:
    return {e.get("type"): e.get("href") for e in doc(path).cssselect("head link[rel=alternate]")}


def assert_complete(site: Path) -> None:
    """Tabs reach every part, every page advertises the feeds, search works, and no page
    asks another host for anything."""
    assert tabs(site) == [
        ("Status", "/"),
        ("History", "/history/"),
        ("Postmortems", "/postmortems/"),
        ("Reliability", "/reliability/"),
        ("Subscribe", "/subscribe/"),
    ]
    assert tabs(site, "incidents/a")[1] == ("History", "/history/")
    pages = html_pages(site)
    assert len(pages) >= 8
    for path in pages:
        if path.name == "embed.html":  # the widget's demonstration, outside the theme
            continue
        links = feed_links(path)
        assert sorted(links) == ["application/atom+xml", "application/rss+xml"], path
        depth = "/" if path.name == "404.html" else "../" * (len(path.relative_to(site).parts) - 1)
        assert links["application/rss+xml"] == f"{depth}history.rss", path
        assert len(doc(path).cssselect("link[rel=alternate]")) == 2, path
    assert broken_links(site) == []
    index = (site / "search" / "search_index.json").read_text()
    assert '"location":"subscribe/"' in index.replace(" ", "")
    assert doc(site / "index.html").cssselect("form.md-search__form")
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".css", ".js", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "fonts.googleapis.com" not in text, path
            assert "fonts.gstatic.com" not in text, path
    for path in pages:
        for element in doc(path).cssselect("script[src], link[href], img[src], iframe[src]"):
            url = element.get("src") or element.get("href")
            if element.tag == "link" and element.get("rel") == "canonical":
                continue
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I), f"{path}: {url}"


def own_files(project: Path) -> dict[str, bytes]:
    """The project's files but the build cache (which says nothing belongs in git)."""
    return {k: v for k, v in tree(project).items() if not k.startswith(".statuspress-cache/")}


def test_a_minimal_site_builds_complete_without_a_docs_folder(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    before = own_files(project)
    build(project, tmp_path / "site")
    assert own_files(project) == before  # no docs/ folder, nothing else made in the project
    assert not (project / "docs").exists()
    assert_complete(tmp_path / "site")


def test_a_minimal_site_builds_complete_in_the_preview(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    preview = Preview(project / "mkdocs.yml", log=lambda line: None)
    try:
        assert preview.rebuild()
        assert_complete(preview.site)
    finally:
        preview.stop()
    assert not (project / "docs").exists()


def test_mkdocs_build_of_a_minimal_site_is_complete_once_docs_exists(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    # MkDocs checks docs_dir before any plugin runs: only its own build needs the folder.
    failed = mkdocs_build(project, tmp_path / "nodocs")
    assert failed.returncode != 0 and "docs_dir" in failed.stderr
    (project / "docs").mkdir()
    done = mkdocs_build(project, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert_complete(tmp_path / "site")


def test_the_checker_of_a_complete_site_can_fail(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    build(project, tmp_path / "site")
    site = tmp_path / "site"
    history = site / "history" / "index.html"
    text = history.read_text()
    history.write_text(text.replace('href="../history.rss"', 'href="../history.xml"', 1))
    assert broken_links(site) == ["history/index.html: ../history.xml"]
    with pytest.raises(AssertionError):
        assert_complete(site)
    history.write_text(
        text.replace("</head>", '<link rel="stylesheet" href="//cdn.example/x.css"></head>')
    )
    with pytest.raises(AssertionError):
        assert_complete(site)


def test_a_site_that_sets_its_own_features_keeps_them(tmp_path: Path) -> None:
    config = MINIMAL.replace(
        "theme: material\n", "theme:\n  name: material\n  features: [navigation.top]\n"
    )
    project = minimal_project(tmp_path, config)
    build(project, tmp_path / "site")
    assert tabs(tmp_path / "site") == []
    assert "fonts.googleapis.com" not in (tmp_path / "site" / "index.html").read_text()


def test_a_site_with_other_plugins_gets_no_search_added(tmp_path: Path) -> None:
    config = MINIMAL.replace("plugins:\n", "plugins:\n  - tags\n")
    project = minimal_project(tmp_path, config)
    build(project, tmp_path / "site")
    assert not (tmp_path / "site" / "search").exists()


def test_a_font_set_explicitly_is_a_warning_with_its_line(tmp_path: Path) -> None:
    config = MINIMAL.replace(
        "theme: material\n", "theme:\n  name: material\n  font:\n    text: Inter\n"
    )
    project = minimal_project(tmp_path, config)
    result = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert (
        "mkdocs.yml:5:3: warning: web-font: theme.font: the theme loads this font from fonts.googleapis.com: every "
        "page makes a request to another host (set 'font: false' to use the reader's own fonts)"
    ) in result.output
    project = minimal_project(
        tmp_path / "off", MINIMAL.replace("material\n", "{name: material, font: false}\n")
    )
    result = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_a_theme_that_loads_highlightjs_from_a_cdn_is_a_warning(tmp_path: Path, theme: str) -> None:
    project = minimal_project(tmp_path, MINIMAL.replace("theme: material\n", f"theme: {theme}\n"))
    result = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert (
        f"mkdocs.yml:3:1: warning: other-host: theme: the '{theme}' theme loads highlight.js from "
        "cdnjs.cloudflare.com: every page makes a request to another host (set "
        "'highlightjs: false' under theme, or use 'material')"
    ) in result.output
    quiet = MINIMAL.replace("theme: material\n", f"theme: {{name: {theme}, highlightjs: false}}\n")
    project = minimal_project(tmp_path / "off", quiet)
    result = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output


def test_a_docs_dir_named_but_missing_is_an_error_with_its_line(tmp_path: Path) -> None:
    project = minimal_project(
        tmp_path, "site_name: Example\ndocs_dir: pages\n" + MINIMAL.split("\n", 1)[1]
    )
    result = CliRunner().invoke(
        cli, ["build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: mkdocs.yml:2: docs_dir: expected an existing folder, found 'pages' "
        "(leave docs_dir out to build without one)"
    )
    assert not (project / "pages").exists()


def test_the_sites_own_pages_stay_in_the_default_navigation(tmp_path: Path) -> None:
    project = minimal_project(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / "about.md").write_text("# About us\n\nWho runs this.\n")
    build(project, tmp_path / "site")
    assert [title for title, _ in tabs(tmp_path / "site")] == [*TABS, "About us"]
    assert_complete_links = broken_links(tmp_path / "site")
    assert assert_complete_links == []
    assert feed_links(tmp_path / "site" / "about" / "index.html") == {
        "application/rss+xml": "../history.rss",
        "application/atom+xml": "../history.atom",
    }


@pytest.mark.parametrize("own_feeds", [False, True])
def test_feed_links_come_with_a_template_override_of_the_sites_own(
    tmp_path: Path, own_feeds: bool
) -> None:
    config = MINIMAL.replace("theme: material\n", "theme:\n  name: material\n  custom_dir: over\n")
    project = minimal_project(tmp_path, config)
    (project / "over").mkdir()
    extra = (
        '<link rel="alternate" type="application/rss+xml" href="/mine.rss">' if own_feeds else ""
    )
    (project / "over" / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}<meta name="x-own" content="1">'
        + extra
        + "{% endblock %}"
    )
    build(project, tmp_path / "site")
    for name in ("index.html", "incidents/a/index.html", "history/index.html"):
        page = doc(tmp_path / "site" / name)
        assert page.cssselect('meta[name="x-own"]')
        found = [e.get("href") for e in page.cssselect("link[rel=alternate]")]
        if own_feeds:
            assert found == ["/mine.rss"]
        else:
            assert len(found) == 2 and found[0].endswith("history.rss")
