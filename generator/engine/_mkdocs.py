"""The site engine itself: MkDocs 1.6, or ProperDocs 1.6.x, its continuation.

The rest of the engine package imports MkDocs' names from here; :mod:`._choice` chose
the engine. ProperDocs keeps MkDocs' modules under its own name and
ships ``properdocs.replacement``, which makes every ``mkdocs.*`` import (Material's
too) load the ``properdocs.*`` module: so the code is written once, against
``mkdocs``.
"""

from __future__ import annotations

# isort: off
# First: when ProperDocs runs, choosing it makes every ``mkdocs.*`` import below load
# ``properdocs.*`` (imported after MkDocs, it would find MkDocs running, and keep it).
from ._choice import NAME, VERSION

from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import (
    Abort,
    ConfigurationError,
    MkDocsException,
    PluginError,
)
from mkdocs.exceptions import BuildError as EngineBuildError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme
from mkdocs.utils import nest_paths
from mkdocs.utils.yaml import yaml_load

# isort: on

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
