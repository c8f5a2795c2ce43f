"""Session 20: what was noticed and left alone before, each a test that failed first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli

from .conftest import MakeSite

OPEN = """\
---
title: Card payments failing
components: {api: partial_outage}
started: 2026-12-04T13:00:00Z
updates:
  - at: 2026-12-04T13:05:00Z
    status: investigating
    message: Card payments fail for some customers. Next update by 14:00 UTC.
---
"""


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"kept/2026-12-04-card.txt": OPEN})
    monkeypatch.chdir(root)
    return root


def test_an_update_of_a_linked_incident_file_is_written_where_the_link_leads(
    project: Path,
) -> None:
    """A team that keeps an incident's file in one folder and links it from another (the
    link stays inside the content folder, so the build reads it through the link) had its link replaced by
    a file: the update went into the copy, and the file the link led to kept the old
    text, so the next edit there lost the update."""
    real = project / "incidents" / "kept" / "2026-12-04-card.txt"
    link = project / "incidents" / "2026-12-04-card.md"
    link.symlink_to(os.path.join("kept", "2026-12-04-card.txt"))
    result = invoke(
        "update",
        "2026-12-04-card",
        "-s",
        "identified",
        "--now",
        "2026-12-04T13:30Z",
        "-m",
        "A faulty card-network route is the cause. Next update by 14:30 UTC.",
    )
    assert result.exit_code == 0, result.output
    assert link.is_symlink(), "the link was replaced by a file"
    assert "faulty card-network route" in real.read_text(encoding="utf-8")
    assert not [p.name for p in real.parent.iterdir() if p.name.startswith(".")]


def test_a_merge_key_in_front_matter_is_read_as_yaml_says(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Front matter that merges a mapping (``<<: {...}``; aliases are refused on their own
    line) was refused with "could not determine a constructor for the tag
    'tag:yaml.org,2002:merge'": the duplicate-key check built the merge key as a key. It
    is merged now, as YAML and the subscribers' list read it; a key given twice beside it
    is still refused, with the line it was first given on."""
    merged = OPEN.replace(
        "components: {api: partial_outage}",
        "components:\n  <<: {web: degraded_performance}\n  api: partial_outage",
    )
    root = make_site({"2026-12-04-card.md": merged})
    monkeypatch.chdir(root)
    result = invoke("check", "--now", "2026-12-04T13:30Z")
    assert result.exit_code == 0, result.output
    result = invoke("build", "--now", "2026-12-04T13:30Z")
    assert result.exit_code == 0, result.output
    api = (root / "site" / "api" / "v2" / "components.json").read_text(encoding="utf-8")
    assert '"degraded_performance"' in api  # the merged component's status was read
    twice = merged.replace("  api: partial_outage", "  api: partial_outage\n  api: major_outage")
    (root / "incidents" / "2026-12-04-card.md").write_text(twice, encoding="utf-8")
    result = invoke("check", "--now", "2026-12-04T13:30Z")
    assert result.exit_code != 0
    assert "duplicate key 'api' (first given on line 5)" in result.output, result.output


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("en", True),
        ("en-GB", True),
        ("en_US", True),
        ("EN", True),
        ("de", False),
        ("pt-BR", False),
        ("eo", False),
        ("", False),
    ],
)
def test_whether_a_site_is_written_in_english_is_read_from_its_language_code(
    code: str, english: bool
) -> None:
    from statuspress.i18n import language, written_in_english

    assert written_in_english(code) is english
    if code == "eo":  # no catalogue: the page is not translated, yet the site is not English
        assert language(code).english
