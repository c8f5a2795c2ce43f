"""Live preview: serve the site on 127.0.0.1 and rebuild it on every change.

A failed rebuild keeps serving the last good site; the error is printed in the
terminal and shown as a banner at the top of every page until it is fixed.
Pages reload themselves after each rebuild (a small script, only in the
preview, asks the server for the build number).
"""

from __future__ import annotations

import html
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .config import read_settings
from .engine import BuildError, build_site, template_errors
from .errors import Severity
from .pipeline import ParseCache, load_site, reference_time
from .render import Outputs, Page, Renderers, render_site

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
        self.version = 0
        self.error = ""
        self.log = log
        self.lock = threading.Lock()
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self.clock = clock
        self._parsed: ParseCache = {}
        self._renderers = Renderers()
        self._pages: dict[str, Page] = {}
        self._files: dict[str, bytes] = {}
        self._full = True
        self._observer: Any = None
        self._worker: threading.Thread | None = None

    def rebuild(self) -> bool:
        """Build into the preview folder; on failure keep the last good site.

        After the first build, a change to content rebuilds only the pages whose HTML
        changed (plus the pages in the navigation, which every page links to) and
        rewrites only the files that changed. A change to templates or settings, or to
        a page in the search index, rebuilds everything.
        """
        started = time.perf_counter()
        error = ""
        how = "fully"
        site, problems = load_site(self.config_file, self.clock(), self._parsed)
        errors = [str(p) for p in problems if p.severity is Severity.ERROR]
        if site is None:
            error = "\n".join(errors) or "the settings could not be read"
        else:
            try:
                with template_errors(self.project):
                    outputs = render_site(
                        site, [self.project / "site_templates"], renderers=self._renderers
                    )
                    if self._can_patch(outputs):
                        how = "in part"
                        self._patch(outputs, site.now)
                    else:
                        build_site(self.config_file, self.site, site.now, outputs)
                    self._pages = {p.url: p for p in outputs.pages}
                    self._files = dict(outputs.files)
                    self._full = False
            except BuildError as exc:
                error = str(exc)
        with self.lock:
            self.error = error
            self.version += 1
        took = time.perf_counter() - started
        if error:
            self.log(f"Not rebuilt ({took:.1f} s); still serving the last good site:\n{error}")
        else:
            self.log(f"Rebuilt {how} in {took:.1f} s.")
        return not error

    def _can_patch(self, outputs: Outputs) -> bool:
        if self._full or not self.site.is_dir():
            return False
        # A page that came or went changes the navigation: rebuild everything.
        return {p.url for p in outputs.pages} == set(self._pages)

    def _patch(self, outputs: Outputs, now: datetime) -> None:
        """Rebuild the changed pages (and the navigation's) in a scratch folder; copy them in."""
        changed = [p for p in outputs.pages if self._pages.get(p.url) != p]
        chosen = {p.url: p for p in [*changed, *(p for p in outputs.pages if p.in_nav)]}
        # The search index holds the searchable pages only: with all of them in the
        # scratch build, its index is the whole site's.
        search = any(p.in_search for p in changed)
        if search:
            chosen.update({p.url: p for p in outputs.pages if p.in_search})
        scratch = self.folder / "scratch"
        # In site order, as a full build gives them to the engine (the search index
        # lists pages in that order).
        pages = [p for p in outputs.pages if p.url in chosen]
        build_site(self.config_file, scratch, now, Outputs(pages=pages))
        try:
            copies = [f"{url}index.html" for url in chosen]
            if search:
                copies.append("search/search_index.json")
            for name in copies:
                target = self.site / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(scratch / name, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for path, data in outputs.files.items():
            if self._files.get(path) != data:
                target = self.site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        for path in set(self._files) - set(outputs.files):
            (self.site / path).unlink(missing_ok=True)

    # Watching ------------------------------------------------------------

    def start(self) -> None:
        """Watch the content, the templates and the settings; rebuild after each change."""
        handler = _Changes(self)
        observer = Observer()
        for folder in (self.content, self.project / "site_templates"):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=True)
        observer.schedule(handler, str(self.project), recursive=False)
        observer.start()
        self._observer = observer
        self._worker = threading.Thread(target=self._work, daemon=True)
        self._worker.start()

    def changed(self, everything: bool = False) -> None:
        """Rebuild soon; ``everything`` when templates or settings changed."""
        if everything:
            self._full = True
        self._dirty.set()

    def _work(self) -> None:
        while not self._stop.is_set():
            if self._dirty.wait(0.2):
                time.sleep(0.05)  # let an editor finish writing the file
                self._dirty.clear()
                self.rebuild()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
        if self._worker is not None:
            self._worker.join()
        shutil.rmtree(self.folder, ignore_errors=True)

    def state(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "error": self.error}


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


def make_server(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def do_GET(self) -> None:
            if self.path.split("?")[0] == STATE_PATH:
                self._send(json.dumps(preview.state()).encode(), "application/json")
                return
            if not preview.site.is_dir():  # nothing has built yet: show the problems
                empty = "<!doctype html><title>Preview</title><body></body>"
                self._send(self._decorate(empty), "text/html")
                return
            target = Path(self.translate_path(self.path))
            if target.is_dir() and self.path.split("?")[0].endswith("/"):
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                self._send(self._decorate(target.read_text(encoding="utf-8")), "text/html")
                return
            super().do_GET()

        def _decorate(self, page: str) -> bytes:
            state = preview.state()
            script = RELOAD_SCRIPT % (state["version"], STATE_PATH)
            if state["error"]:
                banner = BANNER % html.escape(state["error"])
                at = page.find(">", page.find("<body")) + 1
                page = page[:at] + banner + page[at:]
            at = page.rfind("</body>")
            page = page[:at] + script + page[at:] if at != -1 else page + script
            return page.encode("utf-8")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return ThreadingHTTPServer((host, port), Handler)
