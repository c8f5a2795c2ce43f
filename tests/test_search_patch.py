"""An incremental build has the engine index only the searchable pages that changed,
and patches the last build's search index with their entries: the site is still,
byte for byte, the full build's."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import engine
from statuspress.build import BuildState
from statuspress.build import build as build_in_memory
from statuspress.engine import runner
from statuspress.engine.patch import SEARCH_INDEX, patched_index
from statuspress.incremental import Built, plan
from statuspress.render import Outputs, Page

from . import test_incremental
from .conftest import assert_same_files, at
from .test_incremental import (
    NOW,
    assert_same_as_full_build,
    build,
    edit,
    incident_files,
    rebuilt,
)

corpus, project = test_incremental.corpus, test_incremental.project
"""The incremental tests' corpus and its fixture, built with the cache before each test."""

NAV = ["", "history/", "postmortems/", "reliability/", "subscribe/"]
"""The pages in the corpus's navigation, which every run of the engine is given (the
subscribe page is searchable too)."""
MARKER = "Zanzibar lighthouse"


@pytest.fixture
def engine_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The URLs of the pages each run of the engine is given, run after run."""
    runs: list[list[str]] = []
    real = runner.run_engine

    def recording(*args: Any, **kwargs: Any) -> Any:
        outputs = args[4]  # config, config file, folder, time, outputs
        runs.append([page.url for page in outputs.pages])
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "run_engine", recording)
    return runs


def postmortem_files(project: Path) -> list[Path]:
    return sorted((project / "incidents").glob("*/*-postmortem.md"))


def indexed(site: Path) -> list[str]:
    """The pages the search index of ``site`` has entries of, in its order."""
    docs = json.loads((site / SEARCH_INDEX).read_bytes())["docs"]
    return list(dict.fromkeys(entry["location"].partition("#")[0] for entry in docs))


def marked(site: Path, marker: str = MARKER) -> list[str]:
    """The pages whose search entries hold ``marker``."""
    docs = json.loads((site / SEARCH_INDEX).read_bytes())["docs"]
    return sorted({e["location"].partition("#")[0] for e in docs if marker in e["text"]})


def mark_postmortem(path: Path, marker: str = MARKER) -> None:
    edit(path, "\n## Impact\n\n", f"\n## Impact\n\n{marker} words. ")


def test_an_edited_postmortem_is_the_one_searchable_page_indexed_again(
    project: Path, engine_runs: list[list[str]]
) -> None:
    searchable = set(indexed(project / "site"))
    mark_postmortem(postmortem_files(project)[2])
    assert rebuilt(build(project)) is not None
    (page,) = marked(project / "site")
    (run,) = engine_runs
    assert [url for url in run if url in searchable and url not in NAV] == [page]
    assert sorted(run) == sorted([page, *NAV])
    assert_same_as_full_build(project)


def test_an_incident_title_its_postmortem_lists_patches_the_index(
    project: Path, engine_runs: list[list[str]]
) -> None:
    searchable = set(indexed(project / "site"))
    covered = postmortem_files(project)[4]
    ident = re.search(r"incidents: \[([\w-]+)", covered.read_text())
    assert ident is not None
    (incident,) = [p for p in incident_files(project) if p.stem == ident.group(1)]
    edit(incident, "title: ", "title: Quillwort ")
    assert rebuilt(build(project)) is not None
    pages = marked(project / "site", "Quillwort")
    assert len(pages) == 1  # the postmortem page
    (run,) = engine_runs
    assert [url for url in run if url in searchable and url not in NAV] == pages
    assert_same_as_full_build(project)


def test_two_edits_in_a_row_give_the_full_site(project: Path, engine_runs: list[list[str]]) -> None:
    """The second patch starts from the first one's index."""
    searchable = set(indexed(project / "site"))
    first, second = postmortem_files(project)[5:7]
    mark_postmortem(first, "Larkspur")
    build(project)
    (page,) = marked(project / "site", "Larkspur")
    edit(first, "Larkspur words. ", "")
    mark_postmortem(second, "Larkspur")
    assert rebuilt(build(project)) is not None
    (other,) = marked(project / "site", "Larkspur")
    indexed_in = [{u for u in run if u in searchable and u not in NAV} for run in engine_runs]
    assert indexed_in == [{page}, {page, other}]
    assert_same_as_full_build(project)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as one folder of a documentation site with searchable pages of its own,
    built once with the cache."""
    project = tmp_path_factory.mktemp("search") / "team"
    write_corpus(project, 40, 5, 3)
    config = project / "mkdocs.yml"
    text = re.sub(r"nav:\n(  - .*\n)+", "", config.read_text())
    config.write_text(text.replace("  - statuspress:\n", "  - statuspress:\n      path: status/\n"))
    (project / "pages" / "index.md").write_text(
        "# Team\n\nHow we work.\n\n## On call\n\nWe page.\n"
    )
    (project / "pages" / "guide.md").write_text("# Guide\n\n## Deploys\n\nOn Tuesdays.\n")
    build(project)
    assert rebuilt(build(project)) is not None
    return project


def test_a_site_with_pages_of_its_own_and_a_path_gets_the_full_index(
    team: Path, engine_runs: list[list[str]]
) -> None:
    site = team / "site"
    searchable = set(indexed(site))
    assert {"", "guide/"} <= searchable  # the site's own pages are in the index
    mark_postmortem(postmortem_files(team)[1])
    assert rebuilt(build(team)) is not None
    (page,) = marked(site)
    assert page.startswith("status/")
    (run,) = engine_runs
    nav = [f"status/{url}" for url in NAV]
    assert [url for url in run if url in searchable and url not in nav] == [page]
    assert_same_as_full_build(team)


def test_a_corrupted_index_is_made_again_from_every_searchable_page(
    project: Path, engine_runs: list[list[str]]
) -> None:
    """The folder still matches the last build's record (same size, same time), so the
    build is incremental; the index it finds cannot be patched."""
    index = project / "site" / SEARCH_INDEX
    searchable = indexed(project / "site")
    stat = index.stat()
    data = index.read_bytes()
    index.write_bytes(b"[" + data[1:])
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    mark_postmortem(postmortem_files(project)[3])
    assert rebuilt(build(project)) is not None
    assert len(engine_runs) == 2
    assert [url for url in engine_runs[1] if url in searchable] == searchable
    assert_same_as_full_build(project)


@pytest.mark.parametrize("damage", ["deleted", "without the page"])
def test_the_preview_makes_the_index_again_when_it_cannot_patch_it(
    project: Path, tmp_path: Path, engine_runs: list[list[str]], damage: str
) -> None:
    """The preview's folder is its own: it is not compared with a record, and the index
    may be gone, or lack the entries of the page that changed."""
    site, state = tmp_path / "preview", BuildState()
    assert (
        build_in_memory(project / "mkdocs.yml", at(NOW), engine, state, site_dir=site).rebuilt
        is None
    )
    marker = f"Heliotrope {damage}"
    mark_postmortem(postmortem_files(project)[0], marker)
    build(project, "--no-cache", site="full")
    (page,) = marked(project / "full", marker)
    index = site / SEARCH_INDEX
    if damage == "deleted":
        index.unlink()
    else:
        data = json.loads(index.read_bytes())
        data["docs"] = [e for e in data["docs"] if e["location"].partition("#")[0] != page]
        index.write_text(json.dumps(data, separators=(",", ":")))
    engine_runs.clear()
    result = build_in_memory(project / "mkdocs.yml", at(NOW), engine, state, site_dir=site)
    assert result.rebuilt is not None
    assert len(engine_runs) == 2
    assert_same_files(site, project / "full")


def site_of(*pages: Page) -> tuple[Built, Outputs]:
    outputs = Outputs(pages=list(pages))
    return Built.of(outputs, "2026-11-28"), outputs


def test_only_the_searchable_pages_that_changed_are_indexed_again() -> None:
    nav = Page("", "Status", "", "<p>Up</p>", in_search=False, in_nav=True)
    kept, changed = Page("a/", "A", "", "<p>a</p>"), Page("b/", "B", "", "<p>b</p>")
    quiet = Page("c/", "C", "", "<p>c</p>", in_search=False)
    previous, _ = site_of(nav, kept, changed, quiet)
    built, outputs = site_of(
        nav, kept, Page("b/", "B", "", "<p>b, again</p>"), Page("c/", "C2", "", "<p>c</p>", False)
    )
    work = plan(previous, built, outputs)
    assert work is not None
    assert [p.url for p in work.pages] == ["", "b/", "c/"]
    assert work.index == {"b/"}
    assert [p.url for p in work.reindex] == ["", "a/", "b/", "c/"]


def test_a_page_that_leaves_the_search_index_rebuilds_everything() -> None:
    """Its entries would stay in the last index, which only the pages made now patch."""
    previous, _ = site_of(Page("a/", "A", "", "<p>a</p>"), Page("b/", "B", "", "<p>b</p>"))
    built, outputs = site_of(
        Page("a/", "A", "", "<p>a</p>"), Page("b/", "B", "", "<p>b</p>", in_search=False)
    )
    assert plan(previous, built, outputs) is None


def index_of(*entries: tuple[str, str]) -> bytes:
    docs = [{"location": location, "title": "T", "text": text} for location, text in entries]
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs}, separators=(",", ":")).encode()


def test_a_patched_index_keeps_each_page_where_it_was() -> None:
    previous = index_of(("", "root"), ("a/", "a"), ("a/#x", "a x"), ("b/", "b"), ("c/", "c"))
    made = index_of(("a/", "a new"), ("a/#y", "a y"), ("a/#z", "a z"))
    pages = [Page("a/", "A", "", ""), Page("b/", "B", "", "", in_search=False)]
    assert patched_index(previous, made, pages) == index_of(
        ("", "root"), ("a/", "a new"), ("a/#y", "a y"), ("a/#z", "a z"), ("c/", "c")
    )


@pytest.mark.parametrize(
    "previous",
    [
        b"",
        b"[]",
        b'{"docs":[],"config":{}}',
        b'{"config":{},"docs":[{"title":"no location"}]}',
        index_of(("b/", "b")),  # no entries of a/: where they go is unknown
    ],
)
def test_an_index_that_cannot_be_patched_is_refused(previous: bytes) -> None:
    assert patched_index(previous, index_of(("a/", "a")), [Page("a/", "A", "", "")]) is None
