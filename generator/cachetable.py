"""The build cache's file: an SQLite table of entries, each checked when it is read.

Each row is one entry: its kind (a parsed file, a Markdown conversion, a page, a
feed...), its key and its value, both as bytes (text as UTF-8, anything else as
:mod:`generator.cachedata` JSON), and a keyed BLAKE2b digest of the format, the cache
key, the kind, the key and the value. A row is used only once its digest matches; a
row written on another machine, edited, or moved to another key never does. A table
holds one cache key (see :mod:`generator.buildcache`): ``meta`` names it.

A build reads every row's bytes at once (one query), but for the kinds it uses few of
(parsed files, read one by one when asked for), and checks and decodes a row only when
it asks for its key (:class:`Rows`). It writes, in one transaction, only the
rows that are new or changed, and deletes those it no longer used, so the cost of
keeping the cache is what changed. SQLite's locks keep two builds at once from mixing
their writes. The file is opened only when it is a regular file and not a link, the
schema must be exactly this module's (no triggers, no views), and any
:class:`sqlite3.Error` makes it "not a cache this version can read".
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cachedata import CacheDataError, dumps, loads
from .memo import MISSING, Stored

FORMAT = "statuspress-build-cache/4"
MAX_BYTES = 1 << 30
"""A cache file larger than this is not read."""
SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE entry (kind TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, "
    "mac BLOB NOT NULL, PRIMARY KEY (kind, key))",
)
SIDES = ("-journal", "-wal", "-shm")
"""The files SQLite keeps beside a database while it writes."""
TIMEOUT = 30.0
"""How long a build waits for another one that is writing the cache, in seconds."""


class Unreadable(Exception):
    """The file is not a cache this version can read (its text says why)."""


@dataclass(frozen=True)
class Codec:
    """How the values of one kind of entry become bytes, and back."""

    encode: Callable[[Any], bytes]
    decode: Callable[[bytes], Any]


def _text_bytes(value: Any) -> bytes:
    if type(value) is not str:
        raise TypeError(f"expected text, found a {type(value).__name__}")
    return value.encode("utf-8", "surrogatepass")  # lone surrogates in content survive


def _bytes_text(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _text_digest(value: Any) -> bytes:
    return hashlib.blake2b(_text_bytes(value), digest_size=16).digest()


def _no_text(data: bytes) -> str:
    raise CacheDataError("a key kept as its digest is not read back")


TEXT = Codec(_text_bytes, _bytes_text)
DATA = Codec(dumps, loads)
DIGEST = Codec(_text_digest, _no_text)
"""Text keys kept as their digest, for kinds whose keys are long and never listed (a
conversion is kept by its Markdown: the table's index held 19 MB of them at 10,000
incidents, read by every build)."""


@dataclass
class Table:
    """The rows of one cache file, as read, and where to write the next."""

    path: Path
    key: str
    secret: bytes
    version: str
    """The version of Statuspress that reads and writes it."""
    rows: dict[str, dict[bytes, tuple[bytes | None, bytes | None]]] = field(default_factory=dict)
    """Each kind's rows, by their key's bytes: the value's bytes and the row's digest
    (both None until it is asked for, for a :attr:`lazy` kind)."""
    lazy: frozenset[str] = frozenset()
    """The kinds whose values are read one by one, when asked for: a build uses few."""
    _db: sqlite3.Connection | None = field(default=None, repr=False)
    gone: set[tuple[str, bytes]] = field(default_factory=set, repr=False)
    """The rows of lazy kinds that were in the file when it was read, and no longer were
    when asked for: another build deleted them meanwhile (they are missing, not bad)."""
    _macs: dict[str, Any] = field(default_factory=dict, repr=False)
    fresh: bool = True
    """Start the file again on writing (it was missing, unreadable, had another key,
    or held a row that did not check): every row is written, none is kept."""

    def mac(self, kind: str, key: bytes, value: bytes) -> bytes:
        start = self._macs.get(kind)
        if start is None:  # what every row of the kind starts with, hashed once
            start = hashlib.blake2b(key=self.secret, digest_size=32)
            start.update(f"{FORMAT}\0{self.key}\0{kind}\0".encode())
            self._macs[kind] = start
        digest = start.copy()
        digest.update(f"{len(key)}\0".encode())
        digest.update(key)
        digest.update(value)
        return digest.digest()

    def checked(self, kind: str, key: bytes) -> bytes | None:
        """The value's bytes of a row if its digest matches; None if there is none, or
        it does not match."""
        row = self.rows.get(kind, {}).get(key)
        if row is None:
            return None
        value, mac = row
        if value is None or mac is None:
            found = self._fetch(kind, key)
            if found is None:
                return None
            value, mac = found
        return value if hmac.compare_digest(self.mac(kind, key, value), mac) else None

    def _fetch(self, kind: str, key: bytes) -> tuple[bytes, bytes] | None:
        """The value and digest of a row of a lazy kind, read now; None when it is gone
        or cannot be read."""
        try:
            if self._db is None:
                _refuse_odd_files(self.path)
                self._db = _connect(self.path)
            found = self._db.execute(
                "SELECT value, mac FROM entry WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        except (Unreadable, sqlite3.Error):
            return None
        if found is None:
            self.gone.add((kind, key))
            return None
        if not all(type(item) is bytes for item in found):
            return None
        return found[0], found[1]

    def close(self) -> None:
        """Stop reading rows of the lazy kinds (a row asked for later opens the file again)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def read(self) -> str:
        """Read every row's bytes; return why the rows cannot be used (another version
        or key wrote them), or "". :class:`Unreadable` when the file cannot be read as a
        cache at all, FileNotFoundError when there is none."""
        self.path.lstat()  # FileNotFoundError: there is none
        _refuse_odd_files(self.path)
        try:
            with closing(_connect(self.path)) as db:
                found = db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
                if sorted(found, key=repr) != sorted(_schema(), key=repr):
                    raise Unreadable("it is not a cache this version can read")
                meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
                why = _refused(meta, self.version, self.key)
                if why:
                    return why
                # Two searches of the table's index: every row of the kinds read at
                # once, and the keys alone of the lazy kinds (the index holds them; the
                # rows' pages, most of the file, are not read).
                kinds = [kind for (kind,) in db.execute("SELECT DISTINCT kind FROM entry")]
                if not all(type(kind) is str for kind in kinds):  # TEXT holds any value
                    raise Unreadable("it is not a cache this version can read")
                eager = tuple(kind for kind in kinds if kind not in self.lazy)
                lazy = tuple(kind for kind in kinds if kind in self.lazy)
                found = db.execute(
                    f"SELECT kind, key, value, mac FROM entry WHERE kind IN ({_marks(eager)})",
                    eager,
                ).fetchall()
                found += db.execute(
                    f"SELECT kind, key, NULL, NULL FROM entry WHERE kind IN ({_marks(lazy)})",
                    lazy,
                ).fetchall()
                by_kind = self.rows
                for kind, key, value, mac in found:
                    if type(key) is not bytes or not (
                        (type(value) is bytes and type(mac) is bytes)
                        or (value is None and mac is None and kind in self.lazy)
                    ):
                        raise Unreadable("it is not a cache this version can read")
                    rows = by_kind.get(kind)
                    if rows is None:
                        rows = by_kind[kind] = {}
                    rows[key] = (value, mac)
        except sqlite3.Error as exc:
            raise Unreadable("it is not a cache this version can read") from exc
        self.fresh = False
        return ""

    def write(self, changes: Iterable[Change]) -> None:
        """Write the changes in one transaction (every row, when :attr:`fresh`)."""
        self.close()
        _refuse_odd_files(self.path, remove=True)
        with closing(_connect(self.path)) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for statement in SCHEMA:
                    db.execute(statement.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
                meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
                fresh = self.fresh or _refused(meta, self.version, self.key) != ""
                if fresh:
                    db.execute("DELETE FROM entry")
                    db.executemany(
                        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                        {"format": FORMAT, "version": self.version, "key": self.key}.items(),
                    )
                for change in changes:
                    if not fresh:
                        db.executemany(
                            "DELETE FROM entry WHERE kind = ? AND key = ?",
                            ((change.kind, code) for code in change.gone),
                        )
                    db.executemany(
                        "INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)",
                        (
                            (change.kind, code, value, self.mac(change.kind, code, value))
                            for code, value in change.rows(every=fresh)
                        ),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            _compact(db)

    def start_again(self) -> None:
        """Remove the file (and what SQLite keeps beside it): it is not this version's."""
        self.close()
        for name in ("", *SIDES):
            side = self.path.with_name(self.path.name + name)
            if side.is_symlink() or side.is_file():
                side.unlink(missing_ok=True)
        self.fresh = True


COMPACT_SHARE = 4
"""The file is compacted when more than one page in this many is free."""
COMPACT_BYTES = 4 << 20
"""And when its free pages hold at least this much (a small file is left as it is)."""


def _compact(db: sqlite3.Connection) -> None:
    """Give the file's free pages back when they are a large part of it: a build that
    starts the file again, or deletes the rows it no longer keeps, leaves the file at
    its largest (a settings change left 143 of 368 MB free at 10,000 incidents), and
    the file is what CI caches keep and restore. The pages of the rows a build adds
    are taken from the free ones first, so the file is compacted rarely; when it
    cannot be (a reader holds it, the disk is full), it is left as it is."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    if free * COMPACT_SHARE > pages and free * size >= COMPACT_BYTES:
        db.execute("PRAGMA busy_timeout = 100")  # another build reading it: not now
        with suppress(sqlite3.Error):
            db.execute("VACUUM")


def _marks(values: tuple[str, ...]) -> str:
    """The SQL placeholders of ``values`` (``NULL`` for none: ``IN (NULL)`` holds nothing)."""
    return ",".join("?" * len(values)) or "NULL"


@dataclass
class Change:
    """What a build writes of one kind: the entries it used (by their key's bytes), of
    which those ``new`` or changed are written, and the rows it no longer used."""

    kind: str
    used: dict[bytes, Any]
    new: set[bytes]
    gone: list[bytes]
    encode: Callable[[Any], bytes]

    def rows(self, *, every: bool) -> Iterator[tuple[bytes, bytes]]:
        """The rows to write: the new ones, or, for a file started again, every one."""
        for code, value in self.used.items():
            if every or code in self.new:
                yield code, self.encode(value)


class Rows(Stored[Any, Any]):
    """The rows of one kind, as the build asks for them: each checked and decoded on
    first use; one that does not check is not given, and ``spoiled`` is told."""

    def __init__(
        self,
        table: Table,
        kind: str,
        keys: Codec,
        values: Codec,
        spoiled: Callable[[str], None],
    ) -> None:
        self.table, self.kind = table, kind
        self.key_codec, self.value_codec = keys, values
        self.spoiled = spoiled
        self.stored: set[bytes] = set(table.rows.get(kind, {}))
        """The keys' bytes of the rows the file held (and that were not found bad)."""
        self._read: dict[bytes, Any] = {}

    def find(self, key: Any) -> Any:
        try:
            code = self.key_codec.encode(key)
        except TypeError:
            return MISSING
        if code not in self.stored:
            return MISSING
        if code in self._read:
            return self._read[code]
        value = self.table.checked(self.kind, code)
        if value is not None:
            try:
                found = self._read[code] = self.value_codec.decode(value)
                del self.table.rows[self.kind][code]  # its bytes are not needed again
                return found
            except (CacheDataError, KeyError, TypeError, ValueError):
                pass
        self.stored.discard(code)
        if (self.kind, code) not in self.table.gone:  # one deleted since is only missing
            self.spoiled(self.kind)
        return MISSING

    def holds(self, key: Any) -> bool:
        try:
            return self.key_codec.encode(key) in self.stored
        except TypeError:
            return False

    def names(self) -> Iterator[Any]:
        for code in list(self.stored):
            try:
                yield self.key_codec.decode(code)
            except (CacheDataError, UnicodeDecodeError):
                self.stored.discard(code)
                self.spoiled(self.kind)

    def change(
        self,
        used: dict[Any, Any],
        changed: set[Any] | None = None,
        kept: set[Any] | None = None,
    ) -> Change:
        """The rows to write for what a build ``used`` (an entry's value depends on its
        key alone, unless ``changed`` names the keys whose value was set again); the
        rows of ``kept`` keys stay as they are, unread."""
        codes = {self.key_codec.encode(key): value for key, value in used.items()}
        new = {code for code in codes if code not in self.stored}
        if changed:
            new |= {self.key_codec.encode(key) for key in changed if key in used}
        left = {self.key_codec.encode(key) for key in kept or ()}
        gone = [code for code in self.stored if code not in codes and code not in left]
        return Change(self.kind, codes, new, gone, self.value_codec.encode)


def _refused(meta: dict[Any, Any], version: str, key: str) -> str:
    """Why a file whose ``meta`` this is may not be used by ``version`` with ``key``, or ""."""
    if meta.get("format") != FORMAT or not isinstance(meta.get("version"), str):
        return "it is not a cache this version can read"
    if meta["version"] != version:
        return f"it was written by Statuspress {meta['version']}, this is {version}"
    if meta.get("key") != key:
        return "the settings, templates or library versions changed since it was written"
    return ""


def _schema() -> list[tuple[str, str, str | None]]:
    with closing(sqlite3.connect(":memory:")) as db:
        for statement in SCHEMA:
            db.execute(statement)
        return db.execute("SELECT type, name, sql FROM sqlite_master").fetchall()


def _refuse_odd_files(path: Path, *, remove: bool = False) -> None:
    """Unreadable when the file, or one SQLite keeps beside it, is a link, a folder, a
    device or too large; with ``remove``, links and files beside it are removed first
    (a link is never followed)."""
    for name in ("", *SIDES):
        side = path.with_name(path.name + name)
        try:
            status = side.lstat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise Unreadable(exc.strerror or "it cannot be read") from exc
        regular = stat.S_ISREG(status.st_mode)
        if remove and (stat.S_ISLNK(status.st_mode) or (name and not regular)):
            with suppress(OSError):
                side.unlink()
            continue
        if not regular or status.st_size > MAX_BYTES:
            raise Unreadable("it is not a regular file of a sensible size")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
    db.execute("PRAGMA trusted_schema = OFF")
    db.execute("PRAGMA cell_size_check = ON")
    return db
