"""The outputs that read every incident (the status pages and history, the reliability
report, the postmortem archive, the component feeds, the calendars, the API) are
remembered across builds by a digest of what they read: each one taken from the memo
is the one a fresh render makes, after a change of anything it reads."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import metrics
from statuspress.model import Component, Incident, Maintenance, Site, Update
from statuspress.pipeline import load_site
from statuspress.render import Renderers, context_of
from statuspress.render.api import api
from statuspress.render.base import Page, Renderer
from statuspress.render.calendar import calendars
from statuspress.render.feeds import component_feeds
from statuspress.render.pages import site_pages
from statuspress.render.postmortems import postmortems
from statuspress.render.reliability import reliability
from statuspress.snapshot import Snapshot

from .conftest import at

NOW = at("2026-11-28T12:00:00Z")
RENDERERS: dict[str, Renderer] = {
    "site_pages": site_pages,
    "reliability": reliability,
    "postmortems": postmortems,
    "component_feeds": component_feeds,
    "calendars": calendars,
    "api": api,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = tmp_path_factory.mktemp("memos") / "corpus"
    write_corpus(project, 60, 6, 3)
    found, problems = load_site(project / "mkdocs.yml", NOW)
    assert found is not None, problems
    # raw HTML in one message: sanitised, or shown as written when the settings allow it
    return _maintenance(
        found, lambda m: _last_update(m, message='Done, <span style="color: red">now</span>.')
    )


def render(renderer: Renderer, site: Site, renderers: Renderers) -> dict[str, Any]:
    """Every output of ``renderer`` by its address: a page's title and HTML, a file's bytes."""
    context = context_of(site, [Path("no-templates")], renderers)
    made: dict[str, Any] = {}
    for output in renderer(Snapshot(site), context):
        if isinstance(output, Page):
            made[output.url] = (output.title, output.description, output.html)
        else:
            made[output.path] = output.data
    return made


def _incident(site: Site, change: Callable[[Incident], Incident], index: int = -3) -> Site:
    incidents = list(site.incidents)
    incidents[index] = change(incidents[index])
    return dataclasses.replace(site, incidents=tuple(incidents))


def _maintenance(site: Site, change: Callable[[Maintenance], Maintenance]) -> Site:
    maintenances = list(site.maintenances)
    maintenances[0] = change(maintenances[0])
    return dataclasses.replace(site, maintenances=tuple(maintenances))


def _last_update(event: Any, **changes: Any) -> Any:
    updates = (*event.updates[:-1], dataclasses.replace(event.updates[-1], **changes))
    return dataclasses.replace(event, updates=updates)


def _settings(site: Site, **changes: Any) -> Site:
    return dataclasses.replace(site, settings=dataclasses.replace(site.settings, **changes))


def _postmortem(site: Site, **changes: Any) -> Site:
    first = dataclasses.replace(site.postmortems[0], **changes)
    return dataclasses.replace(site, postmortems=(first, *site.postmortems[1:]))


def _covered(site: Site) -> int:
    """The index of an incident a published postmortem covers."""
    covered = {i for p in site.postmortems if p.is_published for i in p.incidents}
    return next(n for n, i in enumerate(site.incidents) if i.id in covered)


EDITS: dict[str, Callable[[Site], Site]] = {
    "incident title": lambda s: _incident(s, lambda i: dataclasses.replace(i, title="Renamed <b>")),
    "covered incident title": lambda s: _incident(
        s, lambda i: dataclasses.replace(i, title="Renamed & covered"), _covered(s)
    ),
    "incident message": lambda s: _incident(s, lambda i: _last_update(i, message="Said again.")),
    "incident resolved later": lambda s: _incident(
        s, lambda i: _last_update(i, at=i.updates[-1].at + timedelta(minutes=7))
    ),
    "incident started earlier": lambda s: _incident(
        s, lambda i: dataclasses.replace(i, started=i.started - timedelta(minutes=30))
    ),
    "incident severity": lambda s: _incident(s, lambda i: dataclasses.replace(i, severity="SEV-1")),
    "incident detection": lambda s: _incident(
        s, lambda i: dataclasses.replace(i, detection="user_report")
    ),
    "incident excluded": lambda s: _incident(
        s, lambda i: dataclasses.replace(i, exclude_from_metrics=True)
    ),
    "incident spreads": lambda s: _incident(
        s,
        lambda i: _last_update(i, components={"service-20": "degraded_performance"}),
        -1,
    ),
    "incident removed": lambda s: dataclasses.replace(s, incidents=s.incidents[:-1]),
    "incident unresolved": lambda s: _incident(
        s,
        lambda i: dataclasses.replace(
            i,
            updates=(
                *i.updates,
                Update(NOW - timedelta(hours=1), "identified", "Back again.", key="late"),
            ),
        ),
        -1,
    ),
    "maintenance title": lambda s: _maintenance(
        s, lambda m: dataclasses.replace(m, title="Moved <rack>")
    ),
    "maintenance message": lambda s: _maintenance(
        s, lambda m: _last_update(m, message="Done, **really**.")
    ),
    "maintenance moved": lambda s: _maintenance(
        s, lambda m: dataclasses.replace(m, scheduled_end=m.scheduled_end + timedelta(hours=1))
    ),
    "postmortem title": lambda s: _postmortem(s, title="A new title"),
    "postmortem action done": lambda s: _postmortem(
        s,
        action_items=tuple(
            dataclasses.replace(a, status="done") for a in s.postmortems[0].action_items
        ),
    ),
    "postmortem unpublished": lambda s: _postmortem(s, status="draft"),
    "site name": lambda s: _settings(s, name="Other & Co"),
    "component renamed": lambda s: _settings(
        s,
        components=tuple(
            dataclasses.replace(c, name=f"{c.name}!") if c.position == 1 else c
            for c in s.settings.components
        ),
    ),
    "component added": lambda s: _settings(
        s, components=(*s.settings.components, Component("extra", "Extra", 99))
    ),
    "time zone": lambda s: _settings(s, time_zone="Asia/Kolkata"),
    "language": lambda s: _settings(s, language="de"),
    "address": lambda s: _settings(s, url="https://status.example.org/sub/"),
    "raw html allowed": lambda s: _settings(s, allow_raw_html=True),
    "an hour later": lambda s: dataclasses.replace(s, now=s.now + timedelta(hours=1)),
    "a year earlier": lambda s: dataclasses.replace(s, now=s.now - timedelta(days=365)),
}


@pytest.mark.parametrize("name", RENDERERS)
@pytest.mark.parametrize("edit", EDITS)
def test_a_remembered_output_is_the_fresh_one_after_each_change(
    site: Site, name: str, edit: str
) -> None:
    renderer = RENDERERS[name]
    renderers = Renderers()
    before = render(renderer, site, renderers)
    changed = EDITS[edit](site)
    assert render(renderer, changed, renderers) == render(renderer, changed, Renderers())
    # and back: what the first build remembered still holds for the first site
    assert render(renderer, site, renderers) == before


def test_each_edit_changes_what_the_renderers_make(site: Site) -> None:
    """The edits above reach the outputs (so the comparison can fail)."""
    for edit, change in EDITS.items():
        changed = change(site)
        differs = [
            name
            for name, renderer in RENDERERS.items()
            if render(renderer, changed, Renderers()) != render(renderer, site, Renderers())
        ]
        assert differs, edit


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch) -> list[Site]:
    """The site of each reliability report worked out (not taken from the memo)."""
    made: list[Site] = []
    real = metrics.report

    def counted(site: Site) -> metrics.Report:
        made.append(site)
        return real(site)

    monkeypatch.setattr(metrics, "report", counted)
    return made


def test_a_title_edit_fills_the_remembered_report_with_the_new_title(
    site: Site, reports: list[Site]
) -> None:
    renderers = Renderers()
    render(reliability, site, renderers)
    assert len(reports) == 1
    changed = EDITS["incident title"](site)
    page = render(reliability, changed, renderers)["reliability/"][2]
    assert reports == [site]  # the figures were not worked out again
    assert "Renamed &lt;b&gt;" in page and "Renamed <b>" not in page
    render(reliability, EDITS["incident resolved later"](site), renderers)
    assert len(reports) == 2  # a timeline edit works them out


def test_a_changed_template_renders_the_report_again(site: Site, tmp_path: Path) -> None:
    renderers = Renderers()
    (tmp_path / "reliability.html").write_text("<p>{{ count }} incidents</p>\n")

    def page() -> str:
        context = context_of(site, [tmp_path], renderers)
        pages = [o for o in reliability(Snapshot(site), context) if isinstance(o, Page)]
        return pages[0].html

    assert page().endswith(" incidents</p>\n")
    template = tmp_path / "reliability.html"
    template.write_text("<p>{{ count }} counted</p>\n")
    os.utime(template, (1, 1))  # Jinja2 reloads a template whose time changed
    assert page().endswith(" counted</p>\n")
