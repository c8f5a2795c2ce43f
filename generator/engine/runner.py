"""Running the site engine (MkDocs or ProperDocs, with Material) over rendered outputs.

The CLI's ``build`` and ``serve`` both come here: for a full build, or to carry
out an incremental one (see :mod:`generator.incremental`). Errors from the engine
or a template become :class:`BuildError` with one line that names the file. The
engine's modules are imported when a build needs them, not before.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from ..config import Tagged, read_written
from ..errors import BuildError, shown
from ..incremental import EngineRun, Plan, write_files
from ..render import Outputs, Page
from ..write import move_into, site_version, swap_into_place, temporary_site
from . import patch
from .patch import carry_out, fill_frames, index_digest, patch_index
from .reading import with_inherited


def build_site(
    config_file: Path,
    site_dir: Path | None,
    now: datetime,
    outputs: Outputs,
    strict: bool = False,
    progress: Callable[[], None] | None = None,
) -> EngineRun:
    """Run the engine into a temporary folder and swap it into place."""
    with engine_errors(), _loaded(config_file, strict) as (config, supplied):
        target = site_dir or Path(config.site_dir)
        with temporary_site(target) as built:
            run = run_engine(config, config_file, built, now, outputs, progress, supplied)
            check_written(config_file, built, outputs.pages)
            run = replace(run, index=index_digest(built))
            swap_into_place(built, target)
        return run


def patch_site(
    config_file: Path,
    site_dir: Path,
    now: datetime,
    plan: Plan,
    last: EngineRun,
    strict: bool = False,
) -> EngineRun:
    """Carry out an incremental build: fill the planned pages into the frames of ``last``
    (the engine builds those that have none, and those it must index, in a scratch
    folder), patch the search index with the entries of the pages it indexed (see
    :mod:`.patch`), and write the changed files, all into a staging folder beside the
    site; once every one is made and checked, move them into the site (see
    :func:`generator.write.move_into`). A reader of the site folder meanwhile, the
    preview's server among them, gets each file whole, old or new.
    """
    run = EngineRun(index=last.index, dated=last.dated, every_page=last.every_page)
    with engine_errors(), ExitStack() as folders:
        version = site_version(site_dir)
        into = folders.enter_context(temporary_site(site_dir))
        # Frames exist only where the adapter allowed them (no other plugins or hooks).
        left = {page.url for page in fill_frames(plan, last.frames, into)}
        if left:
            # The engine needs the pages of the navigation to make it.
            pages = [p for p in plan.pages if p.url in left or p.in_nav]
            scratch, run = _run_partly(config_file, site_dir, now, pages, folders)
            index = False
            if plan.index and not patch_index(pages, scratch, site_dir, into, last.index):
                # The last index cannot be patched: the engine indexes every searchable page.
                searched = last.every_page
                pages = [
                    p for p in plan.reindex if p.url in left or p.in_nav or searched or p.in_search
                ]
                scratch, run = _run_partly(config_file, site_dir, now, pages, folders)
                index = True
            carry_out(pages, scratch, into, index)
            run = replace(run, index=index_digest(into) if plan.index else last.index)
        write_files(plan, into)
        move_into(into, site_dir, version)
        return run


def _run_partly(
    config_file: Path, site_dir: Path, now: datetime, pages: list[Page], folders: ExitStack
) -> tuple[Path, EngineRun]:
    """Run the engine over ``pages`` alone, into a scratch folder beside ``site_dir`` that
    lasts as long as ``folders``; the folder and what the run leaves."""
    # Only some pages go to the engine: links to the others would be warnings that a
    # full build does not give, so it is not strict here (the full build that made the
    # frames was), and does not show them.
    config, supplied = folders.enter_context(_loaded(config_file, strict=False))
    config.validation.links.not_found = logging.DEBUG
    scratch = folders.enter_context(temporary_site(site_dir))
    run = run_engine(
        config, config_file, scratch, now, Outputs(pages=pages), supplied_docs=supplied
    )
    check_written(config_file, scratch, pages)
    return scratch, run


def engine_site_dir(config_file: Path, written: str) -> Path:
    """The site folder: as ``mkdocs.yml`` writes it, or as MkDocs resolves it."""
    if written:
        return config_file.parent / written
    with engine_errors(), engine_config(config_file, strict=False) as config:
        return Path(config.site_dir)


@contextmanager
def engine_config(config_file: Path, strict: bool) -> Iterator[Any]:
    """The engine's configuration of ``config_file``. A site needs no documentation
    folder of its own: when ``mkdocs.yml`` names none and there is no ``docs/``, the
    engine reads an empty temporary folder (never one made in the project), which
    lasts as long as this context."""
    with _loaded(config_file, strict) as (config, _):
        yield config


@contextmanager
def _loaded(config_file: Path, strict: bool) -> Iterator[tuple[Any, Path | None]]:
    """:func:`engine_config`, and the documentation folder it supplied (if it did)."""
    from ._mkdocs import load_config

    quiet_engine_logs()
    with ExitStack() as stack:
        supplied = None
        if needs_docs_dir(config_file):
            supplied = stack.enter_context(tempfile.TemporaryDirectory(prefix=SUPPLIED_DOCS))
        # None: as written (the engine leaves out an option given as None).
        theme = None if names_theme(config_file) else "material"
        with template_errors(config_file.parent):
            config = load_config(str(config_file), strict=strict, docs_dir=supplied, theme=theme)
        yield config, Path(config.docs_dir) if supplied else None


SUPPLIED_DOCS = "statuspress-empty-docs-"
"""The start of the name of the empty documentation folder the build supplies."""


def needs_docs_dir(config_file: Path) -> bool:
    """Whether the site has no documentation folder and ``mkdocs.yml`` names none; a
    ``docs_dir`` it names must exist (a typo would otherwise publish no pages of it)."""
    data, lines = read_written(config_file)
    project = config_file.parent
    written = data.get("docs_dir")
    if isinstance(written, str) and written and not isinstance(written, Tagged):
        if not (project / written).is_dir():
            line = lines.get(("docs_dir",), 0)
            raise BuildError(
                f"{config_file.name}:{line}: docs_dir: expected an existing folder, "
                f"found '{written}' (leave docs_dir out to build without one)"
            )
        return False
    data = with_inherited(config_file, data) or {"docs_dir": None}
    return "docs_dir" not in data and not (project / "docs").is_dir()


def names_theme(config_file: Path) -> bool:
    """Whether ``mkdocs.yml`` (with what it inherits) names a theme. A site that names
    none is built with Material (``plugin.site_defaults`` then gives it a status page's
    settings): MkDocs' own default theme loads scripts from another host, and ProperDocs
    has none (it refuses the build)."""
    data = with_inherited(config_file, read_written(config_file)[0]) or {"theme": None}
    return "theme" in data


def run_engine(
    config: Any,
    config_file: Path,
    folder: Path,
    now: datetime,
    outputs: Outputs,
    progress: Callable[[], None] | None = None,
    supplied_docs: Path | None = None,
) -> EngineRun:
    """Build ``outputs`` with the engine into ``folder``, dated ``now``."""
    from ._mkdocs import Abort, EngineBuildError, build
    from .plugin import EngineInput, StatuspressPlugin

    with template_errors(config_file.parent):
        config.site_dir = str(folder)
        plugin = config.plugins.get("statuspress")
        if not isinstance(plugin, StatuspressPlugin):
            raise BuildError(f"{config_file}: plugins: expected 'statuspress' in the plugins list")
        plugin.receive(EngineInput(now, outputs, progress, supplied_docs))
        try:
            build(config)
        except Abort:
            if isinstance(plugin.error, EngineBuildError):
                raise BuildError(str(plugin.error).strip()) from None
            raise
        made = plugin.frames.known if plugin.frames is not None else {}
        return EngineRun(
            {key: None if f is None else (f.texts, f.slots) for key, f in made.items()},
            dated=plugin.frames is not None,
            every_page=indexes_every_page(config),
        )


def indexes_every_page(config: Any) -> bool:
    """Whether the engine's search indexes every page, the ones a page's ``search:
    exclude`` keeps out too: MkDocs' own search plugin does not read it (Material's does;
    ProperDocs has only Material's)."""
    search = config.plugins.get("search")
    return search is not None and not type(search).__module__.startswith("material.")


