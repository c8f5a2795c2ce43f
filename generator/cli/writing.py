"""Checked writes of content files for the authoring commands.

Each change is checked as content before it is written, written atomically under
the content folder's edit lock, and keeps every byte of the file it did not mean to
change; the warnings and lint findings the change brings are printed for the writer.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .. import derive, edit
from ..errors import Problem
from ..links import link_refused
from ..load import MAX_FILE_BYTES, find_content, parse_text, too_big
from ..model import Event, Site
from ..pipeline import lint_content
from ..validate import validate
from ..vocabulary import STATUS_LABELS
from .common import _now
from .times import _promise


def _stamp(site: Site) -> datetime:
    return site.now.astimezone(site.settings.tz).replace(microsecond=0)


def _problems(site: Site, text: str, shown: str, ident: str) -> list[Problem]:
    """What checking ``text`` as the file ``shown`` finds, as ``check`` would (its size
    as written, in UTF-8, included)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return [too_big(shown, size)]
    parsed = parse_text(text.removeprefix("\ufeff"), shown, ident)
    if isinstance(parsed, Problem):
        return [parsed]
    problems: list[Problem] = []
    validate([parsed], site.settings, problems, site.now)
    return problems


def _write_checked(
    site: Site,
    project: Path,
    path: Path,
    text: str,
    ident: str,
    *,
    create: bool = False,
    before: str = "",
    target: Path | None = None,
) -> None:
    """Check the new text as content; write it only when it is valid, to ``path`` or, for
    a link followed already, to the file it led to (``target``).

    Warnings the change brings (a contradiction, an update after now) are printed at
    once: the writer is there to act on them, and ``build --strict`` would refuse them.
    """
    shown = path.relative_to(project).as_posix()
    problems = _problems(site, text, shown, ident)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise click.ClickException("the change was not written")
    clock = _now(None)
    if site.now > clock:  # --now after the clock: say what check and build will say
        site = dataclasses.replace(site, now=clock)
        problems = _problems(site, text, shown, ident)
    known = {(p.rule, p.field, p.message) for p in _problems(site, before, shown, ident)}
    for problem in problems:
        if problem.severity == "error":
            continue
        if (problem.rule, problem.field, problem.message) not in known:
            click.echo(str(problem), err=True)
    try:
        if create:
            edit.create(path, text)
        else:
            edit.replace(target or path, text)
    except edit.FileExists:
        raise click.ClickException(f"{shown} exists already; nothing was written") from None
    except edit.EditError as exc:
        raise click.ClickException(f"{shown}: {exc}") from None


def _append(
    site: Site,
    config_file: Path,
    event: Event,
    status: str,
    message: str,
    components: dict[str, str],
    next_update: str | None = None,
) -> None:
    project = config_file.parent
    path = project / event.path
    _refuse_closed(event, site)
    at = _stamp(site)
    if event.updates:
        _after_last(event.path, "update", event.updates[-1].at, at, site)
    promised = _promise(next_update, site, at)
    item = edit.update_item(at, status, message, components, promised)
    _append_item(site, config_file, path, event.path, event.id, item)
    said = f"; next update by {promised:%H:%M %Z}" if promised else ""
    click.echo(f"{event.path}: {STATUS_LABELS[status].lower()} at {at:%H:%M %Z}{said}")


def _refuse_closed(event: Event, site: Site) -> None:
    """Refuse any update after the one that resolved (or completed) ``event``, naming
    those of its kind still open (``latest`` is the newest, open or not: the one meant
    may be another)."""
    if event.updates and event.updates[-1].status in ("resolved", "completed"):
        still = [
            e.id
            for e in site.events
            if e.kind == event.kind and e.id != event.id and derive.is_open(e, site.now)
        ]
        instead = f"start a new {event.kind} instead"
        if still:
            instead = f"open now: {', '.join(still)} (give its id), or {instead}"
        raise click.ClickException(
            f"{event.path}: {event.id} is {event.updates[-1].status} already; {instead}"
        )


def _after_last(shown: str, what: str, last: datetime, at: datetime, site: Site) -> None:
    """Refuse to stamp ``at`` before the file's last update or change: the clock or
    ``--now`` is wrong, and the list would be out of order."""
    if at < last:
        said, now = (moment.astimezone(site.settings.tz) for moment in (last, at))
        # To the second: the two may fall in one minute ("10:05 is later than 10:05").
        raise click.ClickException(
            f"{shown}: the last {what} ({said:%Y-%m-%d %H:%M:%S %Z}) is later than now "
            f"({now:%Y-%m-%d %H:%M:%S %Z}); check the clock or --now"
        )


