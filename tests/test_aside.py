"""The status pages made in a forked process while a rebuild makes the rest
(``generator.render.aside``): the same outputs as made here, the memos filled as if they
had been, and a bad cache entry found there still making the build a full one."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import build as driver
from statuspress import render
from statuspress.buildcache import FILE, FOLDER
from statuspress.memo import Memo
from statuspress.pipeline import load_site
from statuspress.render import Outputs, Renderers, render_site
from statuspress.snapshot import Snapshot

from .conftest import assert_same_files

NOW = "2026-11-28T12:00:00Z"


def _seen(outputs: Outputs) -> tuple[list[tuple[Any, ...]], dict[str, bytes]]:
    """Everything a build reads of ``outputs``: each page's fields, record and content."""
    pages = [
        (p.url, p.title, p.description, p.in_search, p.in_nav, p.key, p.record, p.html)
        for p in outputs.pages
    ]
    return pages, outputs.files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("aside")
    write_corpus(project, 60, 6, 4)
    return project


def _render(
    project: Path, renderers: Renderers, aside: Any = None, uptimes: Memo[Any, Any] | None = None
) -> Outputs:
    site, _ = load_site(project / "mkdocs.yml", datetime(2026, 11, 28, 12, tzinfo=UTC))
    assert site is not None
    templates = [project / "site_templates"]
    return render_site(site, templates, None, renderers, Snapshot(site, uptimes), aside)


@pytest.mark.parametrize("usable", [True, False], ids=["used", "made-here"])
def test_the_status_pages_made_aside_are_those_made_here(corpus: Path, usable: bool) -> None:
    here = _render(corpus, Renderers())
    renderers = Renderers()
    _render(corpus, renderers)  # the memos as a build leaves them for the next
    aside = _render(corpus, renderers, lambda: usable)
    assert _seen(aside) == _seen(here)


def test_what_the_forked_process_made_is_in_the_memos_here(corpus: Path) -> None:
    """The memos hold what the pages made aside asked for, with its values, as if they
    had been made here: the build cache keeps it for the next build."""
    here, aside = Renderers(), Renderers()
    here_uptimes: Memo[Any, Any] = Memo()
    aside_uptimes: Memo[Any, Any] = Memo()
    for outputs in (
        _render(corpus, here, uptimes=here_uptimes),
        _render(corpus, aside, lambda: True, aside_uptimes),
    ):
        for page in outputs.pages:  # as the engine asks for each in a full build
            assert page.html
    assert aside.pages.used() == here.pages.used() and len(here.pages.used()) > 60
    assert aside.uses.used() == here.uses.used()
    assert aside.prose.memo.used() == here.prose.memo.used()
    assert aside_uptimes.used() == here_uptimes.used() and here_uptimes.used()


def test_a_page_whose_memo_entry_is_gone_is_made_here(corpus: Path) -> None:
    """A page made aside whose key was known is read from the pages memo when asked for;
    when the entry is not there, the status pages are made here for it."""
    renderers = Renderers()
    _render(corpus, renderers)
    outputs = _render(corpus, renderers, lambda: True)
    known = [p for p in outputs.pages if p.key is not None and "html" not in p.__dict__]
    assert known  # their content was left to the memo
    renderers.pages._known.clear()  # as if each entry proved bad
    here = _render(corpus, Renderers())
    by_url = {p.url: p.html for p in here.pages}
    assert all(page.html == by_url[page.url] for page in known)


def test_work_aside_that_fails_is_made_here(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("the forked process failed")

    monkeypatch.setattr(render, "made_aside", broken)  # what the fork runs
    renderers = Renderers()
    outputs = _render(corpus, renderers, lambda: True)
    assert _seen(outputs) == _seen(_render(corpus, Renderers()))


# The command, at the size where it makes them aside ------------------------------------


PROBE = """
import sys
import statuspress.render as render
taken = render.taken
def probe(made, *args):
    print("status pages:", "made aside" if made is not None else "made here", file=sys.stderr)
    return taken(made, *args)
render.taken = probe
"""
"""Run first in the command's process: says whether the status pages came from the
forked process (the call is made only when one was forked)."""


def _command(project: Path, *options: str, probe: bool = False) -> str:
    command = ["build", "--now", NOW, "-f", str(project / "mkdocs.yml"), *options]
    code = (PROBE if probe else "") + "import sys\nfrom statuspress.cli import main\n"
    code += f"sys.argv = ['statuspress', *{command!r}]\nmain()\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def _rows(project: Path) -> set[bytes]:
    with sqlite3.connect(project / FOLDER / FILE) as db:
        return {key for (key,) in db.execute("SELECT key FROM entry WHERE kind = 'pages'")}


def _rebuilt(output: str) -> int | None:
    import re

    found = re.search(r"pages \((\d+) rebuilt\)", output)
    return int(found.group(1)) if found else None


def test_the_command_makes_them_aside_and_writes_the_full_site(tmp_path: Path) -> None:
    write_corpus(tmp_path, driver.ASIDE, 20, 6)
    _command(tmp_path)
    _command(tmp_path)  # files written just before the first build are read again here
    before = _rows(tmp_path)
    incidents = sorted((tmp_path / "incidents").rglob("*incident-*[0-9].md"))
    incident = incidents[400]
    incident.write_text(incident.read_text().replace("title: ", "title: Edited ", 1))
    output = _command(tmp_path, probe=True)
    assert "status pages: made aside" in output and _rebuilt(output) is not None
    _command(tmp_path, "--no-cache", "-d", str(tmp_path / "full"))
    assert_same_files(tmp_path / "site", tmp_path / "full")
    # The pages made aside are in the cache (the incident's page, its month of the
    # history, its components' pages), and nothing changed since: only the five pages
    # in the navigation are wrapped again.
    assert len(_rows(tmp_path) - before) >= 3
    assert _rebuilt(_command(tmp_path)) == 5
    # Cache entries that prove bad in the forked process alone (the months of the
    # history, which only the history page reads, and it is made there): said once, as
    # when this process finds them, and the site is still the full build's.
    with sqlite3.connect(tmp_path / FOLDER / FILE) as db:
        changed = db.execute(
            "UPDATE entry SET value = CAST(CAST(value AS TEXT) || ' ' AS BLOB) "
            "WHERE kind = 'pages' AND CAST(value AS TEXT) LIKE '<section aria-labelledby=%'"
        ).rowcount
    assert changed > 5
    incident.write_text(incident.read_text().replace("title: Edited ", "title: Again ", 1))
    output = _command(tmp_path)
    assert output.count("digest does not match") == 1, output
    _command(tmp_path, "--no-cache", "-d", str(tmp_path / "full"))
    assert_same_files(tmp_path / "site", tmp_path / "full")
    assert "digest does not match" not in _command(tmp_path)  # the cache was written anew


def test_after_many_edits_the_command_makes_them_here(tmp_path: Path) -> None:
    """More than ``build.FEW`` files read again: the build holds more, a forked process
    would copy more of it, and the status pages are made here."""
    write_corpus(tmp_path, driver.ASIDE, 20, 6)
    _command(tmp_path)
    _command(tmp_path)
    for incident in sorted((tmp_path / "incidents").rglob("*incident-*[0-9].md"))[: driver.FEW + 1]:
        incident.write_text(incident.read_text().replace("title: ", "title: Edited ", 1))
    output = _command(tmp_path, probe=True)
    assert "status pages:" not in output and _rebuilt(output) is not None
    _command(tmp_path, "--no-cache", "-d", str(tmp_path / "full"))
    assert_same_files(tmp_path / "site", tmp_path / "full")
