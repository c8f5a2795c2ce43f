"""A local static server for the built site, as a host serves it: gzip for text files.

It listens on 127.0.0.1 on a free port, runs in a thread of the test process,
and records every request it answers with the bytes it would send compressed,
which is what the page-weight check adds up.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import (
    BaseHTTPRequestHandler,
    HTTPServer,
    SimpleHTTPRequestHandler,
    ThreadingHTTPServer,
)
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml")
COMPRESSIBLE_SUFFIXES = (".js", ".json", ".xml", ".svg", ".map", ".rss", ".atom", ".ico")


@dataclass(frozen=True)
class Served:
    """One answered request: the path, the status, and the size of the body as gzip."""

    path: str
    status: int
    gzip_bytes: int


@dataclass
class Site:
    """A running server: its base URL (ending in ``/``) and the requests it answered."""

    url: str
    served: list[Served] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[Served]:
        """The requests answered since the last call, and forget them."""
        with self.lock:
            taken, self.served[:] = list(self.served), []
        return taken


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Handler(SimpleHTTPRequestHandler):
    site: Site

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        url = urlsplit(self.path).path
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not url.endswith("/"):
            self.send_response(301)
            self.send_header("Location", f"{url}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._record(0, 301)
            return
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            self._record(0, 404)
            return
        data = path.read_bytes()
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        squeeze = kind.startswith(COMPRESSIBLE) or path.suffix in COMPRESSIBLE_SUFFIXES
        body = gzip.compress(data, compresslevel=6, mtime=0) if squeeze and accepts else data
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=60")
        if body is not data:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self._record(gzip_size(data) if squeeze else len(data), 200)

    def _record(self, size: int, status: int) -> None:
        with self.site.lock:
            self.site.served.append(Served(urlsplit(self.path).path, status, size))

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: failures show in the assertions


@contextmanager
def receiving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A local HTTP server answering with ``handler`` until the block ends: its address,
    ``http://127.0.0.1:<port>`` (a webhook's receiver, a redirector)."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(folder: Path) -> Iterator[Site]:
    """Serve ``folder`` on 127.0.0.1 until the block ends."""
    site = Site(url="")
    handler = partial(_Handler, directory=str(folder), site=site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
