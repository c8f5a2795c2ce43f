"""The options and arguments the authoring commands share, and their readers: the
update's message, ``-c ID=STATUS``, ``--template``, ``--next-update``, and the event an
``ID`` names."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .. import derive, message_templates
from ..characters import unprintable
from ..errors import expected, one_of
from ..model import Event, Site
from .common import _now

message_options = [
    click.option(
        "-m",
        "--message",
        help="The update's text (Markdown). Without it and --message-file, $EDITOR opens.",
    ),
    click.option(
        "--message-file",
        type=click.File("r", encoding="utf-8-sig"),  # Notepad starts a file with a BOM
        help="Read the update's text from a file ('-' for standard input).",
    ),
]


def with_message(function: Any) -> Any:
    for option in reversed(message_options):
        function = option(function)
    return function


def typed(name: str, text: str, *, body: bool = False) -> str:
    """``text`` as typed on the command line, refused on one line naming the option
    when the terminal sent a byte that is not UTF-8 (Python gives it as a lone surrogate)
    or a character no page can show."""
    byte = next((c for c in text if "\udc80" <= c <= "\udcff"), None)
    if byte is not None:
        raise click.ClickException(
            f"{name}: expected UTF-8 text, found a byte that is not "
            f"(0x{ord(byte) - 0xDC00:02X}); set the terminal to UTF-8, or use --message-file"
        )
    found = unprintable(text, body)
    if found is not None:
        raise click.ClickException(f"{name}: {found}")
    return text


def _message(message: str | None, message_file: Any, hint: str) -> str:
    if message is not None:  # pasted from Windows: its line ends as a file's are read
        message = typed("--message", message.replace("\r\n", "\n").replace("\r", "\n"))
    if message is None and message_file is not None:
        try:
            message = message_file.read()
        except UnicodeDecodeError as exc:  # Notepad's "ANSI", a UTF-16 export
            raise click.ClickException(
                "--message-file: expected UTF-8 text, found a byte that is not "
                f"(0x{exc.object[exc.start]:02X}); save the file as UTF-8"
            ) from None
    if message is None:
        # Only the two lines written here are dropped: a line of the update may start
        # with '#' (a Markdown heading, a Slack channel such as #incident-4521).
        template = [
            "# Write the update above this line; this line and the next are ignored.",
            f"# {hint}",
        ]
        written = click.edit("\n" + "\n".join(template) + "\n")
        ours = {line.rstrip() for line in template}
        message = "\n".join(
            line for line in (written or "").splitlines() if line.rstrip() not in ours
        )
    if not message or not message.strip():
        raise click.ClickException("--message: expected the update's text, found nothing")
    from ..lint.text import without_comments  # the command's own import, when it runs

    if not without_comments(message).strip():
        raise click.ClickException(
            "--message: expected the update's text, found only an HTML comment, which "
            "readers never see"
        )
    return message.strip()


def in_editor(message: str | None, message_file: Any) -> bool:
    """Whether :func:`_message` opens $EDITOR for the text."""
    return message is None and message_file is None


def written_at(site: Site, now: str | None) -> Site:
    """``site`` at the time the text was written, not the time the command started:
    minutes in $EDITOR must not back-date an update (nor stamp it before one a
    colleague posted meanwhile). ``--now`` stays as given."""
    if now is not None:
        return site
    return dataclasses.replace(site, now=max(site.now, _now(None)))


@contextmanager
def kept(text: str, message: str | None, message_file: Any) -> Iterator[None]:
    """Keep ``text``, written in $EDITOR, in a file of its own when what follows refuses
    it, and say where: a lead's minutes of writing mid-incident are never lost."""
    if not in_editor(message, message_file):
        yield
        return
    try:
        yield
    except click.ClickException as exc:
        handle, name = tempfile.mkstemp(prefix="statuspress-message-", suffix=".md")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        keeping = f" (your text is kept in {name}: give it with --message-file)"
        raise click.ClickException(exc.message + keeping) from None


