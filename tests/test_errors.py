"""Bad content gives one line per problem, with file, line and field, and exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.errors import Problem

from .conftest import SMALL_CONFIG, MakeSite

GOOD = """\
---
title: Fine
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Checkout fails.
---
"""


NO_PROMISE_ADVICE = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
    "      uptime_days:", "      lint: {disable: [update-next-update]}\n      uptime_days:"
)
"""The small site without the advice to promise a next update: GOOD's open incident
promises none, and these tests are about errors and warnings, not that advice."""


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
            GOOD.replace("    message: Checkout fails.\n", ""),
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
    project = make_site({"a.md": content}, config=NO_PROMISE_ADVICE)
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
            "2026/b.md": GOOD.replace("Checkout fails.", "''"),
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
    project = make_site(
        {"a.md": GOOD.replace("components:", "tagz: [x]\ncomponents:")}, config=NO_PROMISE_ADVICE
    )
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
        "mkdocs.yml:6:7: type: plugins[0].statuspress.uptime_days: expected a whole number from "
        "1 to 3650, found -3",
        "mkdocs.yml:8:11: type: plugins[0].statuspress.components[0].id: expected lower-case letters, "
        "digits, '-' and '_', found 'API'",
        "mkdocs.yml:10:11: required: plugins[0].statuspress.components[1].id: expected a value, found nothing",
        "0 files checked: 4 errors, 0 warnings",
    ]


def test_bad_now_is_a_clear_error(make_site: MakeSite) -> None:
    code, _, err = run(make_site({}), "check", "--now", "noon")
    assert code == 1
    assert err == (
        "Error: --now: expected an ISO 8601 timestamp such as 2026-11-28T14:05:00Z, found 'noon'\n"
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
        "    message: Checkout fails.\n",
        "    message: Checkout fails.\n    components: "
        "{api: major_outage}\n  - at: 2026-11-28T11:00:00Z\n    status: resolved\n"
        "    message: Fixed.\n",
    )
    code, _, err = run(make_site({"a.md": content}), "check")
    assert code == 0
    assert err.splitlines() == [
        "incidents/a.md:6:1: warning: order: detected: expected a time at or after 'started', "
        "found an earlier one",
        "incidents/a.md:11:18: notice: contradiction: updates[0].components.api: major_outage "
        "means major impact, above the severity stated (SEV-3): the pages show major, the "
        "reliability report counts SEV-3; raise severity to SEV-2 if the incident grew",
        "incidents/a.md:12:5: warning: order: updates[1]: the resolving update ends api's "
        "major_outage without saying so; add 'components: {api: operational}' to it or to an "
        "earlier update",
        "1 file checked: 0 errors, 2 warnings, 1 notice",
    ]


# Check and build agree: what build cannot publish, check refuses with file and line.

AGREE = [
    (
        GOOD.replace("title: Fine", 'title: "A \\x01 B"'),
        "a.md:2:1: character: title: expected printable text, found the control character U+0001",
    ),
    (
        GOOD.replace("message: Checkout fails.", 'message: "A \\x0c B"'),
        "a.md:9:5: character: updates[0].message: expected printable text, found the control "
        "character U+000C",
    ),
    (
        GOOD.replace("title: Fine", 'title: "\\uFFFE"'),
        "a.md:2:1: character: title: expected printable text, found the non-character U+FFFE",
    ),
    (
        GOOD.replace("title: Fine", 'title: Fine\ntags: [ok, "b\\U0010FFFF"]'),
        "a.md:3:12: character: tags[1]: expected printable text, found the non-character U+10FFFF",
    ),
    (
        GOOD.replace("title: Fine", 'title: "Fine\\rline"'),
        "a.md:2:1: character: title: expected printable text, found the control character U+000D",
    ),
    (
        GOOD + "Details.\n\nA \x1b[31m red\n",
        "a.md:13: character: body: expected printable text, found the control character U+001B",
    ),
    (
        GOOD + "Details.\rMore\n",
        "a.md:11: character: body: expected printable text, found a carriage return U+000D "
        "without a newline after it",
    ),
    (
        GOOD.replace("2026-11-28T10:00:00Z", "0001-01-01T00:00:00+05:00"),
        "a.md:5:1: timestamp: started: expected a time from 1970 to 8999 (UTC), "
        "found '0001-01-01T00:00:00+05:00'",
    ),
    (
        GOOD.replace("2026-11-28T10:00:00Z", "9999-12-31T23:00:00-05:00"),
        "a.md:5:1: timestamp: started: expected a time from 1970 to 8999 (UTC), "
        "found '9999-12-31T23:00:00-05:00'",
    ),
    (
        GOOD.replace("2026-11-28T10:05:00Z", "9999-12-31T23:00:00Z"),
        "a.md:7:5: timestamp: updates[0].at: expected a time from 1970 to 8999 (UTC), "
        "found '9999-12-31T23:00:00Z'",
    ),
]


@pytest.mark.parametrize(("content", "message"), AGREE)
def test_check_refuses_what_build_cannot_publish(
    make_site: MakeSite, content: str, message: str
) -> None:
    project = make_site({})
    (project / "incidents" / "a.md").write_bytes(content.encode())
    for command in (["check"], ["build", "--no-cache", "-d", str(project / "out")]):
        code, out, err = run(project, *command, "--now", "2026-11-28T12:00:00Z")
        assert (code, err.splitlines()) == (
            1,
            [f"incidents/{message}", "1 file checked: 1 error, 0 warnings"],
        )
        assert "Traceback" not in out + err


def test_crlf_line_ends_are_not_control_characters(make_site: MakeSite) -> None:
    project = make_site({}, config=NO_PROMISE_ADVICE)
    content = GOOD + "Details.\n\nMore details.\n"
    (project / "incidents" / "a.md").write_bytes(content.replace("\n", "\r\n").encode())
    assert run(project, "check") == (0, "", "1 file checked: 0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (
            "2026-03-29T02:30:00",
            "expected a time that exists in Europe/Berlin, found '2026-03-29T02:30:00' "
            "(the clocks jump over it)",
        ),
        (
            "2026-10-25T02:30:00",
            "expected a time with its offset, found '2026-10-25T02:30:00', which happens twice "
            "in Europe/Berlin (+02:00, then +01:00)",
        ),
    ],
)
def test_local_times_in_a_dst_gap_or_fold_are_refused(
    make_site: MakeSite, at: str, message: str
) -> None:
    content = GOOD.replace("2026-11-28T10:00:00Z", at).replace(
        "2026-11-28T10:05:00Z", "2026-11-28T10:05:00+01:00"
    )
    project = make_site({"a.md": content}, time_zone="Europe/Berlin")
    code, _, err = run(project, "check", "--now", "2026-11-28T12:00:00Z")
    assert (code, err.splitlines()[0]) == (1, f"incidents/a.md:5:1: timestamp: started: {message}")
    # With the offset written out, both are fine.
    ok = content.replace(at, at + "+01:00")
    (project / "incidents" / "a.md").write_text(ok)
    assert run(project, "check", "--now", "2026-11-28T12:00:00Z")[0] == 0


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+05:00",
        "1969-12-31T23:59:59Z",
        "2106-01-01T00:00:00Z",
    ],
)
def test_now_out_of_range_is_a_clear_error(make_site: MakeSite, now: str) -> None:
    project = make_site({"a.md": GOOD})
    for command in ("check", "build"):
        code, _, err = run(project, command, "--now", now)
        assert (code, err) == (
            1,
            f"Error: --now: expected a time from 1970 to 2105 (UTC), found '{now}'\n",
        )


@pytest.mark.parametrize("now", ["1970-01-01T00:00:00Z", "2105-12-31T23:59:59Z"])
def test_now_at_the_ends_of_its_range_builds(make_site: MakeSite, now: str) -> None:
    project = make_site({"a.md": GOOD})
    code, out, err = run(project, "build", "--no-cache", "--now", now)
    # At 1970 the file's update lies in the future: a warning, and still a build.
    assert (code, out, err.count("Traceback")) == (0, "", 0), err
    assert "; built " in err.splitlines()[-1], err


def test_source_date_epoch_out_of_range_is_a_clear_error(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819200")
    code, _, err = run(make_site({"a.md": GOOD}), "check")
    assert (code, err) == (
        1,
        "Error: SOURCE_DATE_EPOCH: expected a time from 1970 to 2105 (UTC), found '4354819200'\n",
    )


def test_ids_that_would_make_too_long_file_names_are_refused(make_site: MakeSite) -> None:
    config = (
        "site_name: Example\nsite_url: https://status.example.com/\ndocs_dir: pages\n"
        "plugins:\n  - statuspress:\n      components:\n"
        f"        - id: {'c' * 252}\n          name: Long\n"
    )
    project = make_site(config=config)
    code, _, err = run(project, "check")
    assert (code, err.splitlines()) == (
        1,
        [
            "mkdocs.yml:7:11: type: plugins[0].statuspress.components[0].id: expected an id of at "
            "most 100 characters, found 252",
            "0 files checked: 1 error, 0 warnings",
        ],
    )
    project = make_site({f"{'a' * 101}.md": GOOD})
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text().replace("c" * 252, "api")
    )
    code, _, err = run(project, "check")
    assert (code, err.splitlines()[0]) == (
        1,
        f"incidents/{'a' * 101}.md: file-name: expected a file name of at most 100 characters "
        "before '.md', found 101",
    )


def test_a_nul_in_a_title_is_reported_on_its_line(make_site: MakeSite) -> None:
    project = make_site({})
    content = GOOD.replace("title: Fine", "title: Fi\x00ne").encode()
    (project / "incidents" / "a.md").write_bytes(content)
    code, _, err = run(project, "check")
    assert (code, err.splitlines()) == (
        1,
        [
            "incidents/a.md:2:10: yaml-syntax: expected printable text, found the control "
            "character U+0000",
            "1 file checked: 1 error, 0 warnings",
        ],
    )


def test_an_alias_error_points_at_the_alias(make_site: MakeSite) -> None:
    content = GOOD.replace("title: Fine", "title: &t Fine\ntags:\n  - x\n  - *t")
    code, _, err = run(make_site({"a.md": content}), "check")
    assert (code, err.splitlines()[0]) == (
        1,
        "incidents/a.md:5:5: yaml-syntax: aliases (*name) are not allowed here",
    )


def test_lint_of_a_file_outside_the_project_is_a_clear_error(
    make_site: MakeSite, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(GOOD)
    project = make_site({"a.md": GOOD})
    result = CliRunner().invoke(cli, ["lint", str(outside), "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout.splitlines() == [
        f"{outside}: file: expected a file inside the project folder, found one outside it",
        "1 finding",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'site_name: "A\\x01B"',
            "mkdocs.yml:1:1: character: site_name: expected printable text, found the control "
            "character U+0001",
        ),
        (
            "site_name: A\x00B",
            "mkdocs.yml:1:13: yaml-syntax: expected printable text, found the control character "
            "U+0000",
        ),
    ],
)
def test_settings_that_cannot_be_published_are_refused(
    make_site: MakeSite, line: str, message: str
) -> None:
    project = make_site({"a.md": GOOD})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Example", line))
    for command in ("check", "build"):
        code, out, err = run(project, command, "--now", "2026-11-28T12:00:00Z")
        assert (code, err.splitlines()[0]) == (1, message)
        assert "Traceback" not in out + err


def test_an_uptime_window_too_long_to_compute_is_refused(make_site: MakeSite) -> None:
    project = make_site({"a.md": GOOD}, uptime_days=1_000_000_000)
    code, _, err = run(project, "build", "--now", "2026-11-28T12:00:00Z")
    assert (code, err.splitlines()[0]) == (
        1,
        "mkdocs.yml:10:7: type: plugins[0].statuspress.uptime_days: expected a whole number "
        "from 1 to 3650, found 1000000000",
    )


def test_times_given_on_the_command_line_follow_the_same_rules() -> None:
    from zoneinfo import ZoneInfo

    from statuspress.fields import parse_timestamp

    berlin = ZoneInfo("Europe/Berlin")
    for refused in ("2026-03-29T02:30", "2026-10-25T02:30", "9999-12-31T23:00:00-05:00"):
        assert parse_timestamp(refused, berlin) is None, refused
    moment = parse_timestamp("2026-10-25T02:30+01:00", berlin)
    assert moment is not None and moment.isoformat() == "2026-10-25T01:30:00+00:00"
