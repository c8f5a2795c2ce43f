"""The build's one direction of flow: settings and files in, model and outputs out.

``load`` -> ``validate`` -> ``model`` -> ``derive`` -> ``render``; writing is
left to :mod:`generator.write` and the MkDocs adapter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import read_settings
from .errors import Problem
from .fields import parse_timestamp
from .links import link_problems
from .lint import lint_source
from .load import ParseCache, find_content, load_file, load_files, skipped_problems
from .model import Settings, Site
from .validate import validate


class BadReferenceTime(ValueError):
    """``--now`` or ``SOURCE_DATE_EPOCH`` is not a time."""


def reference_time(option: str | None = None, environ: Mapping[str, str] = os.environ) -> datetime:
    """The build's ``now``: ``--now``, else ``SOURCE_DATE_EPOCH``, else the clock (in seconds)."""

    if option:
        moment = parse_timestamp(option, ZoneInfo("UTC"))
        if moment is None:
            raise BadReferenceTime(
                f"--now: expected an ISO 8601 timestamp such as 2026-11-28T12:00:00Z, "
                f"found '{option}'"
            )
        return moment
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError):
            raise BadReferenceTime(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, found '{epoch}'"
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


def lint_content(
    config_file: Path, settings: Settings, paths: list[Path] | None = None
) -> list[Problem]:
    """Blameless-lint findings (warnings) for ``paths``, or for every content file."""
    project = config_file.parent
    disabled = frozenset(settings.lint_disable)
    chosen = paths if paths else list(find_content(project / settings.content_dir))
    problems: list[Problem] = []
    for path in chosen:
        shown = path.resolve().relative_to(project.resolve()).as_posix()
        loaded = load_file(path, shown)
        if isinstance(loaded, Problem):
            problems.append(loaded)
            continue
        raw = path.read_bytes().decode("utf-8-sig").splitlines()
        problems += lint_source(loaded, raw, disabled)
    return problems


def load_site(
    config_file: Path, now: datetime, cache: ParseCache | None = None, parallel: bool = False
) -> tuple[Site | None, list[Problem]]:
    """Read settings and every content file; the site is None when there are errors.

    With a ``cache`` (the preview and the build cache keep one), files whose bytes are
    unchanged are not parsed again; with ``parallel`` (the build command), many files
    are parsed across the machine's cores.
    """
    settings, problems = read_settings(config_file)
    if settings is None:
        return None, problems
    project = config_file.parent
    # Before anything is read: no link may lead out of the folder it is in.
    problems += link_problems(project, settings)
    problems += skipped_problems(project / settings.content_dir, project)
    paths = [
        (path, path.relative_to(project).as_posix())
        for path in find_content(project / settings.content_dir)
    ]
    sources = []
    for loaded in load_files(paths, cache, parallel):
        if isinstance(loaded, Problem):
            problems.append(loaded)
        else:
            sources.append(loaded)
    incidents, maintenances, postmortems = validate(sources, settings, problems)
    if any(p.severity == "error" for p in problems):
        return None, problems
    site = Site(settings, tuple(incidents), tuple(maintenances), now, tuple(postmortems))
    return site, problems
