"""The keys of the site pages: what a rebuild after a one-file edit renders again.

The history is put together from one part per month, each kept by its own key (the
digests of the month's events): an edit renders its own month again, not the others,
and the page it gives is the one a full build writes. The digests the keys are made of
are worked out once per build, and say all of an event (its timeline all of it but its
prose)."""

from __future__ import annotations

import dataclasses
import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import engine
from statuspress.build import BuildState, build
from statuspress.depends import digests, touches
from statuspress.model import Event, Incident, Maintenance, Site, Update
from statuspress.pipeline import check_site
from statuspress.render import Renderers, context_of
from statuspress.render.pages import PageRenderer, site_pages
from statuspress.snapshot import Snapshot

from .conftest import assert_same_files, at

NOW = at("2026-11-28T12:00:00Z")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("page-keys") / "corpus"
    write_corpus(project, 150, 10, 4)
    return project


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("site", ".statuspress-cache"))
    return copy


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each template is rendered, by its name."""
    counted: Counter[str] = Counter()
    render = jinja2.Template.render

    def counting(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        counted[self.name or ""] += 1
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return counted


def site_of(project: Path) -> Site:
    checked = check_site(project / "mkdocs.yml", NOW)
    assert checked.site is not None, checked.problems
    return checked.site


def edit_title(project: Path, index: int) -> str:
    """Edit the title of the ``index``-th incident file; its id."""
    source = sorted((project / "incidents").rglob("*incident-*[0-9].md"))[index]
    source.write_text(source.read_text().replace("title: ", "title: Edited ", 1))
    return source.stem


def test_an_edit_renders_one_month_of_the_history_again(
    project: Path, tmp_path: Path, renders: Counter[str]
) -> None:
    config = project / "mkdocs.yml"
    state = BuildState()
    first = build(config, NOW, engine, state)
    assert not first.failed and first.rebuilt is None
    months = renders["_history_month.html"]
    assert months > 20  # the corpus spans years: many months
    assert renders["history.html"] == 1

    renders.clear()
    ident = edit_title(project, 40)
    second = build(config, NOW, engine, state)
    assert not second.failed and second.rebuilt is not None
    assert renders["_history_month.html"] == 1  # the edited incident's month, only
    assert renders["history.html"] == 1
    assert renders["incident.html"] == 1  # its own page
    site = site_of(project)
    lists = PageRenderer(Snapshot(site), context_of(site, [], Renderers()))._listed
    listing = [c for c, events in lists.items() if any(e.id == ident for e in events)]
    assert len(listing) >= 1
    assert renders["component.html"] == len(listing)  # the page of each that lists it
    # The history put together from kept months is the one a full build writes.
    full = tmp_path / "full"
    assert not build(config, NOW, engine, BuildState(), site_dir=full).failed
    assert_same_files(project / "site", full)


def test_a_later_time_makes_only_the_first_page_of_each_component_again(
    project: Path, tmp_path: Path, renders: Counter[str]
) -> None:
    """A component's first page says when the site was last updated, and shows the
    uptime bars; the pages after it hold its history alone, and a rebuild at a later
    hour or on a later day does not make them again (a site of 10,000 incidents has
    about 1,000 of them)."""
    config = project / "mkdocs.yml"
    state = BuildState()
    assert not build(config, NOW, engine, state).failed
    components = len(site_of(project).settings.components)
    archive = sorted((project / "site" / "components").glob("*/page/*/index.html"))
    assert len(archive) >= 2
    before = {path: path.read_bytes() for path in archive}
    for later in (NOW + timedelta(hours=6), NOW + timedelta(days=1, hours=1)):
        renders.clear()
        assert not build(config, later, engine, state).failed
        assert renders["component.html"] == components
        assert {path: path.read_bytes() for path in archive} == before
        full = tmp_path / f"full-{later:%d%H}"
        assert not build(config, later, engine, BuildState(), site_dir=full).failed
        assert_same_files(project / "site", full)


def test_an_edit_no_postmortem_shows_makes_no_postmortem_page(
    project: Path, tmp_path: Path, renders: Counter[str]
) -> None:
    """Postmortem and archive pages carry keys too: an edit of an incident that no
    postmortem covers neither renders them nor takes them from the memo."""
    config = project / "mkdocs.yml"
    state = BuildState()
    first = build(config, NOW, engine, state)
    assert not first.failed
    covered = {ident for p in site_of(project).postmortems for ident in p.incidents}
    sources = sorted((project / "incidents").rglob("*incident-*[0-9].md"))
    index = next(n for n, path in enumerate(sources) if path.stem not in covered)
    edit_title(project, index)
    renders.clear()
    second = build(config, NOW, engine, state)
    assert not second.failed and second.rebuilt is not None
    assert second.outputs is not None
    archive = [p for p in second.outputs.pages if p.url.startswith("postmortems/")]
    assert len(archive) > 10
    # The archive's first page is in the navigation (wrapped again, from the memo), and
    # the two learning pages are made on every build.
    made = [p.url for p in archive if p.made]
    assert made == ["postmortems/", "postmortems/patterns/", "postmortems/actions/"]
    assert renders["postmortem.html"] == renders["postmortems.html"] == 0
    full = tmp_path / "full"
    assert not build(config, NOW, engine, BuildState(), site_dir=full).failed
    assert_same_files(project / "site", full)


def test_the_digests_kept_with_each_check_are_the_events_own(project: Path) -> None:
    """Each event's digests are made when its file is checked, kept with the check in the
    build cache, and given to the next build with the site: they are those the event
    itself gives, after an edit too."""
    config = project / "mkdocs.yml"
    for edit in (None, 12):
        if edit is not None:
            edit_title(project, edit)
        result = build(config, NOW, engine, BuildState(), cache=True)
        site = result.checked.site
        assert not result.failed and site is not None
        assert len(site.digests) == len(site.events) > 100
        assert all(site.digests[event.id][0] is event for event in site.events)
        made = {ident: found for ident, (_, found) in site.digests.items()}
        assert made == {event.id: digests(event) for event in site.events}
        snapshot = Snapshot(site)
        assert snapshot.wholes == {event.id: digests(event)[0] for event in site.events}


def test_digests_kept_hold_for_their_own_events_alone(project: Path) -> None:
    """A site made from another by replacing an event keeps the other's digests, which
    are not the new event's: it gets its own."""
    config = project / "mkdocs.yml"
    site = build(config, NOW, engine, BuildState(), cache=True).checked.site
    assert site is not None and site.digests
    renamed = dataclasses.replace(site.incidents[3], title="Renamed")
    changed = dataclasses.replace(
        site, incidents=(*site.incidents[:3], renamed, *site.incidents[4:])
    )
    assert changed.digests is site.digests
    assert Snapshot(changed).wholes[renamed.id] == digests(renamed)[0]
    assert Snapshot(changed).wholes[renamed.id] != Snapshot(site).wholes[renamed.id]


