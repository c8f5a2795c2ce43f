"""Running the site engine (MkDocs with Material) over rendered outputs.

The CLI's ``build`` and ``serve`` both come here. Errors from the engine or a
template become :class:`BuildError` with one line that names the file.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import jinja2

from .render import Outputs
from .write import discard, swap_into_place, temporary_site


class BuildError(Exception):
    """The site could not be built; the message is one line for the author."""


def build_site(
    config_file: Path,
    site_dir: Path | None,
    now: datetime,
    outputs: Outputs,
    strict: bool = False,
    progress: Callable[[], None] | None = None,
) -> Path:
    """Run MkDocs into a temporary folder and swap it into place; return the site folder."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .mkdocs_plugin import StatuspressPlugin

    quiet_engine_logs()
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    built: Path | None = None
    try:
        with template_errors(config_file.parent):
            config = load_config(str(config_file), strict=strict)
            target = site_dir or Path(config.site_dir)
            built = temporary_site(target)
            config.site_dir = str(built)
            plugin = config.plugins.get("statuspress")
            if not isinstance(plugin, StatuspressPlugin):
                raise BuildError(
                    f"{config_file}: plugins: expected 'statuspress' in the plugins list"
                )
            plugin.now = now
            plugin.prepared = outputs
            plugin.progress = progress
            mkdocs_build(config)
        swap_into_place(built, target)
        built = None
        return target
    except MkDocsException as exc:
        raise BuildError(str(exc).strip() or "the site engine stopped the build") from None
    except OSError as exc:
        raise BuildError(f"cannot write the site: {exc.strerror}: {exc.filename}") from None
    finally:
        if built is not None:
            discard(built)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


@contextmanager
def template_errors(project: Path) -> Iterator[None]:
    """Turn an error in a template into one line naming the template file and line."""
    try:
        yield
    except jinja2.TemplateError as exc:
        where = "site_templates"
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            where = f"{shown(exc.filename, project)}:{exc.lineno}"
        else:
            frames = [
                f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")
            ]
            if frames:
                where = f"{shown(frames[-1].filename, project)}:{frames[-1].lineno}"
        raise BuildError(f"{where}: template error: {exc.message}") from None


def shown(filename: str, project: Path) -> str:
    """A path as the author knows it: relative to the project when it is inside."""
    path = Path(filename).resolve()
    try:
        return path.relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def quiet_engine_logs() -> None:
    """Show the site engine's warnings and errors, not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_statuspress", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._statuspress = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
