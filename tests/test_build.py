"""The one build driver: every way of building runs it, reads the settings once, and
keeps what a build left for the next in one :class:`BuildState`."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import statuspress.config
from statuspress import build as driver
from statuspress import engine
from statuspress.build import BuildState, Watcher, build
from statuspress.cli import cli
from statuspress.incremental import Plan
from statuspress.render import Outputs

from .conftest import INCIDENT, REPO, MakeSite, at

NOW = "2026-11-28T12:00:00Z"


@pytest.fixture
def settings_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time settings are read from a settings file, whoever imported the reader:
    its name (each read ends in ``config.settings_from``)."""
    reads: list[str] = []
    real = statuspress.config.settings_from

    def counted(data: Any, lines: Any, name: str, *args: Any) -> Any:
        reads.append(name)
        return real(data, lines, name, *args)

    monkeypatch.setattr(statuspress.config, "settings_from", counted)
    return reads


def test_statuspress_build_reads_the_settings_once(
    make_site: MakeSite, settings_reads: list[str]
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="A")})
    for _ in range(2):  # a full build, then one from the cache
        settings_reads.clear()
        result = CliRunner().invoke(cli, ["build", "--now", NOW, "-f", str(project / "mkdocs.yml")])
        assert result.exit_code == 0, result.output
        assert settings_reads == ["mkdocs.yml"]


