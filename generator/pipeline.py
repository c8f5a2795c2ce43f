"""The build's one direction of flow: settings and files in, model and outputs out.

``load`` -> ``validate`` -> ``model`` -> ``derive`` -> ``render``; writing is
left to :mod:`generator.write` and the MkDocs adapter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import read_settings
from .errors import Problem, Severity, expected
from .fields import EARLIEST, LATEST_NOW, read_timestamp, time_range
from .links import link_problems
from .lint import lint_source
from .load import ParseCache, SourceFile, find_content, load_files, skipped_problems
from .model import Settings, Site
from .parallel import map_chunks
from .validate import validate


class BadReferenceTime(ValueError):
    """``--now`` or ``SOURCE_DATE_EPOCH`` is not a time."""


def reference_time(option: str | None = None, environ: Mapping[str, str] = os.environ) -> datetime:
    """The build's ``now``: ``--now``, else ``SOURCE_DATE_EPOCH``, else the clock (in seconds)."""

    if option:
        moment = read_timestamp(option, ZoneInfo("UTC"), latest=LATEST_NOW)
        if isinstance(moment, str):
            raise BadReferenceTime(f"--now: {moment}")
        return moment
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise BadReferenceTime(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, found '{epoch}'"
            ) from None
        if not EARLIEST.timestamp() <= seconds <= LATEST_NOW.timestamp():
            raise BadReferenceTime(f"SOURCE_DATE_EPOCH: {expected(time_range(LATEST_NOW), epoch)}")
        return datetime.fromtimestamp(seconds, UTC)
    return datetime.now(UTC).replace(microsecond=0)


LintMemo = dict[str, tuple[bytes, list[Problem]]]
"""Lint findings by the path shown to authors, with the digest of the bytes linted (as in
a :data:`~generator.load.ParseCache`)."""


def lint_content(
    config_file: Path,
    settings: Settings,
    paths: list[Path] | None = None,
    cache: ParseCache | None = None,
    memo: LintMemo | None = None,
    parallel: bool = False,
) -> list[Problem]:
    """Blameless-lint findings for ``paths``, or for every content file. Findings in
    postmortems are warnings; in incidents and maintenances, notices (see
    :func:`generator.lint.severity_of`).

    With a ``cache`` that holds them, files are not parsed again; with a ``memo`` (the
    build cache keeps one), files linted before with the same bytes are not linted
    again; with ``parallel``, many files are linted across the machine's cores.
    """
    project = config_file.parent
    disabled = frozenset(settings.lint_disable)
    outside: list[Problem] = []
    if paths:
        chosen = []
        for path in paths:
            if not path.resolve().is_relative_to(project.resolve()):
                message = "expected a file inside the project folder, found one outside it"
                outside.append(Problem(str(path), 0, "", message, rule="file"))
                continue
            chosen.append((path, path.resolve().relative_to(project.resolve()).as_posix()))
    else:
        chosen = content_paths(config_file, settings)
    parsed: ParseCache = {} if cache is None else cache
    found: dict[str, list[Problem]] = {}
    todo: list[tuple[SourceFile, list[str], frozenset[str]]] = []
    for (path, shown), loaded in zip(chosen, load_files(chosen, parsed), strict=True):
        if isinstance(loaded, Problem):
            found[shown] = [loaded]
            continue
        known = memo.get(shown) if memo is not None else None
        if known is not None and shown in parsed and known[0] == parsed[shown][0]:
            found[shown] = known[1]
            continue
        raw = path.read_bytes().decode("utf-8-sig").splitlines()
        todo.append((loaded, raw, disabled))
    linted = map_chunks(_lint_chunk, todo) if parallel else _lint_chunk(todo)
    for (source, _, _), problems in zip(todo, linted, strict=True):
        found[source.path] = problems
        if memo is not None and source.path in parsed:
            memo[source.path] = (parsed[source.path][0], problems)
    return outside + [problem for _, shown in chosen for problem in found.get(shown, [])]


def _lint_chunk(
    jobs: list[tuple[SourceFile, list[str], frozenset[str]]],
) -> list[list[Problem]]:
    return [lint_source(source, raw, disabled) for source, raw, disabled in jobs]


def content_paths(config_file: Path, settings: Settings) -> list[tuple[Path, str]]:
    """Every content file, with its path as shown to the author."""
    project = config_file.parent
    return [
        (path, path.relative_to(project).as_posix())
        for path in find_content(project / settings.content_dir)
    ]


RAW_HTML_NOTICE = Problem(
    "mkdocs.yml",
    0,
    "allow_raw_html",
    "raw HTML in content (scripts included) is published as written",
    Severity.NOTICE,
    rule="raw-html",
)
"""Said by every check and build while the setting is on; the choice of a team whose
authors are all trusted, so it never fails one."""


@dataclass(frozen=True)
class Checked:
    """What a check of the content found."""

    site: Site | None
    """The site; None when there are errors."""
    problems: list[Problem]
    files: int
    """How many content files were checked."""


def check_site(
    config_file: Path,
    now: datetime,
    cache: ParseCache | None = None,
    parallel: bool = False,
    memo: LintMemo | None = None,
) -> Checked:
    """The checks that ``check`` and ``build`` (and ``mkdocs build``) run alike: settings,
    every content file and the site they make, then the blameless lint of the same
    files (when there are no errors). ``cache`` and ``parallel`` are as for
    :func:`load_site`, ``memo`` as for :func:`lint_content`."""
    parsed: ParseCache = {} if cache is None else cache
    site, problems = load_site(config_file, now, parsed, parallel)
    settings = site.settings if site is not None else read_settings(config_file)[0]
    if settings is None:
        return Checked(None, problems, 0)
    if settings.allow_raw_html:
        problems.append(replace(RAW_HTML_NOTICE, path=config_file.name))
    if site is not None:
        problems += lint_content(config_file, settings, None, parsed, memo, parallel)
    return Checked(site, problems, len(content_paths(config_file, settings)))


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
    sources = []
    for loaded in load_files(content_paths(config_file, settings), cache, parallel):
        if isinstance(loaded, Problem):
            problems.append(loaded)
        else:
            sources.append(loaded)
    incidents, maintenances, postmortems = validate(sources, settings, problems, now)
    if any(p.severity == "error" for p in problems):
        return None, problems
    site = Site(settings, tuple(incidents), tuple(maintenances), now, tuple(postmortems))
    return site, problems