def render_pages(site: Site, renderers: Renderers, template_dirs: list[Path]) -> dict[str, str]:
    context = context_of(site, template_dirs, renderers)
    return {page.url: page.html for page in site_pages(Snapshot(site), context)}  # type: ignore[union-attr]


def test_pages_from_kept_parts_are_the_pages_of_a_fresh_render(project: Path) -> None:
    renderers = Renderers()
    render_pages(site_of(project), renderers, [])
    edit_title(project, 7)
    edit_title(project, 90)
    site = site_of(project)
    again = render_pages(site, renderers, [])
    assert again == render_pages(site, Renderers(), [])


OLD_HISTORY = """\
{% from "_macros.html" import event_line %}
{% for month in months %}
<section aria-labelledby="month-{{ month.key }}">
<h2 id="month-{{ month.key }}">{{ month.label }}</h2>
<ul class="sp-lines">{% for view in month.events %}{{ event_line(view, root) }}{% endfor %}</ul>
</section>
{% endfor %}
"""


def test_a_history_template_of_the_site_reads_the_months_as_before(
    project: Path, tmp_path: Path
) -> None:
    """A site's own ``history.html`` written for the months' fields still works."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "history.html").write_text(OLD_HISTORY)
    site = site_of(project)
    ours = render_pages(site, Renderers(), [own])["history/"]
    default = render_pages(site, Renderers(), [])["history/"]
    assert ours.count("<section ") > 20
    assert ours == default[default.index("<section ") :]


PROSE = {"title", "body", "tags", "message"}
"""What an edit of leaves an event's timeline as it was (so, its uptimes)."""


def changed(value: Any) -> Any:
    """A value other than ``value``, of a kind a field of the model holds."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, datetime):
        return value + timedelta(minutes=1)
    if isinstance(value, dict):
        return {**value, "other": "major_outage"}
    if isinstance(value, tuple):
        return (*value, "x")
    return "x"  # None


def test_the_digests_say_all_of_an_event_and_its_timeline_all_but_its_prose(
    project: Path,
) -> None:
    site = site_of(project)
    events: list[Event] = [
        next(e for e in site.events if isinstance(e, Incident)),
        next(e for e in site.events if isinstance(e, Maintenance) and e.updates),
    ]
    for event in events:
        whole, timeline = digests(event)
        assert (whole, timeline) == digests(dataclasses.replace(event))  # the same again
        for field in dataclasses.fields(event):
            if field.name == "updates":
                continue
            other = dataclasses.replace(event, **{field.name: changed(getattr(event, field.name))})
            assert digests(other)[0] != whole, field.name
            assert (digests(other)[1] != timeline) == (field.name not in PROSE), field.name
        first = event.updates[0]
        for field in dataclasses.fields(Update):
            update = dataclasses.replace(first, **{field.name: changed(getattr(first, field.name))})
            other = dataclasses.replace(event, updates=(update, *event.updates[1:]))
            assert digests(other)[0] != whole, field.name
            assert (digests(other)[1] != timeline) == (field.name not in PROSE), field.name
        fewer = dataclasses.replace(event, updates=event.updates[:-1])
        assert digests(fewer)[0] != whole and digests(fewer)[1] != timeline


def test_each_components_events_are_found_in_one_pass_as_one_pass_per_component_finds_them(
    project: Path,
) -> None:
    site = site_of(project)
    # Some incidents name, in an update only, a component their front matter leaves out.
    names = [c.id for c in site.settings.components]
    incidents = list(site.incidents)
    for n in range(0, len(incidents), 7):
        event = incidents[n]
        other = next(c for c in names if c not in event.components)
        last = event.updates[-1]
        update = dataclasses.replace(last, components={**last.components, other: "partial_outage"})
        incidents[n] = dataclasses.replace(event, updates=(*event.updates[:-1], update))
    site = dataclasses.replace(site, incidents=tuple(incidents))
    snapshot = Snapshot(site)
    renderer = PageRenderer(snapshot, context_of(site, [], Renderers()))
    for component in site.settings.components:
        ident = component.id
        assert snapshot.touching[ident] == [e for e in site.events if touches(e, ident)]
        assert renderer._listed[ident] == [
            e
            for e in snapshot.recent
            if ident in e.components or ident in snapshot.shown_components(e)
        ]
