"""Settings are declared once: the plugin takes every declared one and refuses the others."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from statuspress import config
from statuspress.config import SETTING_KEYS, SETTINGS, settings_from
from statuspress.model import Settings

from .checks.engine import ENGINE_COMMAND
from .conftest import INCIDENT, MakeSite

EVERY_SETTING = """\
site_name: Example
site_url: https://example.com/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - statuspress:
      time_zone: Europe/Berlin
      uptime_days: 30
      components:
        - id: api
          name: API
          description: The public API
          group: Platform
          start_date: 2026-11-01
      content_dir: events
      allow_raw_html: true
      show_overdue: true
      lint:
        disable: [update-next-update]
        code_names: [hydra]
        jargon: [p99]
      path: status/
      categories:
        - change
        - {id: vendor, name: Vendor, description: A supplier's service failed.}
      enabled: true
"""
"""A site with every declared setting, each given a value other than its default."""


def options(text: str) -> dict[str, object]:
    [entry] = yaml.safe_load(text)["plugins"]
    return dict(entry["statuspress"])


def mkdocs_build(project: Path) -> tuple[int, list[str]]:
    """``mkdocs build --strict`` in ``project``: its exit status and the lines it logged
    besides INFO."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795867200", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [*ENGINE_COMMAND, "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [
        line for line in done.stderr.splitlines() if not line.startswith("INFO")
    ]


def test_the_example_gives_every_declared_setting() -> None:
    assert list(options(EVERY_SETTING)) == list(SETTING_KEYS)


def project_with(make_site: MakeSite, text: str) -> Path:
    project = make_site({"a.md": INCIDENT.format(title="Slow")}, config=text)
    (project / "incidents").rename(project / "events")
    return project


def test_mkdocs_build_strict_takes_every_declared_setting(make_site: MakeSite) -> None:
    project = project_with(make_site, EVERY_SETTING)
    code, log = mkdocs_build(project)
    assert (code, log) == (0, [])
    assert (project / "site" / "status" / "index.html").is_file()


def test_mkdocs_build_strict_refuses_an_undeclared_setting(make_site: MakeSite) -> None:
    text = EVERY_SETTING.replace("      enabled: true\n", "      colour: red\n")
    project = project_with(make_site, text)
    code, log = mkdocs_build(project)
    assert code != 0
    assert any("'colour': Unrecognised configuration name" in line for line in log), log


def test_every_declared_setting_is_read_into_the_settings() -> None:
    data = yaml.safe_load(EVERY_SETTING)
    settings, problems = settings_from(data, {})
    assert problems == []
    assert settings is not None
    defaults = Settings(name="", url="")
    for name in config._AS_GIVEN:
        assert getattr(settings, name) != getattr(defaults, name), name
    assert settings.path == "status/"
    assert settings.url == "https://example.com/status/"
    assert (settings.lint_disable, settings.lint_code_names, settings.lint_jargon) == (
        ("update-next-update",),
        ("hydra",),
        ("p99",),
    )
    assert [c.id for c in settings.categories] == ["change", "vendor"]


def test_a_setting_left_out_takes_the_settings_default() -> None:
    data = yaml.safe_load(EVERY_SETTING)
    kept = {"components": data["plugins"][0]["statuspress"]["components"]}
    data["plugins"][0]["statuspress"] = kept
    settings, problems = settings_from(data, {})
    assert problems == [] and settings is not None
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    for name in config._AS_GIVEN:
        if name != "components":
            assert getattr(settings, name) == fields[name].default, name
    assert settings.lint_jargon is None


@pytest.mark.parametrize(("name", "field"), SETTINGS)
def test_every_setting_says_what_it_is(name: str, field: config.Field) -> None:
    assert field.description.endswith((".", ")")), name
    assert name in config._AS_GIVEN or name in ("lint", "path", "enabled")


def test_every_field_of_a_component_is_checked_even_without_a_name() -> None:
    data = yaml.safe_load(EVERY_SETTING)
    data["plugins"][0]["statuspress"]["components"] = [
        {"id": "api", "start_date": "soon"},
        {"id": "API", "name": "Api"},
        {"id": "web", "name": "Web"},
        {"id": "web", "name": "Web again"},
    ]
    settings, problems = settings_from(data, {})
    assert settings is None
    assert [(p.field.rsplit(".", 2)[-2:], p.rule) for p in problems] == [
        (["components[0]", "name"], "required"),
        (["components[0]", "start_date"], "date"),
        (["components[1]", "id"], "type"),
        (["components[3]", "id"], "duplicate-id"),
    ]
