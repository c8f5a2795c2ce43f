"""Issue 14: the communications lead can trust every command under stress.

Times are never guessed silently, future updates are never silently absent,
the page never contradicts itself, components take one form, and commands
forgive the mistakes people make at the worst hour.
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import jsonschema
import pytest
from click.testing import CliRunner

from statuspress import derive
from statuspress.cli import cli
from statuspress.load import parse_text
from statuspress.render import render_site

from .conftest import REPO, MakeSite, at

BERLIN_OPEN = """\
---
title: Card payments failing
severity: SEV-2
components: {api: partial_outage}
started: 2026-12-04T13:00:00+01:00
updates:
  - at: 2026-12-04T13:05:00+01:00
    status: investigating
    message: Card payments fail; we are looking into it.
---
"""

RESOLVED = """\
---
title: Old trouble
components: {web: degraded_performance}
started: 2026-11-20T10:00:00Z
updates:
  - at: 2026-11-20T10:05:00Z
    status: investigating
    message: Slow.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Fine.
---
"""


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def berlin(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(
        {"2026/2026-12-04-card-payments.md": BERLIN_OPEN, "2026/2026-11-20-old.md": RESOLVED},
        time_zone="Europe/Berlin",
    )
    monkeypatch.chdir(root)
    return root


def front(project: Path, name: str) -> dict[str, object]:
    parsed = parse_text((project / "incidents" / name).read_text(), name, Path(name).stem)
    assert not isinstance(parsed, str) and hasattr(parsed, "data")
    return parsed.data  # type: ignore[union-attr]


# 3. Times are never guessed silently ----------------------------------------


def test_a_time_without_a_zone_is_read_in_the_site_zone_and_says_so(berlin: Path) -> None:
    code, out, err = run(
        "new", "incident", "Login failures", "--severity", "SEV-2", "-c", "web=partial_outage",
        "--started", "2026-12-04T13:05", "-m", "Logins fail.", "--next-update", "30m",
        "--now", "2026-12-04T12:20:00Z",
    )  # fmt: skip
    assert (code, out) == (0, "incidents/2026/2026-12-04-login-failures.md\n")
    assert err == "--started 2026-12-04T13:05 read as Europe/Berlin time (+01:00)\n"
    assert front(berlin, "2026/2026-12-04-login-failures.md")["started"] == (
        "2026-12-04T13:05:00+01:00"
    )


def test_a_time_with_an_offset_is_taken_as_given_without_a_note(berlin: Path) -> None:
    code, _, err = run(
        "new", "incident", "Login failures", "--severity", "SEV-2", "-c", "web=partial_outage",
        "--started", "2026-12-04T12:05:00Z", "-m", "Logins fail.", "--next-update", "30m",
        "--now", "2026-12-04T12:20:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert front(berlin, "2026/2026-12-04-login-failures.md")["started"] == (
        "2026-12-04T13:05:00+01:00"
    )


def test_now_without_a_zone_on_an_authoring_command_is_read_in_the_site_zone(
    berlin: Path,
) -> None:
    code, out, err = run(
        "update", "2026-12-04-card-payments", "-s", "identified", "-m", "Found it.",
        "--next-update", "30m", "--now", "2026-12-04T13:30",
    )  # fmt: skip
    assert code == 0, err
    assert err == "--now 2026-12-04T13:30 read as Europe/Berlin time (+01:00)\n"
    assert out == (
        "incidents/2026/2026-12-04-card-payments.md: identified at 13:30 CET; "
        "next update by 14:00 CET\n"
    )


def test_a_time_of_day_alone_is_today_in_the_site_zone_and_says_so(berlin: Path) -> None:
    code, out, err = run(
        "new", "incident", "Login failures", "--severity", "SEV-2", "-c", "web=partial_outage",
        "--started", "13:05", "-m", "Logins fail.", "--next-update", "30m",
        "--now", "2026-12-04T12:20:00Z",
    )  # fmt: skip
    assert (code, out) == (0, "incidents/2026/2026-12-04-login-failures.md\n")
    assert err == "--started 13:05 read as today, 2026-12-04, Europe/Berlin time (+01:00)\n"
    assert front(berlin, "2026/2026-12-04-login-failures.md")["started"] == (
        "2026-12-04T13:05:00+01:00"
    )
    # A scheduled maintenance needs its date: 02:00 alone is refused with an example.
    code, _, err = run(
        "new", "maintenance", "DB", "--start", "02:00", "--end", "03:00", "-m", "x",
        "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert (code, err) == (
        1,
        "Error: --start: expected a time such as 2026-12-04T13:00 (read as Europe/Berlin time) "
        "or 2026-12-04T13:00+01:00, found '02:00'\n",
    )


def test_now_as_a_time_of_day_is_today(berlin: Path) -> None:
    zone = ZoneInfo("Europe/Berlin")
    today = datetime.now(zone).date()
    offset = datetime.combine(today, time(13, 10), tzinfo=zone).isoformat()[-6:]
    code, out, err = run("list", "--now", "13:10")
    assert (code, err) == (
        0,
        f"--now 13:10 read as today, {today}, Europe/Berlin time ({offset})\n",
    )
    assert out.startswith("ID ")


def test_a_time_that_does_not_parse_shows_a_valid_example(berlin: Path) -> None:
    code, out, err = run(
        "new", "maintenance", "DB", "--start", "tomorrow 2am", "--end", "2026-12-10T03:00",
        "-m", "x", "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: --start: expected a time such as 2026-12-04T13:00 (read as Europe/Berlin time) "
        "or 2026-12-04T13:00+01:00, found 'tomorrow 2am'\n"
    )


TIME_OPTIONS = [
    (("new", "incident"), "--started"),
    (("new", "incident"), "--now"),
    (("new", "maintenance"), "--start"),
    (("new", "maintenance"), "--end"),
    (("new", "maintenance"), "--now"),
    (("update",), "--now"),
    (("resolve",), "--now"),
    (("list",), "--now"),
    (("components",), "--now"),
]


@pytest.mark.parametrize(("path", "option"), TIME_OPTIONS)
def test_every_time_option_says_how_a_time_without_a_zone_is_read(
    path: tuple[str, ...], option: str
) -> None:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found
    params = [p for p in command.params if isinstance(p, click.Option) and option in p.opts]
    assert len(params) == 1
    assert "without an offset is read in the site's time zone" in (params[0].help or "")


# 4. Future-dated updates ------------------------------------------------------


def future_site(make_site: MakeSite) -> Path:
    text = BERLIN_OPEN.replace(
        "    message: Card payments fail; we are looking into it.\n",
        "    message: Card payments fail; we are looking into it.\n"
        "  - at: 2026-12-04T15:40:00+01:00\n"
        "    status: identified\n"
        "    message: Found it.\n"
        "    next_update: 2026-12-04T16:10:00+01:00\n",
    )
    return make_site({"2026/2026-12-04-card-payments.md": text}, time_zone="Europe/Berlin")


FUTURE_WARNING = (
    "incidents/2026/2026-12-04-card-payments.md:10:5: warning: future-update: updates[1].at: "
    "this update is after now (2026-12-04 14:23 CET): it will not show until "
    "2026-12-04 15:40 CET"
)


def test_a_future_update_is_a_warning_in_check(make_site: MakeSite) -> None:
    project = future_site(make_site)
    config = str(project / "mkdocs.yml")
    code, _, err = run("check", "--strict", "--now", "2026-12-04T13:23:00Z", "-f", config)
    assert code == 1
    assert FUTURE_WARNING in err.splitlines()
    # An hour later it is public, and nothing is left to say.
    code, _, err = run("check", "--strict", "--now", "2026-12-04T14:41:00Z", "-f", config)
    assert (code, err) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_a_future_update_is_a_warning_in_the_build(make_site: MakeSite, tmp_path: Path) -> None:
    project = future_site(make_site)
    code, out, err = run(
        "build", "--now", "2026-12-04T13:23:00Z", "-f", str(project / "mkdocs.yml"),
        "-d", str(tmp_path / "out"),
    )  # fmt: skip
    assert (code, out) == (0, ""), err
    assert FUTURE_WARNING in err.splitlines()
    assert "1 file checked: 0 errors, 1 warning; built" in err
    code, _, err = run(
        "build", "--strict", "--now", "2026-12-04T13:23:00Z", "-f", str(project / "mkdocs.yml"),
        "-d", str(tmp_path / "out2"),
    )  # fmt: skip
    assert code == 1


def test_scheduled_maintenance_in_the_future_is_no_warning(make_site: MakeSite) -> None:
    project = make_site(
        {
            "m.md": """\
            ---
            type: maintenance
            title: Upgrade
            components: [db]
            scheduled_start: 2026-12-10T02:00:00Z
            scheduled_end: 2026-12-10T03:00:00Z
            updates:
              - at: 2026-12-01T10:00:00Z
                status: scheduled
                message: Planned.
            ---
            """
        }
    )
    code, _, err = run(
        "check", "--strict", "--now", "2026-12-04T13:23:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert (code, err) == (0, "1 file checked: 0 errors, 0 warnings\n")


def test_list_marks_future_updates_and_events_not_public_yet(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = future_site(make_site)
    (project / "incidents/2026/2026-12-04-later.md").write_text(
        RESOLVED.replace("2026-11-20T10:05:00Z", "2026-12-04T16:00:00Z")
        .replace("2026-11-20T11:00:00Z", "2026-12-04T16:30:00Z")
        .replace("2026-11-20T10:00:00Z", "2026-12-04T15:55:00Z")
    )
    monkeypatch.chdir(project)
    code, out, _ = run("list", "--now", "2026-12-04T13:23:00Z")
    assert code == 0
    assert out.splitlines() == [
        "ID                        TYPE      STATUS         IMPACT  TITLE",
        "2026-12-04-later          incident  not public     minor   Old trouble "
        "(not public until 2026-12-04 17:00 CET)",
        "2026-12-04-card-payments  incident  investigating  major   Card payments failing "
        "(1 update after now: shows at 2026-12-04 15:40 CET)",
    ]


# 5. One truth on the page -----------------------------------------------------


def test_new_incident_without_severity_writes_none_and_the_page_agrees(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site()
    monkeypatch.chdir(project)
    code, _, err = run(
        "new", "incident", "Login failures", "-c", "web=major_outage", "-m", "Logins fail.",
        "--next-update", "30m", "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    data = front(project, "2026/2026-12-04-login-failures.md")
    assert "severity" not in data and "impact" not in data
    outputs = site_outputs(project, "2026-12-04T12:05:00Z")
    status = json.loads(outputs.files["api/v2/status.json"])["status"]
    assert status == {"indicator": "major", "description": "Partial System Outage"}
    summary = json.loads(outputs.files["api/v2/summary.json"])
    assert summary["status"] == status
    assert summary["incidents"][0]["impact"] == "major"
    assert [c["status"] for c in summary["components"] if c["name"] == "Website"] == [
        "major_outage"
    ]
    assert b"partial outage" in outputs.files["badge.svg"]
    assert b"Partial System Outage" in outputs.files["embed.html"]
    page = next(p for p in outputs.pages if p.url == "")
    assert "sp-banner--major" in page.html and "Partial System Outage" in page.html


def site_outputs(project: Path, now: str):  # type: ignore[no-untyped-def]
    from statuspress.pipeline import load_site

    site, problems = load_site(project / "mkdocs.yml", at(now))
    assert site is not None, [str(p) for p in problems]
    return render_site(site, [])


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # A minor incident whose update takes a component down: the banner follows the component.
        (
            {
                "a.md": BERLIN_OPEN.replace("SEV-2", "SEV-3").replace(
                    "    message: Card payments fail; we are looking into it.\n",
                    "    message: Card payments fail; we are looking into it.\n"
                    "  - at: 2026-12-04T13:30:00+01:00\n"
                    "    status: identified\n"
                    "    message: Worse.\n"
                    "    components: {api: major_outage}\n",
                )
            },
            "major",
        ),
        # A maintenance in progress and nothing else: Statuspage's 'maintenance'.
        (
            {
                "m.md": """\
                ---
                type: maintenance
                title: Upgrade
                components: [db]
                scheduled_start: 2026-12-04T12:00:00Z
                scheduled_end: 2026-12-04T15:00:00Z
                ---
                """
            },
            "maintenance",
        ),
        # An incident with no impact named and a degraded component: minor, not none.
        (
            {
                "a.md": BERLIN_OPEN.replace("severity: SEV-2\n", "impact: none\n").replace(
                    "partial_outage", "degraded_performance"
                )
            },
            "minor",
        ),
    ],
)
def test_the_indicator_is_the_worst_of_incidents_and_components(
    make_site: MakeSite, files: dict[str, str], expected: str
) -> None:
    project = make_site(files, time_zone="Europe/Berlin")
    from statuspress.pipeline import load_site

    site, problems = load_site(project / "mkdocs.yml", at("2026-12-04T13:00:00Z"))
    assert site is not None, [str(p) for p in problems]
    assert derive.indicator(site)[0] == expected


def test_an_update_that_changes_a_component_changes_the_header_too(berlin: Path) -> None:
    code, _, err = run(
        "update", "2026-12-04-card-payments", "-s", "identified", "-m", "Worse.",
        "-c", "api=major_outage", "--now", "2026-12-04T12:30:00Z",
    )  # fmt: skip
    assert code == 0, err
    outputs = site_outputs(berlin, "2026-12-04T12:31:00Z")
    page = next(p for p in outputs.pages if p.url == "incidents/2026-12-04-card-payments/")
    assert "<dt>Affected components</dt><dd>API (major outage)</dd>" in page.html
    incident = json.loads(outputs.files["api/v2/incidents.json"])["incidents"][0]
    assert [c["status"] for c in incident["components"]] == ["major_outage"]


def test_check_reports_a_severity_below_the_components(make_site: MakeSite) -> None:
    text = BERLIN_OPEN.replace("SEV-2", "SEV-3").replace("partial_outage", "major_outage")
    project = make_site({"a.md": text}, time_zone="Europe/Berlin")
    code, _, err = run(
        "check", "--strict", "--now", "2026-12-04T13:00:00Z", "-f", str(project / "mkdocs.yml")
    )
    assert code == 1
    assert (
        "incidents/a.md:3:1: warning: contradiction: severity: SEV-3 means minor impact, but "
        "components.api is major_outage (major impact); write SEV-2 or leave severity out to "
        "derive the impact from the components"
    ) in err.splitlines()


def test_new_incident_refuses_a_severity_below_its_components(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site()
    monkeypatch.chdir(project)
    code, out, err = run(
        "new", "incident", "Login failures", "--severity", "SEV-3", "-c", "web=major_outage",
        "-m", "Logins fail.", "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: --severity: SEV-3 means minor impact, but web=major_outage means major impact; "
        "use --severity SEV-2, or leave --severity out to derive the impact from -c\n"
    )
    assert not list((project / "incidents").rglob("*.md"))


# 8. Components in one form ---------------------------------------------------

MAP_MAINTENANCE = """\
---
type: maintenance
title: Upgrade
components: {db: under_maintenance, api: degraded_performance}
scheduled_start: 2026-12-04T12:00:00Z
scheduled_end: 2026-12-04T15:00:00Z
---
"""

LIST_INCIDENT = BERLIN_OPEN.replace("{api: partial_outage}", "[api, web]")


def test_both_kinds_accept_the_map_and_the_list(make_site: MakeSite) -> None:
    project = make_site({"m.md": MAP_MAINTENANCE, "i.md": LIST_INCIDENT}, time_zone="Europe/Berlin")
    from statuspress.pipeline import load_site

    site, problems = load_site(project / "mkdocs.yml", at("2026-12-04T13:00:00Z"))
    assert site is not None, [str(p) for p in problems]
    assert problems == []
    assert site.maintenances[0].components == {
        "db": "under_maintenance",
        "api": "degraded_performance",
    }
    # A list in an incident: these components are in partial outage.
    assert site.incidents[0].components == {"api": "partial_outage", "web": "partial_outage"}
    assert derive.component_statuses(site) == {
        "api": "partial_outage",
        "web": "partial_outage",
        "db": "under_maintenance",
    }


def test_a_wrong_status_in_a_maintenance_map_names_the_choices(make_site: MakeSite) -> None:
    project = make_site({"m.md": MAP_MAINTENANCE.replace("degraded_performance", "degraded")})
    code, _, err = run("check", "--now", "2026-12-04T13:00:00Z", "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert err.splitlines()[0] == (
        "incidents/m.md:4:37: choice: components.api: expected one of under_maintenance, "
        "degraded_performance, partial_outage, major_outage, found 'degraded' "
        "(did you mean 'degraded_performance'?)"
    )


@pytest.mark.parametrize("kind", ["incident", "maintenance"])
def test_the_schemas_accept_both_forms(kind: str) -> None:
    schema = json.loads((REPO / "schema" / f"{kind}.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    update = {"at": "2026-12-04T12:05:00Z", "status": "investigating", "message": "M"}
    base: dict[str, object] = {"title": "T", "updates": [update], "started": "2026-12-04T12:00:00Z"}
    if kind == "maintenance":
        base = {
            "type": "maintenance",
            "title": "T",
            "scheduled_start": "2026-12-04T12:00:00Z",
            "scheduled_end": "2026-12-04T13:00:00Z",
        }
    for components in (["api"], {"api": "partial_outage"}):
        errors = [e.message for e in validator.iter_errors({**base, "components": components})]
        assert errors == [], components
    bad = {**base, "components": {"api": "down"}}
    assert list(validator.iter_errors(bad))


# Forgiving commands under stress -----------------------------------------------


@pytest.mark.parametrize("ident", ["2026-12-04", "2026-12-04-card", "latest"])
def test_an_id_may_be_a_unique_prefix_or_latest(berlin: Path, ident: str) -> None:
    code, out, err = run("resolve", ident, "-m", "Fixed.", "--now", "2026-12-04T12:40:00Z")
    assert (code, out, err) == (
        0,
        "incidents/2026/2026-12-04-card-payments.md: resolved at 13:40 CET\n",
        "",
    )


def test_latest_is_the_newest_incident_never_a_maintenance_announced_since(
    berlin: Path,
) -> None:
    code, _, err = run(
        "new", "maintenance", "DB", "--start", "2026-12-10T02:00:00Z",
        "--end", "2026-12-10T03:00:00Z", "-c", "db", "-m", "x", "--now", "2026-12-04T12:30:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = run("resolve", "latest", "-m", "Fixed.", "--now", "2026-12-04T12:40:00Z")
    assert (code, out, err) == (
        0,
        "incidents/2026/2026-12-04-card-payments.md: resolved at 13:40 CET\n",
        "",
    )


def test_new_postmortem_takes_a_prefix_or_latest(berlin: Path) -> None:
    code, out, err = run("new", "postmortem", "2026-11")
    assert (code, err) == (0, "")
    assert out.startswith("incidents/postmortems/2026-11-20-old")
    code, out, err = run("new", "postmortem", "latest")
    assert (code, err) == (0, "")
    assert out.startswith("incidents/postmortems/2026-12-04-card-payments")


def test_an_ambiguous_prefix_lists_the_candidates(berlin: Path) -> None:
    code, out, err = run("resolve", "2026-1", "-m", "Fixed.", "--now", "2026-12-04T12:40:00Z")
    assert (code, out) == (1, "")
    assert err == (
        "Error: expected one incident or maintenance id, found '2026-1', the start of "
        "2026-12-04-card-payments, 2026-11-20-old\n"
    )


def test_a_long_list_of_candidates_is_cut_short(berlin: Path) -> None:
    for n in range(1, 10):
        (berlin / f"incidents/2026/2026-12-0{n}-x.md").write_text(
            RESOLVED.replace("2026-11-20T", f"2026-12-0{n}T")
        )
    code, _, err = run("resolve", "2026-12-0", "-m", "x", "--now", "2026-12-04T12:40:00Z")
    assert code == 1
    assert err == (
        "Error: expected one incident or maintenance id, found '2026-12-0', the start of "
        "2026-12-09-x, 2026-12-08-x, 2026-12-07-x, 2026-12-06-x, 2026-12-05-x and 5 more\n"
    )


def test_components_lists_ids_names_and_current_statuses(berlin: Path) -> None:
    code, out, err = run("components", "--now", "2026-12-04T12:10:00Z")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "ID   NAME      STATUS",
        "api  API       partial_outage",
        "web  Website   operational",
        "db   Database  operational",
    ]


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        (("new", "incident"), ["degraded_performance", "partial_outage", "major_outage"]),
        (
            ("new", "maintenance"),
            ["under_maintenance", "degraded_performance", "partial_outage", "major_outage"],
        ),
        (
            ("update",),
            ["operational", "degraded_performance", "partial_outage", "major_outage"],
        ),
    ],
)
def test_component_help_lists_the_statuses(path: tuple[str, ...], statuses: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert all(status in text for status in statuses), text


def test_severity_is_case_insensitive(berlin: Path) -> None:
    code, _, err = run(
        "new", "incident", "Login failures", "--severity", "sev-2", "-c", "web=partial_outage",
        "-m", "Logins fail.", "--next-update", "30m", "--now", "2026-12-04T12:20:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert front(berlin, "2026/2026-12-04-login-failures.md")["severity"] == "SEV-2"
    code, out, err = run("new", "incident", "X", "--severity", "sev4", "-m", "x")
    assert (code, out, err) == (
        1,
        "",
        "Error: --severity: expected one of SEV-1, SEV-2, SEV-3, found 'sev4' "
        "(did you mean 'SEV-3'?)\n",
    )


def test_commands_find_the_settings_in_a_parent_folder(
    berlin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(berlin / "incidents" / "2026")
    code, out, err = run("list", "--now", "2026-12-04T12:10:00Z")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("2026-12-04-card-payments  incident  investigating")
    code, out, err = run("check", "--now", "2026-12-04T12:10:00Z")
    assert code == 0, err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: T\nupdates:\n  - at: x\n    message: Payments: failing now\n",
            "a.md:5:22: yaml-syntax: mapping values are not allowed here: a value with ': ' "
            'in it needs quotes, such as message: "Payments: failing now"',
        ),
        (
            "title: T\nupdates:\n  - at: x\n    status: y\n      message: z\n",
            "a.md:6:14: yaml-syntax: mapping values are not allowed here: expected the key at "
            "column 5 (as on line 5) or column 1 (as on line 3), found column 7; if this line "
            "goes on with the value above, put that value in quotes",
        ),
        (
            "title: T\nupdates:\n  - at: x\n    message: Payments are failing.\n"
            "      Tracking: in #incident-4521\n",
            "a.md:6:15: yaml-syntax: mapping values are not allowed here: expected the key at "
            "column 5 (as on line 5) or column 1 (as on line 3), found column 7; if this line "
            "goes on with the value above, put that value in quotes",
        ),
        (
            "title: T\nupdates:\n  - at: x\n    status: y\n   message: z\n",
            "a.md:6:4: yaml-syntax: did not find expected '-' indicator: expected the key at "
            "column 5 (as on line 5) or column 1 (as on line 3), found column 4",
        ),
        (
            "components:\n  api: partial_outage\n started: 2026-12-04T10:00:00Z\n",
            "a.md:4:2: yaml-syntax: did not find expected key: expected the key at column 3 "
            "(as on line 3) or column 1 (as on line 2), found column 2",
        ),
    ],
)
def test_yaml_syntax_errors_carry_a_hint(text: str, message: str) -> None:
    problem = parse_text("---\n" + textwrap.dedent(text) + "---\n", "a.md", "a")
    assert str(problem).replace("in this context", "here") == message


def test_a_command_line_time_in_a_dst_gap_is_refused_with_the_reason(berlin: Path) -> None:
    code, out, err = run(
        "new", "maintenance", "Upgrade", "--start", "2026-03-29T02:30", "--end",
        "2026-03-29T04:00", "-m", "Planned.", "--now", "2026-03-20T12:00:00Z",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "Error: --start: expected a time that exists in Europe/Berlin, found "
        "'2026-03-29T02:30' (the clocks jump over it)\n"
    )
    assert not list((berlin / "incidents").rglob("*upgrade*"))


def test_an_update_that_escalates_past_the_severity_raises_the_incident_impact(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site()
    monkeypatch.chdir(project)
    code, out, err = run(
        "new", "incident", "Card payments failing", "--severity", "sev-3",
        "-c", "api=partial_outage", "-m", "Some card payments fail.",
        "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(
        "update", "latest", "-s", "identified", "-c", "api=major_outage", "-m", "All fail now.",
        "--now", "2026-12-04T12:10:00Z",
    )  # fmt: skip
    assert code == 0, err
    assert front(project, out.strip().removeprefix("incidents/"))["severity"] == "SEV-3"
    outputs = site_outputs(project, "2026-12-04T12:15:00Z")
    summary = json.loads(outputs.files["api/v2/summary.json"])
    assert summary["status"]["indicator"] == "major"
    assert [i["impact"] for i in summary["incidents"]] == ["major"]
    code, out, _ = run("list", "--open", "--now", "2026-12-04T12:15:00Z")
    assert out.splitlines()[1].split()[3] == "major"


def test_an_incident_with_no_impact_says_the_banner_stays_operational(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_site())
    code, out, err = run(
        "new", "incident", "Emails delayed", "-m", "Some emails are late.",
        "--next-update", "30m", "--now", "2026-12-04T12:00:00Z",
    )  # fmt: skip
    assert (code, out) == (0, "incidents/2026/2026-12-04-emails-delayed.md\n")
    assert err == (
        "note: no --severity and no --component: the incident's impact is none, so the banner "
        "stays 'All Systems Operational' (update -c sets a component's status)\n"
    )
