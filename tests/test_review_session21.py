"""Review of session 21: what notify, the escalation notice and retired components
get wrong; each a failing test first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import NOTIFIED_INCIDENT, MakeSite, git
from .test_attack_session21d import ESCALATED
from .test_notify import UPDATE


def test_notify_in_a_sub_folder_of_a_repository_tells_only_the_new_update(
    make_site: MakeSite, tmp_path: Path
) -> None:
    project = make_site({"api-errors.md": NOTIFIED_INCIDENT})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "open incident")
    path = project / "incidents" / "api-errors.md"
    investigating = "    message: We are investigating.\n"
    path.write_text(NOTIFIED_INCIDENT.replace(investigating, investigating + UPDATE))
    git(tmp_path, "commit", "-qam", "identified")
    result = CliRunner().invoke(
        cli,
        ["notify", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"),
         "--since", "HEAD~1", "--dry-run", "--webhook-url-env", "HOOK"],
        env={"HOOK": "http://127.0.0.1:9/hook"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rolling back" in result.output
    assert "We are investigating" not in result.output


def test_notify_tells_a_new_incident_whose_first_update_reads_like_an_old_ones(
    make_site: MakeSite,
) -> None:
    """Two incidents opened in the same minute with the stock first words: the second,
    pushed after the first was told, is news, and notify must tell it."""
    project = make_site({"api-errors.md": NOTIFIED_INCIDENT})
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "open incident")
    other = NOTIFIED_INCIDENT.replace("API errors", "Login errors")
    (project / "incidents" / "login-errors.md").write_text(other)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "second incident")
    result = CliRunner().invoke(
        cli,
        ["notify", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"),
         "--since", "HEAD~1", "--dry-run", "--webhook-url-env", "HOOK"],
        env={"HOOK": "http://127.0.0.1:9/hook"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Login errors" in result.output


ESCALATED_IMPACT = ESCALATED.replace("severity: SEV-3", "impact: minor")


def test_the_escalation_notice_tells_what_the_report_counts_when_impact_is_stated(
    make_site: MakeSite,
) -> None:
    """With ``impact`` stated (no severity) the report counts the impact reached (docs:
    "without one, at the severity of the worst impact it reached"): SEV-2 here. The
    notice must not tell the lead that the report counts ``minor``."""
    project = make_site({"errors.md": ESCALATED_IMPACT})
    out = project / "site"
    built = CliRunner().invoke(
        cli, ["build", "--no-cache", "--now", "2026-11-28T12:00:00Z",
              "-f", str(project / "mkdocs.yml"), "-d", str(out)],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    report = json.loads((out / "api" / "reliability.json").read_text(encoding="utf-8"))
    (quarter,) = report["by_quarter"]
    assert quarter["incidents_by_severity"]["SEV-2"] == 1, quarter["incidents_by_severity"]
    checked = CliRunner().invoke(
        cli, ["check", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert checked.exit_code == 0, checked.stderr
    assert "the reliability report counts minor" not in checked.stderr, checked.stderr


STILL_OPEN_ON_RETIRED = """\
---
title: Legacy down again
components: {api: degraded_performance}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Invoices fail.
  - at: 2026-11-28T10:15:00Z
    status: identified
    message: The legacy billing is down.
    components: {legacy: major_outage}
---
"""


def test_an_open_incident_setting_a_retired_components_status_is_not_passed_in_silence(
    tmp_path: Path,
) -> None:
    """docs/settings.md: a retired component "has no row ... and no new update may set
    its status". `statuspress update -c legacy=...` refuses it, but the same update
    written in the file (or kept from before the retirement in an open incident) passes
    `check` without a word, and raises the page's indicator to major while every
    component listed is at most degraded."""
    from .test_session21 import RETIRED_CONFIG

    project = tmp_path / "site"
    (project / "incidents").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(RETIRED_CONFIG, encoding="utf-8")
    path = project / "incidents" / "2026-11-28-legacy.md"
    path.write_text(STILL_OPEN_ON_RETIRED, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--now", "2026-11-28T12:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert "retired" in result.stderr, result.stderr
