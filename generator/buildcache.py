"""The build cache: what the last ``statuspress build`` knew, kept for the next one.

It holds the parsed content files (by a digest of their bytes), the Markdown
conversions and serialised feeds the build used, and a record of the site it
wrote. With it, the next build parses and converts only what changed, and
:mod:`generator.incremental` wraps only the changed pages in the theme.

The cache lives in ``.statuspress-cache/`` beside ``mkdocs.yml``. It is keyed on
the versions of Statuspress (its code, templates and stylesheet included) and of
the libraries that shape the output, on ``mkdocs.yml``, and on every file of the
templates, ``docs_dir``, ``custom_dir`` and hooks: any change there starts an
empty cache. The record of the site is used only when the site folder is exactly
as that build left it. A cache that cannot be read is ignored and replaced, so
deleting the folder is always safe.

A contributor can add this folder to a pull request, and CI builds pull requests
with credentials in reach: the cache is data, never code. It is JSON (see
:mod:`generator.cachedata`), read only when its digest matches: a BLAKE2b digest of
the Statuspress version, the key above and the contents, keyed with a secret that
lives outside every project, in the user's cache folder (:func:`secret`). A cache
that was damaged, edited, or written on another machine or by another version is
ignored with a one-line notice, and the build is a full one. Compiled templates are
not kept (Jinja2's bytecode cache unpickles and unmarshals what it reads), and the
files earlier versions kept (``build.pickle``, ``templates/``) are never read, and
removed when the cache is written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .cachedata import CacheDataError, dumps, loads
from .derive import Day, Uptime
from .ignore import make_cache_folder
from .load import ParseCache
from .model import Settings
from .pipeline import LintMemo
from .render import Outputs, Renderers
from .state import BuildState

FOLDER = ".statuspress-cache"
FILE = "build.json"
FORMAT = "statuspress-build-cache/2"
EARLIER = ("build.pickle", "templates")
"""What earlier versions kept in the folder: never read, removed when the cache is written."""
MAX_BYTES = 1 << 30
"""A cache file larger than this is not read."""
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


@dataclass
class BuildCache:
    """The build cache of one project: where a :class:`~generator.state.BuildState` is
    kept between two builds."""

    key: str
    state: BuildState
    lines: dict[Any, bytes] = field(default_factory=dict, repr=False)
    """The cache file's line for each parsed file (by path and digest) and each feed (by
    its key), as read: written again as it is, so a build encodes only what changed."""
    notice: str = field(default="", compare=False)
    """Why the cache found in the project was ignored, for the build to say; empty when
    it was read, or there was none."""

    @classmethod
    def open(
        cls, config_file: Path, settings: Settings, state: BuildState, *, engine: str
    ) -> BuildCache:
        """The cache of the project, its contents put into ``state``; or an empty one
        (with a :attr:`notice` saying why, and ``state`` as it was) when it is damaged,
        changed, or was written by another version, with other settings, templates or
        library versions, or on another machine.

        The file is JSON lines: a header (format, version, key and digest), the state
        of the last build, then one line for each parsed file, its lint findings, each
        feed and each component's uptime window (by the digest of what it read)."""
        key = cache_key(config_file, settings, engine=engine)
        folder = config_file.parent / FOLDER
        shown = f"{FOLDER}/{FILE}"
        if folder.is_symlink():
            why = f"notice: ignoring {FOLDER}: it is a link; building everything"
            return cls(key, state, notice=why)
        try:
            raw = _read_regular(folder / FILE)
        except FileNotFoundError:
            return cls(key, state)
        except OSError as exc:
            why = f"notice: ignoring {shown}: {exc.strerror}; building everything"
            return cls(key, state, notice=why)
        why = _refused(raw, key)
        if why:
            return cls(key, state, notice=f"notice: ignoring {shown}: {why}; building everything")
        lines: dict[Any, bytes] = {}
        parsed: ParseCache = {}
        linted: LintMemo = {}
        feeds: dict[Any, Any] = {}
        uptimes: dict[str, Uptime] = {}
        try:
            _, first, *rest = raw.split(b"\n")
            last = loads(first)
            for line in rest:
                kind, one, two = loads(line)
                if kind == "parsed":
                    parsed[one] = two
                    lines[(kind, one, two[0])] = line
                elif kind == "linted":
                    linted[one] = two
                    lines[(kind, one, two[0])] = line
                elif kind == "feed":
                    feeds[one] = two
                    lines[(kind, one)] = line
                elif kind == "uptime":
                    uptimes[one] = _uptime_of(two)
                    lines[(kind, one)] = line
                else:
                    raise CacheDataError(f"unknown kind of line {kind!r}")
            state.memo = {**last["memo"], "feeds": feeds}
            state.site, state.built = last["site"], last["built"]
            state.files, state.engine = last["files"], last["engine"]
            state.uptimes.recall(uptimes)
        except (CacheDataError, KeyError, TypeError, ValueError):
            why = "it is not a cache this version can read"
            return cls(key, state, notice=f"notice: ignoring {shown}: {why}; building everything")
        state.parsed.update(parsed)
        state.linted.update(linted)
        return cls(key, state, lines)

    def save(
        self,
        config_file: Path,
        state: BuildState,
        outputs: Outputs,
        uptimes: dict[str, Uptime] | None = None,
    ) -> None:
        """Record the build that just wrote ``outputs`` (``state`` is what it left, and
        ``uptimes`` the uptimes it used); a cache that cannot be written is left out
        (the next build is a full one)."""
        renderers = state.renderers or Renderers()
        memo = state.memo = renderers.memo(outputs)
        folder = config_file.parent / FOLDER
        feeds = memo["feeds"]
        last = {
            "memo": {name: value for name, value in memo.items() if name != "feeds"},
            "site": state.site,
            "built": state.built,
            "files": state.files,
            "engine": state.engine,
        }
        try:
            if folder.is_symlink():
                return
            lines = [dumps(last)]
            lines += [self._line("parsed", name, entry) for name, entry in state.parsed.items()]
            lines += [self._line("linted", name, entry) for name, entry in state.linted.items()]
            lines += [self._line("feed", name, made) for name, made in feeds.items()]
            lines += [
                self.lines.get(("uptime", key)) or dumps(["uptime", key, _uptime_data(made)])
                for key, made in (uptimes or {}).items()
            ]
            body = b"\n".join(lines)
            header = {"format": FORMAT, "version": __version__, "key": self.key}
            digest = _digest(header, body)
            if digest is None:  # no secret to key it with: it would never be trusted
                return
            header["digest"] = digest
            make_cache_folder(folder)
            handle, temporary = tempfile.mkstemp(prefix=".build-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(json.dumps(header).encode("ascii") + b"\n" + body)
                os.replace(temporary, folder / FILE)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for name in EARLIER:
                earlier = folder / name
                if earlier.is_dir() and not earlier.is_symlink():
                    shutil.rmtree(earlier, ignore_errors=True)
                else:
                    earlier.unlink(missing_ok=True)
        except (OSError, TypeError):
            pass

    def _line(self, kind: str, name: Any, value: Any) -> bytes:
        """The cache file's line for a parsed file, its lint findings or a feed: as read
        when unchanged."""
        known = self.lines.get((kind, name, value[0]) if kind != "feed" else (kind, name))
        return known if known is not None else dumps([kind, name, value])


def _uptime_data(uptime: Uptime) -> list[tuple[Any, ...]]:
    """An uptime as plain values the cache holds: each day's fields."""
    return [
        (d.day, d.observed, d.major, d.partial, d.degraded, d.incidents, d.maintenance)
        for d in uptime.days
    ]


def _uptime_of(data: list[list[Any]]) -> Uptime:
    return Uptime(
        tuple(
            Day(day, observed, major, partial, degraded, tuple(incidents), maintenance)
            for day, observed, major, partial, degraded, incidents, maintenance in data
        )
    )


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, a device or a pipe)."""
    handle = os.open(
        path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    )
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            raise OSError(0, "it is not a regular file of a sensible size")
        return stream.read()


def _refused(raw: bytes, key: str) -> str:
    """Why the cache file ``raw`` may not be used by a build whose key is ``key``, or ""."""
    end = raw.find(b"\n")
    first = raw[:end] if end != -1 else raw
    body = memoryview(raw)[end + 1 :] if end != -1 else memoryview(b"")  # no copy
    try:
        header = json.loads(first)
        fields = [header.get(name) for name in ("format", "version", "key", "digest")]
    except (ValueError, AttributeError):
        return "it is not a cache this version can read"
    if not all(isinstance(value, str) for value in fields) or fields[0] != FORMAT:
        return "it is not a cache this version can read"
    if fields[1] != __version__:
        return f"it was written by Statuspress {fields[1]}, this is {__version__}"
    if fields[2] != key:
        return "the settings, templates or library versions changed since it was written"
    written = {"format": FORMAT, "version": __version__, "key": key}
    expected = _digest(written, body)
    if expected is None or not hmac.compare_digest(expected, str(fields[3])):
        return (
            "its digest does not match its contents (damaged, changed by hand, "
            "or written on another machine)"
        )
    return ""


def _digest(header: dict[str, str], body: bytes | memoryview) -> str | None:
    """The keyed digest of a cache file; None when there is no secret to key it with."""
    key = secret()
    if key is None:
        return None
    digest = hashlib.blake2b(key=key, digest_size=32)
    digest.update(json.dumps(header, sort_keys=True).encode("ascii") + b"\n")
    digest.update(body)
    return digest.hexdigest()


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
