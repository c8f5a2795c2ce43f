"""A command group that imports a command's module only when that command runs.

``statuspress update`` in the middle of an incident should not pay for importing the
renderers and the site engine, and ``statuspress --help`` should answer at once. Each
command is registered by name with where it lives and its one-line help, so the
group can list the commands without importing them (a test checks that the line
given here is the command's own).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, NamedTuple

import click

ENDS = "the process ends with the command"
"""``ctx.obj`` of a command run by :func:`generator.cli.main`, which ends the process
right after it: a build then never collects what it made (see
:func:`generator.build.set_aside`). A command run otherwise (click's test runner) keeps
the usual collection."""


class Entry(NamedTuple):
    """Where a command lives (``module:attribute``, relative to this package) and the
    first line of its help."""

    where: str
    summary: str


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, attribute = self.lazy[cmd_name].where.split(":")
            command = getattr(importlib.import_module(module, __package__), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help, from the registry for those not
        imported yet (click's own listing would import every one)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                if loaded.hidden:
                    continue
                rows.append((name, loaded.get_short_help_str(limit)))
            else:
                summary = click.Command(name, help=self.lazy[name].summary)
                rows.append((name, summary.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
