"""Attacks on the changes of 0.3.0: content and settings read as YAML 1.2, the field
declarations that read them, the engine package (MkDocs and ProperDocs) and the CLI's
commands. Each test is a way in that was found open, and stays closed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuspress.cli import cli
from statuspress.load import ContentLoader, SourceFile, parse_text
from statuspress.pipeline import load_site

from .conftest import INCIDENT, SMALL_CONFIG, MakeSite, at, run

NOW = "2026-11-28T12:00:00Z"

FULL_INCIDENT = """\
---
title: {title}
components: {{api: partial_outage}}
started: 2026-11-28T10:00:00Z
tags: [{tag}]
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: {message}
---
"""


# A number too long to read --------------------------------------------------------


def test_a_number_too_long_for_python_to_read_is_a_problem_with_its_line(
    make_site: MakeSite,
) -> None:
    # Python refuses to turn more than 4,300 digits into an int (a guard against slow
    # conversions): the loader raised ValueError, and every command ended in a traceback.
    digits = "9" * (sys.get_int_max_str_digits() + 1)
    project = make_site({"x.md": INCIDENT.format(title=digits)})
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert "Traceback" not in err
    line = err.splitlines()[0]
    assert line.startswith("incidents/x.md:2:8: yaml-syntax: ")
    assert "digits" in line and "quotes" in line


def test_a_number_too_long_in_the_settings_is_a_problem_with_its_line(
    make_site: MakeSite,
) -> None:
    digits = "1" * (sys.get_int_max_str_digits() + 1)
    project = make_site(config=SMALL_CONFIG.format(time_zone="UTC", uptime_days=digits))
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines()[0].startswith("mkdocs.yml:10: yaml-syntax: ")


# Text written as a number keeps what was written -----------------------------------


@pytest.mark.parametrize("written", ["1.10", "0042", "1e3", "0x10", "+1", ".inf", "0.50"])
def test_text_written_like_a_number_is_published_as_written(
    make_site: MakeSite, written: str
) -> None:
    # YAML reads these as numbers; a text field took the number's text instead of the
    # author's: "Release 1.10" became 1.1, ticket 0042 became 42, 1e3 became 1000.0.
    project = make_site({"x.md": FULL_INCIDENT.format(title=written, tag=written, message=written)})
    site, problems = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None, [str(p) for p in problems]
    incident = site.incidents[0]
    assert incident.title == written
    assert incident.updates[0].message == written
    assert incident.tags == (written,)


def test_an_action_items_ticket_keeps_its_leading_zeros(make_site: MakeSite) -> None:
    project = make_site({"x.md": INCIDENT.format(title="API errors")})
    (project / "incidents" / "x-postmortem.md").write_text(
        "---\ntype: postmortem\ntitle: API errors\nincidents: [x]\nstatus: draft\n"
        "action_items:\n  - title: Alert sooner\n    status: open\n    ticket: 0042\n"
        "    owner: 007\n---\nBody.\n",
        encoding="utf-8",
    )
    site, problems = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None, [str(p) for p in problems]
    item = site.postmortems[0].action_items[0]
    assert (item.ticket, item.owner) == ("0042", "007")


def test_numbers_still_read_as_numbers_where_a_number_is_wanted() -> None:
    read = yaml.load("a: 0x10\nb: 012\nc: 1.5\nd: 1e3", Loader=ContentLoader)
    assert read == {"a": 16, "b": 12, "c": 1.5, "d": 1000.0}


# Keys are text as written -----------------------------------------------------------


def test_a_component_key_that_yaml_reads_as_a_number_or_null_is_named_as_written(
    make_site: MakeSite,
) -> None:
    # The key 1e3 was reported as '1000.0', ~ as 'None' and true as 'True', each on the
    # line of 'components' instead of its own.
    text = INCIDENT.format(title="T").replace(
        "components: {api: partial_outage}\n",
        "components:\n  api: partial_outage\n  1e3: major_outage\n  ~: major_outage\n"
        "  true: major_outage\n",
    )
    project = make_site({"x.md": text})
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    lines = err.splitlines()
    assert "incidents/x.md:6:3: unknown-component: components.1e3: " in lines[0]
    assert lines[0].endswith("found '1e3'")
    assert "incidents/x.md:7:3: unknown-component: components.~: " in lines[1]
    assert "incidents/x.md:8:3: unknown-component: components.true: " in lines[2]


def test_keys_1_and_true_are_two_keys_not_a_duplicate() -> None:
    # Python holds 1 == True: the loader called the second a duplicate of the first.
    found = parse_text("---\ntitle: T\n1: a\ntrue: b\n---\n", "x.md", "x")
    assert isinstance(found, SourceFile), found
    assert found.data == {"title": "T", "1": "a", "true": "b"}


# mkdocs.yml's own settings are read as the engine reads them ---------------------------

ENGINE_SETTINGS = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
{extra}
plugins:
  - statuspress:
      components:
        - id: api
          name: API
"""