def check_written(config_file: Path, folder: Path, pages: Iterable[Page]) -> None:
    """Fail when the engine left out a page it was given (it wrote no status page at all
    when it ignored the plugin): a site without them is never swapped into place."""
    for page in pages:
        if not (folder / page.url / "index.html").is_file():
            from ._mkdocs import NAME

            raise BuildError(
                f"{config_file}: {NAME} wrote no page for '{page.url or '/'}' (its status "
                "pages are missing: is the 'statuspress' plugin enabled in plugins?)"
            )


@contextmanager
def engine_errors() -> Iterator[None]:
    """The engine's errors and the file system's as :class:`BuildError`."""
    try:
        yield
    except OSError as exc:
        # A failed write (a full disk) names no file; a failed copy names the copy's.
        path = exc.filename2 or exc.filename
        where = f": {path}" if path else ""
        raise BuildError(f"cannot write the site: {exc.strerror or exc}{where}") from None
    except Exception as exc:
        if not _from_engine(exc):
            raise
        raise BuildError(str(exc).strip() or "the site engine stopped the build") from None


def _from_engine(exc: Exception) -> bool:
    """Whether the engine raised ``exc``: only an engine that was imported can (a rebuild
    that has no page for it never imports it)."""
    engine = sys.modules.get(f"{__package__}._mkdocs")
    return engine is not None and isinstance(exc, engine.MkDocsException)


@contextmanager
def template_errors(project: Path) -> Iterator[None]:
    """Turn an error in a template into one line naming the template file and line: any
    of Jinja's, and any other raised while a template of the project's own ran (a
    division by zero in ``site_templates/``), which is that template's to mend."""
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
    except BuildError:
        raise
    except Exception as exc:
        inside = project.resolve()
        own = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if f.filename.endswith(".html") and Path(f.filename).resolve().is_relative_to(inside)
        ]
        if not own:
            raise
        where = f"{shown(own[-1].filename, project)}:{own[-1].lineno}"
        raise BuildError(f"{where}: template error: {type(exc).__name__}: {exc}") from None


def quiet_engine_logs() -> None:
    """Show the site engine's warnings and errors, not its progress chatter."""
    from ._mkdocs import LOGGER

    logger = logging.getLogger(LOGGER)
    if not any(getattr(h, "_statuspress", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._statuspress = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def redated(site_dir: Path, last: EngineRun, last_day: str, day: str) -> dict[str, bytes] | None:
    """The engine's files that hold the build day, dated ``day`` (see
    :func:`.patch.redated`); None when the last run's pages may show the day elsewhere
    (it ran without frames: see :attr:`EngineRun.dated`), or the files are not as the
    engine wrote them: the site is then built in full."""
    return patch.redated(site_dir, last_day, day) if last.dated else None
