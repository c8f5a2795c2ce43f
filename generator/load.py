"""Find content files, split their front matter and parse it with line numbers.

Nothing here knows what an incident is: this module turns bytes on disk into
:class:`SourceFile` objects (a mapping, a Markdown body and the line of every
key) or into :class:`~generator.errors.Problem` objects.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .characters import refused_by_yaml
from .errors import Problem, Severity
from .links import inside, listings
from .memo import Recalled
from .parallel import map_chunks
from .seen import Seen, stat_of

MAX_FILE_BYTES = 1_000_000
"""Content files larger than this are refused before they are parsed."""

FieldPath = tuple[str | int, ...]

ParseCache = dict[str, tuple[bytes, "SourceFile | Problem"]]
"""Parsed files by the path shown to authors, with a digest of the bytes they were parsed from."""

FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_ID_LENGTH = 100
"""File and component ids become file names in the site (``components/<id>.atom``,
``<id>-postmortem.md``): this leaves room for every suffix within the 255 bytes most
file systems allow in a name, and the 143 of encrypted home folders (eCryptfs)."""


@dataclass(frozen=True)
class SourceFile:
    """One content file: its front matter, body and where each key sits."""

    path: str
    """The path as shown to the author, relative to the project folder."""
    id: str
    data: dict[str, Any]
    body: str
    lines: dict[FieldPath, int] = field(default_factory=dict)
    body_line: int = 1
    columns: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest known key on ``path`` (1 for the file)."""
        known = deepest_known(path, self.lines)
        return self.lines[known] if known else 1


def deepest_known(path: FieldPath, lines: Mapping[FieldPath, int]) -> FieldPath:
    """The longest start of ``path`` whose place is known; empty when none is."""
    while path and path not in lines:
        path = path[:-1]
    return path


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (it is on PyPI's wheels): 10 times faster."""


def _core_schema() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """Which plain scalars are not text, as YAML 1.2's core schema says (the one editors
    and JavaScript's YAML libraries write): ``true`` and ``false`` are booleans, and
    ``yes``, ``no``, ``on``, ``off`` are words; numbers are decimal (``012`` is twelve,
    ``1:20`` is text). Timestamps stay text, so that :mod:`generator.validate` reads
    them with one set of rules and one kind of message."""
    kept = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
    found: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        found[first] = [(tag, rx) for tag, rx in resolvers if tag in kept]
    core = (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+.0123456789",
        ),
    )
    for name, pattern, firsts in core:
        for first in firsts:
            found.setdefault(first, []).append((f"tag:yaml.org,2002:{name}", re.compile(pattern)))
    return {first: resolvers for first, resolvers in found.items() if resolvers}


class WrittenInt(int):
    """A whole number that remembers how it was written (``0042``, ``0x10``, ``+1``)."""

    written: str


class WrittenFloat(float):
    """A number with a point or exponent that remembers how it was written (``1.10``,
    ``1e3``, ``.inf``)."""

    written: str


def as_written(value: str | int | float) -> str:
    """A value read as text: a number as its author wrote it (``1.10``, not ``1.1``)."""
    return getattr(value, "written", None) or str(value)


_PLAIN_KEYS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}
"""Keys that YAML would read as a number, a boolean or null are text as written: a key is
a name (``1`` and ``true`` are two keys; ``1e3`` is reported as ``1e3``)."""