def test_use_directory_urls_no_is_refused_by_check_as_the_build_refuses_it(
    make_site: MakeSite,
) -> None:
    # MkDocs reads mkdocs.yml as YAML 1.1 ('no' is false): check read it as YAML 1.2
    # ('no' is text), passed, and the build then failed in the plugin.
    extra = "use_directory_urls: no\ntheme:\n  name: material\n  font: false"
    project = make_site(config=ENGINE_SETTINGS.format(extra=extra))
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert err.splitlines()[0].startswith("mkdocs.yml:4:1: type: use_directory_urls: expected")


@pytest.mark.parametrize(
    "theme", ["name: material\n  font: no", "name: mkdocs\n  highlightjs: off"]
)
def test_a_theme_switch_written_no_or_off_gives_no_false_warning(
    make_site: MakeSite, theme: str
) -> None:
    # 'font: no' is false to MkDocs and Material (no web font), but check warned that the
    # page loads a font from Google, failing --strict on a site that loads none.
    project = make_site(config=ENGINE_SETTINGS.format(extra=f"theme:\n  {theme}"))
    code, _, err = run("check", "--strict", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 0, err
    assert err.strip() == "0 files checked: 0 errors, 0 warnings"


def test_the_plugins_settings_stay_yaml_1_2(make_site: MakeSite) -> None:
    # The plugin's settings are Statuspress's: a component named No stays "No".
    config = ENGINE_SETTINGS.format(extra="").replace("name: API", "name: No")
    project = make_site(config=config)
    site, problems = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None, [str(p) for p in problems]
    assert site.settings.components[0].name == "No"


# Every problem keeps file, line and field; never a traceback --------------------------

SCALARS = st.sampled_from(
    [
        "0x10", "1e3", ".inf", "-.inf", ".nan", "+1", "012", "yes", "No", "~", "null", "true",
        "''", "[]", "{}", "1e999", "0o17", "2026-11-28", "12:30", "!!binary aGVsbG8=",
        "!!set {a}", "!!omap [a: 1]", "!!float 1", "!!timestamp 2026-11-28", "[~, 1.5]",
        "{api: 0x10}", "{~: ~}", "[[a]]", "-0", "1_000", "9" * 5000,
    ]
)  # fmt: skip
FIELDS = st.sampled_from(
    [
        "title", "severity", "impact", "components", "started", "detected", "acknowledged",
        "mitigated", "tags", "detection", "exclude_from_metrics", "type", "updates",
        "u.at", "u.status", "u.message", "u.next_update", "u.components", "u.extra",
    ]
)  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=FIELDS, value=SCALARS)
def test_any_odd_value_in_any_field_is_one_problem_with_file_line_and_field(
    tmp_path_factory: pytest.TempPathFactory, field: str, value: str
) -> None:
    project = tmp_path_factory.mktemp("fuzz")
    (project / "pages").mkdir()
    (project / "incidents").mkdir()
    (project / "mkdocs.yml").write_text(
        SMALL_CONFIG.format(time_zone="Asia/Kolkata", uptime_days=90), encoding="utf-8"
    )
    front = {
        "title": "T",
        "components": "{api: partial_outage}",
        "started": "2026-11-28T10:00:00Z",
    }
    update = {"at": "2026-11-28T10:05:00Z", "status": "investigating", "message": "m"}
    if field.startswith("u."):
        update[field[2:]] = value
    else:
        front[field] = value
    rows = [f"{k}: {v}" for k, v in front.items()]
    if "updates" not in front:
        rows += ["updates:", "  - " + "\n    ".join(f"{k}: {v}" for k, v in update.items())]
    text = "---\n" + "\n".join(rows) + "\n---\n"
    (project / "incidents" / "x.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--now", NOW, "-f", str(project / "mkdocs.yml")])
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    err = result.stderr
    assert result.exit_code in (0, 1), err
    assert err.splitlines()[-1].startswith("1 file checked: ") or "yaml-syntax" in err, err
    for line in err.splitlines()[:-1]:
        assert line.startswith("incidents/x.md:"), line
        assert line.split(":")[1].isdigit() and int(line.split(":")[1]) >= 1, line


