"""The build cache: what the last ``statuspress build`` knew, kept for the next one.

It holds the parsed content files (by a digest of their bytes), the Markdown
conversions, rendered pages and serialised feeds the build used, and a record of the
site it wrote. With it, the next build parses and converts only what changed, and
:mod:`generator.incremental` wraps only the changed pages in the theme.

The cache lives in ``.statuspress-cache/`` beside ``mkdocs.yml``. It is keyed on
the versions of Statuspress (its code, templates and stylesheet included) and of
the libraries that shape the output, on ``mkdocs.yml``, and on every file of the
templates, ``docs_dir``, ``custom_dir`` and hooks: any change there starts an
empty cache. The record of the site is used only when the site folder is exactly
as that build left it. A cache that cannot be read is ignored and replaced, so
deleting the folder is always safe.

The cache is one SQLite file of entries (see :mod:`generator.cachetable`): a build
reads an entry only when it asks for it, and writes only the entries that are new or
changed, and deletes those it no longer used, so its cost is what the build uses and
what changed. Two builds at once on one project each write in one transaction.

A contributor can add this folder to a pull request, and CI builds pull requests
with credentials in reach: the cache is data, never code. Its values are JSON (see
:mod:`generator.cachedata`) or text, and each entry is used only when its digest
matches: a BLAKE2b digest of the format, the key above, the entry's kind, key and
value, keyed with a secret that lives outside every project, in the user's cache
folder (:func:`secret`). A cache file that is a link, not a regular file, too large,
not an SQLite file of this version's schema, or was written by another version or
with other settings is ignored with a one-line notice, and so is an entry that was
damaged, edited, or written on another machine: the build is then a full one.
Compiled templates are not kept (Jinja2's bytecode cache unpickles and unmarshals
what it reads), and the files earlier versions kept (``build.json``,
``build.pickle``, ``templates/``) are never read, and removed when the cache is
written.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .cachedata import CacheDataError, dumps, loads
from .cachetable import DATA, DIGEST, TEXT, Codec, Rows, Table, Unreadable
from .derive import Day, Uptime
from .ignore import make_cache_folder
from .memo import MISSING, Recalled
from .model import Settings
from .render import Outputs, Renderers
from .seen import Seen
from .state import BuildState

FOLDER = ".statuspress-cache"
FILE = "build.sqlite"
EARLIER = ("build.json", "build.pickle", "templates")
"""What earlier versions kept in the folder: never read, removed when the cache is written."""
SECRET = "cache-secret"
LIBRARIES = (
    "mkdocs",
    "properdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "MarkupSafe",
    "nh3",
    "feedgen",
    "icalendar",
    "PyYAML",
    "tzdata",
    "Babel",  # dates and numbers in the site's language
)
"""The libraries whose versions change what a build writes."""
PACKAGE = Path(__file__).resolve().parent
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""On a line with ``!ENV``, every word after it may name a variable MkDocs reads."""


def _uptime_data(uptime: Uptime) -> bytes:
    """An uptime as the cache holds it: each day's fields."""
    return dumps(
        [
            (d.day, d.observed, d.major, d.partial, d.degraded, d.incidents, d.maintenance)
            for d in uptime.days
        ]
    )


def _findings_data(value: tuple[bytes, list[Any]]) -> bytes:
    """A file's lint findings as the cache holds them: the digest of the bytes linted,
    and the findings; most files have none, kept as the digest alone (read without
    JSON: a rebuild reads one entry per content file)."""
    digest, findings = value
    if type(digest) is bytes and type(findings) is list and not findings:
        return b"=" + digest
    return dumps(value)


def _findings_of(data: bytes) -> tuple[bytes, list[Any]]:
    if data[:1] == b"=":
        return data[1:], []
    value = loads(data)  # what dumps wrote starts with '{' or '['
    if not (type(value) is tuple and len(value) == 2 and type(value[0]) is bytes):
        raise CacheDataError("expected a digest and findings")
    return value


