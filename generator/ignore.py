"""What Statuspress keeps in a project besides the content, and the lines that keep it
out of git.

Nothing a command needs for itself goes into the content folder: the build cache and
the edit lock live in :data:`CACHE_FOLDER` beside ``mkdocs.yml``, and a build writes
into a temporary folder beside the site folder (see :mod:`generator.write`), which the
next build removes if a killed build left it. :data:`GIT_IGNORED` is what a project's
``.gitignore`` needs for them; the repository's own ``.gitignore`` has it (a test
checks), and a command that writes a new project should write it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

CACHE_FOLDER = ".statuspress-cache"
"""The build cache and the edit lock, beside ``mkdocs.yml``."""
BUILD_PREFIX = ".statuspress-build-"
"""The start of the name of a folder a build writes the site into, beside the site folder."""
OLD_PREFIX = ".statuspress-old-"
"""The start of the name of the replaced site while a build swaps the new one in."""

GIT_IGNORED = (
    f"/{CACHE_FOLDER}/",
    f"{BUILD_PREFIX}*/",
    f"{OLD_PREFIX}*/",
)
"""The ``.gitignore`` lines for what Statuspress writes into a project (besides the site
folder, which ``site_dir`` names)."""


def make_cache_folder(folder: Path) -> None:
    """Make :data:`CACHE_FOLDER` (``folder``) with a ``.gitignore`` of its own that ignores
    everything in it, as pytest's and mypy's caches do: the edit lock and the build cache
    stay out of ``git add -A`` in a project whose ``.gitignore`` lacks :data:`GIT_IGNORED`."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".gitignore"
    if not marker.exists():
        with contextlib.suppress(OSError):
            marker.write_text("# Written by Statuspress: nothing here belongs in git.\n*\n")
