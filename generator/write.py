"""The only code that decides where outputs land and puts a finished site in place.

Outputs are checked before anything is written: two outputs for one path, or a
path that would land outside the output folder, stop the build. A full build is
made in a temporary folder beside the target and swapped in only when it has
succeeded, so a failed build never leaves a half-written site. An incremental
build writes its new files into such a folder too (it stages them), and only once
every one is made and checked moves each over its namesake in the site: a build
that fails before the moves leaves the site as it was, and one stopped during the
moves leaves a mark that makes the next build a full one (see :func:`move_into`).
A moved file is a new file, so no file of the site is ever written into.

A build holds a lock on each of its temporary folders while it runs. A folder that
nobody holds is what a killed build left behind, and the next build removes it. A
build holds the site folder's lock while it swaps the site or moves files into it,
so two builds never change one site at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from .errors import BuildError
from .ignore import BUILD_PREFIX, OLD_PREFIX

EARLIER_VERSION_AGE = 3600.0
"""Seconds after which a folder named as earlier versions named theirs (which they never
locked) is taken as left behind: no build runs that long."""


class OutputError(Exception):
    """Two outputs claim one path, or an output would land outside the site."""


def check_paths(paths: Iterable[str]) -> None:
    """Refuse duplicate paths and any path that is absolute or climbs out with ``..``."""
    seen: set[str] = set()
    for path in paths:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path or not path:
            raise OutputError(f"refusing to write '{path}': it is outside the site folder")
        key = pure.as_posix().lower()
        if key in seen:
            raise OutputError(f"two outputs would be written to '{path}'")
        seen.add(key)


@contextlib.contextmanager
def temporary_site(target: Path) -> Iterator[Path]:
    """A new empty folder beside ``target``, on the same file system, for one build.

    The folder is held while the context lasts and removed at its end, unless it was
    swapped into place. Folders that killed builds left beside ``target`` are removed
    first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_left_behind(target.parent, target.name)
    while True:
        folder = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=target.parent))
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        # Held, or on a file system that cannot lock (where no build removes another's
        # folder), and not removed as left behind in the instant before it was held.
        if _lock(handle, wait=False) is not False and _still(handle, folder):
            break
        os.close(handle)
    try:
        yield folder
    finally:
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(handle)


def _lock(handle: int, wait: bool) -> bool | None:
    """Lock the folder open as ``handle``: True when held, False when another process
    holds it, None when the file system (or a system without ``fcntl``) cannot lock."""
    try:
        import fcntl  # POSIX only: imported here so that the package imports anywhere
    except ImportError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _still(handle: int, folder: Path) -> bool:
    """Whether ``folder`` is still the folder open as ``handle``."""
    try:
        return os.path.samestat(os.fstat(handle), os.stat(folder, follow_symlinks=False))
    except OSError:
        return False


def remove_left_behind(parent: Path, site_name: str) -> list[Path]:
    """Remove the build folders in ``parent`` that no running build holds; return them."""
    earlier = re.compile(rf"\.{re.escape(site_name)}-(build|old)-[a-z0-9_]{{8}}")
    removed = []
    for entry in os.scandir(parent):
        name = entry.name
        ours = name.startswith((BUILD_PREFIX, OLD_PREFIX))
        if not (ours or earlier.fullmatch(name)) or not entry.is_dir(follow_symlinks=False):
            continue
        if not ours and time.time() - entry.stat().st_mtime < EARLIER_VERSION_AGE:
            continue
        try:
            handle = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if _lock(handle, wait=False) and _still(handle, Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
        finally:
            os.close(handle)
    return removed


@contextlib.contextmanager
def _holding(target: Path) -> Iterator[int | None]:
    """Hold the lock of the site folder ``target`` (waiting while another build swaps it
    or moves files into it); yield the folder's open handle, None when there is none."""
    if not target.is_dir() or target.is_symlink():
        yield None
        return
    handle = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _lock(handle, wait=True)
        yield handle
    finally:
        os.close(handle)


def swap_into_place(built: Path, target: Path) -> None:
    """Replace ``target`` with ``built``; the old site stays whole until the last step."""
    old = None
    # Held through the swap, so that no other build takes the old site for left behind.
    with _holding(target):
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
            old.rmdir()
            target.rename(old)
        try:
            built.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


JOURNAL = ".statuspress-moving"
"""A file in the site folder while a build moves new files into it. A build stopped
during the moves leaves it behind; the record of the folder that the build cache keeps
never has it, so the next build finds the folder changed and rebuilds it in full."""

_JOURNAL_TEXT = (
    "Statuspress is moving new files into this folder. Left behind, this file makes\n"
    "the next build rebuild the whole site.\n"
)


def site_version(target: Path) -> tuple[int, int, int]:
    """What tells one state of the site folder from the next: another build's swap gives
    a new folder, its moves change the folder's time (its journal comes and goes)."""
    stat = os.stat(target, follow_symlinks=False)
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns)


def move_into(staged: Path, target: Path, version: tuple[int, int, int]) -> None:
    """Move every file of ``staged`` over its namesake in the site folder ``target``
    (one file system).

    The site's lock is held throughout, so that two builds never move files into one
    site at once. ``version`` is :func:`site_version` when the build began: when another
    build changed the site since, nothing is moved (the files were made for the site as
    it was). :data:`JOURNAL` lies in the site while the files move.
    """
    with _holding(target) as handle:
        if handle is None or not _still(handle, target) or site_version(target) != version:
            raise BuildError(
                f"{target}: another build changed the site while this one ran; nothing "
                "was moved into it: build again"
            )
        journal = target / JOURNAL
        try:
            made = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            raise BuildError(
                f"{journal}: a build stopped while it moved files into the site; build "
                "again with --no-cache"
            ) from None
        with os.fdopen(made, "w") as note:
            note.write(_JOURNAL_TEXT)
        for folder, _, files in os.walk(staged):
            relative = os.path.relpath(folder, staged)
            into = target if relative == "." else target / relative
            if files:
                into.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.replace(os.path.join(folder, name), into / name)
        journal.unlink()


def replace_file(target: Path, data: bytes) -> None:
    """Write a new file in place of ``target``, never into it: a link to the old file
    elsewhere keeps its old content."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)


def move_file(source: Path, target: Path) -> None:
    """Move ``source`` over ``target`` (one file system), replacing its entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
