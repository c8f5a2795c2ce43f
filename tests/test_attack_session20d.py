"""Attack session 20d: today's changes under attack: the feeds cut to the newest 100
updates, the preview's 404 page, notify's failure handling, and `update` of a linked file.

Each test is one bug found in this session: it fails without its fix and asserts what
the promises (README.md, docs/outputs.md, docs/commands.md, CHANGELOG.md) say a user
should see.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli

from .conftest import MakeSite


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


# Feeds ------------------------------------------------------------------------------

SPREADING = """\
---
title: Spreading outage
components: {api: partial_outage}
started: 2026-12-04T10:00:00Z
updates:
  - at: 2026-12-04T10:05:00Z
    status: investigating
    message: Some customers cannot sign in. Next update by 11:00 UTC.
  - at: 2026-12-04T10:30:00Z
    status: identified
    message: The website fails for some customers too. Next update by 11:00 UTC.
    components: {web: major_outage}
---
"""


def test_a_history_entry_names_a_component_an_update_brought_in(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/outputs.md: each entry of the history feed "names the components its incident
    touches as categories". An incident that an update spread to the website named the
    API alone there (the incident's page, the API and the website's own feed name both):
    a reader who filters the history feed by category never saw the website's outage."""
    root = make_site({"2026-12-04-spreading.md": SPREADING})
    monkeypatch.chdir(root)
    result = invoke("build", "--now", "2026-12-04T11:00Z")
    assert result.exit_code == 0, result.output
    rss = (root / "site" / "history.rss").read_text(encoding="utf-8")
    atom = (root / "site" / "history.atom").read_text(encoding="utf-8")
    assert rss.count("<category>Website</category>") == 2, rss
    assert atom.count('label="Website"') == 2, atom
    assert rss.count("<category>API</category>") == 2
