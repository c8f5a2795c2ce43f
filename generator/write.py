"""The only code that decides where outputs land and puts a finished site in place.

Outputs are checked before anything is written: two outputs for one path, or a
path that would land outside the output folder, stop the build. A build is
made in a temporary folder beside the target and swapped in only when it has
succeeded, so a failed build never leaves a half-written site. An incremental
build starts that folder as a hard-linked copy of the site and replaces files in
it, never writing into one, so the site in place keeps its content.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


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


def temporary_site(target: Path) -> Path:
    """A new empty folder beside ``target``, on the same file system, for one build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))


def swap_into_place(built: Path, target: Path) -> None:
    """Replace ``target`` with ``built``; the old site stays whole until the last step."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
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


def link_copy(source: Path, target: Path) -> None:
    """Copy the tree ``source`` into the empty folder ``target`` as hard links (plain
    copies where the file system refuses links)."""
    for folder, dirs, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        into = target / relative if relative != "." else target
        for name in dirs:
            (into / name).mkdir()
        for name in files:
            try:
                os.link(os.path.join(folder, name), into / name)
            except OSError:
                shutil.copy2(os.path.join(folder, name), into / name)


def replace_file(target: Path, data: bytes) -> None:
    """Write a new file in place of ``target``, never into it: a hard-linked copy of
    the site elsewhere keeps its old content."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)


def move_file(source: Path, target: Path) -> None:
    """Move ``source`` over ``target`` (one file system), replacing its entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)
