"""``statuspress init``: start a status page's repository, and move its version pins."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import click

from .. import __version__, edit, editor
from ..config import read_settings
from ..scaffolding import (
    EXAMPLE_URL,
    OWNED,
    Project,
    ScaffoldError,
    check_name,
    check_time_zone,
    check_url,
    default_name,
    parse_components,
    plan,
    upgrade,
)
from .editor import pages_folder

DEFAULT_COMPONENTS = "web=Website,api=API"
DEFAULT_TIME_ZONE = "UTC"
CHANGELOG = "https://github.com/statuspress/statuspress/blob/main/CHANGELOG.md"
T = TypeVar("T")


@click.command()
@click.argument(
    "directory", metavar="[DIR]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--name", help="The company or product the page is for (default: DIR's name).")
@click.option(
    "--url",
    help=f"The address the page will be served from (default: {EXAMPLE_URL}, to change).",
)
@click.option(
    "--timezone",
    "time_zone",
    metavar="ZONE",
    help=f"The IANA time zone times are shown in, such as Europe/Berlin "
    f"(default: {DEFAULT_TIME_ZONE}).",
)
@click.option(
    "--components",
    metavar="IDS",
    help=f"Component ids, comma-separated; id=Name gives a display name "
    f"(default: {DEFAULT_COMPONENTS}).",
)
@click.option("--gitlab", is_flag=True, help="Also write .gitlab-ci.yml for GitLab Pages.")
@click.option(
    "--editor",
    "editor_repo",
    metavar="OWNER/NAME",
    help="Also write the web editor (statuspress editor), committing to this GitHub "
    "repository (GitLab with --gitlab).",
)
@click.option(
    "--upgrade",
    is_flag=True,
    help="In an existing project: move the version pins of the workflows and the "
    "pre-commit config to this version; change nothing else.",
)
def init(
    directory: Path,
    name: str | None,
    url: str | None,
    time_zone: str | None,
    components: str | None,
    gitlab: bool,
    upgrade: bool,
    editor_repo: str | None = None,
) -> None:
    """Write a new status page's repository into DIR (default: here).

    It writes mkdocs.yml, an example incident, a README for whoever posts
    updates, .gitignore, GitHub workflows (check pull requests, deploy on push,
    rebuild on a schedule) and a pre-commit config, all pinned to this version
    of Statuspress. It never overwrites a file: when one it would write exists,
    it writes nothing. Options it is not given are asked for on a terminal, and
    take their defaults otherwise.

    With --upgrade, in a project init wrote, it moves the version pins in the
    files init owns (workflows, .gitlab-ci.yml, .pre-commit-config.yaml) to
    this version and prints each change; content and mkdocs.yml stay as they are.

    \b
    Examples:
      statuspress init acme-status --name Acme --url https://status.acme.example/ \\
          --timezone Europe/Berlin --components api,web=Website
      statuspress init --upgrade
    """
    if upgrade:
        given = [
            o
            for o, v in [
                ("--name", name),
                ("--url", url),
                ("--timezone", time_zone),
                ("--components", components),
                ("--gitlab", gitlab),
            ]
            if v
        ]
        if given:
            raise click.UsageError(f"--upgrade changes only version pins: drop {given[0]}")
        _upgrade(directory)
        return
    asking = _on_a_terminal()
    folder_name = directory.resolve().name or "Status"
    try:
        project = Project(
            name=_option("--name", name, "Name", folder_name, check_name, asking),
            url=_option("--url", url, "Address of the page", EXAMPLE_URL, check_url, asking),
            time_zone=_option(
                "--timezone", time_zone, "Time zone", DEFAULT_TIME_ZONE, check_time_zone, asking
            ),
            components=_option(
                "--components",
                components,
                "Components (id or id=Name, comma-separated)",
                DEFAULT_COMPONENTS,
                parse_components,
                asking,
            ),
            day=(datetime.now(UTC) - timedelta(days=1)).date(),
            gitlab=gitlab,
            branch=_checked_out(directory) or "main",
        )
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    backend = "gitlab" if gitlab else "github"
    if editor_repo is not None:
        try:
            editor.Backend(backend, editor_repo).as_config()
        except editor.EditorError as exc:
            found = str(exc).replace("--repo: ", "--editor: ", 1)
            raise click.ClickException(f"{found}: init wrote nothing") from None
    files = plan(project)
    for path in files:
        _refuse_links(directory, path, "init wrote nothing")
        if os.path.lexists(directory / path):
            raise click.ClickException(
                f"{directory / path}: expected no file there, found one: init never "
                "overwrites, and wrote nothing (--upgrade moves an existing project's pins)"
            )
        for parent in Path(path).parents[:-1]:
            if os.path.lexists(directory / parent) and not (directory / parent).is_dir():
                raise click.ClickException(
                    f"{directory / parent}: expected a folder, found a file: init wrote nothing"
                )
    _write(directory, files)
    _summary(directory, project, files)
    _outside_the_top(directory)
    if editor_repo is not None:
        _editor(directory, editor.Backend(backend, editor_repo, project.branch))


def _editor(directory: Path, backend: editor.Backend) -> None:
    """The web editor in the new project; the example incident gets its type line."""
    settings_file = directory / "mkdocs.yml"
    settings, _ = read_settings(settings_file)
    assert settings is not None, "init writes valid settings"
    try:
        admin = editor.write_editor(directory, pages_folder(settings_file), settings, backend, None)
        for path in editor.untyped_incidents(directory / settings.content_dir):
            editor.mark_incident(path)
    except (editor.EditorError, OSError) as exc:
        raise click.ClickException(
            f"wrote the project but not the web editor: {exc}; "
            "run 'statuspress editor' in it once that is fixed"
        ) from None
    click.echo(
        f"  the web editor: {admin}, served at /admin/ (see the documentation, docs/editor.md)"
    )


def _write(directory: Path, files: dict[str, bytes]) -> None:
    """Write every file, or (when one cannot be written) none: the files and folders
    written so far are removed again, so that init can run again once the cause is fixed."""
    made: list[Path] = []
    try:
        if not directory.is_dir():
            directory.mkdir(parents=True)
            made.append(directory)
        for path, data in files.items():
            for parent in reversed(Path(path).parents[:-1]):
                if not (directory / parent).is_dir():
                    (directory / parent).mkdir(parents=True)
                    made.append(directory / parent)
            edit.create(directory / path, data.decode("utf-8"))
            made.append(directory / path)
    except (OSError, edit.EditError) as exc:
        for written in reversed(made):
            with contextlib.suppress(OSError):
                if written.is_dir():
                    written.rmdir()
                else:
                    written.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.ClickException(
            f"{directory}: could not write the project ({reason}): init wrote nothing"
        ) from None


def _on_a_terminal() -> bool:
    """Prompts are for people: only when standard input is a terminal."""
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def _option(
    option: str,
    value: str | None,
    prompt: str,
    default: str,
    read: Callable[[str], T],
    asking: bool,
) -> T:
    """The option as given; else asked for on a terminal (again until it reads), else the
    default."""
    if value is not None or not asking:
        try:
            return read(default if value is None else value)
        except ScaffoldError as exc:
            raise ScaffoldError(f"{option}: {exc}") from None
    while True:
        answer = click.prompt(prompt, default=default)
        try:
            return read(answer)
        except ScaffoldError as exc:
            click.echo(f"Error: {exc}", err=True)


_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
"""A branch name the workflows can name as it is (git allows more; those stay ``main``)."""


def _checked_out(directory: Path) -> str | None:
    """The branch checked out in the repository ``directory`` is in (``master`` after a
    plain ``git init`` on many machines), if any: pushes to it are what publish."""
    existing = next((d for d in (directory, *directory.resolve().parents) if d.is_dir()), None)
    if existing is None:
        return None
    try:
        found = subprocess.run(
            ["git", "symbolic-ref", "--short", "-q", "HEAD"],
            cwd=existing,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git
        return None
    branch = found.stdout.strip()
    return branch if found.returncode == 0 and _BRANCH.fullmatch(branch) else None


def _outside_the_top(directory: Path) -> None:
    """Say so when ``directory`` is a folder of a larger repository: GitHub runs
    workflows, and pre-commit reads its config, only from the repository's top."""
    here = directory.resolve()
    top = editor.repository_top(here)
    if top == here:
        return
    inside = here.relative_to(top).as_posix()
    click.echo(
        f"  Note: this folder is inside the git repository at {top}: GitHub runs workflows "
        f"only from {top}/.github/workflows/ and pre-commit reads {top}/.pre-commit-config.yaml. "
        f"Move them there and run each job in {inside}/ (working-directory: {inside}, "
        f"upload path {inside}/site/).",
        err=True,
    )