class ContentLoader(_Base):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader reading YAML 1.2's core schema (see :func:`_core_schema`),
    refusing duplicate keys. Numbers remember their written text (:func:`as_written`),
    for the fields that read them as text; keys are always text."""

    yaml_implicit_resolvers = _core_schema()

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """Decimal, or hexadecimal after ``0x`` (PyYAML would read ``012`` as octal)."""
        value = str(self.construct_scalar(node))
        try:
            number = WrittenInt(int(value, 16) if value.startswith("0x") else int(value, 10))
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"expected a number of at most {sys.get_int_max_str_digits()} digits, found "
                f"{len(value)} (put it in quotes to make it text)",
                node.start_mark,
            ) from None
        number.written = value
        return number

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        number = WrittenFloat(super().construct_yaml_float(node))
        number.written = str(node.value)
        return number

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            node.value = [
                (_as_text(key) if key.tag in _PLAIN_KEYS else key, value)
                for key, value in node.value
            ]
            wrong = key_given_wrong(self, node)
            if wrong is not None:
                key_node, key, first = wrong
                message = (
                    "expected a text key, found a list or mapping"  # ``? [a, b]``
                    if first is None
                    else f"duplicate key '{key}' (first given on line {first + self.line_offset})"
                )
                raise yaml.constructor.ConstructorError(None, None, message, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)

    line_offset = 0


ContentLoader.add_constructor("tag:yaml.org,2002:int", ContentLoader.construct_yaml_int)
ContentLoader.add_constructor("tag:yaml.org,2002:float", ContentLoader.construct_yaml_float)


def key_given_wrong(
    loader: yaml.SafeLoader, node: yaml.MappingNode
) -> tuple[yaml.Node, Any, int | None] | None:
    """The first key of the mapping ``node`` that YAML would read without a word and lose
    data by: ``(its node, the key, the line it was first given on)`` for a key given twice
    (YAML keeps the last value), ``(its node, the key, None)`` for a list or a mapping as a
    key; None when there is none. A merge key (``<<: {...}``) is a key too (given twice,
    YAML merges only one mapping), and the mappings it merges are read the same way."""
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for mapping in merged:
                wrong = (
                    key_given_wrong(loader, mapping)
                    if isinstance(mapping, yaml.MappingNode)
                    else None
                )
                if wrong is not None:
                    return wrong
            key: Any = key_node.value
        else:
            key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:
            return key_node, key, None
        if first is not None:
            return key_node, key, first
        seen[key] = key_node.start_mark.line + 1
    return None


def _as_text(node: yaml.Node) -> yaml.Node:
    return yaml.ScalarNode("tag:yaml.org,2002:str", node.value, node.start_mark, node.end_mark)


README = "README.md"
"""A file at the top of the content folder that is never read as content: it is for
people browsing the repository (``statuspress init`` writes one for whoever posts updates)."""


def find_content(root: Path) -> Iterator[Path]:
    """Every Markdown file under ``root``, in a stable order: names that end in ``.md``
    and do not start with '.', and links to such files inside ``root`` (a link that
    leads elsewhere is skipped here and refused by :func:`generator.links.link_problems`),
    but for :data:`README` at the top."""
    if not root.is_dir():
        return
    found: list[str] = []
    for folder, entries in listings(str(root)):
        for entry in entries:  # what each entry is comes with the listing: no stat
            if entry.is_dir(follow_symlinks=False):
                continue
            name = entry.name
            if not name.endswith(".md") or name.startswith("."):
                continue
            if name == README and folder == str(root):
                continue
            if entry.is_symlink():
                if inside(Path(entry.path), root):
                    found.append(entry.path)
            elif entry.is_file():
                found.append(entry.path)
    # In the order of their paths' parts, as paths sort (not as their text does: '-'
    # sorts before '/').
    for path in sorted(found, key=_parts):
        yield Path(path)


def _parts(path: str) -> list[str]:
    return path.split(os.sep)


LOOKS_LIKE_CONTENT = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtext", ".mdtxt")
"""Endings of Markdown files, compared in lower case."""


def skipped_problems(root: Path, project: Path) -> list[Problem]:
    """A warning for each file under ``root`` that looks like content but is not read:
    another ending (``.MD``, ``.markdown``) or a name that starts with '.' (``.draft.md``).

    What editors leave beside a file while it is open or saved (``.#x.md``,
    ``x.md~``, ``.x.md.swp``, ``#x.md#``) stays silent: the preview would warn on
    every keystroke, and these are never meant to be published."""
    problems = []
    for folder, _, files in os.walk(root):
        for name in files:
            bare = name.lstrip(".")
            if name.startswith(".#") or not bare.lower().endswith(LOOKS_LIKE_CONTENT):
                continue
            if name.startswith("."):
                message = f"expected a name that does not start with '.', found '{name}'"
            elif not name.endswith(".md"):
                message = f"expected a name ending in '.md', found '{name}'"
            else:
                continue
            shown = (Path(folder) / name).relative_to(project).as_posix()
            problems.append(
                Problem(
                    shown,
                    0,
                    "",
                    f"{message}: the file is not read",
                    severity=Severity.WARNING,
                    rule="skipped-file",
                )
            )
    return problems


def file_id(path: Path) -> str:
    """The id of a content file: its name without ``.md``."""
    return path.stem


def load_file(path: Path, shown: str) -> SourceFile | Problem:
    """Read one content file; return it parsed or the first problem that stops parsing."""
    raw = read_file(path, shown)
    return raw if isinstance(raw, Problem) else _parse_bytes(raw, shown, file_id(path))


FileCheck = Callable[[SourceFile, str], list[Problem]]
"""A check of a parsed file and its text (the lint), run where the file is parsed: in
the same worker, on text already read and decoded. It must be a function that can be
sent to a worker: defined at a module's top level, or a ``functools.partial`` of one."""

CheckMemo = dict[str, tuple[bytes, list[Problem]]]
"""A check's findings by the path shown to authors, with the digest of the bytes checked
(as in a :data:`ParseCache`)."""


@dataclass(frozen=True)
class Unread:
    """A content file unchanged since the last build (by its stat, see
    :mod:`generator.seen`), whose parse is taken from the cache only when asked for:
    a rebuild after one edit reads one file and decodes one parse."""

    path: str
    """The path as shown to the author, relative to the project folder."""
    id: str
    digest: bytes
    """The digest of its bytes, as the last build recorded it."""
    recall: Callable[[], SourceFile | Problem]

    def read(self) -> SourceFile | Problem:
        """The file parsed: from the cache, or read and parsed again if it lost it."""
        return self.recall()


def load_files(
    paths: list[tuple[Path, str]],
    cache: ParseCache | None = None,
    parallel: bool = False,
    check: tuple[FileCheck, CheckMemo] | None = None,
    seen: tuple[Seen | None, Seen] | None = None,
    defer: Callable[[str, bytes], bool] | None = None,
) -> list[SourceFile | Problem | Unread]:
    """Load files given as (path, path shown to the author), in order.

    With a ``cache``, a file whose bytes are the ones parsed before is not parsed
    again. With ``parallel``, large batches are parsed across the machine's cores.
    With a ``check`` and its memo, each file that parses is also checked, where it is
    parsed, unless the memo holds findings for the same bytes; the memo gets the
    findings. With ``seen`` (what the last build recorded, and the record to fill), a
    file whose stat is unchanged is not read; with ``defer`` too, such a file that the
    cache and the check's memo hold, and that ``defer`` accepts (by its path and
    digest), is given as :class:`Unread`: its parse is not even taken from the cache.
    """
    loaded: list[SourceFile | Problem | Unread | None] = []
    todo: list[tuple[int, bytes, str, str, bytes]] = []
    last, record = seen if seen is not None else (None, None)
    for path, shown in paths:
        stat = stat_of(path) if record is not None else None
        digest = last.digest(shown, stat) if last is not None and cache is not None else None
        raw: bytes | None = None
        if digest is None:
            found = read_file(path, shown)
            if isinstance(found, Problem):
                loaded.append(found)
                continue
            raw = found
            digest = _digest(raw) if cache is not None or check is not None else b""
        if record is not None and stat is not None:
            record.files[shown] = (stat, digest)
        if raw is None and cache is not None and _unread(cache, shown, digest, check, defer):
            recall = partial(_recall, cache, path, shown, digest)
            loaded.append(Unread(shown, file_id(path), digest, recall))
            continue
        known = cache.get(shown) if cache is not None else None
        result = known[1] if known is not None and known[0] == digest else None
        unchecked = check is not None and not _holds(check[1], shown, digest)
        if result is None or (unchecked and isinstance(result, SourceFile)):
            if raw is None:  # the cache lost it: read it after all
                found = read_file(path, shown)
                if isinstance(found, Problem):
                    loaded.append(found)
                    continue
                raw, digest = found, _digest(found)
                if record is not None and stat is not None:
                    record.files[shown] = (stat, digest)
            todo.append((len(loaded), raw, shown, file_id(path), digest))
        loaded.append(result)
    jobs = [(raw, shown, ident) for _, raw, shown, ident, _ in todo]
    work = partial(_parse_chunk, check[0] if check is not None else None)
    results = map_chunks(work, jobs) if parallel else work(jobs)
    for (index, _, shown, _, digest), (result, findings) in zip(todo, results, strict=True):
        if loaded[index] is None:
            loaded[index] = result
            if cache is not None:
                cache[shown] = (digest, result)
        if check is not None and findings is not None:
            check[1][shown] = (digest, findings)
    return [item for item in loaded if item is not None]


def _unread(
    cache: ParseCache,
    shown: str,
    digest: bytes,
    check: tuple[FileCheck, CheckMemo] | None,
    defer: Callable[[str, bytes], bool] | None,
) -> bool:
    """Whether a file unchanged by its stat can stay :class:`Unread`: its check's
    findings are kept, ``defer`` accepts it, and ``cache`` holds a parse (that the
    build cache then keeps for the next build, read or not)."""
    if defer is None or (check is not None and not _holds(check[1], shown, digest)):
        return False
    if not defer(shown, digest):
        return False
    return cache.keep(shown) if isinstance(cache, Recalled) else shown in cache


def _recall(cache: ParseCache, path: Path, shown: str, digest: bytes) -> SourceFile | Problem:
    known = cache.get(shown)
    if known is not None and known[0] == digest:
        return known[1]
    raw = read_file(path, shown)
    if isinstance(raw, Problem):
        return raw
    result = _parse_bytes(raw, shown, file_id(path))
    cache[shown] = (_digest(raw), result)
    return result


def _holds(memo: CheckMemo, shown: str, digest: bytes) -> bool:
    known = memo.get(shown)
    return known is not None and known[0] == digest


def read_file(path: Path, shown: str) -> bytes | Problem:
    """The bytes of a content file, or why they cannot be had."""
    try:
        with open(path, "rb") as file:  # one open, one read: no stat before it
            raw = file.read(MAX_FILE_BYTES + 1)
            if len(raw) <= MAX_FILE_BYTES:
                return raw
            size = os.fstat(file.fileno()).st_size
    except OSError as exc:
        return Problem(shown, 0, "", f"cannot read the file: {exc.strerror}", rule="file")
    return too_big(shown, size)


def too_big(shown: str, size: int) -> Problem:
    """The problem of a content file of ``size`` bytes, past :data:`MAX_FILE_BYTES`."""
    return Problem(
        shown,
        0,
        "",
        f"expected a file of at most {MAX_FILE_BYTES:,} bytes, found {size:,}",
        rule="file-size",
    )


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _parse_chunk(
    check: FileCheck | None, jobs: list[tuple[bytes, str, str]]
) -> list[tuple[SourceFile | Problem, list[Problem] | None]]:
    """Each file parsed and, when it parses and there is a ``check``, checked."""
    done: list[tuple[SourceFile | Problem, list[Problem] | None]] = []
    for raw, shown, ident in jobs:
        text = decode_text(raw, shown)
        result = text if isinstance(text, Problem) else parse_text(text, shown, ident)
        checked = None
        if check is not None and isinstance(result, SourceFile):
            assert isinstance(text, str)
            checked = check(result, text)
        done.append((result, checked))
    return done


def _parse_bytes(raw: bytes, shown: str, ident: str) -> SourceFile | Problem:
    text = decode_text(raw, shown)
    return text if isinstance(text, Problem) else parse_text(text, shown, ident)


def decode_text(raw: bytes, shown: str) -> str | Problem:
    """``raw`` as UTF-8 text (a byte order mark dropped), or the line of the first byte
    that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = f"found byte 0x{raw[exc.start]:02x}"
        return Problem(shown, line, "", f"expected UTF-8 text, {found}", rule="encoding")


def parse_text(text: str, shown: str, ident: str) -> SourceFile | Problem:
    """Split front matter from body and parse it (see :func:`load_file`)."""
    if not _SAFE_ID.match(ident):
        return Problem(
            shown,
            0,
            "",
            f"expected a file name of lower-case letters, digits, '.', '-' and '_', "
            f"found '{ident}.md'",
            rule="file-name",
        )
    if len(ident) > MAX_ID_LENGTH:
        return Problem(
            shown,
            0,
            "",
            f"expected a file name of at most {MAX_ID_LENGTH} characters before '.md', "
            f"found {len(ident)}",
            rule="file-name",
        )
    opening = FENCE.match(text)  # spaces after it too, as after the closing one
    if opening is None:
        return Problem(
            shown,
            1,
            "",
            "expected front matter starting with '---' on line 1",
            rule="front-matter",
        )
    fences = list(FENCE.finditer(text, opening.end()))
    if not fences:
        return Problem(
            shown, 1, "", "expected a closing '---' after the front matter", rule="front-matter"
        )
    close = fences[0]
    yaml_text = text[text.index("\n") + 1 : close.start()]
    body = text[close.end() :].lstrip("\r\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1

    loader = ContentLoader(yaml_text)
    loader.line_offset = 1
    try:
        node = loader.get_single_node()
        refused = _refuse_shape(node, yaml_text)
        if refused is not None:
            line, column, message = refused
            return Problem(shown, line + 2, "", message, column=column + 1, rule="yaml-syntax")
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        if mark is not None:
            what += syntax_hint(yaml_text, mark.line, mark.column, what)
        return Problem(shown, line, "", what, column=column, rule="yaml-syntax")
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, unescaped
        line, column, message = refused_by_yaml(yaml_text, exc.position, exc.character)
        return Problem(shown, line + 1, "", message, column=column, rule="yaml-syntax")
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return Problem(shown, 1, "", str(exc).splitlines()[0], rule="yaml-syntax")
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Problem(
            shown,
            2,
            "",
            f"expected the front matter to be a mapping of keys, found a {type(data).__name__}",
            rule="front-matter",
        )
    lines: dict[FieldPath, int] = {}
    columns: dict[FieldPath, int] = {}
    record_lines(node, (), lines, columns)
    return SourceFile(shown, ident, data, body, lines, body_line, columns)


_KEY = re.compile(r"^(?P<indent> *)(?:- +)*(?P<key>[^\s#'\"\-][^:#]*):(?: |$)")


def syntax_hint(yaml_text: str, line: int, column: int, what: str) -> str:
    """A hint for the two mistakes people make most under stress: an unquoted ': ' in a
    value (put the value in quotes) and a key indented wrongly (the columns that fit).
    ``line`` and ``column`` count from 0 in ``yaml_text``; the hint is '' when neither fits."""
    rows = yaml_text.split("\n")
    if not 0 <= line < len(rows):
        return ""
    row = rows[line].rstrip("\r")
    here = _KEY.match(row)
    if what.startswith("mapping values are not allowed") and here and column > here.end("key"):
        value = row[here.end() :].strip()
        quoted = '"' + value + '"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        return f": a value with ': ' in it needs quotes, such as {here['key']}: {quoted}"
    if here is None or what.startswith("duplicate key") or "escape" in what:
        return ""  # the key is where it belongs; the value's escape is wrong
    found = here.start("key")
    levels: list[str] = []
    limit = len(row)
    above: re.Match[str] | None = None
    for number in range(line - 1, -1, -1):
        key = _KEY.match(rows[number])
        if key is None or key.start("key") >= limit:
            continue
        above = above or key
        limit = key.start("key")
        if limit != found:
            levels.append(f"column {limit + 1} (as on line {number + 2})")
        if limit == 0:
            break
    if not levels:
        return ""
    hint = f": expected the key at {' or '.join(levels)}, found column {found + 1}"
    if above is not None and found > above.start("key") and above.string[above.end() :].strip():
        hint += "; if this line goes on with the value above, put that value in quotes"
    return hint


MAX_DEPTH = 32
"""Front matter nested deeper than this is refused (no content file needs it)."""


def _refuse_shape(root: yaml.Node | None, text: str) -> tuple[int, int, str] | None:
    """Refuse aliases (a few lines of them can expand to gigabytes) and deep nesting;
    give the line and column (from 0) in ``text``, the YAML of ``root``, and why."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            # The node is the anchor's: find where the first alias is written.
            alias = next(
                (
                    event.start_mark
                    for event in yaml.parse(text, Loader=ContentLoader)
                    if isinstance(event, yaml.AliasEvent)
                ),
                None,
            )
            mark = alias or node.start_mark
            return mark.line, mark.column, "aliases (*name) are not allowed here"
        seen.add(id(node))
        if depth > MAX_DEPTH:
            mark = node.start_mark
            return mark.line, mark.column, f"expected at most {MAX_DEPTH} levels of nesting"
        if isinstance(node, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in node.value]
    return None


def record_lines(
    node: yaml.Node | None,
    path: FieldPath,
    lines: dict[FieldPath, int],
    columns: dict[FieldPath, int] | None = None,
    seen: set[int] | None = None,
) -> None:
    """Map each key path to its line (front matter starts on line 2) and column in the file.

    A node met again (an alias: ``*name``) is not walked again: ten lines of aliases of
    aliases in ``mkdocs.yml`` would otherwise make some 9^9 paths to walk."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        pairs = [
            (k.value if isinstance(k, yaml.ScalarNode) else str(k), k, v) for k, v in node.value
        ]
    elif isinstance(node, yaml.SequenceNode):
        pairs = [(index, item, item) for index, item in enumerate(node.value)]
    else:
        return
    for key, mark_node, value_node in pairs:
        child = (*path, key)
        lines[child] = mark_node.start_mark.line + 2
        if columns is not None:
            columns[child] = mark_node.start_mark.column + 1
        record_lines(value_node, child, lines, columns, seen)
