"""Adoption without the source: the wheel, installed into a new virtual environment
outside the repository, starts a status page with `statuspress init`, checks it, builds
it and upgrades it. The wheel is built and installed once per test session (pip may
fetch the dependencies from the package index, and keeps them in its cache)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from statuspress import __version__

from .conftest import REPO

URL = "https://status.acme.example/"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "generator")


def run(*args: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (no build/ folder of an earlier run)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source, cwd=source)
    (found,) = out.glob("statuspress-*.whl")
    return found


@pytest.fixture(scope="session")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment, outside the repository, with the wheel installed: its
    ``bin`` folder."""
    folder = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--without-pip", folder, cwd=folder)
    python = folder / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel, cwd=folder)
    return folder / "bin"


@pytest.fixture(scope="session")
def project(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `statuspress init` wrote into an empty folder."""
    folder = tmp_path_factory.mktemp("adopter") / "acme-status"
    folder.mkdir()
    options = ["--name", "Acme", "--url", URL, "--timezone", "Europe/Berlin"]
    run(venv / "statuspress", "init", *options, "--components", "api,web=Website", cwd=folder)
    return folder


def test_the_wheel_holds_the_package_as_statuspress_and_everything_a_site_needs(
    wheel: Path,
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {
        "statuspress",
        f"statuspress-{__version__}.dist-info",
    }
    assert not [n for n in names if n.startswith("generator/")]
    data = {n for n in names if not n.endswith(".py") and "dist-info" not in n}
    wanted = {
        f"statuspress/{p.relative_to(REPO / 'generator').as_posix()}"
        for folder in ("templates", "assets", "scaffold", "locale")
        for p in (REPO / "generator" / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "statuspress/scaffold/.gitignore" in wanted
    assert "statuspress/scaffold/.github/workflows/deploy.yml" in wanted
    assert "statuspress/locale/ja/LC_MESSAGES/statuspress.po" in wanted
    assert wanted | {"statuspress/lint_rules.yaml"} == data
    metadata = Parser().parsestr(
        zipfile.ZipFile(wheel).read(f"statuspress-{__version__}.dist-info/METADATA").decode()
    )
    required = metadata.get_all("Requires-Dist") or []
    # Nothing the tests alone need is installed with the package.
    for dependency in ("pytest", "playwright", "hypothesis", "lxml", "ruff", "mypy"):
        (line,) = [r for r in required if re.match(rf"{dependency}\b", r)]
        assert line.endswith('extra == "test"'), line
    assert metadata["License-Expression"] == "MIT"


def test_python_m_statuspress_prints_the_version(venv: Path, tmp_path: Path) -> None:
    done = run(venv / "python", "-m", "statuspress", "--version", cwd=tmp_path)
    assert done.stdout == f"statuspress, version {__version__}\n"
    found = run(venv / "python", "-c", "import generator", cwd=tmp_path, check=False)
    assert "No module named 'generator'" in found.stderr


def test_the_installed_wheel_speaks_german(venv: Path, tmp_path: Path) -> None:
    code = "from statuspress.i18n import language; print(language('de').gettext('Past incidents'))"
    done = run(venv / "python", "-c", code, cwd=tmp_path)
    assert done.stdout == "Vergangene Vorfälle\n"


def test_the_new_project_passes_a_strict_check(venv: Path, project: Path) -> None:
    done = run(venv / "statuspress", "check", "--strict", cwd=project)
    assert done.stderr == "1 file checked: 0 errors, 0 warnings\n"


def test_upgrade_moves_only_the_pinned_line(venv: Path, project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "acme-status"
    shutil.copytree(project, copy)
    workflow = copy / ".github/workflows/deploy.yml"
    before = workflow.read_text().splitlines(keepends=True)
    (number,) = [n for n, line in enumerate(before) if f"statuspress=={__version__}" in line]
    workflow.write_text(
        "".join(before).replace(f"statuspress=={__version__}", "statuspress==0.1.0")
    )
    files = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    done = run(venv / "statuspress", "init", "--upgrade", cwd=copy)
    assert done.stdout.splitlines()[0] == (
        f".github/workflows/deploy.yml:{number + 1}: statuspress==0.1.0 -> statuspress=={__version__}"
    )
    after = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert [p for p in after if after[p] != files[p]] == [workflow]
    changed = [
        (a, b)
        for a, b in zip(
            files[workflow].decode().splitlines(), workflow.read_text().splitlines(), strict=True
        )
        if a != b
    ]
    assert changed == [
        (
            "        run: pip install statuspress==0.1.0",
            f"        run: pip install statuspress=={__version__}",
        )
    ]


def other_hosts(site: Path, own: str) -> list[str]:
    """Every reference from a page or stylesheet to a host other than ``own``."""
    found = []
    for page in site.rglob("*.html"):
        doc = lxml_html.fromstring(page.read_bytes())
        for element in doc.iter():
            for attribute in ("href", "src", "srcset", "action", "poster", "data"):
                value = element.get(attribute)
                host = urlsplit(value.strip()).hostname if value else None
                if host and host != own:
                    found.append(f"{page.relative_to(site)}: {element.tag} {attribute}={value}")
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")\s]+)", sheet.read_text()):
            if urlsplit(url).hostname != own:
                found.append(f"{sheet.relative_to(site)}: url({url})")
    return found


def test_the_checker_of_other_hosts_finds_them(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link href="https://fonts.googleapis.com/css"><a href="https://status.acme.example/x">'
        '<img src="//cdn.example/x.png">'
    )
    (tmp_path / "a.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)}")
    assert other_hosts(tmp_path, "status.acme.example") == [
        "index.html: link href=https://fonts.googleapis.com/css",
        "index.html: img src=//cdn.example/x.png",
        "a.css: url(https://fonts.gstatic.com/x.woff2)",
    ]


def test_the_new_project_with_a_docs_folder_builds_a_site_that_requests_no_other_host(
    venv: Path, project: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "acme-status"
    shutil.copytree(project, copy)
    (copy / "docs").mkdir()  # a folder for the site's own pages, as MkDocs knows it
    run(venv / "statuspress", "build", "--strict", cwd=copy)
    site = copy / "site"
    assert (site / "history.rss").is_file() and (site / "history.atom").is_file()
    assert other_hosts(site, "status.acme.example") == []


def tab_links(page: Path) -> list[str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return [a.get("href") for a in doc.cssselect(".md-tabs a")]


def test_the_new_project_builds_a_complete_site_without_a_docs_folder(
    venv: Path, project: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "acme-status"
    shutil.copytree(project, copy)
    run(venv / "statuspress", "build", "--strict", cwd=copy)
    site = copy / "site"
    assert not (copy / "docs").exists()
    assert other_hosts(site, "status.acme.example") == []
    links = tab_links(site / "index.html")
    for tab in ("history/", "postmortems/", "reliability/", "subscribe/"):
        assert any(link.rstrip("/").endswith(tab.rstrip("/")) for link in links), (tab, links)
    doc = lxml_html.fromstring((site / "history" / "index.html").read_bytes())
    feeds = {e.get("type"): e.get("href") for e in doc.cssselect("link[rel=alternate]")}
    assert set(feeds) == {"application/rss+xml", "application/atom+xml"}
    assert feeds["application/rss+xml"].endswith("history.rss")
