"""Message templates: the three that new sites get, listed, filled and checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import REPO, MakeSite

SHIPPED = REPO / "generator" / "scaffold" / "templates"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({})
    shutil.copytree(SHIPPED, root / "templates")
    monkeypatch.chdir(root)
    return root


def test_templates_lists_the_three_shipped(project: Path) -> None:
    code, out, err = run("templates")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "NAME                  STATUS         COMPONENTS            DESCRIPTION",
        "degraded-performance  investigating  degraded_performance  Requests succeed but take "
        "longer than usual.",
        "partial-outage        investigating  partial_outage        Some requests fail; others "
        "succeed.",
        "third-party-provider  identified     degraded_performance  A provider we rely on has an "
        "incident that affects us.",
    ]


@pytest.mark.parametrize("name", ["degraded-performance", "partial-outage", "third-party-provider"])
def test_a_template_round_trip_passes_check_strict(project: Path, name: str) -> None:
    code, out, err = run(
        "new", "incident", "--template", name, "-c", "api", "-c", "web",
        "--now", "2026-11-28T10:00:00Z",
    )  # fmt: skip
    assert code == 0, err
    text = (project / out.strip()).read_text()
    assert "{component}" not in text
    assert "API and Website" in text
    code, _, err = run("update", "latest", "--template", name, "--now", "2026-11-28T10:20:00Z")
    assert code == 0, err
    code, _, err = run("check", "--strict", "--now", "2026-11-28T10:30:00Z")
    assert code == 0, err


def test_the_template_fills_what_is_not_given(project: Path) -> None:
    code, out, _ = run(
        "new", "incident", "--template", "partial-outage", "-c", "api",
        "--now", "2026-11-28T10:00:00Z",
    )  # fmt: skip
    assert code == 0
    text = (project / out.strip()).read_text()
    assert text.startswith("---\ntitle: Errors on API\ncomponents:\n  api: partial_outage\n")
    assert "    status: investigating\n" in text
    assert "Some requests to API are failing with errors" in text
    # Given values win over the template's; the provider template's status is identified.
    code, out, _ = run(
        "new", "incident", "Card payments fail", "--template", "third-party-provider",
        "-c", "web=major_outage", "-m", "Our card processor is down.",
        "--now", "2026-11-28T10:05:00Z",
    )  # fmt: skip
    assert code == 0
    text = (project / out.strip()).read_text()
    assert "title: Card payments fail\n" in text
    assert "  web: major_outage\n" in text
    assert (
        "    status: identified\n    next_update: 2026-11-28T10:35:00+00:00\n"
        "    message: Our card processor is down.\n"
    ) in text


def test_an_unknown_template_is_refused_with_the_closest(project: Path) -> None:
    code, _, err = run("new", "incident", "--template", "partial-outgae", "-c", "api")
    assert code == 1
    assert err.splitlines() == [
        "templates/partial-outgae.md: expected a template name (degraded-performance, "
        "partial-outage, third-party-provider), found 'partial-outgae' (did you mean "
        "'partial-outage'?)",
        "Error: --template: cannot use 'partial-outgae' (above); nothing was written",
    ]
    assert not list((project / "incidents").rglob("*.md"))


def test_a_broken_template_is_reported_with_file_line_and_field(project: Path) -> None:
    (project / "templates" / "bad.md").write_text(
        "---\ntitle: Trouble on {service}\nstatus: fixed\n---\nText.\n"
    )
    code, _, err = run("templates")
    assert code == 1
    assert err.splitlines() == [
        "templates/bad.md:3:1: choice: status: expected one of investigating, identified, "
        "monitoring, found 'fixed'",
        "templates/bad.md:2: placeholder: title: expected a placeholder: {component}, found "
        "'{service}'",
    ]


def test_new_incident_without_title_or_template(project: Path) -> None:
    code, _, err = run("new", "incident", "-c", "api=partial_outage", "-m", "x")
    assert (code, err) == (
        1,
        "Error: TITLE: expected the incident's title (or --template), found nothing\n",
    )


def test_no_templates_folder(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_site({}))
    assert run("templates") == (0, "No templates: add Markdown files to templates/.\n", "")
