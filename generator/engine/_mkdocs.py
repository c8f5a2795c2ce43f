"""The site engine itself: MkDocs 1.6, or ProperDocs 1.6.x, its continuation.

The one module that chooses between them; the rest of the engine package imports
MkDocs' names from here. ProperDocs keeps MkDocs' modules under its own name and
ships ``properdocs.replacement``, which makes every ``mkdocs.*`` import (Material's
too) load the ``properdocs.*`` module: so the code is written once, against
``mkdocs``.

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

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import base, load_config  # noqa: E402
from mkdocs.config import config_options as c  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import (  # noqa: E402
    Abort,
    ConfigurationError,
    MkDocsException,
    PluginError,
)
from mkdocs.exceptions import BuildError as EngineBuildError  # noqa: E402
from mkdocs.plugins import BasePlugin, event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs.theme import Theme  # noqa: E402
from mkdocs.utils import nest_paths  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

VERSION: str = sys.modules["mkdocs"].__version__
"""The running engine's version (``mkdocs`` is ProperDocs' module when it runs)."""

LOGGER = NAME
"""The engine's own logger: its warnings fail ``--strict``."""

__all__ = [
    "NAME",
    "VERSION",
    "Abort",
    "BasePlugin",
    "ConfigurationError",
    "EngineBuildError",
    "File",
    "Files",
    "InclusionLevel",
    "MkDocsConfig",
    "MkDocsException",
    "Page",
    "PluginError",
    "Theme",
    "base",
    "build",
    "c",
    "event_priority",
    "get_toc",
    "load_config",
    "nest_paths",
    "yaml_load",
]