def _uptime_of(data: bytes) -> Uptime:
    return Uptime(
        tuple(
            Day(day, observed, major, partial, degraded, tuple(incidents), maintenance)
            for day, observed, major, partial, degraded, incidents, maintenance in loads(data)
        )
    )


MEMOS = ("prose", "sections", "pages", "uses", "feeds")
"""The kinds of entry the renderers remember (see :meth:`Renderers.memo`)."""
KINDS: dict[str, tuple[Codec, Codec]] = {
    "last": (TEXT, DATA),
    "parsed": (TEXT, DATA),
    "linted": (TEXT, Codec(_findings_data, _findings_of)),
    "validated": (TEXT, DATA),
    "prose": (DIGEST, TEXT),
    "sections": (DIGEST, TEXT),
    "pages": (TEXT, TEXT),
    "uses": (TEXT, DATA),
    "feeds": (TEXT, DATA),
    "uptime": (TEXT, Codec(_uptime_data, _uptime_of)),
}
"""Each kind of entry, with how its keys and its values are kept."""
GROWTH = 2
"""How many times the conversions and pages the last full build used the cache keeps
across the builds after it (see :meth:`BuildCache.save`)."""
SLACK = 1000
"""Rows kept beyond that, so that a small site is not pruned at every edit."""
LAZY = frozenset({"parsed", "pages", "prose", "sections", "feeds"})
"""The kinds a rebuild reads few of (parsed files, conversions, pages, feeds): their
values are read from the file when asked for, not all at once when it is opened."""
LAST = ("site", "built", "files", "engine", "seen", "limit")
"""What the ``last`` entry records of the last build (one entry, written at once)."""


