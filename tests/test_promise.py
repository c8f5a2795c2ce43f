"""The next-update promise: an update's ``next_update``, shown while the incident is open,
warned about once it passes, carried by the API and the feeds, written by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import SMALL_CONFIG, MakeSite, run

PROMISED = """\
---
title: Checkout is slow
components: {api: degraded_performance}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: We are looking into slow checkouts.
    next_update: 2026-11-28T10:35:00Z
---
"""


def build(project: Path, now: str) -> Path:
    out = project / "site"
    code, _, err = run("build", "--no-cache", "--now", now, "-f", str(project / "mkdocs.yml"))
    assert code == 0, err
    return out


def with_overdue_shown() -> str:
    return SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
        "      uptime_days", "      show_overdue: true\n      uptime_days"
    )


# Validation and the overdue warning ----------------------------------------


@pytest.mark.parametrize(
    ("promise", "status", "complaint"),
    [
        (
            "2026-11-28T10:05:00Z",
            "investigating",
            "incidents/x.md:9:5: order: updates[0].next_update: expected a time after the update's "
            "'at', found one at or before it",
        ),
        (
            "2026-11-28T11:00:00Z",
            "resolved",
            "incidents/x.md:9:5: order: updates[0].next_update: expected no next update after the "
            "'resolved' one, found a promise of one",
        ),
        (
            "soon",
            "investigating",
            "incidents/x.md:9:5: timestamp: updates[0].next_update: expected an ISO 8601 timestamp such as "
            "2026-11-28T14:05:00Z, found 'soon'",
        ),
    ],
)
def test_a_broken_promise_is_an_error_with_file_line_and_field(
    make_site: MakeSite, promise: str, status: str, complaint: str
) -> None:
    text = PROMISED.replace("2026-11-28T10:35:00Z", promise).replace("investigating", status)
    project = make_site({"x.md": text})
    code, _, err = run("check", "--now", "2026-11-28T10:10:00Z", "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert complaint in err.splitlines()


def test_check_gives_a_notice_once_the_promised_time_passes(make_site: MakeSite) -> None:
    project = make_site({"x.md": PROMISED})
    config = str(project / "mkdocs.yml")
    code, _, err = run("check", "--now", "2026-11-28T10:35:00Z", "-f", config)
    assert (code, err.splitlines()) == (0, ["1 file checked: 0 errors, 0 warnings"])
    code, _, err = run("check", "--now", "2026-11-28T10:50:00Z", "-f", config)
    assert code == 0
    assert err.splitlines() == [
        "incidents/x.md:9:5: notice: overdue: updates[0].next_update: the next update was "
        "promised by 2026-11-28 10:35 UTC, 15 min before now (2026-11-28 10:50 UTC); post one "
        "('statuspress update') to keep the promise",
        "1 file checked: 0 errors, 0 warnings, 1 notice",
    ]
    code, _, _ = run("check", "--strict", "--now", "2026-11-28T10:50:00Z", "-f", config)
    assert code == 0


def test_build_warns_about_a_passed_promise_too(make_site: MakeSite) -> None:
    project = make_site({"x.md": PROMISED})
    code, _, err = run(
        "build", "--no-cache", "--now", "2026-11-28T11:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0
    assert "notice: overdue:" in err
    code, _, err = run(
        "build", "--strict", "--now", "2026-11-28T11:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 0  # a passed promise never stops the page from being published
    assert "notice: overdue:" in err


@pytest.mark.parametrize(
    "later",
    [
        # a newer update keeps (or replaces) the promise
        "  - at: 2026-11-28T10:30:00Z\n    status: identified\n    message: Found it.\n",
        # a resolved incident owes nothing
        "  - at: 2026-11-28T10:30:00Z\n    status: resolved\n    message: Fixed.\n",
    ],
)
def test_no_warning_when_a_newer_update_came(make_site: MakeSite, later: str) -> None:
    project = make_site({"x.md": PROMISED})
    path = project / "incidents" / "x.md"
    path.write_text(path.read_text().replace("\n---\n", "\n" + later + "---\n"))
    code, _, err = run("check", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"))
    assert (code, "notice: overdue:" in err) == (0, False), err


def test_an_update_dated_after_now_does_not_keep_the_promise(make_site: MakeSite) -> None:
    project = make_site({"x.md": PROMISED})
    path = project / "incidents" / "x.md"
    later = "  - at: 2026-11-28T11:30:00Z\n    status: identified\n    message: Found it.\n"
    path.write_text(path.read_text().replace("\n---\n", "\n" + later + "---\n"))
    code, _, err = run("check", "--now", "2026-11-28T11:00:00Z", "-f", str(project / "mkdocs.yml"))
    assert code == 0
    assert "notice: overdue:" in err


# Pages, API and feeds -----------------------------------------------------


def test_pages_api_and_feed_carry_the_promise(make_site: MakeSite) -> None:
    out = build(make_site({"x.md": PROMISED}), "2026-11-28T10:20:00Z")
    promise = 'Next update by <time datetime="2026-11-28T10:35:00Z">10:35 UTC</time>'
    assert promise in (out / "index.html").read_text()
    assert promise in (out / "incidents" / "x" / "index.html").read_text()
    summary = json.loads((out / "api" / "v2" / "summary.json").read_text())
    [incident] = summary["incidents"]
    assert incident["next_update_at"] == "2026-11-28T10:35:00.000Z"
    assert incident["incident_updates"][0]["next_update_at"] == "2026-11-28T10:35:00.000Z"
    feed = (out / "history.atom").read_text()
    assert "Next update by 28 Nov 2026, 10:35 UTC." in feed


def test_a_passed_promise_is_hidden_unless_the_site_opts_in(make_site: MakeSite) -> None:
    out = build(make_site({"x.md": PROMISED}), "2026-11-28T11:00:00Z")
    for page in (out / "index.html", out / "incidents" / "x" / "index.html"):
        assert "Next update" not in page.read_text()
    shown = build(
        make_site({"x.md": PROMISED}, config=with_overdue_shown()), "2026-11-28T11:00:00Z"
    )
    passed = 'Next update was due by <time datetime="2026-11-28T10:35:00Z">10:35 UTC</time>'
    for page in (shown / "index.html", shown / "incidents" / "x" / "index.html"):
        assert passed in page.read_text()
        assert "sp-promise--overdue" in page.read_text()


def test_a_promise_on_another_day_names_the_day(make_site: MakeSite) -> None:
    text = PROMISED.replace("2026-11-28T10:35:00Z", "2026-11-29T09:00:00Z")
    out = build(make_site({"x.md": text}), "2026-11-28T10:20:00Z")
    assert ">29 Nov 2026, 09:00 UTC</time>" in (out / "index.html").read_text()


# The command line ----------------------------------------------------------


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/x.md": PROMISED}, time_zone="Europe/Berlin")
    monkeypatch.chdir(root)
    return root


def test_update_next_update_in_a_while(project: Path) -> None:
    code, out, err = run(
        "update", "x", "-s", "identified", "-m", "Found it.", "--next-update", "30m",
        "--now", "2026-11-28T11:20:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "incidents/2026/x.md: identified at 12:20 CET; next update by 12:50 CET\n"
    text = (project / "incidents" / "2026" / "x.md").read_text()
    assert "    next_update: 2026-11-28T12:50:00+01:00\n    message: Found it.\n" in text
    code, _, err = run("check", "--strict", "--now", "2026-11-28T11:45:00Z")
    assert code == 0, err


def test_update_next_update_by_a_time_of_day(project: Path) -> None:
    code, _, err = run(
        "update", "x", "-s", "identified", "-m", "Found it.", "--next-update", "13:05",
        "--now", "2026-11-28T11:20:00Z",
    )  # fmt: skip
    assert code == 0
    assert err == "--next-update 13:05 read as today, 2026-11-28, Europe/Berlin time (+01:00)\n"
    assert "next_update: 2026-11-28T13:05:00+01:00" in (project / "incidents/2026/x.md").read_text()


def test_new_incident_with_a_promise(project: Path) -> None:
    code, out, _ = run(
        "new", "incident", "Login fails", "-c", "web=major_outage", "-m", "Looking into it.",
        "--next-update", "1h30m", "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert code == 0
    text = (project / out.strip()).read_text()
    assert "next_update: 2026-11-28T13:30:00+01:00" in text


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (
            ["-s", "identified", "--next-update", "11:00"],
            "Error: --next-update: expected a time after this update (2026-11-28 12:20 CET), "
            "found '11:00'; for tomorrow's, give the date: 2026-11-29T11:00",
        ),
        (
            ["-s", "identified", "--next-update", "later"],
            "Error: --next-update: expected a while such as 30m, 1h or 1h30m, or a time such "
            "as 12:20 or 2026-11-28T12:20, found 'later'",
        ),
        (
            ["-s", "resolved", "--next-update", "30m"],
            "Error: --next-update: a resolved incident has no next update",
        ),
    ],
)
def test_update_refuses_a_bad_promise(project: Path, args: list[str], complaint: str) -> None:
    before = (project / "incidents/2026/x.md").read_bytes()
    code, _, err = run("update", "x", "-m", "Text.", "--now", "2026-11-28T11:20:00Z", *args)
    assert (code, err.splitlines()[-1]) == (1, complaint)
    assert (project / "incidents/2026/x.md").read_bytes() == before
