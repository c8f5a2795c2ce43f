"""Change content files without touching a byte the change does not need.

An update is appended as text after the last item of the front matter's
``updates`` list, in that list's own indentation and line endings, so
comments, key order, quoting, unknown keys and the Markdown body survive.
Every change is checked by parsing the result before it is written; files are
written atomically (a temporary file, then a rename) under a lock, so a crash
leaves the old or the new file, and two commands never lose each other's
update.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .ignore import CACHE_FOLDER
from .load import FENCE, ContentLoader, parse_text

LOCK_NAME = "edit.lock"
"""The edit lock's file, in the project's cache folder: never in the content, and git-ignored."""
LOCK_WAIT = 10.0
"""Seconds to wait for another command's edit to finish."""


class EditError(Exception):
    """The file cannot be changed as asked; nothing was written."""


class _Dumper(yaml.SafeDumper):
    """Writes multi-line messages as literal blocks and timestamps without quotes."""

    yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def update_lines(
    at: datetime,
    status: str,
    message: str,
    components: dict[str, str],
    indent: int,
    key_indent: int | None = None,
) -> list[str]:
    """The YAML lines of one update list item: its dash at column ``indent``, its keys at
    ``key_indent`` (two columns further by default), like the items already there."""
    item: dict[str, Any] = {"at": at.isoformat(), "status": status, "message": message.strip()}
    if components:
        item["components"] = components
    dumped = yaml.dump(item, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    keys = indent + 2 if key_indent is None else key_indent
    lines = [" " * keys + line if line else line for line in dumped.splitlines()]
    lines[0] = " " * indent + "-" + lines[0][indent + 1 :]
    return lines


def new_file_text(front: dict[str, Any], update: list[str]) -> str:
    """A new content file: ``front`` (in its key order) and one update, no body."""
    dumped = yaml.dump(front, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "---\n" + dumped + "updates:\n" + "\n".join(update) + "\n---\n"


def append_update(
    text: str, at: datetime, status: str, message: str, components: dict[str, str]
) -> str:
    """``text`` with one more update at the end of its ``updates`` list."""
    newline = "\r\n" if "\r\n" in text else "\n"
    close = list(FENCE.finditer(text, 3))
    if not text.startswith("---") or not close:
        raise EditError("expected front matter between '---' lines")
    start = text.index("\n") + 1
    front = text[start : close[0].start()]
    loader = ContentLoader(front)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"the front matter is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise EditError("expected the front matter to be a mapping")
    lines = front.splitlines(keepends=True)
    for key, value in root.value:
        if key.value != "updates":
            continue
        if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
            raise EditError("expected 'updates' to be a list written one item per line")
        first = value.value[0].start_mark
        dash = lines[first.line].rfind("-", 0, first.column)
        last = _last_content_line(lines, value.end_mark.line, dash)
        new = update_lines(at, status, message, components, dash, first.column)
        lines[last + 1 : last + 1] = [line + newline for line in new]
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += newline
        break
    else:
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        lines.append("updates:" + newline)
        lines += [line + newline for line in update_lines(at, status, message, components, 2)]
    return text[:start] + "".join(lines) + text[close[0].start() :]


def _last_content_line(lines: list[str], end: int, dash: int) -> int:
    """The last line of a block list, before the blank lines and comments that follow it."""
    index = min(end, len(lines)) - 1
    while index > 0:
        line = lines[index]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if stripped and not (stripped.startswith("#") and indent <= dash):
            break
        index -= 1
    return index


def check_text(text: str, shown: str, ident: str) -> None:
    """Refuse a change whose result would not parse."""
    parsed = parse_text(text, shown, ident)
    if not hasattr(parsed, "data"):
        raise EditError(f"the change would break the file: {parsed}")


@contextlib.contextmanager
def locked(project: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the edit lock of the project (the folder of ``mkdocs.yml``); wait for another
    command's edit, then give up."""
    folder = project / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+b") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EditError(
                        "another statuspress command is editing the content; try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _temporary(path: Path, text: str) -> str:
    """A fully written and flushed temporary file beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, keeping the file's permissions."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    temporary = _temporary(path, text)
    try:
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def create(path: Path, text: str) -> None:
    """Write a new file atomically; refuse to replace one that exists."""
    temporary = _temporary(path, text)
    try:
        os.chmod(temporary, 0o644)
        os.link(temporary, path)  # fails if the path exists: never clobbers
    except FileExistsError:
        raise FileExists(str(path)) from None
    finally:
        os.unlink(temporary)


class FileExists(EditError):
    """The file to create is already there; nothing was written."""


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return slug[:60].rstrip("-") or "incident"