# Settings inherited through INHERIT ---------------------------------------------------


def _inheriting_site(make_site: MakeSite, zone: str = "Asia/Kolkata") -> Path:
    """A site whose mkdocs.yml gives only its name: its address, theme and plugin
    settings come from base.yml, which inherits from shared/common.yml."""
    project = make_site(
        {"x.md": INCIDENT.format(title="API errors")},
        config="INHERIT: base.yml\nsite_name: Example\ndocs_dir: pages\n",
    )
    (project / "base.yml").write_text(
        "INHERIT: shared/common.yml\ntheme:\n  name: material\n  font: false\nplugins:\n"
        f"  - statuspress:\n      time_zone: {zone}\n      components:\n"
        "        - id: api\n          name: API\n",
        encoding="utf-8",
    )
    (project / "shared").mkdir()
    (project / "shared" / "common.yml").write_text(
        "site_url: https://status.example.com/\n", encoding="utf-8"
    )
    return project


def test_settings_inherited_through_a_chain_are_read_as_the_engine_reads_them(
    make_site: MakeSite,
) -> None:
    # Statuspress read mkdocs.yml alone: a site whose plugin settings or address come
    # from an INHERIT file (as MkDocs documents it) failed check and build with
    # "components: expected a list, found nothing", though MkDocs reads them.
    project = _inheriting_site(make_site)
    config = project / "mkdocs.yml"
    site, problems = load_site(config, at(NOW))
    assert site is not None, [str(p) for p in problems]
    assert site.settings.url == "https://status.example.com/"
    assert site.settings.time_zone == "Asia/Kolkata"
    assert [c.id for c in site.settings.components] == ["api"]
    out = project / "site"
    code, _, err = run("build", "--now", NOW, "-f", str(config), "-d", str(out))
    assert code == 0, err
    assert (out / "incidents" / "x" / "index.html").is_file()


def test_an_inherited_file_is_in_the_cache_key(make_site: MakeSite) -> None:
    # A change to a file further up the chain changes the build as much as one to
    # mkdocs.yml: the cache must not be reused across it.
    project = _inheriting_site(make_site)
    config = project / "mkdocs.yml"
    site, _ = load_site(config, at(NOW))
    assert site is not None
    assert {"base.yml", "shared/common.yml"} <= set(site.settings.engine_inputs)


def test_a_wrong_inherited_setting_is_reported_with_a_line_and_field(
    make_site: MakeSite,
) -> None:
    project = _inheriting_site(make_site, zone="Mars/Olympus")
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith("base.yml:7:"), first
    assert "plugins[0].statuspress.time_zone: expected an IANA time zone name" in first


@pytest.mark.parametrize(
    ("chain", "message"),
    [
        ({"base.yml": "INHERIT: mkdocs.yml\n"}, "INHERIT: expected a file that does not"),
        ({}, "INHERIT: expected an existing file, found 'base.yml'"),
    ],
)
def test_an_inherit_loop_or_a_missing_file_is_one_line(
    make_site: MakeSite, chain: dict[str, str], message: str
) -> None:
    project = make_site(config="INHERIT: base.yml\nsite_name: Example\ndocs_dir: pages\n")
    for name, text in chain.items():
        (project / name).write_text(text, encoding="utf-8")
    code, _, err = run("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    assert code == 1
    assert "Traceback" not in err
    assert message in err.splitlines()[0], err
