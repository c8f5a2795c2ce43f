"""The site engine: everything that imports MkDocs (or ProperDocs) or knows Material's
markup, behind one boundary.

- :mod:`.runner`: runs the engine over rendered outputs, for a full build or to patch
  a site incrementally; the front ends (the CLI, the preview) call it, and pass it on.
- :mod:`.plugin`: the MkDocs plugin, which receives a build's outputs in one call.
- :mod:`.frames`: the theme's page frame rendered once and filled in.
- :mod:`.patch`: an incremental build's pages written into a built site.
- :mod:`._choice`: which engine runs, MkDocs or ProperDocs; :mod:`._mkdocs`: the one
  module that imports it.

The core (every module outside this package, ``cli`` and ``serve``) never imports it
(``tests/test_engine_boundary.py`` checks it). Importing this package does not import
the engine itself: a build does, when it runs it.
"""

from __future__ import annotations

from ..errors import BuildError
from ..incremental import EngineRun
from .reading import build_datetime, build_day
from .runner import (
    SUPPLIED_DOCS,
    build_site,
    engine_config,
    engine_errors,
    engine_site_dir,
    needs_docs_dir,
    patch_site,
    quiet_engine_logs,
    redated,
    run_engine,
    shown,
    template_errors,
)

__all__ = [
    "SUPPLIED_DOCS",
    "BuildError",
    "EngineRun",
    "build_datetime",
    "build_day",
    "build_site",
    "engine_config",
    "engine_errors",
    "engine_name",
    "engine_site_dir",
    "needs_docs_dir",
    "patch_site",
    "quiet_engine_logs",
    "redated",
    "run_engine",
    "shown",
    "template_errors",
]


def engine_name() -> str:
    """The engine a build runs, with its version: ``mkdocs 1.6.1``, ``properdocs 1.6.7``
    (the build cache is keyed on it)."""
    from ._choice import NAME, VERSION

    return f"{NAME} {VERSION}"
