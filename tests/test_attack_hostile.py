"""Attacks by a hostile contributor's pull request: each test is a way in that was
found open (a feed that publishes markup, reads out of the project, lint input that
takes the CI build hostage)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli

from .conftest import INCIDENT, MakeSite, run

NOW = "2026-11-28T12:00:00Z"
SECRET = "SECRET-TOKEN-3141"

CLOSED = """\
---
title: Webhooks failed
severity: SEV-2
components: {api: major_outage}
started: 2026-11-20T10:00:00Z
updates:
  - at: 2026-11-20T10:05:00Z
    status: investigating
    message: Some webhooks are not delivered.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Webhooks are delivered again.
---
"""

POSTMORTEM = """\
---
type: postmortem
title: Webhooks failed
incidents: [closed]
status: published
published: 2026-11-25
authors: [Amara Okafor]
summary: '<img src=x onerror=alert(1)> <script>alert(2)</script>'
---
## Summary

The certificate expired.
"""


def test_a_postmortem_summary_is_not_published_as_markup_in_the_rss_feed(
    make_site: MakeSite,
) -> None:
    # RSS readers show an item's <description> as HTML: the summary, a front-matter
    # string, must be escaped there as it is in the Atom feed's content.
    project = make_site({"closed.md": CLOSED, "review.md": POSTMORTEM})
    code, out, err = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 0, out + err
    feed = ET.parse(project / "site" / "postmortems.rss")
    [description] = [d.text or "" for d in feed.iter("description") if "alert" in (d.text or "")]
    assert "<img" not in description
    assert "<script" not in description


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _crashed(result: Result) -> bool:
    """Whether the command ended in an exception of its own (a traceback), not an exit."""
    return result.exception is not None and not isinstance(result.exception, SystemExit)


def _outside(project: Path) -> Path:
    folder = project.parent / "outside"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_an_inherited_settings_file_outside_the_project_is_not_read(
    make_site: MakeSite, relative: bool
) -> None:
    # `INHERIT: ../outside/conf.yml` is refused only once the settings it brings are
    # valid; a file out of the project that is not (any YAML mapping on the CI runner)
    # is read, and its values are printed in the pull request's public log.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = _outside(project)
    (outside / "conf.yml").write_text(f"site_url: ftp://{SECRET}/\n")
    written = "../outside/conf.yml" if relative else str(outside / "conf.yml")
    config = project / "mkdocs.yml"
    own = config.read_text().replace("site_url: https://status.example.com/\n", "")
    config.write_text(f"INHERIT: {written}\n" + own)
    for command in (["check", "--now", NOW], ["build", "--strict", "--no-cache", "--now", NOW]):
        result = invoke(*command, "-f", str(config))
        assert result.exit_code == 1, result.output
        assert not _crashed(result), result.exception
        assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_a_content_dir_outside_the_project_is_refused_before_its_files_are_read(
    make_site: MakeSite, relative: bool
) -> None:
    # The folder is named as outside, but its files are read and checked anyway (their
    # values printed in the log); given by its full path, check and build end in a
    # traceback instead.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = _outside(project)
    (outside / "s.md").write_text(INCIDENT.format(title="x").replace("SEV-3", SECRET))
    written = "../outside" if relative else str(outside)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      time_zone:", f"      content_dir: {written}\n      time_zone:"
        )
    )
    for command in (["check", "--now", NOW], ["build", "--strict", "--no-cache", "--now", NOW]):
        result = invoke(*command, "-f", str(config))
        assert not _crashed(result), repr(result.exception)
        assert result.exit_code == 1, result.output
        assert SECRET not in result.stdout + result.stderr
        assert "expected a folder inside the project" in result.stderr
    assert not (project / "site").exists()


def test_a_content_folder_that_is_a_link_out_of_the_project_is_not_read(
    make_site: MakeSite, tmp_path: Path
) -> None:
    # The folder is refused by name, and before, its files were read and their values
    # printed all the same.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "s.md").write_text(INCIDENT.format(title="x").replace("SEV-3", SECRET))
    (project / "incidents").rename(project / "kept")
    (project / "incidents").symlink_to(outside, target_is_directory=True)
    for command in (["check", "--now", NOW], ["build", "--strict", "--no-cache", "--now", NOW]):
        result = invoke(*command, "-f", str(project / "mkdocs.yml"))
        assert (result.exit_code, _crashed(result)) == (1, False), result.output
        assert SECRET not in result.stdout + result.stderr
        assert (
            f"incidents: symlink: expected a folder inside the project, found a link to {outside}"
            in result.stderr
        )


def _timed_check(project: Path) -> float:
    started = time.perf_counter()
    code, out, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    elapsed = time.perf_counter() - started
    assert code == 0, out + err
    return elapsed


def test_the_update_lint_reads_a_long_message_in_time_in_proportion_to_it(
    make_site: MakeSite,
) -> None:
    # The internal-host pattern backtracks over "1.1.1.1...": 40 KB of it take about
    # 8 s, and a message near the 1 MB limit hours, in every pull request's check.
    message = "1." * 20_000
    incident = INCIDENT.format(title="Slow").replace(
        "Some requests fail; we are looking into it.", message
    )
    project = make_site({"a.md": incident})
    assert _timed_check(project) < 3  # generous: linear, it takes well under a second


def test_the_blameless_lint_reads_a_long_sentence_in_time_in_proportion_to_it(
    make_site: MakeSite,
) -> None:
    # Each "human error" scans the whole sentence again: 3,000 of them in one sentence
    # (126 KB) take about 15 s, 20,000 (840 KB, under the size limit) over ten minutes.
    body = "human error by the engineer who failed to " * 3_000
    project = make_site({"a.md": INCIDENT.format(title="Slow") + body + "\n"})
    assert _timed_check(project) < 3  # generous: linear, it takes about a second


def test_a_message_template_that_is_a_link_out_of_the_project_is_not_used(
    make_site: MakeSite, tmp_path: Path
) -> None:
    # `new --template` copies a template's text into a new incident, which is published.
    project = make_site({"a.md": INCIDENT.format(title="Outage")})
    outside = tmp_path / "elsewhere.md"
    outside.write_text(
        "---\ntitle: Errors\nstatus: investigating\ncomponent_status: partial_outage\n---\n"
        f"{SECRET}\n"
    )
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "evil.md").symlink_to(outside)
    before = sorted(p.name for p in (project / "incidents").rglob("*.md"))
    config = str(project / "mkdocs.yml")
    result = invoke("new", "incident", "--template", "evil", "-c", "api", "-f", config)
    assert (result.exit_code, _crashed(result)) == (1, False), result.output
    assert "templates/evil.md: symlink: expected a file inside templates/" in result.stderr
    assert sorted(p.name for p in (project / "incidents").rglob("*.md")) == before
    listed = invoke("templates", "-f", config)
    assert SECRET not in listed.stdout + listed.stderr
