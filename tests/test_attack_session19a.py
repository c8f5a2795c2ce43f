"""Attack session 19a: the authoring commands under pressure, as a stressed and careless
communications lead in the middle of an incident.

Each test is one bug found in this session: it fails now and asserts what the promises
say a user should see: bad input gets one clear line and a non-zero exit, never a
traceback; a command that says it succeeded did what it said; nothing it writes breaks
the next check or build (or stops the next update of an open incident).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress import edit
from statuspress.cli import cli

from .conftest import CARD_INCIDENT, MakeSite, notified_repo

OPEN = CARD_INCIDENT


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = invoke(*args, env=env)
    return result.exit_code, result.stdout, result.stderr


def no_traceback(result: Result) -> None:
    """The command ended on its own terms: no Python exception escaped it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/2026-12-04-card.md": OPEN})
    monkeypatch.chdir(root)
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".statuspress-cache" not in p.parts
    }


# new postmortem / new near-miss: not checked, not guarded --------------------------


@pytest.mark.parametrize(
    "command", [("new", "postmortem", "2026-12-04-card"), ("new", "near-miss", "Key expired")]
)
def test_a_draft_that_cannot_be_written_is_one_line_not_a_traceback(
    project: Path, command: tuple[str, ...]
) -> None:
    """`incidents/postmortems` is a file (or the folder is read-only, the disk full):
    `statuspress new postmortem ID` and `new near-miss TITLE` end in a Python traceback
    (`FileExistsError: [Errno 17] File exists: 'incidents/postmortems'`). They should say
    so on one line, naming the path, as `update` and `new incident` do."""
    (project / "incidents" / "postmortems").write_text("notes\n")
    before = files(project)
    result = invoke(*command)
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "incidents/postmortems" in result.stderr
    assert files(project) == before


