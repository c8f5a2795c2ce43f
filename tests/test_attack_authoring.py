"""An adversarial review of the authoring commands: what a stressed communications
lead does, and what other editors leave in a file, must never lose or hide an update.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress import edit
from statuspress.cli import cli
from statuspress.load import SourceFile, parse_text

from .checks.tools import need_program
from .conftest import MakeSite

AT = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)

OPEN = """\
---
title: Card payments failing
components: {api: partial_outage}
started: 2026-12-04T13:00:00Z
updates:
  - at: 2026-12-04T13:05:00Z
    status: investigating
    message: We are looking into it.
---
"""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/2026-12-04-card.md": OPEN})
    monkeypatch.chdir(root)
    return root


def last_update(project: Path) -> dict[str, object]:
    text = (project / "incidents/2026/2026-12-04-card.md").read_text(encoding="utf-8")
    parsed = parse_text(text, "card.md", "card")
    assert isinstance(parsed, SourceFile), str(parsed)
    return parsed.data["updates"][-1]  # type: ignore[no-any-return]


def test_a_tab_after_a_colon_that_check_accepts_does_not_stop_an_update() -> None:
    """libyaml (what check reads with) takes ``key:<tab>value``; the edit engine must too."""
    text = OPEN.replace("title: Card", "title:\tCard").replace("status: inv", "status:\tinv")
    assert isinstance(parse_text(text, "t.md", "t"), SourceFile)
    changed = edit.append_update(text, AT, "resolved", "Fixed.", {})
    assert changed.startswith(text.removesuffix("---\n"))
    assert changed.endswith("---\n")
    parsed = parse_text(changed, "t.md", "t")
    assert isinstance(parsed, SourceFile)
    assert parsed.data["updates"][-1]["message"] == "Fixed."
    assert len(parsed.data["updates"]) == 2


def test_a_message_file_saved_with_a_byte_order_mark_loses_the_mark(
    project: Path, tmp_path: Path
) -> None:
    """Windows Notepad saves UTF-8 with a BOM: it is not part of the message."""
    message = tmp_path / "message.txt"
    message.write_bytes("\ufeffWe rolled back.\r\n#incident-4521 on Slack\r\n".encode())
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "--message-file", str(message),
        "--now", "2026-12-04T14:00Z",
    )  # fmt: skip
    assert code == 0, err
    assert last_update(project)["message"] == "We rolled back.\n#incident-4521 on Slack"


def test_a_line_starting_with_hash_written_in_the_editor_is_kept(
    project: Path, tmp_path: Path
) -> None:
    """Only the lines the command wrote are dropped: a Slack channel or a Markdown heading
    the lead wrote at the start of a line is part of the update."""
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        '{ printf \'We rolled back.\\n#incident-4521 on Slack.\\n\'; cat "$1"; } > "$1.new"\n'
        'mv "$1.new" "$1"\n'
    )
    editor.chmod(0o755)
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "--now", "2026-12-04T14:00Z",
        env={"EDITOR": str(editor), "VISUAL": str(editor)},
    )  # fmt: skip
    assert code == 0, err
    assert last_update(project)["message"] == "We rolled back.\n#incident-4521 on Slack."


def test_an_update_stamped_after_the_clock_says_it_will_not_show(project: Path) -> None:
    """``--now 23:59`` (a typo for 13:59) writes an update the site leaves out until then:
    the command says so, as check and build will."""
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "-m", "x", "--now", "2090-01-01T10:00Z"
    )
    assert code == 0, err
    assert "future-update" in err
    assert "will not show until 2090-01-01" in err


@pytest.mark.parametrize("option", ["--now", "--started"])
def test_a_date_without_a_time_of_day_is_refused_not_read_as_midnight(
    project: Path, option: str
) -> None:
    """``--now 2026-12-04`` (the time forgotten) stamped the update 00:00 without a word."""
    before = (project / "incidents/2026/2026-12-04-card.md").read_bytes()
    args = ["update", "2026-12-04-card", "-s", "identified", "-m", "x"]
    if option == "--started":
        args = ["new", "incident", "Other", "-m", "x", "--now", "2026-12-04T14:00Z"]
    code, out, err = run(*args, option, "2026-12-04")
    assert code == 1
    assert "expected a date and a time of day, such as 2026-12-04T13:05" in err
    assert out == ""
    assert (project / "incidents/2026/2026-12-04-card.md").read_bytes() == before
    assert len(list((project / "incidents").rglob("*.md"))) == 1


def test_an_update_before_the_last_one_is_refused_in_the_site_time_zone(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every other line the commands print is in the site's zone; this one said UTC, and
    the lead compared 12:05 UTC with the 13:05 they see in the file."""
    root = make_site({"2026/2026-12-04-card.md": OPEN}, time_zone="Europe/Berlin")
    monkeypatch.chdir(root)
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "-m", "x", "--now", "2026-12-04T13:00"
    )
    assert code == 1
    assert (
        "the last update (2026-12-04 14:05:00 CET) is later than now (2026-12-04 13:00:00 CET)"
        in err
    )


def test_the_edit_lock_stays_out_of_git_without_the_sample_gitignore(project: Path) -> None:
    """A project set up by hand has no ``.gitignore`` line for ``.statuspress-cache/``:
    ``git add -A`` after an update must still add the content file alone."""
    need_program("git", "apt-get install -y git")  # fails, never skips, when CI is set
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=project, check=True, env=env)
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "-m", "x", "--now", "2026-12-04T14:00Z"
    )
    assert code == 0, err
    status = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=all"],
        cwd=project, check=True, env=env, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert status == " M incidents/2026/2026-12-04-card.md\n"


