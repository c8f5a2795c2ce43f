"""Communication attacked as a stressed comms lead and its subscribers would: promises
typed in a hurry and across a change of the clocks, the API beside the page, templates
that must pass the update lint, and subscribers whose addresses must not leak."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import MakeSite
from .test_promise import PROMISED


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


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
        "warning: overdue: updates[0].next_update: the next update was promised by "
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
