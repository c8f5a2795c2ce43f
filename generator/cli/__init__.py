"""The ``statuspress`` command: the only place where problems become exit codes.

The group is here; its commands live in modules by who runs them, and each is
registered below, one by one:

- ``site``: build, check and serve the site (whoever publishes it);
- ``new``, ``authoring``, ``listing``: write and read the content during an incident
  (the communications lead), with ``arguments``, ``times`` and ``writing`` as their
  shared options, time readers and checked writes;
- ``content``: tools over all the content (lint, schema);
- ``notify``: tell subscribers about new updates (the deploy job);
- ``start``: init (whoever starts a status page); ``editor``: the web editor.

``common`` holds the settings option and the problem report that every command uses.
No module here imports this package back.
"""

from __future__ import annotations

import click

from .. import __version__
from . import authoring, content, editor, listing, new, notify, site, start


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statuspress")
def cli() -> None:
    """Statuspress: a static public status page built from Markdown incident files.

    \b
    Examples:
      statuspress check
      statuspress build --now 2026-11-28T12:00:00Z
    """


cli.add_command(site.build)
cli.add_command(site.check)
cli.add_command(site.serve)
cli.add_command(new.new)
cli.add_command(authoring.update)
cli.add_command(authoring.resolve)
cli.add_command(authoring.component_group)
cli.add_command(listing.list_events)
cli.add_command(listing.components)
cli.add_command(listing.templates)
cli.add_command(content.lint)
cli.add_command(content.schema)
cli.add_command(notify.notify)
cli.add_command(start.init)
cli.add_command(editor.editor_command)


def main() -> None:
    cli()


__all__ = ["cli", "main"]
