"""Change content files without touching a byte the change does not need.

An update is inserted as text where the parser says the last item of the
front matter's ``updates`` list ends, in that list's own indentation and in
the line ending of the front matter's first line, so comments, key order,
quoting, unknown keys, a byte order mark and the Markdown body survive. The
result is parsed again and must read as exactly the old front matter plus the
new update, or nothing is written. Files are written atomically (a temporary
file, then a rename) under a lock, so a crash leaves the old or the new file,
and two commands never lose each other's update.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from .ignore import CACHE_FOLDER, make_cache_folder
from .load import FENCE, ContentLoader, SourceFile, parse_text

LOCK_NAME = "edit.lock"
"""The edit lock's file, in the project's cache folder: never in the content, and git-ignored."""
LOCK_WAIT = 10.0
"""Seconds to wait for another command's edit to finish."""


class EditError(Exception):
    """The file cannot be changed as asked; nothing was written."""


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks and timestamps without quotes."""

    yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _NON_PRINTABLE.search(value) or any(c in _BREAKS and c != "\n" for c in value):
        style: str | None = '"'  # PyYAML folds these in other styles; escaped they stay
    else:
        style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


# Writing one update --------------------------------------------------------

_BREAKS = "\r\n\x85\u2028\u2029"
"""What YAML reads as a line break."""
_NON_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""What YAML cannot hold as it is (and the byte order mark, which readers may drop)."""
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = ContentLoader.yaml_implicit_resolvers


def _one_line(value: str) -> bool:
    """Whether ``value`` fits on one line between quotes as it is."""
    return not _NON_PRINTABLE.search(value) and not any(c in _BREAKS or c == "\t" for c in value)


def _plain(value: str, flow: bool) -> bool:
    """Whether ``value`` reads back as itself without quotes (a conservative yes)."""
    if not value or value[0] in "-?:,[]{}#&*!|>'\"%@` " or value[-1] in " :":
        return False
    if not _one_line(value) or ": " in value or " #" in value:
        return False
    if flow and any(c in ",[]{}:#" for c in value):
        return False
    return _Resolver().resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def _inline(value: str, flow: bool = False) -> str:
    """``value`` as a one-line scalar: plain when it can be, else quoted."""
    if _plain(value, flow):
        return value
    if _one_line(value):
        return "'" + value.replace("'", "''") + "'"
    return '"' + "".join(_escape(c) for c in value) + '"'


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if not _NON_PRINTABLE.match(char):
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


def _literal(value: str) -> bool:
    """Whether a literal block (``|-``) holds ``value`` exactly."""
    return (
        "\n" in value
        and value == value.strip()
        and not _NON_PRINTABLE.search(value)
        and not any(c in _BREAKS and c != "\n" for c in value)
    )


def update_item(
    at: datetime,
    status: str,
    message: str,
    components: dict[str, str],
    next_update: datetime | None = None,
) -> dict[str, Any]:
    """One update as the loader reads it back (the message stripped of outer space)."""
    item: dict[str, Any] = {"at": at.isoformat(), "status": status}
    if next_update is not None:
        item["next_update"] = next_update.isoformat()
    item["message"] = message.strip()
    if components:
        item["components"] = dict(components)
    return item


def item_lines(
    item: dict[str, Any], indent: int, key_indent: int | None = None, blocks: bool = True
) -> list[str]:
    """``item`` as the lines of a block list item. A multi-line message is a literal block
    when ``blocks`` and one holds it exactly, else one quoted line with escapes."""
    keys = indent + 2 if key_indent is None or key_indent < indent + 2 else key_indent
    pad = " " * keys
    lines: list[str] = []
    for key, value in item.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += [f"{pad}  {_inline(k)}: {_inline(v)}" for k, v in value.items()]
        elif blocks and _literal(value):
            lines.append(f"{pad}{key}: |-")
            lines += [f"{pad}  {line}" if line else "" for line in value.split("\n")]
        else:
            lines.append(f"{pad}{key}: {_inline(value)}")
    lines[0] = " " * indent + "-" + lines[0][indent + 1 :]
    return lines


def _flow_item(item: dict[str, Any]) -> str:
    """``item`` as a flow mapping on one line: ``{at: ..., status: ..., message: ...}``."""
    parts = []
    for key, value in item.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{_inline(k, True)}: {_inline(v, True)}" for k, v in value.items())
            parts.append(f"{key}: {{{inner}}}")
        else:
            parts.append(f"{key}: {_inline(value, True)}")
    return "{" + ", ".join(parts) + "}"


