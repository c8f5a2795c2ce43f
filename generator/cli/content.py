"""Tools over all the content: ``lint`` (blame and readability of what is published) and
``schema`` (the front matter's JSON Schema for editors)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import fieldspec
from ..errors import expected
from ..lint import explain as explain_rule
from ..lint import rules as lint_rules
from ..pipeline import lint_content
from .common import config_option
from .times import _load


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--explain",
    "rule",
    metavar="RULE",
    default=None,
    help="Print what RULE flags, why, what to do instead and its source; lint nothing.",
)
@config_option
def lint(paths: tuple[Path, ...], rule: str | None, config_file: Path) -> None:
    """Flag blame in postmortems and updates, and what hurts readers of an update.

    Checks postmortems (body, summary, action items) and incident updates,
    which are public too. Each finding names its rule, marks the words that
    triggered it in [[...]], gives the reason and a rewrite of the sentence
    (or a question that leads to one). Silence a rule on one line with a
    comment holding 'statuspress-lint: disable=RULE', or for the site with
    'lint: {disable: [RULE]}' in the plugin options. The exit status is 1
    when anything is found.

    \b
    Examples:
      statuspress lint
      statuspress lint incidents/postmortems/2026-11-24-config-deploy.md
      statuspress lint --explain counterfactual
    """
    if rule is not None:
        text = explain_rule(rule)
        if text is None:
            known = [r.id for r in lint_rules()]
            raise click.ClickException(expected("a lint rule", rule, known))
        click.echo(text)
        return
    site = _load(config_file, None)
    findings = lint_content(config_file, site.settings, list(paths))
    for finding in sorted(findings):
        click.echo(str(finding))
    click.echo(f"{len(findings)} finding{'s' * (len(findings) != 1)}")
    if findings:
        sys.exit(1)


@click.command()
@click.argument("kind", type=click.Choice(["incident", "maintenance", "postmortem", "component"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a kind of file's front matter.

    Editors with YAML language support use it to complete and check fields;
    the same schemas are shipped in schema/. They come from the declarations
    the validator uses, so the two agree.

    \b
    Examples:
      statuspress schema incident > schema/incident.json
    """
    click.echo(json.dumps(fieldspec.json_schema(kind), indent=2))
