"""Nothing left behind: commands leave no file in the content, nor a stray build folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress import edit, ignore, write
from statuspress.cli import cli

from .conftest import INCIDENT, REPO, MakeSite

NOW = "2026-11-28T12:00:00Z"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/checkout.md": INCIDENT.format(title="Checkout")})
    monkeypatch.chdir(root)
    return root


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_authoring_commands_leave_no_file_in_the_content_folder(project: Path) -> None:
    code, _, _ = run("update", "checkout", "-s", "identified", "-m", "Found it.", "--now", NOW)
    assert code == 0
    code, _, _ = run("new", "incident", "Login slow", "-m", "Looking.", "--now", NOW)
    assert code == 0
    assert files_under(project / "incidents") == [
        "2026/2026-11-28-login-slow.md",
        "2026/checkout.md",
    ]


def test_the_edit_lock_is_git_ignored_and_serialises_commands(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit, "LOCK_WAIT", 0.2)
    with edit.locked(project):
        code, _, err = run("resolve", "checkout", "-m", "Fixed.", "--now", NOW)
    assert (code, err) == (
        1,
        "Error: another statuspress command is editing the content; try again\n",
    )
    lock = project / ignore.CACHE_FOLDER / edit.LOCK_NAME
    assert lock.is_file()
    assert ignored(project, lock)


def ignored(project: Path, path: Path) -> bool:
    """Whether git, with the repository's own .gitignore, ignores ``path``."""
    if not (project / ".git").exists():
        shutil.copy(REPO / ".gitignore", project / ".gitignore")
        subprocess.run(["git", "init", "-q", str(project)], check=True)
    check = subprocess.run(
        ["git", "-C", str(project), "check-ignore", "-q", str(path.relative_to(project))],
        check=False,
    )
    return check.returncode == 0


def test_the_repository_gitignore_has_every_line_statuspress_needs() -> None:
    lines = (REPO / ".gitignore").read_text().splitlines()
    assert [line for line in ignore.GIT_IGNORED if line not in lines] == []


def test_the_cache_folder_is_the_one_the_build_cache_uses() -> None:
    from statuspress import buildcache

    assert buildcache.FOLDER == ignore.CACHE_FOLDER


def killed_build(project: Path) -> Path:
    """The folder a build leaves when it is killed while writing the site."""
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from statuspress.write import temporary_site\n"
        "with temporary_site(Path(sys.argv[1])) as built:\n"
        "    (built / 'index.html').write_text('half')\n"
        "    print(built, flush=True)\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project / "site")],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == -9
    return Path(done.stdout.strip())


def build(project: Path) -> int:
    code, _, _ = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    return code


def test_a_killed_builds_folder_is_ignored_and_the_next_build_removes_it(project: Path) -> None:
    left = killed_build(project)
    assert left.parent == project
    assert (left / "index.html").read_text() == "half"
    assert ignored(project, left / "index.html")
    assert build(project) == 0
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [
        ".git",
        ".gitignore",
        ".statuspress-cache",
    ]
    assert (project / "site" / "index.html").is_file()


def test_a_build_folder_left_by_an_earlier_version_is_removed(project: Path) -> None:
    # Earlier versions named the folder after the site folder and never locked it.
    left = project / ".site-build-k1ll3d_0"
    left.mkdir()
    (left / "index.html").write_text("half")
    hour_ago = time.time() - 3600
    os.utime(left, (hour_ago, hour_ago))
    assert build(project) == 0
    assert not left.exists()
    assert (project / "site" / "index.html").is_file()


def test_a_running_builds_folder_is_left_alone(project: Path) -> None:
    with write.temporary_site(project / "site") as running:
        (running / "index.html").write_text("being written")
        assert build(project) == 0
        assert (running / "index.html").read_text() == "being written"
    assert not running.exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".statuspress-b")] == []


def test_a_fresh_folder_named_like_an_earlier_versions_is_left_alone(project: Path) -> None:
    # An earlier version's build may be running: its folder is removed only once it is old.
    running = project / ".site-build-runn1ng0"
    running.mkdir()
    assert build(project) == 0
    assert running.is_dir()


def test_where_folders_cannot_be_locked_builds_work_and_remove_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import fcntl

    def refuse(handle: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    left = tmp_path / ".statuspress-build-maybe0ne"
    left.mkdir()
    monkeypatch.setattr(fcntl, "flock", refuse)
    with write.temporary_site(tmp_path / "site") as built:
        (built / "index.html").write_text("new")
        write.swap_into_place(built, tmp_path / "site")
    # Nothing tells a killed build's folder from a running one's: it stays.
    assert sorted(p.name for p in tmp_path.iterdir()) == [left.name, "site"]
    assert (tmp_path / "site" / "index.html").read_text() == "new"


def test_an_old_site_left_by_a_killed_swap_is_removed(tmp_path: Path) -> None:
    old = tmp_path / ".statuspress-old-abcdefgh"
    old.mkdir()
    (old / "index.html").write_text("old")
    assert write.remove_left_behind(tmp_path, "site") == [old]
    assert list(tmp_path.iterdir()) == []
