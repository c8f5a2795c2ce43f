"""Bad content gives one line per problem, with file, line and field, and exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import Problem

from .conftest import MakeSite

GOOD = """\
---
title: Fine
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Looking.
---
"""


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "-f", str(project / "mkdocs.yml")])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            GOOD.replace("SEV-3", "SEV-4"),
            "a.md:3:1: choice: severity: expected one of SEV-1, SEV-2, SEV-3, found 'SEV-4' "
            "(did you mean 'SEV-3'?)",
        ),
        (
            GOOD.replace("{api: partial_outage}", "{apii: partial_outage}"),
            "a.md:4:14: unknown-component: components.apii: expected a component id from mkdocs.yml (api, web, db), "
            "found 'apii' (did you mean 'api'?)",
        ),
        (
            GOOD.replace("{api: partial_outage}", "{api: down}"),
            "a.md:4:14: choice: components.api: expected one of degraded_performance, partial_outage, "
            "major_outage, found 'down'",
        ),
        (
            GOOD.replace("{api: partial_outage}", "5"),
            "a.md:4:1: type: components: expected a mapping of component id to status, or a "
            "list of component ids, found 5",
        ),
        (
            GOOD.replace("started: 2026-11-28T10:00:00Z", "started: yesterday"),
            "a.md:5:1: timestamp: started: expected an ISO 8601 timestamp such as 2026-11-28T14:05:00Z, "
            "found 'yesterday'",
        ),
        (
            GOOD.replace("started: 2026-11-28T10:00:00Z", "started: 2026-02-30T10:00:00Z"),
            "a.md:5:1: timestamp: started: expected an ISO 8601 timestamp such as 2026-11-28T14:05:00Z, "
            "found '2026-02-30T10:00:00Z'",
        ),
        (
            GOOD.replace("title: Fine\n", ""),
            "a.md:1: required: title: expected a value, found nothing",
        ),
        (
            GOOD.replace("investigating", "investigatin"),
            "a.md:8:5: choice: updates[0].status: expected one of investigating, identified, monitoring, "
            "resolved, found 'investigatin' (did you mean 'investigating'?)",
        ),
        (
            GOOD.replace("    message: Looking.\n", ""),
            "a.md:7:5: required: updates[0].message: expected a value, found nothing",
        ),
        (
            GOOD.replace("title: Fine", "title: Fine\ntitle: Again"),
            "a.md:3:1: yaml-syntax: duplicate key 'title' (first given on line 2)",
        ),
        (
            GOOD.replace("title: Fine", "title: [Fine"),
            "a.md:3:9: yaml-syntax: did not find expected ',' or ']'",
        ),
        (
            GOOD.replace("title: Fine", "title: Fine\n\tsev: 1"),
            "a.md:3:1: yaml-syntax: found a tab character that violates indentation",
        ),
        (
            GOOD.rstrip("-\n"),
            "a.md:1: front-matter: expected a closing '---' after the front matter",
        ),
        ("title: x\n", "a.md:1: front-matter: expected front matter starting with '---' on line 1"),
        (
            "---\n- a list\n---\n",
            "a.md:2: front-matter: expected the front matter to be a mapping of keys, found a list",
        ),
        (
            GOOD.replace("2026-11-28T10:05:00Z", "2026-11-28T09:55:00Z"),
            "a.md:7:5: order: updates[0].at: expected a time at or after 'started', found an earlier one",
        ),
        (
            GOOD.replace("---\n", "---\nimpact: critical\n", 1),
            "a.md:2:1: choice: impact: expected the impact of SEV-3 ('minor') or no impact, found 'critical'",
        ),
        (GOOD + "", ""),
    ],
)
def test_bad_incident_gives_one_exact_line(make_site: MakeSite, content: str, message: str) -> None:
    project = make_site({"a.md": content})
    code, out, err = run(project, "check")
    if not message:
        assert (code, out, err) == (0, "", "1 file checked: 0 errors, 0 warnings\n")
        return
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"incidents/{message}"
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"
    assert "Traceback" not in err


def test_updates_out_of_order_and_after_resolution(make_site: MakeSite) -> None:
    content = GOOD.replace("---\n\n", "").rstrip("-\n") + (
        "\n  - at: 2026-11-28T10:30:00Z\n    status: resolved\n    message: Done.\n"
        "  - at: 2026-11-28T10:20:00Z\n    status: monitoring\n    message: Late.\n---\n"
    )
    code, _, err = run(make_site({"a.md": content}), "check")
    assert code == 1
    assert err.splitlines() == [
        "incidents/a.md:13:5: order: updates[2]: expected no update after the 'resolved' one; to reopen, "
        "start a new incident",
        "incidents/a.md:13:5: order: updates[2].at: expected updates oldest first, found one earlier "
        "than the update above",
        "1 file checked: 2 errors, 0 warnings",
    ]


def test_all_problems_of_all_files_in_one_run(make_site: MakeSite) -> None:
    project = make_site(
        {
            "a.md": GOOD.replace("SEV-3", "SEV-9"),
            "2026/b.md": GOOD.replace("Looking.", "''"),
            "c.md": b"\xff\xfe".decode("latin-1"),
            "sub/a.md": GOOD,
        }
    )
    (project / "incidents" / "c.md").write_bytes(b"---\ntitle: \xff\n---\n")
    code, _, err = run(project, "check")
    assert code == 1
    assert err.splitlines() == [
        "incidents/2026/b.md:9:5: required: updates[0].message: expected a value, found an empty string",
        "incidents/a.md:3:1: choice: severity: expected one of SEV-1, SEV-2, SEV-3, found 'SEV-9' "
        "(did you mean 'SEV-3'?)",
        "incidents/c.md:2: encoding: expected UTF-8 text, found byte 0xff",
        "incidents/sub/a.md:1: duplicate-id: expected a unique file id, found 'a' also used by incidents/a.md",
        "4 files checked: 4 errors, 0 warnings",
    ]


def test_maintenance_ending_before_it_starts(make_site: MakeSite) -> None:
    content = """\
    ---
    type: maintenance
    title: Upgrade
    components: [db, cache]
    scheduled_start: 2026-11-28T10:00:00Z
    scheduled_end: 2026-11-28T09:00:00Z
    ---
    """
    code, _, err = run(make_site({"m.md": content}), "check")
    assert code == 1
    assert err.splitlines() == [
        "incidents/m.md:4:18: unknown-component: components[1]: expected a component id from mkdocs.yml "
        "(api, web, db), found 'cache'",
        "incidents/m.md:6:1: order: scheduled_end: expected a time after scheduled_start, found one at "
        "or before it",
        "1 file checked: 2 errors, 0 warnings",
    ]


def test_unknown_key_is_a_warning_that_fails_only_in_strict_mode(make_site: MakeSite) -> None:
    project = make_site({"a.md": GOOD.replace("components:", "tagz: [x]\ncomponents:")})
    warning = (
        "incidents/a.md:4:1: warning: unknown-key: tagz: unknown key 'tagz' (did you mean 'tags'?)"
    )
    code, _, err = run(project, "check")
    assert (code, err.splitlines()) == (0, [warning, "1 file checked: 0 errors, 1 warning"])
    code, _, err = run(project, "check", "--strict")
    assert (code, err.splitlines()) == (
        1,
        [warning, "1 file checked: 0 errors, 1 warning (warnings fail in strict mode)"],
    )


def test_bad_settings_name_the_line_in_mkdocs_yml(make_site: MakeSite) -> None:
    config = (
        "site_name: Example\nsite_url: https://status.example.com/\n"
        "plugins:\n  - statuspress:\n      time_zone: Europe/Berln\n      uptime_days: -3\n"
        "      components:\n        - id: API\n          name: Api\n        - name: Web\n"
    )
    code, _, err = run(make_site(config=config), "check")
    assert code == 1
    assert err.splitlines() == [
        "mkdocs.yml:5:7: choice: plugins[0].statuspress.time_zone: expected an IANA time zone name, "
        "found 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
        "mkdocs.yml:6:7: type: plugins[0].statuspress.uptime_days: expected a whole number of at "
        "least 1, found -3",
        "mkdocs.yml:8:11: type: plugins[0].statuspress.components[0].id: expected lower-case letters, "
        "digits, '-' and '_', found 'API'",
        "mkdocs.yml:10:11: required: plugins[0].statuspress.components[1].id: expected a value, found nothing",
        "0 files checked: 4 errors, 0 warnings",
    ]


def test_bad_now_is_a_clear_error(make_site: MakeSite) -> None:
    code, _, err = run(make_site({}), "check", "--now", "noon")
    assert code == 1
    assert err == (
        "Error: --now: expected an ISO 8601 timestamp such as 2026-11-28T12:00:00Z, found 'noon'\n"
    )


def test_failed_build_leaves_the_previous_site_untouched(make_site: MakeSite) -> None:
    project = make_site({"a.md": GOOD})
    site = project / "site"
    code, _, err = run(project, "build", "--now", "2026-11-28T12:00:00Z", "-d", str(site))
    assert code == 0, err
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "incidents" / "b.md").write_text(GOOD.replace("SEV-3", "SEV-0"))
    code, _, err = run(project, "build", "--now", "2026-11-28T13:00:00Z", "-d", str(site))
    assert code == 1
    assert "incidents/b.md:3:1: choice: severity" in err
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    # No temporary folder is left behind; the build cache is the first build's.
    assert sorted(p.name for p in project.iterdir()) == [
        ".statuspress-cache",
        "incidents",
        "mkdocs.yml",
        "pages",
        "site",
    ]


def test_check_formats_for_tools_and_pull_requests(make_site: MakeSite) -> None:
    project = make_site({"a.md": GOOD.replace("SEV-3", "SEV-9")})
    code, out, err = run(project, "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=incidents/a.md,line=3,col=1,title=choice severity::expected one of SEV-1, SEV-2, "
        "SEV-3, found 'SEV-9' (did you mean 'SEV-3'?)",
    ]
    assert err == "1 file checked: 1 error, 0 warnings\n"
    code, out, err = run(project, "check", "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "path": "incidents/a.md",
            "line": 3,
            "column": 1,
            "rule": "choice",
            "field": "severity",
            "message": "expected one of SEV-1, SEV-2, SEV-3, found 'SEV-9' (did you mean 'SEV-3'?)",
            "severity": "error",
        }
    ]


def test_github_annotations_escape_what_would_end_them() -> None:
    problem = Problem("a,b:c.md", 2, "x", "50% done\nnext", column=4, rule="type")
    assert problem.as_github_annotation() == (
        "::error file=a%2Cb%3Ac.md,line=2,col=4,title=type x::50%25 done%0Anext"
    )


def test_build_failing_half_way_through_writing_leaves_the_previous_site(
    make_site: MakeSite,
) -> None:
    project = make_site({"a.md": GOOD, "b.md": GOOD.replace("title: Fine", "title: Boom")})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    overrides = project / "overrides"
    overrides.mkdir()
    site = project / "site"
    code, _, err = run(project, "build", "--now", "2026-11-28T12:00:00Z", "-d", str(site))
    assert code == 0, err
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # The site engine writes some pages, then a template fails on the page titled "Boom".
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{% if page.title == "Boom" %}'
        "{{ page.title.nonexistent() }}{% endif %}{{ super() }}{% endblock %}"
    )
    code, out, err = run(project, "build", "--now", "2026-11-28T13:00:00Z", "-d", str(site))
    assert code == 1
    assert err.splitlines()[-1] == (
        "Error: overrides/main.html:1: template error: 'str object' has no attribute 'nonexistent'"
    )
    assert "Traceback" not in out + err
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    leftovers = sorted(p.name for p in project.iterdir())
    assert leftovers == [
        ".statuspress-cache",
        "incidents",
        "mkdocs.yml",
        "overrides",
        "pages",
        "site",
    ]


def test_timestamps_out_of_order_and_an_unsaid_recovery_are_warnings(
    make_site: MakeSite,
) -> None:
    content = GOOD.replace(
        "started: 2026-11-28T10:00:00Z",
        "started: 2026-11-28T10:00:00Z\ndetected: 2026-11-28T09:50:00Z",
    ).replace(
        "    message: Looking.\n",
        "    message: Looking.\n    components: "
        "{api: major_outage}\n  - at: 2026-11-28T11:00:00Z\n    status: resolved\n"
        "    message: Fixed.\n",
    )
    code, _, err = run(make_site({"a.md": content}), "check")
    assert code == 0
    assert err.splitlines() == [
        "incidents/a.md:6:1: warning: order: detected: expected a time at or after 'started', "
        "found an earlier one",
        "incidents/a.md:12:5: warning: order: updates[1]: the resolving update ends api's "
        "major_outage without saying so; add 'components: {api: operational}' to it or to an "
        "earlier update",
        "1 file checked: 0 errors, 2 warnings",
    ]
