"""Live preview: serve the site on 127.0.0.1 and rebuild it on every change.

A failed rebuild keeps serving the last good site; the error is printed in the
terminal and shown as a banner at the top of every page until it is fixed.
Pages reload themselves after each rebuild (a small script, only in the
preview, asks the server for the build number).
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import engine
from .build import BuildState, Watcher, build
from .config import read_settings
from .engine import BuildError
from .errors import Severity
from .pipeline import Checked, reference_time

STATE_PATH = "/__statuspress__/state.json"
RELOAD_SCRIPT = """<script>(function(){var v=%d;setInterval(function(){
fetch("%s",{cache:"no-store"}).then(function(r){return r.json()}).then(function(s){
if(s.version!==v){location.reload()}}).catch(function(){})},500)})();</script>"""
BANNER = (
    '<div role="alert" style="position:sticky;top:0;z-index:1000;background:#b71c1c;'
    'color:#fff;padding:.8rem 1rem;font:14px/1.4 sans-serif">'
    "<strong>Preview: the last change was not built.</strong> This page shows the last good "
    'build. Fix these problems and save again:<pre style="white-space:pre-wrap;margin:.5rem 0 0;'
    'color:#fff;background:transparent">%s</pre></div>'
)


class Preview:
    """The preview's state: where the last good site is, its build number, the last error."""

    def __init__(
        self,
        config_file: Path,
        log: Callable[[str], None] = print,
        clock: Callable[[], datetime] = reference_time,
    ) -> None:
        self.config_file = config_file.resolve()
        self.project = self.config_file.parent
        self.folder = Path(tempfile.mkdtemp(prefix="statuspress-preview-"))
        self.site = self.folder / "site"
        settings, _ = read_settings(self.config_file)
        self.content = self.project / (settings.content_dir if settings else "incidents")
        """The content folder to watch (a change of it in the settings needs a restart)."""
        self.path = settings.path if settings else ""
        """The status pages' folder in the site (``path``), where the preview starts."""
        site_path = urlsplit(settings.url).path if settings else "/"
        self.root = site_path.removesuffix(self.path) or "/"
        """Where the site is published (``/status/`` for a project's GitHub pages): the
        engine's 404 page links there, so the preview serves the site there too."""
        self.version = 0
        self.error = ""
        self.log = log
        self.lock = threading.Lock()
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self.clock = clock
        self._state = BuildState()
        """What the last build left for the next (see :mod:`generator.build`)."""
        self._full = True
        self._full_requests = 0
        self._observer: Any = None
        self._worker: threading.Thread | None = None
        self._handler: _Changes | None = None
        self._watched: dict[Path, tuple[Any, int]] = {}
        """The folders watched, with their watch and the inode of the folder watched."""
        self._watch_failed = ""
        self._building = threading.Event()
        self.built = threading.Event()
        """Set once a build succeeded: there is a site to serve from then on."""

    def rebuild(self) -> bool:
        """Build into the preview folder; on failure keep the last good site.

        After the first build, a change to content rebuilds only what changed, as
        ``statuspress build`` does with its cache (see :mod:`generator.incremental`),
        the state kept in memory. A change to templates or settings rebuilds everything.
        """
        started = time.perf_counter()
        self._building.set()
        try:
            error, how = self._build()
        except Exception as exc:  # a bug: shown like a content error, and the next save retries
            error = f"internal error: {type(exc).__name__}: {exc} (please report it)"
            how = ""
        finally:
            self._building.clear()
        if error:
            # A partial rebuild may have changed some pages before it failed: the next
            # rebuild starts from nothing known.
            self._full = True
        with self.lock:
            self.error = error
            self.version += 1
        took = time.perf_counter() - started
        if error:
            self.log(f"Not rebuilt ({took:.1f} s); still serving the last good site:\n{error}")
        else:
            self.built.set()
            self.log(f"Rebuilt {how} in {took:.1f} s.")
        return not error

    def _build(self) -> tuple[str, str]:
        """Build once; return the problems that stopped it ('' if none) and how it built."""
        requests = self._full_requests
        if self._full:
            self._state.forget_site()
        try:
            result = build(
                self.config_file,
                self.clock(),
                engine,
                self._state,
                site_dir=self.site,
                watcher=_Terminal(self.log),
            )
        except BuildError as exc:
            return str(exc), ""
        if result.failed:
            errors = [str(p) for p in result.checked.problems if p.severity is Severity.ERROR]
            return "\n".join(errors) or "the settings could not be read", ""
        # Unless templates or settings changed while this ran.
        self._full = self._full_requests != requests
        return "", "fully" if result.rebuilt is None else "in part"

    # Watching ------------------------------------------------------------

    def start(self) -> None:
        """Watch the content, the templates and the settings; rebuild after each change."""
        self._handler = _Changes(self)
        observer = Observer()
        observer.schedule(self._handler, str(self.project), recursive=False)
        observer.start()
        self._observer = observer
        self._watch_folders()
        self._worker = threading.Thread(target=self._work, daemon=True)
        self._worker.start()

    def _watch_folders(self) -> None:
        """Watch the content and template folders as they are now: one made since the
        preview started (``site_templates/`` is not there until a template is
        overridden), or removed and made again (``git checkout incidents``), is watched
        from now on and rebuilt from, as the files written into it before the watch
        began are not seen otherwise."""
        for folder in (self.content, self.project / "site_templates"):
            try:
                inode = folder.stat().st_ino if folder.is_dir() else None
            except OSError:
                inode = None
            known = self._watched.get(folder)
            if known is not None and known[1] == inode:
                continue
            if known is not None:
                with contextlib.suppress(KeyError, OSError):
                    self._observer.unschedule(known[0])
                del self._watched[folder]
            if inode is not None:
                watch = self._observer.schedule(self._handler, str(folder), recursive=True)
                self._watched[folder] = (watch, inode)
                if known is not None or self._worker is not None:
                    self.changed(everything=folder != self.content)

    def changed(self, everything: bool = False) -> None:
        """Rebuild soon; ``everything`` when templates or settings changed."""
        if everything:
            self._full_requests += 1
            self._full = True
        self._dirty.set()

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch_folders()
                failed = ""
            except Exception as exc:  # a folder that cannot be watched: said once, tried again
                failed = f"cannot watch a folder: {type(exc).__name__}: {exc}"
                if failed != self._watch_failed:
                    self.log(failed)
            self._watch_failed = failed
            if self._dirty.wait(0.2):
                time.sleep(0.05)  # let an editor finish writing the file
                self._dirty.clear()
                try:
                    self.rebuild()
                except Exception as exc:  # the watcher outlives anything, even a failing log
                    with self.lock:
                        self.error = f"internal error: {type(exc).__name__}: {exc}"
                        self.version += 1

    def busy(self) -> bool:
        """Whether a rebuild is under way."""
        return self._building.is_set()

    def stop(self) -> None:
        """Stop watching, let a rebuild under way finish, and remove the preview's
        folder (whatever stopped the waiting)."""
        self._stop.set()
        try:
            if self._observer is not None:
                self._observer.stop()
                self._observer.join()
            if self._worker is not None:
                self._worker.join()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "error": self.error}


