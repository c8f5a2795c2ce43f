"""The commands that make the site: ``build``, ``check`` and ``serve``."""

from __future__ import annotations

import io
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from .. import engine
from ..build import Watcher
from ..build import build as build_site_of
from ..engine import BuildError
from ..errors import failing
from ..model import Settings
from ..pipeline import Checked
from .common import _now, _show, _summary, config_option
from .lazy import ENDS

PROGRESS_FROM = 200
"""Builds of at least this many pages show a progress bar on a terminal."""


@click.command()
@click.option(
    "--now",
    metavar="TIME",
    help="Reference time, ISO 8601; UTC when it has no offset "
    "(default: the clock, or SOURCE_DATE_EPOCH).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (never on notices).")
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site_dir from the settings).",
)
@click.option(
    "--no-cache", is_flag=True, help="Build everything; neither read nor write the cache."
)
def build(
    now: str | None, strict: bool, config_file: Path, site_dir: Path | None, no_cache: bool
) -> None:
    """Build the site into site/.

    The site is built in a temporary folder and swapped into place only when
    the build succeeds: a failed build leaves the previous site as it was.

    The next build reuses what this one parsed, converted and wrapped, kept in
    .statuspress-cache/ beside the settings file: it rebuilds only the pages
    that changed, and writes the same site as a full build. Deleting that
    folder, or --no-cache, makes a full build.

    \b
    Examples:
      statuspress build
      statuspress build --now 2026-11-28T12:00:00Z --strict
    """
    started = time.perf_counter()
    with _Terminal(config_file, strict, site_dir is not None) as terminal:
        try:
            # The build runs no other threads: parsing and Markdown may use forked workers.
            result = build_site_of(
                config_file,
                _now(now),
                engine,
                strict=strict,
                site_dir=site_dir,
                cache=not no_cache,
                parallel=True,
                watcher=terminal,
                once=click.get_current_context().obj == ENDS,
            )
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
    if result.failed or result.outputs is None:
        click.echo(terminal.summary, err=True)
        sys.exit(1)
    outputs = result.outputs
    elapsed = time.perf_counter() - started
    feeds = sum(1 for p in outputs.files if p.endswith((".rss", ".atom")))
    under = result.checked.site.settings.path if result.checked.site is not None else ""
    api = sum(1 for p in outputs.files if p.removeprefix(under).startswith("api/"))
    wrapped = f" ({result.rebuilt} rebuilt)" if result.rebuilt is not None else ""
    click.echo(
        f"{terminal.summary}; built {len(outputs.pages)} pages{wrapped}, {feeds} feeds and "
        f"{api} API files into {result.target} in {elapsed:.1f} s.",
        err=True,
    )


class _Terminal(Watcher):
    """A build as the terminal shows it: the problems, then a progress bar for a large
    site (when stderr is a terminal)."""

    def __init__(self, config_file: Path, strict: bool, given: bool) -> None:
        self.config_file, self.strict, self.given = config_file, strict, given
        self.summary = ""
        self.bar: Any = None
        self.stack = ExitStack()

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def notice(self, line: str) -> None:
        click.echo(line, err=True)

    def checked(self, checked: Checked) -> None:
        _show(checked.problems)
        self.summary = _summary(checked.problems, self.strict, checked.files)

    def refused(self, folder: Path, settings: Settings) -> str | None:
        return site_dir_refused(self.config_file, settings.content_dir, folder, self.given)

    def begin(self, steps: int) -> None:
        shown = steps >= 2 * PROGRESS_FROM and sys.stderr.isatty()
        self.bar = self.stack.enter_context(
            click.progressbar(
                length=steps, label="Building", file=sys.stderr if shown else io.StringIO()
            )
        )

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)


def site_dir_refused(config_file: Path, content_dir: str, target: Path, given: bool) -> str | None:
    """Why a site folder is refused, or None: the build's swap would wrongly replace one
    that holds the project's own files, or (from ``mkdocs.yml``, which a pull request
    can change) one outside the project; ``-d`` names any other folder on purpose."""
    project = config_file.parent.resolve()
    folder = target.resolve()
    kept = [config_file.resolve(), project / content_dir, project / "site_templates"]
    if any(path.is_relative_to(folder) for path in kept):
        found = f"'{target}', which holds the project's own files"
    elif not given and not folder.is_relative_to(project):
        found = f"'{target}', outside the project (give -d to build there on purpose)"
    else:
        return None
    where = "-d" if given else f"{config_file.name}: site_dir"
    return f"{where}: expected a folder for the site alone, found {found}"