@dataclass
class BuildCache:
    """The build cache of one project: where a :class:`~generator.state.BuildState` is
    kept between two builds."""

    key: str
    state: BuildState
    table: Table | None = field(default=None, repr=False)
    """The cache file as read; None when there is no secret to check it with."""
    rows: dict[str, Rows] = field(default_factory=dict, repr=False)
    notice: str = field(default="", compare=False)
    """Why (part of) the cache found in the project was ignored, for the build to say;
    empty when it was read, or there was none."""
    say: Callable[[str], None] = field(default=lambda line: None, repr=False, compare=False)
    broken: bool = field(default=False, repr=False)
    """The file could not be read as a cache: it is removed before the next is written."""
    limit: int | None = field(default=None, repr=False)
    """How many conversions, pages and uptimes the cache may keep before a build that is
    not a full one deletes those it did not use (set by the last full build)."""
    process: int = field(default_factory=os.getpid, repr=False, compare=False)
    """The process that opened it: the one that says its notices (a process the build
    forks reads entries too, and leaves what it finds for the build to find again)."""

    @classmethod
    def open(
        cls,
        config_file: Path,
        settings: Settings,
        state: BuildState,
        *,
        engine: str,
        say: Callable[[str], None] | None = None,
    ) -> BuildCache:
        """The cache of the project, put into ``state``: its entries are read when the
        build asks for them. Empty (with a :attr:`notice` said with ``say``, and
        ``state`` as it was) when it is damaged, changed, or was written by another
        version, with other settings, templates or library versions, or on another
        machine; an entry found damaged later is said then, and not used."""
        key = cache_key(config_file, settings, engine=engine)
        folder = config_file.parent / FOLDER
        cache = cls(key, state, say=say or (lambda line: None))
        known = secret()
        if known is None:  # no secret to check it with: nothing is trusted or written
            return cache
        cache.table = table = Table(folder / FILE, key, known, __version__, lazy=LAZY)
        if folder.is_symlink():
            cache._ignore("it is a link", shown=FOLDER)
            return cache
        try:
            why = table.read()
        except FileNotFoundError:
            return cache
        except Unreadable as exc:
            cache.broken = True
            cache._ignore(str(exc))
            return cache
        if why:
            cache._ignore(why)
            return cache
        rows = {kind: Rows(table, kind, *codecs, cache._spoiled) for kind, codecs in KINDS.items()}
        last = rows["last"].find("last")
        if last is MISSING or not isinstance(last, dict) or sorted(last) != sorted(LAST):
            cache._spoiled("last")
            return cache
        cache.rows = rows
        state.site, state.built, state.files, state.engine = (last[name] for name in LAST[:4])
        state.seen = Seen.of(last["seen"])
        cache.limit = last["limit"] if type(last["limit"]) is int else None
        state.memo = {kind: rows[kind] for kind in MEMOS}
        parsed, linted = Recalled(rows["parsed"]), Recalled(rows["linted"])
        validated = Recalled(rows["validated"])
        parsed.update(state.parsed)
        linted.update(state.linted)
        validated.update(state.validated)
        state.parsed, state.linted, state.validated = parsed, linted, validated
        state.uptimes.recall(rows["uptime"])
        return cache

    def close(self) -> None:
        """The content is checked: the parsed files kept are not asked for again."""
        if self.table is not None:
            self.table.close()

    def _ignore(self, why: str, shown: str = f"{FOLDER}/{FILE}") -> None:
        if not self.notice and os.getpid() == self.process:
            self.notice = f"notice: ignoring {shown}: {why}; building everything"
            self.say(self.notice)

    def _spoiled(self, kind: str) -> None:
        """An entry did not check: not used; the build is a full one, and the file is
        written again from what it makes."""
        self._ignore(
            "an entry's digest does not match its contents (damaged, changed by hand, "
            "or written on another machine)"
        )
        self.state.forget_site()
        if self.table is not None:
            self.table.fresh = True

    def save(
        self,
        config_file: Path,
        state: BuildState,
        outputs: Outputs,
        uptimes: dict[str, Uptime] | None = None,
        *,
        full: bool = True,
    ) -> None:
        """Record the build that just wrote ``outputs`` (``state`` is what it left, and
        ``uptimes`` the uptimes it used): the entries it made are written; a cache that
        cannot be written is left out (the next build is a full one).

        A ``full`` build deletes the conversions and pages it no longer used. One that
        was not (it made few) keeps them for the builds after it (deleting thousands of
        rows would cost more than the build), until they number more than
        :data:`GROWTH` times what the last full build used; then it deletes them too."""
        renderers = state.renderers or Renderers()
        memo = state.memo = renderers.memo(outputs)
        folder = config_file.parent / FOLDER
        table = self.table
        if table is None or folder.is_symlink():
            return
        rows = self.rows or {
            kind: Rows(table, kind, *codecs, self._spoiled) for kind, codecs in KINDS.items()
        }
        seen = state.seen.data() if state.seen is not None else None
        last = {"site": state.site, "built": state.built, "files": state.files, "seen": seen}
        used: dict[str, dict[Any, Any]] = {
            **{kind: memo[kind] for kind in MEMOS},
            "uptime": uptimes or {},
        }
        try:
            used_rows = [rows[kind].change(entries) for kind, entries in used.items()]
            # What the file would hold keeping every row: those used and those not.
            held = sum(len(change.used) + len(change.gone) for change in used_rows)
            if full or self.limit is None or table.fresh:
                limit = GROWTH * sum(map(len, used.values())) + SLACK
            else:
                limit = self.limit
                if held <= limit:
                    for change in used_rows:
                        change.gone = []
            # The record of the last build is written every time, as one entry.
            record = {**last, "engine": state.engine, "limit": limit}
            changes = [rows["last"].change({"last": record}, {"last"}), *used_rows]
            kept = (("parsed", state.parsed), ("linted", state.linted))
            for kind, entries in (*kept, ("validated", state.validated)):
                if isinstance(entries, Recalled):
                    unread = entries.unread()
                    if table.fresh:  # every row is written again: read those kept unread
                        unread = {key for key in unread if key not in entries}
                    read = entries.read()
                    changes.append(rows[kind].change(read, entries.changed, unread))
                else:
                    changes.append(rows[kind].change(entries, set(entries)))
            make_cache_folder(folder)
            if self.broken:
                table.start_again()
            try:
                table.write(changes)
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc):
                    return
                raise
            except sqlite3.DatabaseError:
                table.start_again()
                table.write(changes)
            for name in EARLIER:
                earlier = folder / name
                if earlier.is_dir() and not earlier.is_symlink():
                    shutil.rmtree(earlier, ignore_errors=True)
                else:
                    earlier.unlink(missing_ok=True)
        except (OSError, TypeError, Unreadable, sqlite3.Error):
            pass


