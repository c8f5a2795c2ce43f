# ruff: noqa: F811 (the subscriber tests' fixtures, imported, are parameters here)
"""Communication attacked as a stressed comms lead and its subscribers would: promises
typed in a hurry and across a change of the clocks, the API beside the page, templates
that must pass the update lint, and subscribers whose addresses must not leak."""

from __future__ import annotations

import errno
import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from statuspress.engine import BuildError
from statuspress.engine.runner import engine_errors

from .checks.server import receiving
from .checks.tools import need_program
from .conftest import MakeSite, git, run
from .test_notify_subscribers import (  # noqa: F401 (fixtures)
    Inbox,
    Mail,
    Receiver,
    certificate,
    mail,
    notify,
    receiver,
    repo,
)
from .test_promise import PROMISED


@pytest.fixture
def berlin(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({}, time_zone="Europe/Berlin")
    monkeypatch.chdir(root)
    return root


def promise_of(project: Path, out: str) -> str:
    text = (project / out.strip()).read_text()
    return next(line.split(": ", 1)[1] for line in text.splitlines() if "next_update:" in line)


# Promises typed on the command line ---------------------------------------------------


@pytest.mark.parametrize(
    ("now", "value", "promised"),
    [
        # the clocks go back at 03:00 CEST: an hour from 02:30 CEST is 02:30 CET, not 03:30
        ("2026-10-25T02:30:00+02:00", "1h", "2026-10-25T02:30:00+01:00"),
        # the clocks go forward at 02:00 CET: an hour from 01:45 CET is 03:45 CEST
        ("2026-03-29T01:45:00+01:00", "1h", "2026-03-29T03:45:00+02:00"),
        ("2026-11-28T12:00:00+01:00", "2h30", "2026-11-28T14:30:00+01:00"),
        ("2026-11-28T12:00:00+01:00", "45 minutes", "2026-11-28T12:45:00+01:00"),
        ("2026-11-28T12:00:00+01:00", "1d", "2026-11-29T12:00:00+01:00"),
        ("2026-11-28T12:00:00+01:00", "30M", "2026-11-28T12:30:00+01:00"),
    ],
)
def test_a_while_is_counted_in_real_time(berlin: Path, now: str, value: str, promised: str) -> None:
    code, out, err = run(
        "new", "incident", "Slow", "-c", "api=degraded_performance", "-m", "Slow for all.",
        "--next-update", value, "--now", now,
    )  # fmt: skip
    assert code == 0, err
    assert promise_of(berlin, out) == promised


def test_a_time_of_day_just_after_midnight_is_tomorrow_s(berlin: Path) -> None:
    code, out, err = run(
        "new", "incident", "Slow", "-c", "api=degraded_performance", "-m", "Slow for all.",
        "--next-update", "00:10", "--now", "2026-11-28T23:50:00+01:00",
    )  # fmt: skip
    assert code == 0
    assert "--next-update 00:10 read as tomorrow, 2026-11-29, Europe/Berlin time (+01:00)\n" in err
    assert promise_of(berlin, out) == "2026-11-29T00:10:00+01:00"
    code, out, err = run(
        "new", "incident", "Slower", "-c", "api=degraded_performance", "-m", "Slow for all.",
        "--next-update", "23:50", "--now", "2026-11-28T23:40:00+01:00",
    )  # fmt: skip
    assert code == 0
    assert promise_of(berlin, out) == "2026-11-28T23:50:00+01:00"


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        (
            "-5m",
            "expected a while such as 30m, 1h or 1h30m, or a time such as 12:00 or "
            "2026-11-28T12:00, found '-5m'",
        ),
        (
            "90",
            "expected a while such as 30m, 1h or 1h30m, or a time such as 12:00 or "
            "2026-11-28T12:00, found '90'",
        ),
        ("0m", "expected a time after this update (2026-11-28 12:00 CET), found '0m'"),
        (
            "11:00",
            "expected a time after this update (2026-11-28 12:00 CET), found '11:00'; "
            "for tomorrow's, give the date: 2026-11-29T11:00",
        ),
        (
            "999h",
            "expected a time within 7 days of this update (2026-11-28 12:00 CET), found "
            "'999h' (2027-01-09 03:00 CET)",
        ),
        (
            "2030-11-28T13:00",
            "expected a time within 7 days of this update (2026-11-28 12:00 CET), found "
            "'2030-11-28T13:00' (2030-11-28 13:00 CET)",
        ),
    ],
)
def test_a_slip_in_the_promise_is_refused_in_one_line(
    berlin: Path, value: str, complaint: str
) -> None:
    code, _, err = run(
        "new", "incident", "Slow", "-c", "api=degraded_performance", "-m", "Slow for all.",
        "--next-update", value, "--now", "2026-11-28T12:00:00+01:00",
    )  # fmt: skip
    assert (code, err.splitlines()[-1]) == (1, f"Error: --next-update: {complaint}")
    assert list((berlin / "incidents").rglob("*.md")) == []