def new_file_text(front: dict[str, Any], update: list[str]) -> str:
    """A new content file: ``front`` (in its key order) and one update, no body."""
    dumped = yaml.dump(front, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "---\n" + dumped + "updates:\n" + "\n".join(update) + "\n---\n"


# Appending to a file -------------------------------------------------------

Insertion = tuple[int, str]
"""Where to insert (an offset into the front matter) and what."""


def change_item(at: datetime, status: str, message: str = "") -> dict[str, Any]:
    """One status change of a component (``type: component``), as the loader reads it back."""
    item: dict[str, Any] = {"at": at.isoformat(), "status": status}
    if message.strip():
        item["message"] = message.strip()
    return item


def append_update(
    text: str,
    at: datetime,
    status: str,
    message: str,
    components: dict[str, str],
    next_update: datetime | None = None,
) -> str:
    """``text`` with one more update at the end of its ``updates`` list (see
    :func:`append_item`)."""
    return append_item(text, update_item(at, status, message, components, next_update))


def append_item(text: str, item: dict[str, Any]) -> str:
    """``text`` with ``item`` at the end of its ``updates`` list.

    The place comes from the parsed front matter (where the last item's last
    value ends), and the result is parsed again: it must hold exactly the old
    data plus the new update, with every other character as it was. A byte
    order mark and the line ending of the front matter's first line are kept.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    opening = FENCE.match(text)
    if opening is None:
        raise EditError("expected front matter starting with '---' on line 1")
    old = parse_text(text, "", "edit")
    if not isinstance(old, SourceFile):
        problem = " ".join(old.message.split())  # some of PyYAML's messages span lines
        raise EditError(f"the front matter cannot be read: line {old.line}: {problem}")
    newline = "\r\n" if opening.group().endswith("\r") else "\n"
    start = text.index("\n") + 1
    close = FENCE.search(text, opening.end())
    assert close is not None  # parse_text found it
    front = text[start : close.start()]
    places = _insertions(front, item, newline)  # refuses an ``updates`` that is no list
    expected = {**old.data, "updates": [*(old.data.get("updates") or []), item]}
    for offset, piece in places:
        changed = text[: start + offset] + piece + text[start + offset :]
        if _holds(changed, expected, old.body):
            return bom + changed
    raise EditError(
        "cannot add the update without changing the rest of the front matter; "
        "nothing was written (add it by hand after the last update)"
    )


def _holds(text: str, expected: dict[str, Any], body: str) -> bool:
    """Whether ``text`` reads back as ``expected`` with its body unchanged."""
    parsed = parse_text(text, "", "edit")
    if not isinstance(parsed, SourceFile):
        return False
    # repr tells apart what == does not (True and 1, 1 and 1.0) and equates NaN with NaN
    return repr(parsed.data) == repr(expected) and parsed.body == body


def _insertions(front: str, item: dict[str, Any], newline: str) -> list[Insertion]:
    """The places and texts to try for a new ``updates`` item, best first."""
    root, parser = _compose(front)
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        raise EditError("expected the front matter to be a mapping written one key per line")
    column = root.value[0][0].start_mark.column
    updates = [v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "updates"]
    if not updates:  # no list yet: start one at the end of the front matter
        return _new_list(len(front), " " * column + "updates:" + newline, column, item, newline)
    value = updates[0]
    if isinstance(value, yaml.ScalarNode) and value.value == "" and value.style is None:
        return _new_list(_line_end(front, value.end_mark.index), "", column, item, newline)
    if not isinstance(value, yaml.SequenceNode):
        found = "a mapping" if isinstance(value, yaml.MappingNode) else f"'{value.value}'"
        raise EditError(f"updates: expected a list of updates, found {found}")
    if value.flow_style:
        if not value.value:
            return [(front.index("[", value.start_mark.index) + 1, _flow_item(item))]
        return [(value.value[-1].end_mark.index, ", " + _flow_item(item))]
    last = value.value[-1]
    dash = _dash(front, value.value[0], parser)
    if isinstance(last, yaml.MappingNode) and last.flow_style:
        pieces = [" " * dash + "- " + _flow_item(item) + newline]
    else:
        keys = last.value[0][0].start_mark.column if isinstance(last, yaml.MappingNode) else None
        pieces = [_joined(item_lines(item, dash, keys, b), newline) for b in (True, False)]
    return [(offset, piece) for offset in _after(front, last) for piece in pieces]


def _new_list(
    offset: int, head: str, column: int, item: dict[str, Any], newline: str
) -> list[Insertion]:
    """A new list holding ``item`` at ``offset``, after ``head`` (its key's line, or nothing)."""
    return [
        (offset, head + _joined(item_lines(item, column + 2, None, blocks), newline))
        for blocks in (True, False)
    ]


def _joined(lines: list[str], newline: str) -> str:
    return "".join(line + newline for line in lines)


_PARSERS: tuple[type[Any], ...] = (
    yaml.SafeLoader,
    *(c for c in [getattr(yaml, "CSafeLoader", None)] if c),
)
"""The pure Python parser first, then libyaml, which the loader uses and which reads a few
layouts the other refuses (a tab after ``key:``). Both count marks in characters."""


def _compose(front: str) -> tuple[yaml.Node | None, type[Any]]:
    """The front matter's node graph, and the parser that read it."""
    problem: yaml.YAMLError | None = None
    for parser in _PARSERS:
        loader = parser(front)
        try:
            return loader.get_single_node(), parser
        except yaml.YAMLError as exc:
            problem = problem or exc
        finally:
            loader.dispose()
    assert problem is not None
    raise EditError(f"the front matter is not valid YAML: {_problem(problem)}")


def _dash(front: str, first: yaml.Node, parser: type[Any] = yaml.SafeLoader) -> int:
    """The column of a block list's dashes: that of the last ``-`` before its first item."""
    dashes = [
        token.start_mark.column
        for token in yaml.scan(front, Loader=parser)
        if isinstance(token, yaml.BlockEntryToken)
        and token.start_mark.index < first.start_mark.index
    ]
    return dashes[-1]


def _after(front: str, last: yaml.Node) -> list[int]:
    """Where a new item can follow ``last``: after the line where its last value ends.

    A literal or folded block ends after its trailing blank lines; before them
    comes first (they are not part of its text unless it keeps them: ``|+``).
    """
    node = last
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        tail = node.value[-1]
        node = tail[1] if isinstance(node, yaml.MappingNode) else tail
    end = node.end_mark.index
    if not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
        return [_line_end(front, end)]
    floor = node.start_mark.index
    before = end
    while before > floor:
        line = front.rfind("\n", floor, before - 1) + 1
        if line <= floor or front[line:before].strip(" \t\r\n"):
            break
        before = line
    return [before, end] if before < end else [end]


def _line_end(front: str, index: int) -> int:
    """The start of the line after the one holding ``index``."""
    end = front.find("\n", index)
    return len(front) if end < 0 else end + 1


def _problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line, with its line in the file."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        return f"line {exc.problem_mark.line + 2}: {exc.problem}"
    return " ".join(str(exc).split())


def check_text(text: str, shown: str, ident: str) -> None:
    """Refuse a change whose result would not parse."""
    parsed = parse_text(text, shown, ident)
    if not hasattr(parsed, "data"):
        raise EditError(f"the change would break the file: {parsed}")


@contextlib.contextmanager
def locked(project: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the edit lock of the project (the folder of ``mkdocs.yml``); wait for another
    command's edit, then give up."""
    try:
        import fcntl  # POSIX only: imported here so that the package imports anywhere
    except ImportError:
        raise EditError(
            "the edit lock needs a POSIX system (Linux, macOS); edit the file by hand"
        ) from None
    folder = project / CACHE_FOLDER
    make_cache_folder(folder)
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
    """Write ``text`` to ``path`` atomically, keeping the file's permissions. ``path`` is a
    file, not a link (it would be replaced by the file): a command that edits through a
    link follows it once itself, having checked where it leads."""
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


_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})
"""Latin letters that no decomposition makes plain."""


def slugify(title: str) -> str:
    """A file's id from its title: lower case, Latin letters made plain ("Störung" is
    "storung", "Dégradation" "degradation"), digits, and dashes between words."""
    plain = unicodedata.normalize("NFKD", title.lower().translate(_LETTERS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:60].rstrip("-") or "incident"
