"""Post new status updates to a chat webhook after a deploy.

What is new is derived from git, not from local state: the updates present in
the content at ``HEAD`` and absent at an earlier commit. After a successful
run the ``statuspress-notified`` tag can be moved to ``HEAD`` (and pushed by
the workflow), so the next run starts from there and never posts an update
twice.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import posixpath
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from . import derive
from .characters import one_line
from .config import content_dir_in
from .fields import read_timestamp
from .i18n import language
from .load import SourceFile, parse_text
from .model import Incident, Settings, Site, Update
from .render.text import MarkdownRenderer
from .validate import update_key
from .vocabulary import STATUS_LABELS

MARKER_TAG = "statuspress-notified"


class NotifyError(Exception):
    """Git or the webhook refused; the message says which and why."""


@dataclass(frozen=True)
class Notice:
    """One new update of one event, as every channel tells it."""

    event_id: str
    title: str
    status: str
    message: str
    """The plain text of what the pages show."""
    url: str
    key: str = ""
    """The update's key within its event."""
    components: tuple[str, ...] = ()
    """The ids of the components the event names, for subscribers who follow some."""
    promise: str = ""
    """``Next update by 28 Nov 2026, 10:35 UTC.`` when the update promises the next one,
    as its page and feed entry say it (in English, like every notice)."""

    @property
    def body(self) -> str:
        """The message, and the promise of the next update when it makes one."""
        return f"{self.message}\n\n{self.promise}" if self.promise else self.message

    @property
    def ref(self) -> str:
        """How a report names the update."""
        return f"{self.event_id}#update-{self.key}"

    def payload(self) -> dict[str, str]:
        """A body that Slack and Microsoft Teams incoming webhooks both accept.

        ``&``, ``<`` and ``>`` are written as entities, as Slack asks: in its text they
        make mentions (``<!channel>``) and links under any words (``<url|words>``).
        """
        text = f"{self.title}: {STATUS_LABELS[self.status]}\n{self.body}\n{self.url}"
        return {"text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}


def git(project: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=project, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        raise NotifyError(f"git {' '.join(args)}: {detail[-1] if detail else 'failed'}")
    return result.stdout


def _verified(project: Path, ref: str, otherwise: str) -> None:
    """Refuse with ``otherwise`` (what ``--since`` is told) when ``ref`` names nothing."""
    try:
        git(project, "rev-parse", "--verify", "--quiet", ref)
    except NotifyError:
        raise NotifyError(f"--since: {otherwise}, for example --since HEAD~1") from None


def default_since(project: Path) -> str:
    no_tag = f"no ref given and no '{MARKER_TAG}' tag yet; give the last notified commit"
    _verified(project, f"refs/tags/{MARKER_TAG}", no_tag)
    return MARKER_TAG


@dataclass(frozen=True)
class Told:
    """What was in the content at an earlier commit: each update by its file's id and
    key, and by what it said (its time and words) with its file's id then, so that an
    update is told once whatever happens to its file since: renamed (even while it
    grows), swapped, moved with the content folder, or refused by today's settings (a
    component renamed)."""

    keys: frozenset[tuple[str, str]] = frozenset()
    said: frozenset[tuple[str, str, str]] = frozenset()
    """(file id then, time, words) of each update."""

    def among(self, present: set[str]) -> Callable[[str, Update], bool]:
        """Whether an update of the event ``event_id`` was told, with ``present`` the ids
        of the files now. An update is matched by what it said only in a file that was
        not there then, and only against files gone since (renamed, moved): two files
        both there then and now are two incidents, even when their updates read alike
        (two opened in one minute with "We are investigating.")."""
        ids = {ident for ident, _ in self.keys}
        gone = {(at, words) for ident, at, words in self.said if ident not in present}

        def told(event_id: str, update: Update) -> bool:
            if (event_id, update.key) in self.keys:
                return True
            return event_id not in ids and _said(update.at, update.message) in gone

        return told


def _said(at: datetime, message: str) -> tuple[str, str]:
    """An update as what it said: its time and its words (spaces aside)."""
    return update_key(at, ()), " ".join(message.split())


def told_at(config_file: Path, settings: Settings, ref: str) -> Told:
    """The updates in the content at ``ref``: that commit's content folder (its own
    settings say which), read as leniently as told: only each update's time and words."""
    project = config_file.parent
    missing = (
        f"no commit {ref!r} in this clone (a first push, a force-push, or a shallow "
        "clone); fetch it, or give a commit the clone has"
    )
    _verified(project, f"{ref}^{{commit}}", missing)
    top = Path(git(project, "rev-parse", "--show-toplevel").strip()).resolve()
    prefix = PurePosixPath(Path(project).resolve().relative_to(top).as_posix())
    folder = (
        prefix / (_content_dir_at(project, ref, prefix / config_file.name) or settings.content_dir)
    ).as_posix()
    # From the repository's top, as `git show` reads names (not from the project folder).
    listed = git(project, "ls-tree", "-r", "-z", "--full-tree", "--name-only", ref, "--", folder)
    names = listed.split("\0")
    keys: set[tuple[str, str]] = set()
    said: set[tuple[str, str, str]] = set()
    for name in (name for name in names if name.endswith(".md")):
        parsed = parse_text(git(project, "show", f"{ref}:{name}"), name, PurePosixPath(name).stem)
        if not isinstance(parsed, SourceFile):
            continue
        taken: list[str] = []
        for at, message in _updates_of(parsed, settings):
            key = update_key(at, taken)
            taken.append(key)
            keys.add((parsed.id, key))
            said.add((parsed.id, *_said(at, message)))
    return Told(frozenset(keys), frozenset(said))


def _content_dir_at(project: Path, ref: str, settings_file: PurePosixPath) -> str | None:
    """The content folder the settings at ``ref`` give, following ``INHERIT`` as the
    engine does (``incidents`` when none gives one); None when they cannot be read."""
    for _ in range(8):  # a chain of files that inherit, as long as any sane one
        try:
            text = git(project, "show", f"{ref}:{settings_file.as_posix()}")
        except NotifyError:  # no settings file there (yet)
            return None
        folder, parent = content_dir_in(text)
        if folder is not None:
            return folder
        if parent is None:
            return "incidents"
        inherited = posixpath.normpath((settings_file.parent / parent).as_posix())
        if inherited.startswith("../") or posixpath.isabs(inherited):
            return None
        settings_file = PurePosixPath(inherited)
    return None


def _updates_of(source: SourceFile, settings: Settings) -> Iterator[tuple[datetime, str]]:
    """Each update's time and words, as :func:`generator.validate.validate` would take
    them, read from the updates alone: the rest of the file may be what today's settings
    refuse."""
    updates = source.data.get("updates")
    for item in updates if isinstance(updates, list) else []:
        if not isinstance(item, dict) or not {"at", "status", "message"} <= item.keys():
            continue
        at = read_timestamp(item["at"], settings.tz)
        if isinstance(at, datetime) and isinstance(item["message"], str):
            yield at, item["message"]


def new_notices(site: Site, before: Told) -> list[Notice]:
    """Public updates written by people since ``before``, oldest first; messages are
    the plain text of what the pages show (see :meth:`MarkdownRenderer.plain`)."""
    markdown = MarkdownRenderer(sanitise=not site.settings.allow_raw_html)
    english = language("en")
    told = before.among({event.id for event in site.events})
    found = []
    for event in site.events:
        for update in derive.updates_at(event, site.now):
            if update.automatic or told(event.id, update):
                continue
            url = f"{site.settings.url}incidents/{event.id}/#update-{update.key}"
            named = derive.affected(event, site.now) if isinstance(event, Incident) else {}
            components = tuple(dict.fromkeys([*event.components, *named]))
            notice = Notice(
                event.id,
                event.title,
                update.status,
                markdown.plain_on(update.message, url),  # links as on the event's page
                url,
                update.key,
                components,
                ""
                if update.next_update is None
                else f"Next update by {english.when(update.next_update, site.settings.tz)}.",
            )
            found.append((update.at, notice))
    found.sort(key=lambda pair: (pair[0], pair[1].event_id))
    return [notice for _, notice in found]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook's redirect is an answer, never followed: urllib would repeat a POST as a
    bodiless GET, to any host, and count it delivered. Not read either: urllib's reading
    of the Location refused some as a URL of ours, or repeated them whole in the reason."""

    def http_error_302(self, *args: Any, **kwargs: Any) -> None:
        return None  # the default handler raises it as an HTTPError

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Within:
    """A connection whose whole exchange, from connecting to the last header of the
    answer, ends within its ``timeout``: a socket's timeout counts the wait for each
    byte, and a receiver that trickles its answer a byte at a time never trips it. When
    the time is up its socket is shut down, which wakes whatever waits on it, and the
    wait ends in :class:`TimeoutError`."""

    timeout: Any
    sock: Any

    def connect(self) -> None:
        self._expired = False
        self._timer = threading.Timer(self.timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()
        try:
            super().connect()  # type: ignore[misc]
        except BaseException:
            self._stop()
            raise
        if self._expired:  # the clock runs on, through the request, to the answer
            self._stop()

    def getresponse(self) -> http.client.HTTPResponse:
        try:
            response: http.client.HTTPResponse = super().getresponse()  # type: ignore[misc]
        except BaseException:
            self._stop()
            raise
        # Once the clock ran out, the socket was shut down: what came may be the start of
        # the headers only (they end at the end of the stream), so it is no answer. Told
        # as the timeout (in the moment between the last header and the clock, wrongly;
        # never a lost failure).
        try:
            self._stop()
        except TimeoutError:
            response.close()
            raise
        return response  # headers whole: its body is never read

    def close(self) -> None:
        timer = getattr(self, "_timer", None)
        if timer is not None:  # a request that failed on the way stops the clock too
            timer.cancel()
        super().close()  # type: ignore[misc]

    def _expire(self) -> None:
        self._expired = True
        with contextlib.suppress(OSError, AttributeError):
            self.sock.shutdown(socket.SHUT_RDWR)

    def _stop(self) -> None:
        """Stop the clock; when it had run out, whatever the wait ended in is that
        timeout."""
        self._timer.cancel()
        if self._expired:
            raise TimeoutError(f"timed out: no whole answer within {self.timeout:g} s")


class _HTTPWithin(_Within, http.client.HTTPConnection):
    pass


class _HTTPSWithin(_Within, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_HTTPWithin, req, **kwargs)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_HTTPSWithin, req, **kwargs)


OPENER = urllib.request.build_opener(_NoRedirect, _HTTPHandler, _HTTPSHandler)
"""Posts to webhooks: chat's and subscribers'. A post has its timeout for the whole
answer (see :class:`_Within`); a 2xx status is the delivery, and the answer's body is
not read (a receiver could send one without end)."""


UNANSWERED = (urllib.error.HTTPError, http.client.HTTPException)
"""What a webhook's receiver answers when it takes no delivery: a status past 2xx, or no
valid HTTP at all. :func:`refusal` tells them."""


def refusal(exc: urllib.error.HTTPError | http.client.HTTPException, whose: str) -> str:
    """How a report tells an answer of :data:`UNANSWERED`: a redirect with the host it
    leads to (the rest of the address may be a secret), not followed, ``whose`` URL to
    give instead; another status with its reason, safe for the lead's terminal (the
    server's words could hold its escape codes); no valid HTTP by its kind alone."""
    if not isinstance(exc, urllib.error.HTTPError):
        return f"answered no valid HTTP ({type(exc).__name__})"
    answered = one_line(f"answered {exc.code} {exc.reason}")
    if not 300 <= exc.code < 400:
        return answered
    try:
        where = urlsplit(exc.headers.get("Location", "") or "").hostname or "elsewhere"
    except ValueError:  # no address ("http://[::1")
        where = "elsewhere"
    return f"{answered}, a redirect to {where}; not followed: give {whose}"


def post(url: str, notice: Notice, timeout: float = 10.0) -> None:
    body = json.dumps(notice.payload()).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        OPENER.open(request, timeout=timeout).close()
    except UNANSWERED as exc:
        raise NotifyError(f"the webhook {refusal(exc, 'its final URL')}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NotifyError(f"the webhook could not be reached: {reason}") from None
    except ValueError:  # a URL urllib cannot use; its words would repeat it, a secret
        raise NotifyError("the webhook could not be reached: its URL is not valid") from None


def mark(project: Path) -> None:
    git(project, "tag", "--force", MARKER_TAG, "HEAD")
