"""The commands that make the site: ``build``, ``check`` and ``serve``."""

from __future__ import annotations

import gc
import io
import sys
import time
from pathlib import Path

import click

from ..buildcache import BuildCache
from ..config import read_settings
from ..engine import (
    BuildError,
    EngineRun,
    build_day,
    build_site,
    engine_name,
    engine_site_dir,
    patch_site,
    template_errors,
)
from ..incremental import Built
from ..pipeline import check_site
from ..render import Renderers, render_site
from .common import _failing, _now, _show, _summary, config_option

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
    # A build keeps most of what it makes: collecting garbage less often makes one
    # after a single edit about a tenth faster, in the same memory.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        _build(now, strict, config_file, site_dir, no_cache)
    finally:
        gc.set_threshold(*thresholds)


def _build(
    now: str | None, strict: bool, config_file: Path, site_dir: Path | None, no_cache: bool
) -> None:
    started = time.perf_counter()
    moment = _now(now)
    settings = None if no_cache else read_settings(config_file)[0]
    cache = (
        BuildCache.open(config_file, settings, engine=engine_name())
        if settings is not None
        else None
    )
    if cache is not None and cache.notice:
        click.echo(cache.notice, err=True)
    # The build runs no other threads: parsing and Markdown may use forked workers.
    parsed, linted = (cache.parsed, cache.linted) if cache else (None, None)
    checked = check_site(config_file, moment, parsed, True, linted)
    site, problems = checked.site, checked.problems
    _show(problems)
    summary = _summary(problems, strict, checked.files)
    if _failing(problems, strict) or site is None:
        click.echo(summary, err=True)
        sys.exit(1)
    templates = [config_file.parent / "site_templates"]
    try:
        target = site_dir or engine_site_dir(config_file, site.settings.site_dir)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    _refuse_site_dir(config_file, site.settings.content_dir, target, given=site_dir is not None)
    sanitise = not site.settings.allow_raw_html
    renderers = cache.renderers(sanitise) if cache else Renderers(sanitise)
    renderers.parallel = True
    pages = 2 + len(site.incidents) + len(site.maintenances)
    rebuilt = None
    try:
        with template_errors(config_file.parent):
            bar = pages >= PROGRESS_FROM and sys.stderr.isatty()
            with click.progressbar(
                length=2 * pages, label="Building", file=sys.stderr if bar else io.StringIO()
            ) as progress:
                outputs = render_site(site, templates, lambda: progress.update(1), renderers)
                built = Built.of(outputs, build_day(moment))
                plan = cache.plan(built, outputs, target) if cache else None
                if plan is None:
                    run = build_site(
                        config_file,
                        target,
                        moment,
                        outputs,
                        strict,
                        lambda: progress.update(1),
                    )
                else:
                    last = cache.engine if cache else EngineRun()
                    run = patch_site(config_file, target, moment, plan, last, strict)
                    rebuilt = len(plan.pages)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    if cache is not None:
        cache.save(config_file, outputs, renderers, target, built, run, full=plan is None)
    elapsed = time.perf_counter() - started
    feeds = sum(1 for p in outputs.files if p.endswith((".rss", ".atom")))
    api = sum(1 for p in outputs.files if p.startswith("api/"))
    wrapped = f" ({rebuilt} rebuilt)" if rebuilt is not None else ""
    click.echo(
        f"{summary}; built {len(outputs.pages)} pages{wrapped}, {feeds} feeds and {api} API "
        f"files into {target} in {elapsed:.1f} s.",
        err=True,
    )


def _refuse_site_dir(config_file: Path, content_dir: str, target: Path, given: bool) -> None:
    """Refuse a site folder the build's swap would wrongly replace: one that holds the
    project's own files, or (from ``mkdocs.yml``, which a pull request can change) one
    outside the project; ``-d`` names any other folder on purpose."""
    project = config_file.parent.resolve()
    folder = target.resolve()
    kept = [config_file.resolve(), project / content_dir, project / "site_templates"]
    if any(path.is_relative_to(folder) for path in kept):
        found = f"'{target}', which holds the project's own files"
    elif not given and not folder.is_relative_to(project):
        found = f"'{target}', outside the project (give -d to build there on purpose)"
    else:
        return
    where = "-d" if given else f"{config_file.name}: site_dir"
    raise click.ClickException(f"{where}: expected a folder for the site alone, found {found}")


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
    checked = check_site(config_file, _now(now))
    _show(checked.problems, style)
    click.echo(_summary(checked.problems, strict, checked.files), err=True)
    if _failing(checked.problems, strict) or checked.site is None:
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
    from ..serve import Preview, make_server

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.ClickException(f"--dev-addr: expected HOST:PORT, found '{dev_addr}'")
    preview = Preview(config_file, log=lambda line: click.echo(line, err=True))
    preview.rebuild()
    server = make_server(preview, host, int(port))
    preview.start()
    address = f"http://{host}:{server.server_port}/{preview.path}"
    click.echo(f"Serving on {address} (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.stop()