def secret_folder() -> Path:
    """Where the secret lives: the user's cache folder, outside every project."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "statuspress"


def secret() -> bytes | None:
    """The key of the cache digests, made on first use; None when it cannot be kept
    (then no cache is trusted)."""
    folder = secret_folder()
    path = folder / SECRET
    try:
        known = path.read_bytes()
        if len(known) == 32:
            return known
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=".secret-", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(32))
        try:
            os.link(temporary, path)  # the first of two builds at once wins
        except FileExistsError:
            if len(path.read_bytes()) != 32:
                os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        known = path.read_bytes()
    except OSError:
        return None
    return known if len(known) == 32 else None


def cache_key(config_file: Path, settings: Settings, *, engine: str) -> str:
    """A digest of everything that shapes a build other than the content; ``engine``
    names the site engine that runs it (``mkdocs 1.6.1``, ``properdocs 1.6.7``)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{sys.version}\0{engine}\0".encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none\0".encode())
    # Values MkDocs takes from the environment (``!ENV``) shape the site too.
    text = config_file.read_text(encoding="utf-8", errors="replace")
    names = {
        name
        for line in text.splitlines()
        if "!ENV" in line
        for name in WORD.findall(line.split("!ENV", 1)[1])
    }
    for name in sorted(names):
        digest.update(f"${name}={os.environ.get(name)}\0".encode())
    project = config_file.parent
    sources = [
        (PACKAGE, PACKAGE),
        (config_file, project),
        (project / "site_templates", project),
        # One that leads out of the project is refused before the build: never read.
        *((project / name, project) for name in settings.engine_inputs if _inside(project, name)),
    ]
    for path, base in sources:
        for file in _files(path):
            digest.update(f"{file.relative_to(base)}\0".encode())
            digest.update(_fingerprint(file, project))
    return digest.hexdigest()


def _inside(project: Path, name: str) -> bool:
    return (project / name).resolve().is_relative_to(project.resolve())


def _files(path: Path) -> list[Path]:
    """Files and links to files under ``path``; links to folders are not entered."""
    if not path.is_dir():
        return [path] if path.is_file() or path.is_symlink() else []
    return sorted(
        Path(folder) / name
        for folder, _, names in os.walk(path)
        for name in names
        if "__pycache__" not in folder and not name.endswith(".pyc")
    )


def _fingerprint(file: Path, project: Path) -> bytes:
    """A digest of a file's bytes; of a link's text too, and of its file's bytes only
    when that is a regular file inside the project (:mod:`generator.links` refuses the
    others before the build reads them)."""
    digest = hashlib.blake2b(digest_size=16)
    if file.is_symlink():
        digest.update(f"-> {os.readlink(file)}\0".encode())
        if not file.resolve().is_relative_to(project.resolve()):
            return digest.digest()
    if not file.is_file():  # a pipe or a device: never read
        digest.update(b"not a file")
        return digest.digest()
    try:
        digest.update(file.read_bytes())
    except OSError as exc:
        digest.update(f"unreadable: {exc.errno}".encode())
    return digest.digest()
