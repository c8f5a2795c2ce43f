"""The build's one direction of flow: settings and files in, model and outputs out.

``load`` -> ``validate`` -> ``model`` -> ``derive`` -> ``render``; writing is
left to :mod:`generator.write` and the MkDocs adapter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import read_settings
from .errors import Problem, Severity, expected
from .fields import EARLIEST, LATEST_NOW, read_timestamp, time_range
from .filecheck import ValidateMemo
from .i18n import written_in_english
from .links import link_problems, top_problem
from .lint import LintOptions, lint_source
from .load import (
    CheckMemo,
    FileCheck,
    ParseCache,
    SourceFile,
    Unread,
    find_content,
    load_files,
    skipped_problems,
)
from .model import Event, Settings, Site
from .seen import Seen
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


LintMemo = CheckMemo
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
    linted: LintMemo = {} if memo is None else memo
    loaded = load_files(chosen, cache, parallel, (linter(settings), linted))
    found = {
        shown: [item] if isinstance(item, Problem) else linted[shown][1]
        for (_, shown), item in zip(chosen, loaded, strict=True)
    }
    return outside + [problem for _, shown in chosen for problem in found[shown]]


def linter(settings: Settings) -> FileCheck:
    """The lint of a content file, with what the settings change in it."""
    options = LintOptions(
        frozenset(settings.lint_disable),
        settings.lint_code_names,
        settings.lint_jargon,
        own_names=(settings.name, *(c.name for c in settings.every_component)),
        english=written_in_english(settings.language),
    )
    return partial(_lint_file, options)


def _lint_file(options: LintOptions, source: SourceFile, text: str) -> list[Problem]:
    return lint_source(source, text.splitlines(), options)


def content_paths(config_file: Path, settings: Settings) -> list[tuple[Path, str]]:
    """Every content file, with its path as shown to the author."""
    project = config_file.parent
    return [(path, _shown(path, project)) for path in find_content(project / settings.content_dir)]


def _shown(path: Path, project: Path) -> str:
    """``path`` (under ``project``) as shown to the author: relative to the project."""
    text, top = str(path), str(project)
    if top != "." and text.startswith(top + os.sep) and os.sep == "/":
        return text[len(top) + 1 :]  # the same as below, without pathlib's cost per file
    return path.relative_to(project).as_posix()


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
    read: tuple[Settings | None, list[Problem]] | None = None,
    validated: ValidateMemo | None = None,
    seen: tuple[Seen | None, Seen] | None = None,
) -> Checked:
    """The checks that ``check`` and ``build`` (and ``mkdocs build``) run alike: settings,
    every content file and the site they make, then the blameless lint of the same
    files (when there are no errors). ``cache`` and ``parallel`` are as for
    :func:`load_site`, ``memo`` as for :func:`lint_content`; ``read`` is what
    :func:`~generator.config.read_settings` returned, when the caller has read the
    settings already. Each file is linted where it is parsed (in the same worker),
    from the text read once. With a ``cache`` and a ``validated`` memo (the build state
    keeps one), a file checked before is not checked again while its bytes, the
    settings and the reference time are what its check read (see
    :mod:`generator.filecheck`). With ``seen`` (what the last build recorded of each
    file's stat, and the record to fill; see :mod:`generator.seen`) and a ``cache``, a
    file whose stat is unchanged is not read, and its parse is taken from the cache
    only if its check is not kept."""
    linted: LintMemo = {} if memo is None else memo
    loaded = _load(config_file, now, cache, parallel, linted, read, validated, seen)
    if loaded.settings is None:
        return Checked(None, loaded.problems, 0)
    problems = loaded.problems
    if loaded.settings.allow_raw_html:
        problems.append(replace(RAW_HTML_NOTICE, path=config_file.name))
    if loaded.site is not None:
        # Every file was read and parsed (there are no errors): each has its findings.
        problems += [problem for _, shown in loaded.paths for problem in linted[shown][1]]
    return Checked(loaded.site, problems, len(loaded.paths))


def load_site(
    config_file: Path, now: datetime, cache: ParseCache | None = None, parallel: bool = False
) -> tuple[Site | None, list[Problem]]:
    """Read settings and every content file; the site is None when there are errors.

    With a ``cache`` (the preview and the build cache keep one), files whose bytes are
    unchanged are not parsed again; with ``parallel`` (the build command), many files
    are parsed across the machine's cores.
    """
    loaded = _load(config_file, now, cache, parallel)
    return loaded.site, loaded.problems


@dataclass(frozen=True)
class _Loaded:
    settings: Settings | None
    paths: list[tuple[Path, str]]
    """The content files, with their paths as shown to authors."""
    site: Site | None
    problems: list[Problem]


def _load(
    config_file: Path,
    now: datetime,
    cache: ParseCache | None,
    parallel: bool,
    linted: LintMemo | None = None,
    read: tuple[Settings | None, list[Problem]] | None = None,
    validated: ValidateMemo | None = None,
    seen: tuple[Seen | None, Seen] | None = None,
) -> _Loaded:
    """:func:`load_site`; with ``linted``, every file that parses is linted too, and
    its findings land there; with ``read``, the settings are not read again; with
    ``validated`` (and a ``cache``), files are checked as :func:`check_site` says."""
    settings, found = read if read is not None else read_settings(config_file)
    problems = list(found)
    if settings is None:
        return _Loaded(None, [], None, problems)
    project = config_file.parent
    # Before anything is read: no link may lead out of the folder it is in.
    problems += link_problems(project, settings)
    if top_problem(project, settings.content_dir) is not None:
        # The content folder itself leads out of the project: nothing in it is read.
        return _Loaded(settings, [], None, problems)
    problems += skipped_problems(project / settings.content_dir, project)
    paths = content_paths(config_file, settings)
    lint = (linter(settings), linted) if linted is not None else None
    defer = partial(_checked_before, validated) if validated is not None else None
    sources: list[SourceFile | Unread] = []
    for loaded in load_files(paths, cache, parallel, lint, seen, defer):
        if isinstance(loaded, Problem):
            problems.append(loaded)
        else:
            sources.append(loaded)
    # The cache holds the digest of each file just loaded (an unread one carries it).
    digests = (
        {s.path: s.digest if isinstance(s, Unread) else cache[s.path][0] for s in sources}
        if cache is not None
        else None
    )
    made: dict[str, tuple[Event, tuple[str, str]]] = {}
    incidents, maintenances, postmortems, logs = validate(
        sources, settings, problems, now, validated, digests, made
    )
    if any(p.severity == "error" for p in problems):
        return _Loaded(settings, paths, None, problems)
    site = Site(
        settings,
        tuple(incidents),
        tuple(maintenances),
        now,
        tuple(postmortems),
        tuple(logs),
        made,
    )
    return _Loaded(settings, paths, site, problems)


def _checked_before(validated: ValidateMemo, shown: str, digest: bytes) -> bool:
    """Whether the check of a file with these bytes is kept: its parse may stay unread."""
    known = validated.get(shown)
    return known is not None and known.digest == digest
