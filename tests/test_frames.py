"""Pages filled into a frame of the theme's template are byte for byte the template's own."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

import statuspress.engine.plugin as plugin
from benchmarks.corpus import write as write_corpus
from statuspress.cli import cli
from statuspress.engine.frames import Frames, cut, probes

from .conftest import INCIDENT, REPO, SAMPLE_NOW, MakeSite, assert_same_files
from .test_minimal_site import minimal_project
from .test_security import hostile_site


def build(config: Path, out: Path, monkeypatch: pytest.MonkeyPatch, framed: bool) -> list[Frames]:
    """Build into ``out``, with frames or with every page through the template."""
    made: list[Frames] = []

    class Recorded(Frames):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    with monkeypatch.context() as patch:
        patch.setattr(plugin, "Frames", Recorded)
        if not framed:
            patch.setattr(plugin, "frames_allowed", lambda config, env: False)
        result = CliRunner().invoke(
            cli, ["build", "--now", SAMPLE_NOW, "-f", str(config), "-d", str(out)]
        )
    assert result.exit_code == 0, result.output
    return made


def assert_same_site(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Frames:
    made = build(config, tmp_path / "framed", monkeypatch, framed=True)
    assert build(config, tmp_path / "template", monkeypatch, framed=False) == []
    assert_same_files(tmp_path / "framed", tmp_path / "template")
    assert len(made) == 1
    return made[0]


def test_sample_site_is_the_same_with_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = assert_same_site(REPO / "mkdocs.yml", tmp_path, monkeypatch)
    assert frames.filled >= 8
    assert frames.refused == 0


def test_hostile_site_is_the_same_with_frames(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = hostile_site(make_site)
    frames = assert_same_site(project / "mkdocs.yml", tmp_path, monkeypatch)
    assert frames.filled >= 1


def test_synthetic_site_is_the_same_with_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "corpus", 120, None, 3)
    frames = assert_same_site(tmp_path / "corpus" / "mkdocs.yml", tmp_path, monkeypatch)
    assert frames.filled >= 120
    assert frames.refused == 0


def test_overrides_that_use_the_page_turn_frames_off(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site(
        {
            "a.md": INCIDENT.format(title="Slow logins"),
            "b.md": INCIDENT.format(title="Payments outage"),
            "c.md": INCIDENT.format(title="Another outage"),
        }
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("font: false", "font: false\n  custom_dir: over"))
    (project / "over").mkdir()
    (project / "over" / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}'
        '{% if "outage" in page.title %}<meta name="x-outage" content="yes">{% endif %}'
        "{% endblock %}"
    )
    made = build(config, tmp_path / "site", monkeypatch, framed=True)
    assert made == []
    marked = {
        name: 'name="x-outage"'
        in (tmp_path / "site" / "incidents" / name / "index.html").read_text()
        for name in ("a", "b", "c")
    }
    assert marked == {"a": False, "b": True, "c": True}


def test_an_override_that_shows_the_build_date_turns_frames_off(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frame would keep the date of the build that made it; every page goes through
    the template, and a later build day is a full build (see the engine's ``redated``)."""
    project = make_site({"a.md": INCIDENT.format(title="Slow logins")})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("font: false", "font: false\n  custom_dir: over"))
    (project / "over").mkdir()
    (project / "over" / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}'
        '<meta name="x-built" content="{{ build_date_utc }}">{% endblock %}'
    )
    assert build(config, tmp_path / "site", monkeypatch, framed=True) == []


# The frame check, on its own ---------------------------------------------------


PAGE = "<title>{{ title }}</title><meta content='{{ description }}'><link href='/x/{{ slug }}/'>{{ content }}"


def values(title: str, n: int = 1) -> dict[str, str]:
    return {
        "title": title,
        "description": f"About {title}",
        "slug": f"incident-{n}",
        "content": f"<p>Body {n}</p>",
    }


def test_a_frame_fills_in_the_same_bytes_as_the_template() -> None:
    frames = Frames()
    template = jinja2.Template(PAGE)
    pages = [values("Slow &amp; failing", 1), values("Down", 2), values("", 3)]
    out = [frames.page("k", v, lambda probe, v=v: template.render(**(probe or v))) for v in pages]
    assert out == [template.render(**v) for v in pages]
    assert (
        frames.filled == 1
    )  # the first page of each shape is rendered; an empty title is another shape
    assert frames.refused == 0


@pytest.mark.parametrize(
    "source",
    [
        PAGE.replace("{{ title }}", "{{ title | upper }}"),
        PAGE.replace("{{ title }}", "{{ title | striptags }}"),
        PAGE.replace("{{ content }}", "{{ content | truncate(8) }}"),
        PAGE.replace("{{ description }}", "{{ description | length }}"),
        PAGE.replace("{{ slug }}", "{{ slug | replace('-', '_') }}"),
    ],
)
def test_a_template_that_changes_a_value_is_never_framed(source: str) -> None:
    template = jinja2.Template(source)
    pages = [values("Slow &amp; failing <b>now</b>", 1), values("Down", 2), values("Up", 3)]
    # Cut naively from a probe, the frame would give wrong pages: the check must catch that.
    first, _ = probes(pages[1])
    naive = cut(template.render(**first), first)
    assert naive.fill(pages[1]) != template.render(**pages[1])
    frames = Frames()
    out = [frames.page("k", v, lambda probe, v=v: template.render(**(probe or v))) for v in pages]
    assert out == [template.render(**v) for v in pages]
    assert frames.filled == 0
    assert frames.refused == 1


def test_slugs_that_an_address_filter_could_change_go_through_the_template() -> None:
    frames = Frames()
    template = jinja2.Template(PAGE)
    odd = {**values("Down"), "slug": "störung 1"}
    assert frames.page(
        "k", odd, lambda probe: template.render(**(probe or odd))
    ) == template.render(**odd)
    assert frames.filled == 0


def test_minimal_site_is_the_same_with_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = minimal_project(tmp_path / "minimal")
    for name in ("b", "c"):
        (project / "incidents" / f"{name}.md").write_text(INCIDENT.format(title=f"Outage {name}"))
    frames = assert_same_site(project / "mkdocs.yml", tmp_path, monkeypatch)
    assert frames.filled >= 2
    assert frames.refused == 0
