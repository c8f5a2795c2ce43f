"""The site engine the tests run on: MkDocs, or ProperDocs in ``.venv-properdocs``
(see ``.ci/run``)."""

from __future__ import annotations

import sys

from statuspress.engine._mkdocs import NAME

ENGINE_COMMAND = [sys.executable, "-m", NAME]
"""The engine's own command (``mkdocs``, ``properdocs``), as a user runs it."""