class _Terminal(Watcher):
    """What the terminal shows of each rebuild, as ``statuspress build`` shows it: the
    content's warnings and notices (the lint's findings among them), before the line
    that says how it went; its errors are that line's."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log

    def notice(self, line: str) -> None:
        self.log(line)

    def checked(self, checked: Checked) -> None:
        shown = [str(p) for p in sorted(checked.problems) if p.severity is not Severity.ERROR]
        if shown:
            self.log("\n".join(shown))


class _Changes(FileSystemEventHandler):
    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        path = Path(str(event.src_path))
        if path.name.startswith(".") or path.name.endswith("~"):
            return  # our own temporary files and locks, and editors' backups
        if path.parent == self.preview.project and path.name != self.preview.config_file.name:
            return
        self.preview.changed(everything=not path.is_relative_to(self.preview.content))


LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def host_allowed(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's ``Host`` header names the address the preview is bound to.

    A page on another site can make a browser send requests to the preview through a
    name of its own that it points at 127.0.0.1 (DNS rebinding); those requests carry
    that name, so only the bound address is answered: with ``localhost`` and both
    loopback addresses when bound to one of them, and with any IP address (never a
    name) when bound to all of them (``0.0.0.0``, ``::``).
    """
    if not header:
        return False
    parts = urlsplit(f"//{header}")
    try:
        name, given = parts.hostname, parts.port or 80
    except ValueError:
        return False
    if name is None or given != port:
        return False
    bound = bound.strip("[]").lower()
    if bound in LOOPBACK or _is_loopback(bound):
        return name in LOOPBACK or name == bound
    if bound in ("", "0.0.0.0", "::"):
        return name == "localhost" or _is_address(name)
    return name == bound


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    return _is_address(name) and ipaddress.ip_address(name).is_loopback