def _append_item(
    site: Site, config_file: Path, path: Path, shown: str, ident: str, item: dict[str, Any]
) -> None:
    """Append ``item`` to the ``updates`` of the file at ``path`` (``shown`` in messages)
    under the edit lock, checked before it is written."""
    project = config_file.parent
    with _editing(project), _new_findings(config_file, site, path):
        _append_locked(site, project, path, shown, ident, item)


def _append_locked(
    site: Site, project: Path, path: Path, shown: str, ident: str, item: dict[str, Any]
) -> None:
    """:func:`_append_item`'s change, with the edit lock held. A link is checked again
    here, as it may lead elsewhere since the site was read, and followed once: the file
    read is the file written, whatever the link leads to meanwhile."""
    target = path
    if path.is_symlink():
        folder = project / site.settings.content_dir
        own = folder.resolve()
        target = Path(os.path.realpath(path))  # followed here alone: the file checked too
        refused = link_refused(path, own)
        if refused is None and not target.is_relative_to(own):
            refused = "found a link that led out of it as it was checked"
        if refused:
            raise click.ClickException(
                f"{shown}: expected a file inside {folder.relative_to(project).as_posix()}/, "
                f"{refused}; nothing was written"
            )
    text = target.read_bytes().decode("utf-8")  # a byte order mark stays, as U+FEFF
    try:
        changed = edit.append_item(text, item)
    except edit.EditError as exc:
        raise click.ClickException(f"{shown}: {exc}") from None
    _write_checked(site, project, path, changed, ident, before=text, target=target)


@contextmanager
def _new_findings(
    config_file: Path, site: Site, path: Path, *, existing: bool = True
) -> Iterator[None]:
    """Around a change to ``path`` (``existing`` before it): print the lint findings the
    change brings, as advice for the writer; those the file had already stay unsaid."""
    before = lint_content(config_file, site.settings, [path]) if existing else []
    advice = {(f.rule, f.message) for f in before}
    yield
    for finding in sorted(lint_content(config_file, site.settings, [path])):
        if (finding.rule, finding.message) not in advice:
            click.echo(str(finding), err=True)


def _create(
    site: Site,
    config_file: Path,
    day: datetime,
    front: dict[str, Any],
    status: str,
    text: str,
    next_update: datetime | None = None,
) -> None:
    """Write a new incident or maintenance file named for ``day`` and its title; print it."""
    project = config_file.parent
    at = _stamp(site)
    lines = edit.item_lines(edit.update_item(at, status, text, {}, next_update), 2)
    content = edit.new_file_text(front, lines)
    folder = project / site.settings.content_dir / f"{day:%Y}"
    base = f"{day:%Y-%m-%d}-{edit.slugify(str(front['title']))}"
    with _editing(project):  # chosen under the lock: another writer's file is seen
        ident = free_id(site, project, base)
        path = folder / f"{ident}.md"
        _write_checked(site, project, path, content, ident, create=True)
    for finding in sorted(lint_content(config_file, site.settings, [path])):
        click.echo(str(finding), err=True)  # advice for the writer
    click.echo(path.relative_to(project).as_posix())


def free_id(site: Site, project: Path, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``...: the first id no content file has (a
    file's id is its name, in whichever folder: call it under the edit lock, so that a
    file another writer made meanwhile counts)."""
    taken = {path.stem for path in find_content(project / site.settings.content_dir)}
    ident, suffix = base, 2
    while ident in taken:
        ident, suffix = f"{base}-{suffix}", suffix + 1
    return ident


@contextmanager
def _editing(folder: Path) -> Iterator[None]:
    """Hold the content folder's edit lock, or say clearly why it cannot be had."""
    try:
        lock = edit.locked(folder)
        lock.__enter__()
    except edit.EditError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a full disk, a read-only folder: one line, no traceback
        raise click.ClickException(f"cannot take the edit lock: {_os_problem(exc)}") from None
    try:
        yield
    except OSError as exc:  # files are replaced atomically: the old one is still there
        raise click.ClickException(f"{_os_problem(exc)}; nothing was changed") from None
    finally:
        lock.__exit__(None, None, None)


def _os_problem(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return where + (exc.strerror or str(exc))
