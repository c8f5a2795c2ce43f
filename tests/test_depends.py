"""The dependency record of pages: each page's key stands for everything its content
is made from, so a build makes again only the pages whose keys changed, and the
pages it does not make are the ones a full build would write alike."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import derive, engine
from statuspress.build import BuildState, build
from statuspress.depends import _times, event_key, settled
from statuspress.model import Event
from statuspress.pipeline import check_site
from statuspress.render import Renderers, context_of
from statuspress.render.base import Context
from statuspress.render.pages import PageRenderer, View, fingerprint
from statuspress.snapshot import Snapshot

from .conftest import INCIDENT, REPO, MakeSite, assert_same_files, at

NOW = "2026-11-28T12:00:00Z"


def every_time(value: Any) -> set[datetime]:
    """Every time in a model value, found by walking all of its fields."""
    if isinstance(value, datetime):
        return {value}
    if isinstance(value, tuple):
        return set().union(*(every_time(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(*(every_time(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return set()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("depends") / "corpus"
    write_corpus(project, 120, 12, 3)
    return project


def events_of(project: Path, now: datetime) -> tuple[Any, list[Event]]:
    checked = check_site(project / "mkdocs.yml", now)
    assert checked.site is not None, checked.problems
    return checked.site, list(checked.site.events)


@pytest.mark.parametrize("where", ["sample", "corpus"])
def test_the_times_of_an_event_are_all_its_times(where: str, corpus: Path) -> None:
    """A time the key's ``settled`` did not look at could change a page unseen."""
    project = REPO if where == "sample" else corpus
    _, events = events_of(project, at(NOW))
    assert events
    for event in events:
        assert set(_times(event)) == every_time(event), event.id


def test_the_walk_finds_a_time_the_list_leaves_out() -> None:
    """The check above can fail: a model with one more time field is caught."""

    @dataclasses.dataclass(frozen=True)
    class Later:
        at: datetime
        reviewed: datetime

    moment = at(NOW)
    assert every_time(Later(moment, moment + timedelta(days=1))) == {
        moment,
        moment + timedelta(days=1),
    }


def views_at(site: Any, now: datetime) -> dict[str, dict[str, Any]]:
    """Every event's view at ``now``, all of its fields made."""
    site = dataclasses.replace(site, now=now)
    renderer = PageRenderer(Snapshot(site), context())
    return {event.id: dict(renderer.view(event)) for event in site.events}


def context() -> Context:
    site, _ = events_of(REPO, at(NOW))
    return context_of(site, [REPO / "site_templates"], Renderers())


@pytest.mark.parametrize("where", ["sample", "corpus"])
def test_a_settled_event_shows_the_same_at_any_later_time(where: str, corpus: Path) -> None:
    project = REPO if where == "sample" else corpus
    site, events = events_of(project, at(NOW))
    now = at(NOW)
    later = [now + timedelta(hours=3), now + timedelta(days=40)]
    views = views_at(site, now)
    settled_now = [e.id for e in events if settled(e, now)]
    open_now = [e.id for e in events if not settled(e, now)]
    assert settled_now
    assert open_now or where == "corpus"  # the sample has open events too
    for moment in later:
        then = views_at(site, moment)
        for ident in settled_now:
            assert then[ident] == views[ident], ident


def test_an_open_incident_is_not_settled_and_its_view_moves_with_time() -> None:
    """The key keeps the time for an event that is not settled: its duration grows."""
    site, events = events_of(REPO, at(NOW))
    now = at(NOW)
    open_ones = [e for e in events if derive.ended_at(e, now) is None and derive.is_public(e, now)]
    assert open_ones
    event = open_ones[0]
    assert not settled(event, now)
    assert event_key(event, now) != event_key(event, now + timedelta(hours=1))
    before, after = views_at(site, now), views_at(site, now + timedelta(hours=1))
    assert before[event.id] != after[event.id]


class Counted:
    """Fields that count how often they are made."""

    later = ("html",)

    def __init__(self) -> None:
        self.made_count = 0
        self.html_count = 0

    def made(self) -> dict[str, Any]:
        self.made_count += 1
        return {"title": "A"}

    def field(self, name: str) -> Any:
        assert name == "html"
        self.html_count += 1
        return "<p>A</p>"