def _summary(directory: Path, project: Project, files: dict[str, bytes]) -> None:
    where = "this folder" if directory == Path(".") else f"{directory}/"
    click.echo(f"Wrote the status page of {project.name} into {where} ({len(files)} files):")
    for path in files:
        click.echo(f"  {path}")
    example = next(p for p in files if p.endswith("-example-incident.md"))
    names = ", ".join(f"{i} ({n})" if n != default_name(i) else i for i, n in project.components)
    click.echo(f"Time zone {project.time_zone}; components: {names}.")
    click.echo("Next:")
    cd = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(f"  {cd}statuspress build      (or statuspress serve to preview it)")
    if project.url == EXAMPLE_URL:
        click.echo(
            f"  Set site_url in mkdocs.yml: {EXAMPLE_URL} is a placeholder, and the feeds, "
            "the API and the subscribe page give readers that address."
        )
    click.echo(f"  Delete {example} before you publish: it is an example.")
    click.echo(
        "  Publish: push to GitHub and, in Settings > Pages, set Source to GitHub Actions"
        + (
            " (or push to GitLab: .gitlab-ci.yml publishes to GitLab Pages)."
            if project.gitlab
            else "."
        )
    )


def _upgrade(directory: Path) -> None:
    found = {}
    for path in OWNED:
        if not os.path.lexists(directory / path):
            continue
        _refuse_links(directory, path, "init --upgrade changed nothing")
        try:
            found[path] = (directory / path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{directory / path}: cannot read it: {exc}") from None
    if not found:
        raise click.ClickException(
            f"{directory}: expected a project that statuspress init wrote, found none of "
            f"{', '.join(OWNED)}"
        )
    try:
        result = upgrade(found, folder=directory)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    for message in result.loose:
        click.echo(f"Warning: {message}", err=True)
    if not result.pins and not result.loose:
        raise click.ClickException(
            f"{directory}: expected a version pin of Statuspress (statuspress=={__version__}) "
            f"in {', '.join(found)}, found none: nothing to move"
        )
    for path, text in result.texts.items():
        edit.replace(directory / path, text)
    for change in result.changes:
        click.echo(str(change))
    count = len(result.changes)
    left = f"; {len(result.loose)} left as they are" if result.loose else ""
    if not count:
        exact = " exact" if result.loose else ""
        click.echo(f"Nothing to change: every{exact} version pin is already {__version__}{left}.")
        return
    click.echo(
        f"Moved {count} pin{'s' * (count != 1)} to {__version__}{left}; content and mkdocs.yml "
        f"are unchanged. Upgrade notes: {CHANGELOG}"
    )


def _refuse_links(directory: Path, path: str, done: str) -> None:
    """Refuse ``path`` inside ``directory`` when it, or a folder on the way to it, is a
    symbolic link: writing there would change a file elsewhere (another project's, or
    one shared between projects)."""
    at = directory
    for part in Path(path).parts:
        at = at / part
        if at.is_symlink():
            raise click.ClickException(
                f"{at}: expected a file or folder of the project, found a symbolic link "
                f"to {os.readlink(at)}: {done}"
            )