def test_overdue_one_second_after_the_promise_says_so_plainly(make_site: MakeSite) -> None:
    config = str(make_site({"x.md": PROMISED}) / "mkdocs.yml")
    assert run("check", "--strict", "--now", "2026-11-28T10:35:00Z", "-f", config)[0] == 0
    code, _, err = run("check", "--now", "2026-11-28T10:35:01Z", "-f", config)
    assert code == 0
    assert (
        "notice: overdue: updates[0].next_update: the next update was promised by "
        "2026-11-28 10:35 UTC, less than a minute before now (2026-11-28 10:35 UTC)"
    ) in err


# The API tells what the page tells ----------------------------------------------------


@pytest.mark.parametrize(("show", "expected"), [(False, None), (True, "2026-11-28T10:35:00.000Z")])
def test_the_api_hides_a_passed_promise_as_the_page_does(
    make_site: MakeSite, show: bool, expected: str | None
) -> None:
    from .test_promise import with_overdue_shown

    project = make_site({"x.md": PROMISED}, config=with_overdue_shown() if show else None)
    out = project / "site"
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-28T10:40:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0, err
    for name in ("summary.json", "incidents/unresolved.json", "incidents.json"):
        incident = json.loads((out / "api/v2" / name).read_text())["incidents"][0]
        assert incident.get("next_update_at") == expected, name
        # what each update said stays on the record, as in the feeds
        assert incident["incident_updates"][0]["next_update_at"] == "2026-11-28T10:35:00.000Z"
    page = (out / "index.html").read_text()
    assert ("Next update was due by" in page) is show


# Templates ------------------------------------------------------------------------------