def test_a_view_is_fingerprinted_by_its_key_and_made_only_when_read() -> None:
    fields = Counted()
    view = View("k1", fields)
    assert fingerprint([view, {"a": view}]) == fingerprint([View("k1", fields), {"a": view}])
    assert fingerprint([view]) != fingerprint([View("k2", fields)])
    assert (fields.made_count, fields.html_count) == (0, 0)  # the fingerprint made nothing
    assert view["title"] == "A" and fields.made_count == 1
    assert view["html"] == "<p>A</p>" and fields.html_count == 1
    dated = view.but(day="1 May")
    assert fingerprint(dated) != fingerprint(view.but(day="2 May"))
    assert dict(dated) == {"title": "A", "html": "<p>A</p>", "day": "1 May"}


def test_an_event_s_view_makes_each_part_once() -> None:
    site, _ = events_of(REPO, at(NOW))
    renderer = PageRenderer(Snapshot(site), context_of(site, []))
    event = next(e for e in site.incidents if e.body.strip() and e.updates)
    calls: list[str] = []
    for name in ("_fields", "_updates", "_body"):
        real = getattr(renderer, name)

        def counted(*args: Any, name: str = name, real: Any = real) -> Any:
            calls.append(name)
            return real(*args)

        setattr(renderer, name, counted)
    view = renderer.view(event)
    dated = view.but(day="3 Dec")
    assert calls == []
    for _ in range(2):
        assert view["title"] == dated["title"] == event.title
        assert view["updates"] is dated["updates"]
        assert view["body_html"] == dated["body_html"]
    assert sorted(calls) == ["_body", "_fields", "_updates"]


def made_pages(result: Any) -> set[str]:
    """The pages whose content a build made (the others it never asked for)."""
    return {page.url for page in result.outputs.pages if page.made}


def test_a_rebuild_makes_only_the_pages_whose_key_changed(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(corpus, project, ignore=shutil.ignore_patterns("site", ".statuspress-cache"))
    config = project / "mkdocs.yml"
    state = BuildState()
    now = at(NOW)
    first = build(config, now, engine, state)
    assert not first.failed and first.rebuilt is None
    assert len(made_pages(first)) == len(first.outputs.pages)  # a full build makes all

    source = sorted((project / "incidents").rglob("*incident-*[0-9].md"))[5]
    text = source.read_text()
    source.write_text(text.replace("title: ", "title: Edited ", 1))
    ident = source.stem
    second = build(config, now, engine, state)
    assert not second.failed and second.rebuilt is not None
    made = made_pages(second)
    assert f"incidents/{ident}/" in made
    assert "history/" in made
    others = {p.url for p in second.outputs.pages if p.url.startswith("incidents/")}
    assert len(others) > 50
    assert (others & made) == {f"incidents/{ident}/"}
    # What was not made is what a full build writes.
    full = tmp_path / "full"
    assert not build(config, now, engine, BuildState(), site_dir=full).failed
    assert_same_files(project / "site", full)


def test_a_rebuild_an_hour_later_remakes_what_moved(tmp_path: Path, corpus: Path) -> None:
    """Events that are not settled are made again when the time moves (the same day)."""
    project = tmp_path / "p"
    shutil.copytree(corpus, project, ignore=shutil.ignore_patterns("site", ".statuspress-cache"))
    config = project / "mkdocs.yml"
    state = BuildState()
    now = at(NOW)
    assert not build(config, now, engine, state).failed
    later = now + timedelta(hours=5)
    second = build(config, later, engine, state)
    assert not second.failed and second.rebuilt is not None
    _, events = events_of(project, later)
    moving = {
        f"incidents/{e.id}/" for e in events if derive.is_public(e, later) and not settled(e, now)
    }
    assert moving <= made_pages(second)
    full = tmp_path / "full"
    assert not build(config, later, engine, BuildState(), site_dir=full).failed
    assert_same_files(project / "site", full)


def test_an_open_incident_whose_times_have_all_passed_is_not_settled(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """Every time it names has passed, but it has not ended: its page moves with time."""
    project = make_site({"a.md": INCIDENT.format(title="A")})
    now = at(NOW)
    site, [event] = events_of(project, now)
    assert max(_times(event)) < now and derive.ended_at(event, now) is None
    assert not settled(event, now)
    later = now + timedelta(hours=2)
    assert dict(views_at(site, now)[event.id]) != dict(views_at(site, later)[event.id])
    # A rebuild two hours later writes what a full build writes.
    state = BuildState()
    config = project / "mkdocs.yml"
    assert not build(config, now, engine, state, site_dir=tmp_path / "s").failed
    assert build(config, later, engine, state, site_dir=tmp_path / "s").rebuilt is not None
    assert not build(config, later, engine, BuildState(), site_dir=tmp_path / "f").failed
    assert_same_files(tmp_path / "s", tmp_path / "f")
