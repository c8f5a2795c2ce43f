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

The cache is a pickle: like ``mkdocs.yml`` hooks, it is trusted as part of the
project folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import __version__
from .engine import EngineRun
from .incremental import Built, Plan, plan, snapshot
from .load import ParseCache
from .model import Settings
from .pipeline import LintMemo
from .render import Outputs, Renderers

FOLDER = ".statuspress-cache"
FILE = "build.pickle"
TEMPLATES = "templates"
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "MarkupSafe",
    "nh3",
    "feedgen",
    "icalendar",
    "PyYAML",
    "tzdata",
)
"""The libraries whose versions change what a build writes."""
PACKAGE = Path(__file__).resolve().parent
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""On a line with ``!ENV``, every word after it may name a variable MkDocs reads."""


@dataclass
class BuildCache:
    key: str
    parsed: ParseCache = field(default_factory=dict)
    memo: dict[str, Any] | None = None
    """Conversions and feeds the last build used (see :meth:`Renderers.memo`)."""
    site: str = ""
    """The site folder the last build wrote."""
    built: Built | None = None
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """The site folder's :func:`~generator.incremental.snapshot` after the last build."""
    engine: EngineRun = field(default_factory=EngineRun)
    """The frames of the theme's page template, from the last build."""
    linted: LintMemo = field(default_factory=dict)
    """The blameless lint's findings in the content files, by their bytes."""

    @classmethod
    def open(cls, config_file: Path, settings: Settings) -> BuildCache:
        """The cache of the project, or an empty one when it is missing, unreadable or
        was made with other settings, templates or versions."""
        key = cache_key(config_file, settings)
        try:
            with open(config_file.parent / FOLDER / FILE, "rb") as stream:
                cache = pickle.load(stream)
        except Exception:
            return cls(key)
        if not isinstance(cache, cls) or cache.key != key:
            shutil.rmtree(config_file.parent / FOLDER / TEMPLATES, ignore_errors=True)
            return cls(key)
        return cache

    def templates(self, config_file: Path, which: str) -> Path:
        """Where one set of compiled templates is kept, under this cache's key."""
        return config_file.parent / FOLDER / TEMPLATES / self.key[:16] / which

    def renderers(self, config_file: Path, sanitise: bool) -> Renderers:
        renderers = Renderers(sanitise, bytecode=self.templates(config_file, "pages"))
        if self.memo is not None:
            renderers.recall(self.memo)
        return renderers

    def plan(self, built: Built, outputs: Outputs, site: Path) -> Plan | None:
        """The incremental build of ``outputs`` (recorded as ``built``) into ``site``,
        or None for a full build."""
        if self.built is None or self.site != str(site.resolve()):
            return None
        if snapshot(site) != self.files:
            return None
        return plan(self.built, built, outputs)

    def save(
        self,
        config_file: Path,
        outputs: Outputs,
        renderers: Renderers,
        site: Path,
        built: Built,
        run: EngineRun,
        full: bool,
    ) -> None:
        """Record the build that just wrote ``site`` (``full``, or incremental); a cache
        that cannot be written is left out (the next build is a full one)."""
        self.memo = renderers.memo(outputs)
        self.engine = self.engine.after(run, full)
        self.site = str(site.resolve())
        self.built = built
        self.files = snapshot(site)
        folder = config_file.parent / FOLDER
        try:
            folder.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".build-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump(self, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, folder / FILE)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass


def cache_key(config_file: Path, settings: Settings) -> str:
    """A digest of everything that shapes a build other than the content."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{sys.version}\0".encode())
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
        *((project / name, project) for name in settings.engine_inputs),
    ]
    for path, base in sources:
        for file in _files(path):
            digest.update(f"{file.relative_to(base)}\0".encode())
            digest.update(hashlib.blake2b(file.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    )
