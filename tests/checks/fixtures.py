"""Fixtures of the checks that drive outside tools; loaded by ``tests/conftest.py``."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from ..conftest import REPO, SAMPLE_NOW
from .browser import launch
from .server import Site, serve
from .tools import missing, need_chromium, need_program

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BROKEN_MARKUP = """\
<img src="uptime-chart.png" width="200" height="40">
<ul class="sp-broken"><div>A list item that is not in an li element</div></ul>
"""
"""An image without alt text and a div directly inside a list: vnu and axe must object."""


@pytest.fixture(scope="session")
def served_site(sample_site: Path) -> Iterator[Site]:
    """The sample site served on 127.0.0.1 with gzip, as a static host serves it."""
    with serve(sample_site) as site:
        yield site


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once per test module."""
    need_chromium()
    try:
        from playwright import sync_api
    except ImportError:
        missing("Playwright is not installed; install it with: pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def java() -> str:
    """The machine's Java runtime, for the Nu Html Checker."""
    return need_program(
        "java", "apt-get install -y --no-install-recommends openjdk-17-jre-headless"
    )


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with :data:`BROKEN_MARKUP` on its status page, to prove checks can fail.

    The markup comes in through the documented override: a ``status.html`` in the
    project's ``site_templates/``.
    """
    project = tmp_path_factory.mktemp("broken") / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "incidents", project / "incidents")
    shutil.copytree(REPO / "site_templates", project / "site_templates")
    template = (REPO / "generator" / "templates" / "status.html").read_text(encoding="utf-8")
    heading = '<h1>{{ _("%(name)s status", name=site_name) }}</h1>\n'
    assert heading in template
    broken = template.replace(heading, heading + BROKEN_MARKUP)
    (project / "site_templates" / "status.html").write_text(broken, encoding="utf-8")
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", SAMPLE_NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert 'class="sp-broken"' in (out / "index.html").read_text(encoding="utf-8")
    return out


class _Figures:
    """Prints the recorded figures in pytest's closing summary, so CI logs show them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.lines:
            terminalreporter.section("Statuspress figures")
            for line in self.lines:
                terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def figures(pytestconfig: pytest.Config) -> Callable[[str], None]:
    """Record one line (a page weight, a score) for the closing summary, and print it."""
    reporter = _Figures()
    pytestconfig.pluginmanager.register(reporter, "statuspress-figures")

    def record(line: str) -> None:
        reporter.lines.append(line)
        print(line)

    return record
