"""The authoring commands, driven through click's runner: exact output, exact bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress import edit
from statuspress.cli import cli

from .conftest import MakeSite

OPEN = """\
---
# An incident kept by hand: comments, odd quoting and unknown keys must survive.
title: "Checkout: slow"   # the title
severity: SEV-3
components: {api: degraded_performance}
started: 2026-11-28T10:00:00Z
owner_note: keep me
updates:
-   at: 2026-11-28T10:05:00Z
    status: investigating
    message: >-
      Checkout is slow.

# about tags
tags: [checkout]
---
Body text *stays*.
"""


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/checkout.md": OPEN})
    monkeypatch.chdir(root)
    return root


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_new_incident_writes_a_file_with_the_first_update(project: Path) -> None:
    code, out, err = run(
        "new",
        "incident",
        "API errors: 5xx",
        "--severity",
        "SEV-2",
        "-c",
        "api=partial_outage",
        "-m",
        "Some API requests fail.",
        "--next-update",
        "30m",
        "--now",
        "2026-11-28T12:10:00Z",
    )
    assert (code, out, err) == (0, "incidents/2026/2026-11-28-api-errors-5xx.md\n", "")
    assert (project / "incidents/2026/2026-11-28-api-errors-5xx.md").read_text() == (
        "---\n"
        "title: 'API errors: 5xx'\n"
        "severity: SEV-2\n"
        "components:\n"
        "  api: partial_outage\n"
        "started: 2026-11-28T12:10:00+00:00\n"
        "updates:\n"
        "  - at: 2026-11-28T12:10:00+00:00\n"
        "    status: investigating\n"
        "    next_update: 2026-11-28T12:40:00+00:00\n"
        "    message: Some API requests fail.\n"
        "---\n"
    )
    # The same title again gets a new file, never overwrites.
    code, out, _ = run(
        "new", "incident", "API errors: 5xx", "-m", "Again.", "--now", "2026-11-28T12:11:00Z"
    )
    assert (code, out) == (0, "incidents/2026/2026-11-28-api-errors-5xx-2.md\n")


def test_update_appends_and_keeps_every_other_byte(project: Path) -> None:
    path = project / "incidents/2026/checkout.md"
    code, out, err = run(
        "update",
        "checkout",
        "--status",
        "identified",
        "-m",
        "A slow query.\nFix: index.",
        "-c",
        "api=partial_outage",
        "--next-update",
        "30m",
        "--now",
        "2026-11-28T10:30:00Z",
    )
    assert (code, out, err) == (
        0,
        "incidents/2026/checkout.md: identified at 10:30 UTC; next update by 11:00 UTC\n",
        "",
    )
    inserted = (
        "-   at: 2026-11-28T10:30:00+00:00\n"
        "    status: identified\n"
        "    next_update: 2026-11-28T11:00:00+00:00\n"
        "    message: |-\n"
        "      A slow query.\n"
        "      Fix: index.\n"
        "    components:\n"
        "      api: partial_outage\n"
    )
    # In the list's own style, after its last item, before the blank line and comment.
    split = OPEN.index("\n\n# about tags") + 1
    assert path.read_text() == OPEN[:split] + inserted + OPEN[split:]


def test_update_keeps_crlf_line_endings(project: Path) -> None:
    path = project / "incidents/2026/checkout.md"
    path.write_bytes(OPEN.replace("\n", "\r\n").encode())
    code, _, err = run("resolve", "checkout", "-m", "Fixed.", "--now", "2026-11-28T11:00:00Z")
    assert code == 0, err
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.startswith(OPEN.replace("\n", "\r\n").split("\r\n# about tags")[0].encode())
    assert b"  status: resolved\r\n" in data


def test_resolve_then_nothing_more(project: Path) -> None:
    assert run("resolve", "checkout", "-m", "Fixed.", "--now", "2026-11-28T11:00:00Z")[0] == 0
    code, _, err = run(
        "update", "checkout", "-s", "monitoring", "-m", "x", "--now", "2026-11-28T11:05:00Z"
    )
    assert (code, err) == (
        1,
        "Error: incidents/2026/checkout.md: checkout is resolved already; start a new "
        "incident instead\n",
    )
    code, out, _ = run("list", "--now", "2026-11-28T11:05:00Z")
    assert out == (
        "ID        TYPE      STATUS    IMPACT  TITLE\n"
        "checkout  incident  resolved  minor   Checkout: slow\n"
    )
    assert run("list", "--open", "--now", "2026-11-28T11:05:00Z")[1] == "Nothing open.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["update", "chekout", "-s", "identified", "-m", "x"],
            "Error: expected an incident or maintenance id, found 'chekout' (did you mean "
            "'checkout'?)\n",
        ),
        (
            ["update", "checkout", "-s", "identified", "-m", "x", "-c", "apii=major_outage"],
            "Error: --component: expected a component id from mkdocs.yml, found 'apii' (did you "
            "mean 'api'?)\n",
        ),
        (
            ["update", "checkout", "-s", "identified", "-m", "x", "-c", "api=down"],
            "Error: --component api: expected one of operational, degraded_performance, "
            "partial_outage, major_outage, found 'down'\n",
        ),
        (
            ["update", "checkout", "-s", "scheduled", "-m", "x"],
            "Error: --status: expected one of investigating, identified, monitoring, resolved, "
            "found 'scheduled'\n",
        ),
        (
            ["update", "checkout", "-s", "identified", "-m", "  "],
            "Error: --message: expected the update's text, found nothing\n",
        ),
        (
            ["update", "checkout", "-s", "identified", "-m", "x", "--now", "2026-11-28T10:00:00Z"],
            "Error: incidents/2026/checkout.md: the last update (2026-11-28 10:05:00 UTC) is "
            "later than now (2026-11-28 10:00:00 UTC); check the clock or --now\n",
        ),
    ],
)
def test_mistakes_are_clear_and_change_nothing(
    project: Path, args: list[str], message: str
) -> None:
    before = (project / "incidents/2026/checkout.md").read_bytes()
    if "--now" not in args:
        args = [*args, "--now", "2026-11-28T12:00:00Z"]
    code, out, err = run(*args)
    assert (code, out, err) == (1, "", message)
    assert (project / "incidents/2026/checkout.md").read_bytes() == before


def test_message_from_a_file_or_standard_input(project: Path) -> None:
    code, _, err = run(
        "update",
        "checkout",
        "-s",
        "identified",
        "--message-file",
        "-",
        "--now",
        "2026-11-28T10:30:00Z",
        input="From standard input.\n",
    )
    assert code == 0, err
    assert "message: From standard input.\n" in (project / "incidents/2026/checkout.md").read_text()


def test_message_from_the_editor(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = project / "fake-editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "open(path, 'w').write('Written in the editor.\\n' + text)\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    code, _, err = run("update", "checkout", "-s", "identified", "--now", "2026-11-28T10:30:00Z")
    assert code == 0, err
    text = (project / "incidents/2026/checkout.md").read_text()
    assert "message: Written in the editor.\n" in text
    assert "Lines starting with" not in text


def test_new_maintenance(project: Path) -> None:
    code, out, err = run(
        "new",
        "maintenance",
        "DB upgrade",
        "--start",
        "2026-12-10T02:00",
        "--end",
        "2026-12-10T03:00",
        "-c",
        "db",
        "-m",
        "Read-only for ten minutes.",
        "--now",
        "2026-11-28T12:00:00Z",
    )
    assert (code, out) == (0, "incidents/2026/2026-12-10-db-upgrade.md\n")
    # Times without an offset are read in the site's zone, and the command says so.
    assert err == (
        "--start 2026-12-10T02:00 read as UTC time (+00:00)\n"
        "--end 2026-12-10T03:00 read as UTC time (+00:00)\n"
    )
    code, out, _ = run("list", "--open", "--now", "2026-11-28T12:00:00Z")
    assert out.splitlines()[1].split()[:3] == ["2026-12-10-db-upgrade", "maintenance", "scheduled"]
    code, _, err = run(
        "new",
        "maintenance",
        "Bad",
        "--start",
        "2026-12-10T03:00",
        "--end",
        "2026-12-10T02:00",
        "-m",
        "x",
        "--now",
        "2026-11-28T12:00:00Z",
    )
    assert code == 1
    assert err.splitlines() == [
        "--start 2026-12-10T03:00 read as UTC time (+00:00)",
        "--end 2026-12-10T02:00 read as UTC time (+00:00)",
        "incidents/2026/2026-12-10-bad.md:6:1: order: scheduled_end: expected a time after "
        "scheduled_start, found one at or before it",
        "Error: the change was not written",
    ]
    assert not (project / "incidents/2026/2026-12-10-bad.md").exists()


def test_a_held_lock_makes_the_second_edit_fail_clearly(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit, "LOCK_WAIT", 0.2)
    with edit.locked(project):
        code, _, err = run("resolve", "checkout", "-m", "x", "--now", "2026-11-28T11:00:00Z")
    assert (code, err) == (
        1,
        "Error: another statuspress command is editing the content; try again\n",
    )


def test_two_commands_at_once_keep_both_updates(project: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "statuspress.cli",
        "update",
        "checkout",
        "-s",
        "identified",
        "--now",
        "2026-11-28T10:30:00Z",
        "-m",
    ]
    runs = [subprocess.Popen([*command, f"Writer {n}."], cwd=project) for n in range(4)]
    assert [p.wait(timeout=60) for p in runs] == [0, 0, 0, 0]
    text = (project / "incidents/2026/checkout.md").read_text()
    assert sorted(line.strip() for line in text.splitlines() if "Writer" in line) == [
        f"message: Writer {n}." for n in range(4)
    ]


# A resolved incident no longer sets its components' status, so a resolving update that
# names a component in an outage would show it operational while the file says otherwise.


def test_update_refuses_a_resolved_status_that_leaves_a_component_down(project: Path) -> None:
    path = project / "incidents" / "2026" / "checkout.md"
    before = path.read_bytes()
    code, _, err = run(
        "update", "checkout", "-s", "resolved", "-m", "Fixed, but the API stays down.",
        "-c", "api=major_outage", "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "Error: --component: api=major_outage, on a resolved update: a resolved incident "
        "no longer sets its components' status, so the page would show api operational; "
        "resolve with -c api=operational (or leave -c out), then run 'statuspress "
        "component set api major_outage' to keep it so\n"
    )
    assert path.read_bytes() == before


def test_update_resolves_with_a_component_back_to_operational(project: Path) -> None:
    code, _, err = run(
        "update", "checkout", "-s", "resolved", "-m", "Fixed.", "-c", "api=operational",
        "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert code == 0, err


def test_check_warns_of_a_resolved_update_that_leaves_a_component_down(
    make_site: MakeSite,
) -> None:
    resolved = OPEN.replace(
        "      Checkout is slow.\n",
        "      Checkout is slow.\n"
        "-   at: 2026-11-28T11:00:00Z\n"
        "    status: resolved\n"
        "    message: Fixed.\n"
        "    components: {api: operational, web: partial_outage}\n",
    )
    project = make_site({"2026/checkout.md": resolved})
    code, out, err = run(
        "check", "-f", str(project / "mkdocs.yml"), "--now", "2026-11-28T12:00:00Z"
    )
    assert code == 0, out + err
    assert (
        "incidents/2026/checkout.md:16:36: warning: contradiction: "
        "updates[1].components.web: a resolved incident no longer sets its components' "
        "status, so this does not keep web partial_outage; write operational here (if web "
        "stays partial_outage and no open incident says so, set it with 'statuspress "
        "component set')"
    ) in out + err
    assert "components.api" not in out + err
    fixed = resolved.replace("web: partial_outage", "web: operational")
    project = make_site({"2026/checkout.md": fixed})
    code, out, err = run(
        "check", "-f", str(project / "mkdocs.yml"), "--now", "2026-11-28T12:00:00Z"
    )
    assert code == 0 and "contradiction" not in out + err, out + err


def test_a_component_status_is_taken_in_any_case(project: Path) -> None:
    # As --status is: typed in a hurry, with the shift key held.
    code, _, err = run(
        "update", "checkout", "-s", "Identified", "-m", "Found it.",
        "-c", "api=Major_Outage", "--now", "2026-11-28T10:30:00Z",
    )  # fmt: skip
    assert code == 0, err
    text = (project / "incidents" / "2026" / "checkout.md").read_text()
    assert "api: major_outage" in text and "Major" not in text


def test_a_component_given_twice_with_two_statuses_is_refused(project: Path) -> None:
    """`-c api=partial_outage -c api=major_outage` (a second thought typed after the
    first) kept the last without a word; the lead cannot know which the page shows. The
    same status twice is harmless."""
    before = (project / "incidents" / "2026" / "checkout.md").read_bytes()
    code, _, err = run(
        "update", "checkout", "-s", "identified", "-m", "Found it.",
        "-c", "api=partial_outage", "-c", "api=major_outage", "--now", "2026-11-28T10:30:00Z",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "Error: --component api: given twice, as partial_outage and as major_outage; give it once\n"
    )
    assert (project / "incidents" / "2026" / "checkout.md").read_bytes() == before
    code, _, err = run(
        "update", "checkout", "-s", "identified", "-m", "Found it.",
        "-c", "api=major_outage", "-c", "api=major_outage", "--now", "2026-11-28T10:30:00Z",
    )  # fmt: skip
    assert code == 0, err