def test_a_near_miss_never_takes_the_id_of_an_incident(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lead opens `new incident "Key rotation"` and, the same day, writes a review
    of a near miss titled the same (or any two titles that slug alike: every title
    without Latin letters slugs to `incident`). `new near-miss` prints its path and
    exits 0, but its file has the incident's id: `check` fails with `duplicate-id`,
    `build` refuses, and every `update` of the open incident is now refused ("errors
    (above) stop the command"). It should pick a free id, as `new incident` does, or
    refuse on one line; never leave the content broken."""
    project = make_site({})
    monkeypatch.chdir(project)
    code, _, err = run("new", "incident", "Key rotation", "-c", "api=partial_outage",
                         "-m", "Some API requests fail. Next update in 30 minutes.")  # fmt: skip
    assert code == 0, err
    run("new", "near-miss", "Key rotation")
    code, _, err = run("check")
    assert code == 0, err
    code, _, err = run("update", "latest", "-s", "identified",
                       "-m", "Some API requests fail; a key was rotated. Next update in 30 minutes.")  # fmt: skip
    assert code == 0, err


def test_a_near_miss_title_pasted_with_a_carriage_return_breaks_nothing(project: Path) -> None:
    """A title pasted from a Windows document ends in `\\r`. `new near-miss` writes
    `title: "Key expired\\r"`, prints the path and exits 0; then `check` fails
    (`character: title: expected printable text, found the control character U+000D`),
    the build refuses and every update of the open incident is refused. The draft should
    be refused on one line (as `new incident` refuses such a title), or written so that
    it checks."""
    code, _, err = run("new", "near-miss", "Key expired\r")
    written = list((project / "incidents").glob("postmortems/*.md"))
    if code == 0:
        check_code, _, check_err = run("check", "--now", "2026-12-04T14:00:00Z")
        assert check_code == 0, check_err
    else:
        assert written == [] and err.startswith("Error: ") and err.count("\n") == 1, err
    code, _, err = run("update", "2026-12-04-card", "-s", "identified", "--now", "2026-12-04T14:00Z",
                       "-m", "Card payments fail for some customers. Next update by 15:00 UTC.")  # fmt: skip
    assert code == 0, err


# A message typed in a terminal that is not UTF-8 -----------------------------------


def test_a_message_typed_in_a_latin1_terminal_is_refused_for_what_it_is(project: Path) -> None:
    """The lead types `statuspress update ... -m "Café payments fail"` in a terminal (or an
    SSH session) set to Latin-1: Python receives the byte 0xE9, which is no UTF-8 (as
    `\\udce9`). The command says: "cannot add the update without changing the rest of
    the front matter; nothing was written (add it by hand after the last update)",
    blaming the file and sending the lead to edit it by hand in the middle of the
    incident. It should say what `--message-file` says of such a byte: the message is not
    UTF-8 (0xE9)."""
    code, out, err = run("update", "2026-12-04-card", "-s", "identified",
                         "-m", "Caf\udce9 payments fail.", "--now", "2026-12-04T14:00Z")  # fmt: skip
    assert (code, out) == (1, "")
    assert "front matter" not in err and "by hand" not in err, err
    assert "--message" in err and "UTF-8" in err and "0xE9" in err, err


# Two leads at once ------------------------------------------------------------------


COMPONENT_SET = """\
---
type: component
component: api
updates:
  - at: 2026-12-04T13:59:00Z
    status: degraded_performance
---
"""


@pytest.mark.parametrize(
    ("command", "taken", "other"),
    [
        (
            ("new", "incident", "API down", "-c", "api=major_outage",
             "-m", "All API requests fail. Next update by 15:00 UTC."),
            "incidents/2026/2026-12-04-api-down.md",
            OPEN.replace("Card payments failing", "API down"),
        ),
        (
            ("component", "set", "api", "major_outage", "-m", "All API requests fail."),
            "incidents/components/api.md",
            COMPONENT_SET,
        ),
    ],
    ids=["new-incident", "component-set"],
)  # fmt: skip
def test_two_leads_writing_a_new_file_at_once_get_a_clear_answer(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    taken: str,
    other: str,
) -> None:
    """Two leads run `new incident "API down"` (or `component set api ...`, the first
    change of that component) at the same moment. Both choose the file before taking
    the edit lock; the second to write fails with
    `Error: incidents/2026/2026-12-04-api-down.md: incidents/2026/2026-12-04-api-down.md`
    (the path twice, no reason) and its incident or status is not written. It should be
    written (under the next free id; appended to the component's file, as a second
    change is), as it would have been a moment later, or refused with a line that says
    the file exists already."""
    real = edit.locked

    @contextlib.contextmanager
    def taken_meanwhile(folder: Path, wait: float = edit.LOCK_WAIT) -> Iterator[None]:
        with real(folder, wait):  # the other command held the lock first and wrote its file
            path = project / taken
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(other, encoding="utf-8")
            yield

    monkeypatch.setattr(edit, "locked", taken_meanwhile)
    code, out, err = run(*command, "--now", "2026-12-04T14:00Z")
    if code == 0:
        assert run("check", "--now", "2026-12-04T14:00Z")[0] == 0
        written = [p.read_text() for p in (project / "incidents").rglob("*.md")]
        assert any("All API requests fail." in text for text in written), (out, err)
        assert other in written or any(text.startswith(other[:-4]) for text in written)
    else:
        assert "exist" in err, err
        assert err.count(taken) == 1, err


# A hand edit gone wrong: the hint must not send the lead the wrong way -------------------


DUPLICATE_MESSAGE = """\
---
title: Card payments failing
components: {api: partial_outage}
started: 2026-12-04T13:00:00Z
updates:
  - at: 2026-12-04T13:05:00Z
    status: investigating
    message: Card payments fail for some customers.
    message: Card payments fail for some customers. Next update by 14:00 UTC.
---
"""


def test_a_duplicated_key_in_an_update_gets_no_advice_to_move_it(project: Path) -> None:
    """Editing by hand, the lead pastes a second `message:` line into an update. check
    (and update, resolve, list...) say: `duplicate key 'message' (first given on line 8):
    expected the key at column 1 (as on line 5), found column 5`: moving the line to
    column 1 would make it a key of the whole file, which is wrong. The key is where it
    belongs; the line should name the duplicate and where it was first given, nothing
    more."""
    (project / "incidents/2026/2026-12-04-card.md").write_text(DUPLICATE_MESSAGE)
    code, _, err = run("check", "--now", "2026-12-04T14:00:00Z")
    assert code == 1
    line = next(line for line in err.splitlines() if "duplicate key" in line)
    assert line == (
        "incidents/2026/2026-12-04-card.md:9:5: yaml-syntax: duplicate key 'message' "
        "(first given on line 8)"
    )


# serve ------------------------------------------------------------------------------


def test_serve_on_a_port_in_use_is_one_line_not_a_traceback(project: Path) -> None:
    """A second `statuspress serve` (or `mkdocs serve` left running in another terminal)
    holds 127.0.0.1:8000. `statuspress serve` builds the site and then ends in a Python
    traceback, `OSError: [Errno 98] Address already in use`. It should say on one line
    that the address is in use, and suggest `-a` with another port."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = invoke("serve", "-a", f"127.0.0.1:{port}")
    no_traceback(result)
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("Error: ") and f"127.0.0.1:{port}" in last, result.stderr


def test_serve_on_a_port_that_cannot_exist_is_refused_on_one_line(project: Path) -> None:
    """`statuspress serve -a 127.0.0.1:80000` (a digit too many) builds the whole site,
    then ends in a traceback: `OverflowError: bind(): port must be 0-65535.` It should
    be refused at once, as `-a localhost` is: `Error: --dev-addr: ...`."""
    result = invoke("serve", "-a", "127.0.0.1:80000")
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --dev-addr: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


# notify -----------------------------------------------------------------------------


def test_a_chat_webhook_url_without_its_scheme_is_one_line_and_stays_secret(
    make_site: MakeSite,
) -> None:
    """The deploy job's secret holds the Slack URL pasted without `https://`.
    `statuspress notify --webhook-url-env SLACK` ends in a traceback whose last line is
    `ValueError: unknown url type: 'hooks.slack.com/services/T0/B0/SECRETTOKEN'`: the
    secret, printed into the CI log. It should fail on one line, as an unreachable
    webhook does ("the webhook could not be reached"), without printing the URL."""
    repo = notified_repo(make_site, "  - at: 2026-11-28T10:30:00Z\n    status: identified\n"
                                    "    message: A bad deploy; rolling back.\n")  # fmt: skip
    result = invoke(
        "notify", "--webhook-url-env", "SLACK", "--since", "HEAD~1",
        "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
        env={"SLACK": "hooks.slack.com/services/T0/B0/SECRETTOKEN"},
    )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    assert "SECRETTOKEN" not in result.output
    assert result.output.splitlines()[-1].startswith("Error: ")


DUPLICATED_EMAIL = """\
email:
  - address: first@example.com
  - address: second@example.com
webhooks:
  - url: https://hooks.example.com/status
email:
  - address: newcomer@example.com
"""


def test_a_subscriber_list_with_a_second_email_key_loses_no_subscriber(
    make_site: MakeSite,
) -> None:
    """Someone adds a subscriber to the CI secret by appending a new `email:` block at
    the end, below `webhooks:`. YAML's last key wins: `notify` (and `--dry-run`) silently
    drops every address of the first block and e-mails only the newcomer, with exit 0.
    Content files refuse a duplicated key; the subscribers' list should too (one line
    naming the key and its line), or keep every address; never drop subscribers
    without a word."""
    repo = notified_repo(make_site, "  - at: 2026-11-28T10:30:00Z\n    status: identified\n"
                                    "    message: A bad deploy; rolling back.\n")  # fmt: skip
    result = invoke(
        "notify", "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1", "--dry-run",
        "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
        env={"SUBSCRIBERS": DUPLICATED_EMAIL},
    )  # fmt: skip
    no_traceback(result)
    if result.exit_code == 0:
        for masked in ("f…@example.com", "s…@example.com", "n…@example.com"):
            assert masked in result.output, result.output
    else:
        assert "duplicate" in result.output and "email" in result.output, result.output


TEMPLATE = """\
---
title: Errors on {component}
description: Some requests fail.
status: investigating
component_status: partial_outage
---
Some requests to {component} fail (Störung). Next update in 30 minutes.
"""


def test_a_template_saved_as_windows_1252_is_named_with_its_line(project: Path) -> None:
    """Someone edits `templates/partial-outage.md` in Notepad, which saves it as "ANSI"
    (Windows-1252). `new incident --template partial-outage -c api` says
    `templates/partial-outage.md: file: cannot read the file: 'utf-8' codec can't decode
    byte 0xf6 in position 162: invalid start byte`: Python's words, a byte offset, no
    line. A content file with the same byte gets
    `path:LINE: encoding: expected UTF-8 text, found byte 0xf6`; the template should too."""
    folder = project / "templates"
    folder.mkdir()
    (folder / "partial-outage.md").write_bytes(TEMPLATE.encode("cp1252"))
    code, out, err = run("new", "incident", "--template", "partial-outage", "-c", "api",
                         "--now", "2026-12-04T14:00Z")  # fmt: skip
    assert (code, out) == (1, "")
    first = err.splitlines()[0]
    assert first == (
        "templates/partial-outage.md:7: encoding: expected UTF-8 text, found byte 0xf6"
    ), err


def test_a_start_given_after_now_is_refused_as_the_option_given(project: Path) -> None:
    """At 14:05 the lead types `--started 14:50` (meaning 13:50). The command says
    `incidents/2026/2026-12-04-api-down.md:7:5: order: updates[0].at: expected a time at
    or after 'started', found an earlier one`: a line of a file that was never written,
    and a field the lead never typed. It should name the option given and the time it
    must not pass, as the other time options do: `--started: ...` with now's time."""
    code, out, err = run("new", "incident", "API down", "-c", "api=major_outage",
                         "-m", "All API requests fail. Next update by 15:00 UTC.",
                         "--started", "14:50", "--now", "2026-12-04T14:05Z")  # fmt: skip
    assert (code, out) == (1, "")
    last = err.splitlines()[-1]
    assert last.startswith("Error: --started: "), err
    assert "14:05" in last, err
    assert "updates[0]" not in err, err
    assert not (project / "incidents/2026/2026-12-04-api-down.md").exists()
