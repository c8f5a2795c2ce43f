"""Which engine runs, MkDocs 1.6 or ProperDocs 1.6.x, and its version, known without
importing it (a rebuild that the engine has no page to make for never imports it:
about 0.05 s).

The engine already running wins (``mkdocs build`` runs MkDocs, ``properdocs build``
ProperDocs, and a plugin must not switch engines under them); otherwise ProperDocs
when it is installed, else MkDocs.
"""

from __future__ import annotations

import logging
import sys
from importlib.util import find_spec


def _choose() -> str:
    running = sys.modules.get("mkdocs")
    if running is not None and running is not sys.modules.get("properdocs"):
        return "mkdocs"
    if find_spec("properdocs") is not None:
        import properdocs.replacement  # noqa: F401  (mkdocs.* now loads properdocs.*)

        return "properdocs"
    return "mkdocs"


NAME = _choose()
"""The engine that runs: ``mkdocs`` or ``properdocs`` (its distribution's name too)."""

# ProperDocs logs under "properdocs" and counts that logger's warnings in strict mode;
# plugins (Material's, ours) log under "mkdocs": as ProperDocs' own command does, the
# one feeds the other.
if NAME == "properdocs":
    logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")

import mkdocs  # noqa: E402  (only the package, which holds its version: ProperDocs' when it runs)

VERSION: str = mkdocs.__version__
"""The running engine's version."""
