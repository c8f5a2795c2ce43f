"""Shared fixtures: a factory for small sites, and the sample site built once."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.fields import parse_timestamp
from statuspress.model import Site
from statuspress.pipeline import load_site

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOW = "2026-11-28T12:00:00Z"

SMALL_CONFIG = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - statuspress:
      time_zone: {time_zone}
      uptime_days: {uptime_days}
      components:
        - id: api
          name: API
          group: Platform
        - id: web
          name: Website
        - id: db
          name: Database
          group: Platform
          start_date: 2026-11-20
"""


INCIDENT = """\
---
title: {title}
severity: SEV-3
components: {{api: partial_outage}}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some requests fail; we are looking into it.
---
"""
"""A small open incident for :data:`SMALL_CONFIG` sites, with ``{title}`` to fill in."""

CARD_INCIDENT = """\
---
title: Card payments failing
components: {api: partial_outage}
started: 2026-12-04T13:00:00Z
updates:
  - at: 2026-12-04T13:05:00Z
    status: investigating
    message: Card payments fail for some customers. Next update by 14:00 UTC.
---
"""
"""An open incident whose update promises the next one, for the authoring commands' tests."""


MakeSite = Callable[..., Path]


NOTIFIED_INCIDENT = """\
---
title: API errors
severity: SEV-2
components: {api: major_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: We are investigating.
---
"""
"""The open incident of the notify tests, committed before its second update."""


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: its exit code, standard output and standard error."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def git(project: Path, *args: str) -> str:
    """Run git in ``project`` with a fixed author; its standard output."""
    result = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def notified_repo(make_site: MakeSite, update: str) -> Path:
    """A git repository of :data:`NOTIFIED_INCIDENT`, committed, then ``update`` appended
    to it in a second commit: the one new update a notify run finds."""
    project = make_site({"api-errors.md": NOTIFIED_INCIDENT})
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "open incident")
    path = project / "incidents" / "api-errors.md"
    investigating = "    message: We are investigating.\n"
    path.write_text(NOTIFIED_INCIDENT.replace(investigating, investigating + update))
    git(project, "commit", "-qam", "identified")
    return project


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_same_files(ours: Path, theirs: Path) -> None:
    """The two folders hold the same files, byte for byte."""
    mine, other = tree(ours), tree(theirs)
    assert sorted(mine) == sorted(other)
    assert [name for name in mine if mine[name] != other[name]] == []


def at(text: str) -> datetime:
    moment = parse_timestamp(text, ZoneInfo("UTC"))
    assert moment is not None
    return moment


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write a small project: ``mkdocs.yml`` and content files from dedented strings."""

    def make(
        files: dict[str, str] | None = None,
        *,
        time_zone: str = "UTC",
        uptime_days: int = 90,
        config: str | None = None,
    ) -> Path:
        project = tmp_path / "project"
        (project / "pages").mkdir(parents=True, exist_ok=True)
        (project / "incidents").mkdir(exist_ok=True)
        text = (
            config
            if config is not None
            else SMALL_CONFIG.format(time_zone=time_zone, uptime_days=uptime_days)
        )
        (project / "mkdocs.yml").write_text(textwrap.dedent(text), encoding="utf-8")
        for name, content in (files or {}).items():
            path = project / "incidents" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return project

    return make


@pytest.fixture
def load(make_site: MakeSite) -> Callable[..., Site]:
    """Make a small site and load it at ``now``; fail the test on content errors."""

    def run(files: dict[str, str], now: str, **options: object) -> Site:
        project = make_site(files, **options)
        site, problems = load_site(project / "mkdocs.yml", at(now))
        assert site is not None, [str(p) for p in problems]
        return site

    return run


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built once at the fixed reference time."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = CliRunner().invoke(
        cli,
        ["build", "--now", SAMPLE_NOW, "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """In CI a skipped test proves nothing, nor one expected to fail: turn every skip,
    xfail and unexpected pass of an xfail into a failure."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and (report.skipped or hasattr(report, "wasxfail")):
        report.outcome = "failed"
        report.longrepr = f"skipped or xfail in CI, which must not happen: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    """The same for a module that skips itself whole (``pytest.skip`` at module level,
    ``pytest.importorskip``): in CI it is a collection error."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"module skipped in CI, which must not happen: {report.longrepr}"


# Fixtures of the checks that drive outside tools (a browser, validators, a local server).
pytest_plugins = ["tests.checks.fixtures"]