next_update_option = click.option(
    "--next-update",
    metavar="30m|TIME",
    help="Promise the next update: in a while (30m, 1h, 1h30m, 2h30, 45 minutes) or by a "
    "time (14:50 is today's; 00:10 said at 23:50 is tomorrow's, up to 12 hours ahead). The "
    "pages show 'Next update by ...' while the incident is open, and check warns once the "
    "time passes without one.",
)

template_option = click.option(
    "--template",
    metavar="NAME",
    help="Fill what is not given (title, status, components' status, message) from "
    "templates/NAME.md; 'statuspress templates' lists them.",
)


def _template(config_file: Path, name: str | None) -> message_templates.Template | None:
    """The template ``name`` from the project's ``templates/``, or a clear refusal."""
    if name is None:
        return None
    found = message_templates.read(config_file.parent, name)
    if isinstance(found, list):
        for problem in found:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"--template: cannot use '{name}' (above); nothing was written")
    return found


def _fill(chosen: message_templates.Template, site: Site, idents: list[str]) -> tuple[str, str]:
    return chosen.fill(_names(site, idents))


def _names(site: Site, idents: Sequence[str]) -> list[str]:
    return [c.name for c in site.settings.components if c.id in idents]


def _statuses(statuses: tuple[str, ...]) -> str:
    return ", ".join(statuses[:-1]) + " or " + statuses[-1]


def _components(
    values: tuple[str, ...], site: Site, statuses: tuple[str, ...], bare: str | None = None
) -> dict[str, str]:
    """``-c ID=STATUS`` values; a bare ``ID`` means status ``bare`` where one is given. A
    status is taken in any case, as ``--status`` is."""
    result: dict[str, str] = {}
    for value in values:
        ident, sep, status = value.partition("=")
        status = status.lower()
        if not sep and bare is not None:
            status = bare
        elif not sep:
            raise click.ClickException(
                f"--component: expected ID=STATUS such as api={statuses[-1]}, found '{value}'"
            )
        _known_component(ident, site)
        if status not in statuses:
            raise click.ClickException(
                f"--component {ident}: " + expected(one_of(statuses), status, statuses)
            )
        if result.get(ident, status) != status:  # a second thought: which does the page show?
            raise click.ClickException(
                f"--component {ident}: given twice, as {result[ident]} and as {status}; "
                "give it once"
            )
        result[ident] = status
    return result


def _known_component(ident: str, site: Site) -> None:
    known = [c.id for c in site.settings.components]
    if any(c.id == ident for c in site.settings.retired_components):
        raise click.ClickException(
            f"--component: {ident} is retired (retired: true in mkdocs.yml); its status is "
            "no longer set"
        )
    if ident not in known:
        raise click.ClickException(
            "--component: " + expected("a component id from mkdocs.yml", ident, known)
        )


def _event(site: Site, ident: str) -> Event:
    return _find(site.events, ident, "incident or maintenance", site.incidents)


def _find(
    events: Sequence[Event], ident: str, what: str, latest: Sequence[Event] | None = None
) -> Event:
    """The event named by its id, a unique start of its id, or ``latest``: the newest of
    ``latest`` (default: of ``events``). ``update latest`` and ``resolve latest`` mean the
    newest incident, never a maintenance someone announced since."""
    if ident.endswith(".md"):  # the path a command printed, or the shell completed
        ident = Path(ident).name.removesuffix(".md")
    newest = sorted(events, key=lambda e: (derive.created_at(e), e.id), reverse=True)
    for event in events:
        if event.id == ident:
            return event
    candidates = events if latest is None else latest
    if ident == "latest" and candidates:
        return max(candidates, key=lambda e: (derive.created_at(e), e.id))
    found = [e for e in newest if e.id.startswith(ident)] if ident else []
    if len(found) == 1:
        return found[0]
    if found:
        more = f" and {len(found) - 5} more" if len(found) > 6 else ""
        raise click.ClickException(
            f"expected one {what} id, found '{ident}', the start of "
            + ", ".join(e.id for e in found[: 5 if more else 6])
            + more
        )
    ids = [e.id for e in newest]
    raise click.ClickException(expected(f"an {what} id", ident, ids))
