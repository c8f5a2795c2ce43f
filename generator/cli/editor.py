"""``statuspress editor``: the web editor (Decap CMS) in the site's pages."""

from __future__ import annotations

from pathlib import Path

import click

from .. import editor
from ..config import Tagged, read_settings, read_written
from ..engine.reading import inherited
from .common import _show, config_option


def pages_folder(config_file: Path) -> Path:
    """The site's ``docs_dir`` (``docs`` when ``mkdocs.yml`` names none), made if missing:
    read as the engine reads it, with MkDocs' tags and what the file inherits. The editor
    commits into the repository, so a ``docs_dir`` outside the project is refused."""
    data, _ = read_written(config_file)
    docs_dir = data.get("docs_dir")
    if isinstance(docs_dir, Tagged) or (docs_dir is None and "INHERIT" in data):
        docs_dir = (inherited(config_file) or {}).get("docs_dir")
    project = config_file.parent
    folder = project / (docs_dir if isinstance(docs_dir, str) and docs_dir else "docs")
    if not folder.resolve().is_relative_to(project.resolve()):
        raise editor.EditorError(
            f"{config_file}: docs_dir: expected a folder inside the project, which the "
            f"editor commits to, found '{docs_dir}'"
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@click.command("editor")
@config_option
@click.option(
    "--backend",
    type=click.Choice(editor.BACKENDS),
    default="github",
    show_default=True,
    help="Where the editor commits (the local backend for trying it needs none of them).",
)
@click.option("--repo", default="", help="owner/name of the repository (github, gitlab).")
@click.option("--branch", default="main", show_default=True, help="The branch the site builds.")
@click.option("--base-url", default="", help="The OAuth proxy (github) or GitLab's address.")
@click.option("--app-id", default="", help="GitLab's OAuth application id (public, PKCE).")
@click.option(
    "--decap-from",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An installed decap-cms package folder to copy the script from, instead of "
    f"fetching decap-cms@{editor.DECAP_VERSION} from the npm registry.",
)
@click.option(
    "--mark-existing",
    is_flag=True,
    help="Add 'type: incident' to incident files without a type line, so that the "
    "editor lists them (it lists files by their type).",
)
def editor_command(
    config_file: Path,
    backend: str,
    repo: str,
    branch: str,
    base_url: str,
    app_id: str,
    decap_from: Path | None,
    mark_existing: bool,
) -> None:
    """Write the web editor (Decap CMS) into the site's pages, served at /admin/.

    The editor's forms come from the same field declarations as the check, with the
    components of mkdocs.yml; its changes arrive as pull requests (editorial workflow),
    so the check runs before anything is public. Run it again after changing the
    components. Examples:

      statuspress editor --repo acme/status --base-url https://auth.acme.example
      statuspress editor --backend gitlab --repo acme/status --app-id APP_ID
      statuspress editor --backend git-gateway --mark-existing
    """
    settings, problems = read_settings(config_file)
    if settings is None:
        _show(problems)
        raise click.ClickException(f"{config_file}: fix the settings above first")
    chosen = editor.Backend(backend, repo, branch, base_url, app_id)
    try:
        chosen.as_config()  # before the pages folder is made: a refused option writes nothing
        admin = editor.write_editor(
            config_file.parent, pages_folder(config_file), settings, chosen, decap_from
        )
    except (editor.EditorError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote the editor to {admin}: served at /admin/ (Decap CMS {editor.DECAP_VERSION})")
    content = config_file.parent / settings.content_dir
    untyped = editor.untyped_incidents(content) if content.is_dir() else []
    if mark_existing:
        for path in untyped:
            editor.mark_incident(path)
        click.echo(f"added 'type: incident' to {len(untyped)} incident file(s)")
    elif untyped:
        click.echo(
            f"{len(untyped)} incident file(s) have no 'type: incident' line and are not "
            "listed in the editor (first: "
            f"{untyped[0]}); add it with: statuspress editor --mark-existing",
            err=True,
        )