@contextlib.contextmanager
def reading(preview: Preview) -> Iterator[None]:
    """Answer a request from one state of the site folder: a shared lock on it, which a
    full rebuild's swap of the folder waits for (it takes the folder's exclusive lock,
    see :func:`generator.write.swap_into_place`), and which waits for the swap; moved
    files are whole anyway (``os.replace``). Without a lock (no ``fcntl``), as it is."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - POSIX has it
        yield
        return
    deadline = time.monotonic() + 2
    while True:
        try:
            handle = os.open(preview.site, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:  # none yet, or swapped out this instant
            if not preview.built.is_set() or time.monotonic() > deadline:
                yield
                return
            time.sleep(0.005)
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
            try:
                same = os.stat(preview.site).st_ino == os.fstat(handle).st_ino
            except OSError:
                same = False
            if same or time.monotonic() > deadline:
                yield
                return
        finally:
            os.close(handle)  # and its lock


def make_server(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def _misdirected(self) -> bool:
            """Refuse a request for any host but the bound address (see :func:`host_allowed`)."""
            if host_allowed(self.headers.get("Host"), host, server.server_port):
                return False
            where = f"[{host}]" if ":" in host else host
            body = (
                f"This preview answers only http://{where}:{server.server_port}/ "
                "(and localhost, when that is where it listens).\n"
            ).encode()
            self.send_response(421)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True

        def do_HEAD(self) -> None:
            if not self._misdirected():
                with reading(preview):
                    super().do_HEAD()

        def do_GET(self) -> None:
            if self._misdirected():
                return
            with reading(preview):
                self._get()

        def _get(self) -> None:
            if self.path.split("?")[0] == STATE_PATH:
                self._send(json.dumps(preview.state()).encode(), "application/json")
                return
            if not preview.site.is_dir():  # nothing has built yet: show the problems
                empty = "<!doctype html><title>Preview</title><body></body>"
                self._send(self._decorate(empty), "text/html")
                return
            target = Path(self.translate_path(self.path))
            if "\0" in str(target):  # no file has one; the file system refuses it
                self.send_error(404)
                return
            if target.is_dir() and self.path.split("?")[0].endswith("/"):
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                # A page copied from docs_dir may be in any encoding: shown, not decoded.
                page = target.read_bytes().decode("utf-8", "surrogateescape")
                self._send(self._decorate(page), "text/html")
                return
            super().do_GET()

        def translate_path(self, path: str) -> str:
            root = preview.root
            if root != "/" and (path.startswith(root) or path == root.rstrip("/")):
                path = "/" + path[len(root) :]
            return super().translate_path(path)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            """A missing page is the site's own 404 page, which reloads itself once a
            rebuild brings the page back (a file deleted, then restored)."""
            missing = preview.site / "404.html"
            if code != 404 or not missing.is_file():
                super().send_error(code, message, explain)
                return
            page = missing.read_bytes().decode("utf-8", "surrogateescape")
            self._send(self._decorate(page), "text/html", 404)

        def _decorate(self, page: str) -> bytes:
            state = preview.state()
            script = RELOAD_SCRIPT % (state["version"], STATE_PATH)
            if state["error"]:
                banner = BANNER % html.escape(state["error"])
                at = page.find(">", page.find("<body")) + 1
                page = page[:at] + banner + page[at:]
            at = page.rfind("</body>")
            page = page[:at] + script + page[at:] if at != -1 else page + script
            return page.encode("utf-8", "surrogateescape")

        def _send(self, body: bytes, kind: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    return server