def test_update_with_status_resolved_ends_the_outage_as_resolve_does(project: Path) -> None:
    """``update -s resolved`` is what a lead types as often as ``resolve``; it wrote a
    resolution that ``check --strict`` (the pull request's gate) refused."""
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "identified", "-c", "api=major_outage", "-m", "Down.",
        "--now", "2026-12-04T14:00Z",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "Resolved", "-m", "Fixed.", "--now", "2026-12-04T14:10Z"
    )
    assert code == 0, err
    assert "warning" not in err
    assert last_update(project) == {
        "at": "2026-12-04T14:10:00+00:00",
        "status": "resolved",
        "message": "Fixed.",
        "components": {"api": "operational"},
    }
    code, _, err = run("check", "--strict", "--now", "2026-12-04T14:20Z")
    assert code == 0, err


def test_a_broken_file_elsewhere_says_why_the_update_was_not_written(project: Path) -> None:
    """A colleague's half-written file stops every authoring command: the lead must read
    that nothing was written, not only a list of another file's problems."""
    (project / "incidents/2026/2026-12-04-draft.md").write_text("---\ntitle: Draft\n---\n")
    before = (project / "incidents/2026/2026-12-04-card.md").read_bytes()
    code, out, err = run("resolve", "2026-12-04-card", "-m", "Fixed.", "--now", "2026-12-04T14:00Z")
    assert (code, out) == (1, "")
    assert "incidents/2026/2026-12-04-draft.md:1: required: started" in err
    assert err.endswith(
        "Error: errors (above) stop the command; nothing was changed: fix them, then run the "
        "command again\n"
    )
    assert (project / "incidents/2026/2026-12-04-card.md").read_bytes() == before


def test_the_writer_of_an_update_sees_the_blameless_lint_advice(project: Path) -> None:
    """Findings in an update are advice for its writer: the command that writes it shows
    them (as notices: it succeeds), not only a later check."""
    code, out, err = run(
        "update", "2026-12-04-card", "-s", "identified", "-m", "Human error.",
        "--now", "2026-12-04T14:00Z",
    )  # fmt: skip
    assert code == 0, err
    assert out == "incidents/2026/2026-12-04-card.md: identified at 14:00 UTC\n"
    assert "incidents/2026/2026-12-04-card.md:11: notice: lint/human-error:" in err
    code, _, err = run(
        "update", "2026-12-04-card", "-s", "monitoring", "-m", "Better.",
        "--next-update", "30m", "--now", "2026-12-04T14:10Z",
    )  # fmt: skip
    assert (code, err) == (0, "")


def test_the_writer_of_a_new_incident_sees_the_blameless_lint_advice(project: Path) -> None:
    code, out, err = run(
        "new", "incident", "Login failures", "-m", "Human error.", "--now", "2026-12-04T14:00Z"
    )
    assert (code, out) == (0, "incidents/2026/2026-12-04-login-failures.md\n")
    assert "incidents/2026/2026-12-04-login-failures.md:7: notice: lint/human-error:" in err


def test_a_file_system_error_is_one_line_not_a_traceback(project: Path) -> None:
    """Where the edit lock would go is taken by a file (or the disk is full, the folder
    read-only): the command says so on one line."""
    (project / ".statuspress-cache").write_text("")
    before = (project / "incidents/2026/2026-12-04-card.md").read_bytes()
    code, out, err = run("resolve", "2026-12-04-card", "-m", "Fixed.", "--now", "2026-12-04T14:00Z")
    assert (code, out) == (1, "")
    assert err.startswith("Error: cannot take the edit lock: ")
    assert "File exists" in err
    assert err.count("\n") == 1
    assert (project / "incidents/2026/2026-12-04-card.md").read_bytes() == before


def test_a_write_error_is_one_line_and_leaves_the_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(edit.os, "replace", full)
    before = (project / "incidents/2026/2026-12-04-card.md").read_bytes()
    code, out, err = run("resolve", "2026-12-04-card", "-m", "Fixed.", "--now", "2026-12-04T14:00Z")
    assert (code, out) == (1, "")
    assert err == "Error: No space left on device; nothing was changed\n"
    assert (project / "incidents/2026/2026-12-04-card.md").read_bytes() == before
    assert sorted(p.name for p in (project / "incidents/2026").iterdir()) == ["2026-12-04-card.md"]


def test_a_message_file_that_is_not_utf8_is_refused_on_one_line(
    project: Path, tmp_path: Path
) -> None:
    """Notepad's "ANSI" (Windows-1252) gave a traceback."""
    message = tmp_path / "message.txt"
    message.write_bytes("Café payments are down.\r\n".encode("cp1252"))
    before = (project / "incidents/2026/2026-12-04-card.md").read_bytes()
    code, out, err = run(
        "update", "2026-12-04-card", "-s", "identified", "--message-file", str(message),
        "--now", "2026-12-04T14:00Z",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: --message-file: expected UTF-8 text, found a byte that is not (0xE9); "
        "save the file as UTF-8\n"
    )
    assert (project / "incidents/2026/2026-12-04-card.md").read_bytes() == before


@pytest.mark.parametrize("ident", ["incidents/2026/2026-12-04-card.md", "2026-12-04-card.md"])
def test_the_path_a_command_printed_names_its_incident(project: Path, ident: str) -> None:
    """``new incident`` prints a path; the lead pastes it (or the shell completes it)."""
    code, out, err = run("resolve", ident, "-m", "Fixed.", "--now", "2026-12-04T14:00Z")
    assert (code, out) == (0, "incidents/2026/2026-12-04-card.md: resolved at 14:00 UTC\n"), err