def test_check_and_the_preview_read_the_settings_once(
    make_site: MakeSite, settings_reads: list[str], tmp_path: Path
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="A")})
    result = CliRunner().invoke(cli, ["check", "--now", NOW, "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert settings_reads == ["mkdocs.yml"]
    settings_reads.clear()
    state = BuildState()
    build(project / "mkdocs.yml", at(NOW), engine, state, site_dir=tmp_path / "s")
    assert settings_reads == ["mkdocs.yml"]


def test_the_counter_sees_each_read(make_site: MakeSite, settings_reads: list[str]) -> None:
    """The counting above fails when the settings are read twice, as they were when the
    command read them for the cache and the check read them again."""
    project = make_site()
    statuspress.config.read_settings(project / "mkdocs.yml")
    statuspress.pipeline.check_site(project / "mkdocs.yml", at(NOW))
    assert len(settings_reads) == 2


class FakeEngine:
    """An engine that writes each page's HTML as it is, and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def build_site(
        self,
        config_file: Path,
        site_dir: Path | None,
        now: datetime,
        outputs: Outputs,
        strict: bool = False,
        progress: Callable[[], None] | None = None,
    ) -> Any:
        assert site_dir is not None
        self.calls.append(("full", [page.url for page in outputs.pages]))
        for page in outputs.pages:
            (site_dir / page.url).mkdir(parents=True, exist_ok=True)
            (site_dir / page.url / "index.html").write_text(page.html)
        return engine.EngineRun()

    def patch_site(
        self,
        config_file: Path,
        site_dir: Path,
        now: datetime,
        plan: Plan,
        last: Any,
        strict: bool = False,
    ) -> Any:
        self.calls.append(("patch", [page.url for page in plan.pages]))
        for page in plan.pages:
            (site_dir / page.url / "index.html").write_text(page.html)
        return engine.EngineRun()

    def engine_site_dir(self, config_file: Path, written: str) -> Path:
        return config_file.parent / (written or "site")

    def build_day(self, now: datetime) -> str:
        return now.strftime("%Y-%m-%d")

    def redated(
        self, site_dir: Path, last: Any, last_day: str, day: str
    ) -> dict[str, bytes] | None:
        return None  # it dates nothing: a new day is a full build

    @contextmanager
    def template_errors(self, project: Path) -> Iterator[None]:
        yield


def test_the_engine_is_a_parameter_and_an_edit_sends_it_only_what_changed(
    make_site: MakeSite,
) -> None:
    project = make_site({"a.md": INCIDENT.format(title="A"), "b.md": INCIDENT.format(title="B")})
    fake, state = FakeEngine(), BuildState()
    first = build(project / "mkdocs.yml", at(NOW), fake, state)
    assert first.rebuilt is None and first.target == project / "site"
    assert fake.calls[0][0] == "full" and "incidents/b/" in fake.calls[0][1]
    (project / "incidents" / "b.md").write_text(INCIDENT.format(title="B again"))
    second = build(project / "mkdocs.yml", at(NOW), fake, state)
    kind, pages = fake.calls[1]
    assert kind == "patch" and "incidents/b/" in pages and "incidents/a/" not in pages
    assert second.rebuilt == len(pages)
    assert "B again" in (project / "site" / "incidents" / "b" / "index.html").read_text()
    state.forget_site()  # the templates changed: everything again
    build(project / "mkdocs.yml", at(NOW), fake, state)
    assert fake.calls[2][0] == "full"


def test_a_build_with_errors_renders_nothing_and_calls_no_engine(make_site: MakeSite) -> None:
    project = make_site({"a.md": "---\ntitle: [\n---\n"})
    fake = FakeEngine()
    seen: list[int] = []

    class Seen(Watcher):
        def checked(self, checked: Any) -> None:
            seen.append(len(checked.problems))

    result = build(project / "mkdocs.yml", at(NOW), fake, watcher=Seen())
    assert result.failed and result.outputs is None and fake.calls == []
    assert seen and seen[0] >= 1


def test_the_driver_never_imports_the_engine() -> None:
    tree = ast.parse((REPO / "generator" / "build.py").read_text())
    imported = [
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for _ in node.names
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [name for name in imported if "engine" in name or "mkdocs" in name], imported
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, statuspress.build; print('mkdocs' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"


def test_the_cli_the_preview_and_the_plugin_all_call_the_driver() -> None:
    for name in ("cli/site.py", "serve.py", "engine/plugin.py"):
        source = (REPO / "generator" / name).read_text()
        assert "from ..build import" in source or "from .build import" in source, name
        assert "render_site(" not in source and "check_site(" not in source, name
    assert driver.build is build


def test_derived_facts_are_computed_once_per_build(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statuspress import derive
    from statuspress.pipeline import load_site
    from statuspress.render import render_site

    project = make_site({"a.md": INCIDENT.format(title="A"), "b.md": INCIDENT.format(title="B")})
    site, _ = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None
    calls: dict[str, list[Any]] = {}
    for name in ("indicator", "component_statuses", "set_statuses", "recent", "uptime"):
        real = getattr(derive, name)

        def counted(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> Any:
            calls.setdefault(_name, []).append(args[1:])
            return _real(*args, **kwargs)

        monkeypatch.setattr(derive, name, counted)
    render_site(site, [])
    assert {name: len(found) for name, found in calls.items() if name != "uptime"} == {
        "indicator": 1,
        "component_statuses": 1,
        "set_statuses": 1,
        "recent": 1,
    }
    # Once per component, over the longest window: the shorter ones are its end.
    components = [component.id for component, *_ in calls["uptime"]]
    assert sorted(components) == sorted(c.id for c in site.settings.components)


def test_the_progress_moves_as_each_page_is_made(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statuspress.pipeline import load_site
    from statuspress.render import pages, render_site

    project = make_site({"a.md": INCIDENT.format(title="A")})
    site, _ = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None
    steps: list[int] = []
    seen_at_history: list[int] = []
    real = pages.PageRenderer.history_page

    def history_page(self: Any) -> Any:
        seen_at_history.append(len(steps))
        return real(self)

    monkeypatch.setattr(pages.PageRenderer, "history_page", history_page)
    outputs = render_site(site, [], lambda: steps.append(1))
    assert seen_at_history == [1]  # the status page was counted before the next was made
    assert len(steps) == len(outputs.pages)


def test_every_renderer_has_the_one_shape(make_site: MakeSite) -> None:
    import inspect

    from statuspress.pipeline import load_site
    from statuspress.render import RENDERERS, File, Page, context_of
    from statuspress.snapshot import Snapshot

    project = make_site({"a.md": INCIDENT.format(title="A")})
    site, _ = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None
    snapshot, context = Snapshot(site), context_of(site, [])
    assert len(RENDERERS) == len(set(RENDERERS)) >= 12
    for renderer in RENDERERS:
        assert list(inspect.signature(renderer).parameters) == ["snapshot", "context"], renderer
        made = list(renderer(snapshot, context))
        assert all(isinstance(output, Page | File) for output in made), renderer


OTHER = """\
---
title: {title}
severity: SEV-3
components: {{web: degraded_performance}}
started: 2026-11-27T10:00:00Z
resolved: 2026-11-27T11:00:00Z
updates:
  - at: 2026-11-27T10:05:00Z
    status: investigating
    message: Pages are slow.
  - at: 2026-11-27T11:00:00Z
    status: resolved
    message: Fixed.
---
"""


@pytest.fixture
def uptime_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The component of each uptime worked out (not taken from the record)."""
    from statuspress import derive

    calls: list[str] = []
    real = derive.uptime

    def counted(site: Any, component: Any, *rest: Any) -> Any:
        calls.append(component.id)
        return real(site, component, *rest)

    monkeypatch.setattr(derive, "uptime", counted)
    return calls


def test_the_record_reuses_uptimes_an_edit_did_not_touch(
    make_site: MakeSite, uptime_calls: list[str]
) -> None:
    from statuspress import derive
    from statuspress.memo import Memo
    from statuspress.pipeline import load_site
    from statuspress.snapshot import Snapshot

    files = {"a.md": INCIDENT.format(title="A"), "b.md": OTHER.format(title="B")}
    project = make_site(files)
    config = project / "mkdocs.yml"
    known: Memo[str, derive.Uptime] = Memo()

    def uptimes() -> dict[tuple[str, int | None], derive.Uptime]:
        site, problems = load_site(config, at(NOW))
        assert site is not None, problems
        snapshot = Snapshot(site, known)
        found = {
            (c.id, n): snapshot.uptime(c, n)
            for c in site.settings.components
            for n in (None, 30, 365)
        }
        known.prune()
        fresh = Snapshot(site)  # what a build without the record works out
        assert found == {(c, n): fresh.uptime(site.settings.component(c), n) for c, n in found}
        return found

    first = uptimes()
    uptime_calls.clear()
    (project / "incidents" / "b.md").write_text(OTHER.format(title="B, renamed"))
    assert uptimes() == first
    # The fresh ones: once per component, its longest window (the others are its end).
    assert uptime_calls == ["api", "web", "db"]
    uptime_calls.clear()
    (project / "incidents" / "b.md").write_text(
        OTHER.format(title="B").replace("11:00:00Z", "12:30:00Z")
    )
    changed = uptimes()
    assert uptime_calls == ["web", "api", "web", "db"]  # the record: only what b names
    assert changed[("web", None)] != first[("web", None)]
    assert changed[("api", None)] == first[("api", None)]


def test_a_title_edit_takes_every_uptime_from_the_cache_and_builds_the_same_site(
    make_site: MakeSite, uptime_calls: list[str]
) -> None:
    from .conftest import assert_same_files

    files = {"a.md": INCIDENT.format(title="A"), "b.md": OTHER.format(title="B")}
    project = make_site(files)
    command = ["build", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    assert CliRunner().invoke(cli, command).exit_code == 0
    assert uptime_calls  # the first build works them out
    uptime_calls.clear()
    (project / "incidents" / "b.md").write_text(OTHER.format(title="B, renamed"))
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert "rebuilt)" in result.output and uptime_calls == []
    full = CliRunner().invoke(cli, [*command, "--no-cache", "-d", str(project / "full")])
    assert full.exit_code == 0, full.output
    assert_same_files(project / "site", project / "full")
    assert "B, renamed" in (project / "site" / "incidents" / "b" / "index.html").read_text()


def test_postmortem_pages_are_rendered_again_only_when_what_they_read_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    import jinja2

    from statuspress.pipeline import load_site
    from statuspress.render import Renderers, render_site

    from .conftest import SAMPLE_NOW

    site, problems = load_site(REPO / "mkdocs.yml", at(SAMPLE_NOW))
    assert site is not None, problems
    renderers = Renderers()
    first = render_site(site, [], renderers=renderers)
    rendered: list[str | None] = []
    real = jinja2.Template.render

    def counted(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        rendered.append(self.name)
        return real(self, *args, **kwargs)

    def made(outputs: Any) -> dict[str, str]:
        """Every page's content (the renderers make it when it is asked for)."""
        return {page.url: page.html for page in outputs.pages}

    before = made(first)
    monkeypatch.setattr(jinja2.Template, "render", counted)
    assert made(render_site(site, [], renderers=renderers)) == before
    assert "postmortem.html" not in rendered and "postmortems.html" not in rendered
    published = [p for p in site.postmortems if p.published and p.incidents]
    covered = published[0].incidents[0]
    renamed = dataclasses.replace(
        site,
        incidents=tuple(
            dataclasses.replace(i, title="Renamed") if i.id == covered else i
            for i in site.incidents
        ),
    )
    rendered.clear()
    again = made(render_site(renamed, [], renderers=renderers))
    count = rendered.count("postmortem.html")
    assert again == made(render_site(renamed, [], renderers=Renderers()))  # as a fresh build
    showing = [p for p in published if covered in (*p.incidents, *p.related)]
    assert 1 <= count <= len(showing) < len(published)


def test_one_build_parses_the_settings_file_once(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The driver, the engine's runner and the plugin each ask for ``mkdocs.yml``; it is
    parsed once per build (the engine itself reads it too, as MkDocs does), and parsed
    again once it changes."""
    parsed: list[str] = []
    real = statuspress.config._parse_yaml

    def counted(config_file: Path, shown: str = "") -> Any:
        parsed.append(config_file.name)
        return real(config_file, shown)

    monkeypatch.setattr(statuspress.config, "_parse_yaml", counted)
    statuspress.config._PARSED.clear()
    project = make_site({"a.md": INCIDENT.format(title="A")})
    args = ["build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "s")]
    result = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert parsed == ["mkdocs.yml"]
    before = (tmp_path / "s" / "index.html").read_text()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("uptime_days: 90", "uptime_days: 60"))
    result = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert parsed == ["mkdocs.yml", "mkdocs.yml"]  # changed: parsed again, once
    assert (tmp_path / "s" / "index.html").read_text() != before  # 60 days of bars, not 90
