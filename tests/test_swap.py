"""An incremental build stages its files beside the site and moves them in: it costs what
it writes, a failure before the moves leaves the site as it was, a build stopped during
the moves is followed by a full build, and the record of the folder needs no second walk."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.corpus import write as write_corpus
from statuspress import engine, write
from statuspress.build import BuildState
from statuspress.build import build as run_build
from statuspress.cli import cli
from statuspress.errors import BuildError
from statuspress.incremental import snapshot
from statuspress.write import JOURNAL, move_into, site_version

from .conftest import REPO, assert_same_files, at, tree

NOW = "2026-11-28T12:00:00Z"


def build(project: Path, *options: str, site: str = "site") -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--now",
            NOW,
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / site),
            *options,
        ],
    )
    return result.exit_code, result.output


def rebuilt(output: str) -> int | None:
    found = re.search(r"pages \((\d+) rebuilt\)", output)
    return int(found.group(1)) if found else None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("swap") / "corpus"
    write_corpus(project, 60, 6, 5)
    return project


@pytest.fixture
def project(corpus: Path) -> Path:
    """The corpus, built with the cache, so that the next build is incremental."""
    code, output = build(corpus)
    assert code == 0, output
    if rebuilt(output) is None:
        code, output = build(corpus)
        assert rebuilt(output) is not None, output
    return corpus


def incident(project: Path, index: int) -> Path:
    return sorted((project / "incidents").glob("*/*incident-*[0-9].md"))[index]


def edit_title(path: Path, words: str) -> None:
    text = path.read_text()
    path.write_text(text.replace("title: ", f"title: {words} ", 1))


def assert_same_as_full_build(project: Path) -> None:
    code, output = build(project, "--no-cache", site="full")
    assert code == 0, output
    assert_same_files(project / "site", project / "full")


def test_an_incremental_build_leaves_no_journal_nor_staging_folder(project: Path) -> None:
    edit_title(incident(project, 3), "Staged")
    code, output = build(project)
    assert code == 0 and rebuilt(output) is not None, output
    assert not (project / "site" / JOURNAL).exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".statuspress-b")] == []
    assert_same_as_full_build(project)


def test_the_record_after_an_incremental_build_is_the_folder_as_walked(project: Path) -> None:
    edit_title(incident(project, 4), "Recorded")
    state = BuildState()
    config = project / "mkdocs.yml"
    result = run_build(config, at(NOW), engine, state, site_dir=project / "site", cache=True)
    assert result.rebuilt is not None
    assert state.files == snapshot(project / "site")


def moves_that_stop(site: Path, after: int, how: str) -> str:
    """A build whose moves into ``site`` stop after ``after`` files: by an error, or killed."""
    stop = "raise OSError(5, 'stopped')" if how == "error" else "os.kill(os.getpid(), 9)"
    return (
        "import os, sys\n"
        "from statuspress.cli import cli\n"
        "real, count = os.replace, [0]\n"
        "def replace(source, target, **options):\n"
        f"    if os.path.dirname(str(target)).startswith({str(site)!r}):\n"
        f"        if count[0] == {after}:\n"
        f"            {stop}\n"
        "        count[0] += 1\n"
        "    real(source, target, **options)\n"
        "os.replace = replace\n"
        "cli(sys.argv[1:])\n"
    )


@pytest.mark.parametrize("how", ["error", "kill"])
def test_a_build_stopped_during_the_moves_is_followed_by_a_full_build(
    project: Path, how: str
) -> None:
    # A postmortem's incident: its page, its postmortem's, the nav pages and the search index.
    covered = sorted((project / "incidents").glob("*/*-postmortem.md"))[0]
    ident = re.search(r"incidents: \[([\w-]+)", covered.read_text())
    assert ident is not None
    path = next((project / "incidents").glob(f"*/{ident.group(1)}.md"))
    edit_title(path, f"Stopped {how}")
    before = tree(project / "site")
    args = ["build", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    args += ["-d", str(project / "site")]
    done = subprocess.run(
        [sys.executable, "-c", moves_that_stop(project / "site", 3, how), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == (1 if how == "error" else -9), done.stderr
    half = tree(project / "site")
    assert JOURNAL in half
    changed = [name for name in before if half.get(name) != before[name]]
    assert 0 < len(changed) <= 3, changed
    code, output = build(project)
    assert code == 0, output
    assert rebuilt(output) is None
    assert not (project / "site" / JOURNAL).exists()
    assert_same_as_full_build(project)


def test_moves_wait_for_another_builds_lock_and_refuse_a_changed_site(tmp_path: Path) -> None:
    site, staged = tmp_path / "site", tmp_path / "staged"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("old")
    (staged / "a").mkdir(parents=True)
    (staged / "a" / "index.html").write_text("new")
    version = site_version(site)
    (site / "CNAME").write_text("status.example")  # another build's moves, or a hand
    with pytest.raises(BuildError, match="another build changed the site while this one ran"):
        move_into(staged, site, version)
    assert (site / "a" / "index.html").read_text() == "old"
    move_into(staged, site, site_version(site))
    assert (site / "a" / "index.html").read_text() == "new"
    assert sorted(p.name for p in site.iterdir()) == ["CNAME", "a"]


def test_a_journal_left_in_the_site_stops_the_moves(tmp_path: Path) -> None:
    site, staged = tmp_path / "site", tmp_path / "staged"
    site.mkdir()
    staged.mkdir()
    (staged / "index.html").write_text("new")
    (site / JOURNAL).write_text("left by a killed build")
    with pytest.raises(BuildError, match=re.escape(f"{site / JOURNAL}: a build stopped")):
        move_into(staged, site, site_version(site))
    assert not (site / "index.html").exists()
    assert write.JOURNAL == JOURNAL