@pytest.fixture
def templated(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    from .test_message_templates import SHIPPED

    root = make_site({})
    shutil.copytree(SHIPPED, root / "templates")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("name", ["degraded-performance", "partial-outage", "third-party-provider"])
def test_a_shipped_template_promises_the_next_update_and_draws_no_lint_notice(
    templated: Path, name: str
) -> None:
    code, out, err = run(
        "new", "incident", "--template", name, "-c", "api", "--now", "2026-11-28T10:00:00Z"
    )  # fmt: skip
    assert (code, err) == (0, "")  # no advice printed: the update lint found nothing
    assert promise_of(templated, out) == "2026-11-28T10:30:00+00:00"
    assert run("lint") == (0, "0 findings\n", "")
    code, _, err = run("update", "latest", "--template", name, "--now", "2026-11-28T10:20:00Z")
    assert (code, err) == (0, "")
    assert run("lint") == (0, "0 findings\n", "")
    code, _, err = run("check", "--strict", "--now", "2026-11-28T10:45:00Z")
    assert code == 0, err


def test_the_promise_given_wins_over_the_template_s_and_resolving_drops_it(
    templated: Path,
) -> None:
    code, out, _ = run(
        "new", "incident", "--template", "partial-outage", "-c", "api", "--next-update", "1h",
        "--now", "2026-11-28T10:00:00Z",
    )  # fmt: skip
    assert code == 0
    assert promise_of(templated, out) == "2026-11-28T11:00:00+00:00"
    code, _, err = run(
        "update", "latest", "-s", "resolved", "--template", "partial-outage",
        "-m", "Fixed: every request succeeds again.", "--now", "2026-11-28T10:20:00Z",
    )  # fmt: skip
    assert code == 0, err
    assert run("check", "--strict", "--now", "2026-11-28T12:00:00Z")[0] == 0


def test_a_template_s_promise_that_is_no_while_is_an_error_with_its_line(
    templated: Path,
) -> None:
    path = templated / "templates" / "partial-outage.md"
    path.write_text(path.read_text().replace("next_update: 30m", "next_update: soon"))
    code, _, err = run("templates")
    assert code == 1
    assert err.splitlines()[0] == (
        "templates/partial-outage.md:6: next_update: expected a while such as 30m, 1h or "
        "1h30m, found 'soon'"
    )


# Subscribers --------------------------------------------------------------------------


class Redirector(BaseHTTPRequestHandler):
    """Answers every POST with a redirect to ``target`` (another host's receiver)."""

    target = ""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(302)
        self.send_header("Location", Redirector.target)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def redirector(receiver: str) -> Iterator[str]:
    # "localhost" is another host name for the same receiver: a followed redirect shows
    Redirector.target = receiver.replace("127.0.0.1", "localhost") + "/elsewhere"
    with receiving(Redirector) as address:
        yield address


def test_a_webhook_that_redirects_is_reported_not_followed(repo: Path, redirector: str) -> None:
    listing = f"webhooks: [{{url: '{redirector}/hook'}}]\n"
    code, out, err = notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert out == "posted 1 update: 0 webhook deliveries\n"
    assert err.splitlines()[0] == (
        "error: webhook webhooks[0] (127.0.0.1): api-errors#update-20261128t103000z: answered "
        "302 Found, a redirect to localhost; not followed: give the subscriber's final URL"
    )
    assert Receiver.received == []  # urllib would have sent a bodiless GET there


def test_a_webhook_that_hangs_times_out_and_the_others_still_get_theirs(
    repo: Path, receiver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statuspress import deliver

    post = deliver.post_webhook
    monkeypatch.setattr(deliver, "post_webhook", lambda *a: post(*a, timeout=0.5))
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        listing = f"webhooks: [{{url: 'http://127.0.0.1:{port}/h'}}, {{url: '{receiver}/ok'}}]"
        code, out, err = notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert out == "posted 1 update: 1 webhook delivery\n"
    assert err.splitlines()[0].startswith(
        "error: webhook webhooks[0] (127.0.0.1): api-errors#update-20261128t103000z: "
        "could not be reached: "
    )
    assert "timed out" in err.splitlines()[0]
    assert [path for path, _, _ in Receiver.received] == ["/ok"]


def test_the_signature_checks_out_with_openssl(repo: Path, receiver: str) -> None:
    need_program("openssl", "apt-get install -y --no-install-recommends openssl")
    listing = f"webhooks: [{{url: '{receiver}/signed', secret: 'k3y with space'}}]"
    assert notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")[0] == 0
    _, headers, body = Receiver.received[0]
    digest = subprocess.run(
        ["openssl", "dgst", "-sha256", "-hmac", "k3y with space", "-hex"],
        input=body,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert headers["X-Statuspress-Signature"] == "sha256=" + digest.split("= ")[-1].strip()
    body_changed = body.replace(b"identified", b"resolved")
    assert deliver_signature("k3y with space", body_changed) != headers["X-Statuspress-Signature"]


def deliver_signature(secret: str, body: bytes) -> str:
    from statuspress.deliver import signature

    return signature(secret, body)


def test_a_refusal_that_repeats_the_address_is_masked(
    repo: Path, mail: Mail, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def echoing(
        self: Inbox, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("gone"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(Inbox, "handle_RCPT", echoing)
    env = {**mail.env, "S": "email: [gone.jane@example.org, ana@example.org]"}
    code, _, err = notify(repo, env, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert "gone.jane" not in err
    assert err.splitlines()[0] == (
        "error: e-mail to email[0] (g…@example.org): api-errors#update-20261128t103000z: "
        "refused: 550 5.1.1 <g…@example.org>: Recipient address rejected: User unknown"
    )
    assert [to for to, _ in mail.inbox.messages] == [["ana@example.org"]]


def test_one_listed_twice_gets_each_update_once(repo: Path, mail: Mail, tmp_path: Path) -> None:
    listing = (
        "email:\n  - {address: ana@example.org, components: [db]}\n"
        "  - {address: Ana@Example.org, components: [api]}\n"
    )
    outside = tmp_path / "subscribers.yml"
    outside.write_text("email: [ana@example.org]\n")
    env = {**mail.env, "S": listing}
    code, out, err = notify(
        repo, env, "--subscribers-env", "S", "--subscribers", str(outside), "--since", "HEAD~1"
    )
    assert (code, out, err) == (0, "posted 1 update: 1 e-mail\n", "")
    assert [to for to, _ in mail.inbox.messages] == [["ana@example.org"]]


def test_a_list_written_with_addresses_as_keys_does_not_echo_them(repo: Path) -> None:
    listing = "email:\n  - jane.doe@example.org: [api]\njohn.roe@example.org: [web]\n"
    code, _, err = notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert "jane.doe" not in err and "john.roe" not in err
    assert err.splitlines() == [
        "Error: S: expected email or webhooks, found 'j…@example.org'",
        "S: email[0]: expected address or components, found 'j…@example.org'",
        "S: email[0].address: expected an e-mail address such as name@example.com",
    ]


def test_a_title_with_line_breaks_cannot_add_a_header(repo: Path, mail: Mail) -> None:
    path = repo / "incidents" / "api-errors.md"
    path.write_text(
        path.read_text().replace(
            "title: API errors", 'title: "API errors\\nBcc: mallory@example.net\\u2028Body"'
        )
    )
    git(repo, "commit", "-qam", "retitled")
    env = {**mail.env, "S": "email: [ana@example.org]"}
    code, _, err = notify(repo, env, "--subscribers-env", "S", "--since", "HEAD~2")
    assert code == 0, err
    assert [to for to, _ in mail.inbox.messages] == [["ana@example.org"]]
    message = mail.inbox.messages[0][1]
    assert message["Bcc"] is None
    assert message["Subject"] == "[Example] API errors Bcc: mallory@example.net Body: Identified"


# Communication measured -----------------------------------------------------------------


def spread(day: str) -> str:
    """An incident on the API that spread to the website in its second update."""
    return f"""\
---
title: Spread of {day}
components: {{api: degraded_performance}}
started: {day}T10:00:00Z
updates:
  - at: {day}T10:10:00Z
    status: investigating
    message: Slow.
    next_update: {day}T10:30:00Z
  - at: {day}T10:30:00Z
    status: identified
    message: The website is down too.
    components: {{web: major_outage}}
  - at: {day}T11:00:00Z
    status: resolved
    message: Fixed.
    components: {{api: operational, web: operational}}
---
"""


def test_an_incident_counts_for_every_component_it_reached(make_site: MakeSite) -> None:
    days = [f"2026-10-{d:02}" for d in (1, 5, 9, 13, 17)]
    project = make_site({f"s{n}.md": spread(day) for n, day in enumerate(days)})
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0, err
    data = json.loads((project / "site/api/reliability.json").read_text())
    by_service = {g["key"]: g for g in data["communication"]["by_service"]}
    # by hand: lag 10, gaps 20 and 30 (longest 30, median 25), the one promise kept
    for key in ("api", "web"):
        assert by_service[key]["lag"] == {
            "n": 5, "median_minutes": 10.0, "p90_minutes": 10.0, "no_data": 0
        }, key  # fmt: skip
        assert by_service[key]["longest_gap"]["median_minutes"] == 30.0
        assert by_service[key]["median_gap"]["median_minutes"] == 25.0
        assert by_service[key]["promises_kept"]["median_percent"] == 100.0
    assert by_service["db"]["lag"]["n"] == 0
    counted = {g["key"]: sum(g["incidents_by_severity"].values()) for g in data["by_service"]}
    assert counted == {"api": 5, "web": 5, "db": 0}


# The subscribe page -----------------------------------------------------------------------


def test_the_e_mail_s_unsubscribe_link_lands_on_how_to_stop(
    repo: Path, mail: Mail, tmp_path: Path
) -> None:
    env = {**mail.env, "S": "email: [ana@example.org]"}
    assert notify(repo, env, "--subscribers-env", "S", "--since", "HEAD~1")[0] == 0
    link = mail.inbox.messages[0][1]["List-Unsubscribe"]
    assert link.startswith("<mailto:status@example.com?subject=unsubscribe>")  # the list keeper
    anchor = link.rsplit("#", 1)[1].rstrip(">")
    out = tmp_path / "site"
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
        "-d", str(out),
    )  # fmt: skip
    assert code == 0, err
    page = (out / "subscribe" / "index.html").read_text()
    section = page.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
    assert "This page has no sign-up form and keeps no addresses." in section
    assert "To stop e-mail you already get, reply to one of them" in section


# A comms lead under pressure: authoring commands and what the build then shows --------

CARD = """\
---
title: Card payments fail
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some card payments fail; we are looking into it.
---
"""


def test_an_update_that_makes_the_file_too_big_is_refused_not_written(
    make_site: MakeSite, tmp_path: Path
) -> None:
    # A pasted log: the file would pass the 1 MB limit that check and build refuse.
    project = make_site({"2026/2026-11-28-card.md": CARD})
    path = project / "incidents" / "2026" / "2026-11-28-card.md"
    before = path.read_bytes()
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("Card payments fail with error 502. " * 40_000, encoding="utf-8")
    code, _, err = run(
        "update", "2026-11-28-card", "-s", "identified", "--message-file", str(pasted),
        "--now", "2026-11-28T10:30:00Z", "-f", str(project / "mkdocs.yml"),
    )  # fmt: skip
    # It must refuse, as it refuses any change that check would refuse; it printed the
    # file-size problem, wrote the file anyway and exited 0, so the next build fails.
    assert code == 1, err
    assert path.read_bytes() == before


def test_a_mistyped_status_on_update_is_refused_with_the_closest(make_site: MakeSite) -> None:
    # "An unknown id, component or status is refused with the closest valid one":
    # component set, -c and --severity do; update -s gets click's bare choice list.
    project = make_site({"2026/2026-11-28-card.md": CARD})
    code, _, err = run(
        "update", "2026-11-28-card", "-s", "identifed", "-m", "Found it.",
        "--now", "2026-11-28T10:30:00Z", "-f", str(project / "mkdocs.yml"),
    )  # fmt: skip
    assert code == 1
    assert "did you mean 'identified'" in err, err


def test_update_takes_a_status_in_any_case_and_only_one_of_the_events_kind(
    make_site: MakeSite,
) -> None:
    project = make_site({"2026/2026-11-28-card.md": CARD})
    path = project / "incidents/2026/2026-11-28-card.md"
    before = path.read_bytes()
    common = ["-m", "Found it.", "--now", "2026-11-28T10:30:00Z", "-f", str(project / "mkdocs.yml")]
    code, _, err = run("update", "2026-11-28-card", "-s", "in_progress", *common)
    assert code == 1 and "expected one of investigating, identified" in err, err
    assert path.read_bytes() == before
    code, _, err = run("update", "2026-11-28-card", "-s", "IDENTIFIED", *common)
    assert code == 0, err
    assert "    status: identified\n    message: Found it." in path.read_text()


def test_the_feeds_keep_updates_of_one_second_in_their_order(make_site: MakeSite) -> None:
    # Back-filling with one --now: twelve updates stamped alike. The page lists them
    # newest first in file order; the feeds sort them by key as text ('-10' < '-2').
    items = "".join(
        f"  - at: 2026-11-28T10:05:00Z\n    status: identified\n    message: Step {n:02d}.\n"
        for n in range(1, 13)
    )
    project = make_site({"2026/2026-11-28-card.md": CARD.removesuffix("---\n") + items + "---\n"})
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0, err
    newest_first = [f"Step {n:02d}." for n in range(12, 0, -1)]
    page = (project / "site/incidents/2026-11-28-card/index.html").read_text()
    assert [s for s in re.findall(r"Step \d\d\.", page)] == newest_first
    feed = (project / "site/history.atom").read_text()
    assert re.findall(r"Step \d\d\.", feed) == newest_first


def test_the_postmortem_timeline_keeps_an_escaped_bar_of_a_message(make_site: MakeSite) -> None:
    # An update says 'a \| b' (Markdown for a bar): the draft's table row doubles the
    # backslash before the bar, so the bar splits the cell and ' b' is lost.
    incident = CARD.replace(
        "    message: Some card payments fail; we are looking into it.\n",
        "    message: Some card payments fail; we are looking into it.\n"
        "  - at: 2026-11-28T10:20:00Z\n    status: identified\n"
        "    message: 'Rolled back the 3.2 \\| 3.3 upgrade'\n",
    )
    project = make_site({"2026/2026-11-28-card.md": incident})
    code, out, err = run("new", "postmortem", "2026-11-28-card", "-f", str(project / "mkdocs.yml"))
    assert code == 0, err
    path = project / out.strip()
    draft = path.read_text()
    # the writer fills in the draft and publishes it; the timeline row stays as written
    draft = draft.replace("status: draft", "status: published\npublished: 2026-11-29", 1)
    draft = draft.replace("authors: []", "authors: [Support]", 1)
    path.write_text(draft.replace("summary: ''", "summary: A rollback.", 1))
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-30T12:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0, err
    page = (project / "site/postmortems/2026-11-28-card/index.html").read_text()
    assert "3.3 upgrade" in page, [ln for ln in page.splitlines() if "Rolled back" in ln]


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
        (
            OSError(errno.EACCES, "Permission denied", "/venv/theme/a.css", None, "/site/a.css"),
            "Permission denied: /site/a.css",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/site/x"),
            "Read-only file system: /site/x",
        ),
    ],
)
def test_a_failed_write_of_the_site_says_what_and_where_it_can(error: OSError, said: str) -> None:
    # A full disk: the write names no file, and the message said ": None"; a failed
    # copy names its source first, which is not where the site is written.
    with pytest.raises(BuildError) as raised, engine_errors():
        raise error
    assert str(raised.value) == f"cannot write the site: {said}"