@click.command()
@click.option("--now", metavar="TIME", help="Reference time, ISO 8601; UTC when it has no offset.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (never on notices).")
@config_option
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for annotations on pull requests.",
)
def check(now: str | None, strict: bool, config_file: Path, style: str) -> None:
    """Check every content file without building, as build does.

    Each problem is printed as path:line: field: message, all in one run, then
    one summary line, all on stderr (--format json or github prints the problems
    on stdout instead). The exit status is 1 when there are errors, or warnings
    with --strict. Blameless-lint findings in postmortems are warnings; in
    incidents and maintenances they are notices: advice that never fails.

    \b
    Examples:
      statuspress check
      statuspress check --strict --format github
    """
    checked = build_site_of(config_file, _now(now), None, strict=strict, render=False).checked
    _show(checked.problems, style)
    click.echo(_summary(checked.problems, strict, checked.files), err=True)
    if failing(checked.problems, strict) or checked.site is None:
        sys.exit(1)


@click.command()
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the preview.",
)
@config_option
def serve(dev_addr: str, config_file: Path) -> None:
    """Preview the site and rebuild it on every change.

    Watches incidents/, site_templates/ and mkdocs.yml; pages reload by
    themselves after each rebuild. A change that does not build leaves the
    last good site in place, with the problems in the terminal and in a banner
    on every page.

    \b
    Examples:
      statuspress serve
      statuspress serve -a 127.0.0.1:8080
    """
    from ..serve import Preview

    host, _, port = dev_addr.rpartition(":")
    if not host or not (port.isascii() and port.isdigit()):
        raise click.ClickException(f"--dev-addr: expected HOST:PORT, found '{dev_addr}'")
    if int(port) > 65535:
        raise click.ClickException(
            f"--dev-addr: expected a port from 0 to 65535, found '{port}' in '{dev_addr}'"
        )
    with _handling(("SIGTERM", "SIGHUP"), _interrupt):
        preview = Preview(config_file, log=lambda line: click.echo(line, err=True))
        try:
            # The address first: one that cannot be served on is said before building.
            server = _bound(preview, host, int(port), dev_addr)
            try:
                preview.rebuild()
                preview.start()
                address = f"http://{host}:{server.server_port}/{preview.path}"
                click.echo(f"Serving on {address} (Ctrl-C to stop)", err=True)
                server.serve_forever()
            finally:
                server.server_close()
        except KeyboardInterrupt:
            pass
        finally:
            # A second Ctrl-C while a rebuild finishes would leave its half-built site in
            # the temporary folder: the preview stops, and removes its folder, first.
            with _handling(("SIGINT",), signal.SIG_IGN):
                if preview.busy():
                    click.echo("Stopping: the rebuild under way finishes first.", err=True)
                preview.stop()


def _bound(preview: Any, host: str, port: int, dev_addr: str) -> Any:
    """The preview's server on ``host:port``; an address that cannot be served on is
    one line naming it (``dev_addr``, as given)."""
    import errno

    from ..serve import make_server

    try:
        return make_server(preview, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            other = f"{host}:{port + 1 if 0 < port < 65535 else 8001}"
            raise click.ClickException(
                f"--dev-addr: cannot serve on {dev_addr}: the address is already in use "
                f"(another preview?); choose another port with -a, e.g. -a {other}"
            ) from None
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise click.ClickException(f"--dev-addr: cannot serve on {dev_addr}: {reason}") from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _handling(names: tuple[str, ...], handler: Any) -> Iterator[None]:
    """Signals ``names`` (those this system has) handled by ``handler`` while the block
    runs, then as before; only the main thread may set them, elsewhere nothing changes.
    The preview: SIGTERM and SIGHUP (the terminal closed) stop it as Ctrl-C does, so
    that it removes its temporary folder; while it stops, a second Ctrl-C is ignored."""
    numbers = [getattr(signal, name) for name in names if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        numbers = []
    kept = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        for number, old in kept.items():
            signal.signal(number, old)
