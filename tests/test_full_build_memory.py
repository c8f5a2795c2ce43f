"""A full build that leaves nothing for a later one (``build --no-cache``) holds each
page's HTML only while the engine writes it: MkDocs reads every page before it writes
any, and a site of 10,000 incidents would otherwise hold all of them at once."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write as write_corpus
from statuspress.cli import cli
from statuspress.engine.plugin import StatuspressPlugin
from statuspress.render import pages

from .conftest import assert_same_files
from .test_fuzz import BASE, FUZZ_CONFIG, NICE, NICE_IDS, NICE_TEXT, front

NOW = "2026-11-28T12:00:00Z"
INCIDENTS = 40


class Made(str):
    """A rendered incident page, as the test sees it made (a ``str`` that can be
    watched with a weak reference)."""


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[Made]]:
    """Weak references to every incident page rendered while the test runs."""
    watched: list[weakref.ref[Made]] = []
    render = pages._made

    def watching(env: Any, template: str, full: dict[str, Any]) -> str:
        content = render(env, template, full)
        if template != "incident.html":
            return content
        page = Made(content)
        watched.append(weakref.ref(page))
        return page

    monkeypatch.setattr(pages, "_made", watching)
    return watched


def alive(watched: list[weakref.ref[Made]]) -> int:
    return sum(1 for page in watched if page() is not None)


def build(project: Path, *options: str, site: str = "site") -> None:
    folder = str(project / site)
    config = str(project / "mkdocs.yml")
    arguments = ["build", "--now", NOW, "-f", config, "-d", folder, *options]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("streaming") / "corpus"
    write_corpus(project, INCIDENTS, 4, 3)
    return project


@pytest.fixture
def alive_while_written(
    monkeypatch: pytest.MonkeyPatch, made: list[weakref.ref[Made]]
) -> list[int]:
    """How many incident pages are alive as the engine writes each incident page."""
    counts: list[int] = []
    written = StatuspressPlugin.on_post_page

    def counting(self: StatuspressPlugin, output: str, **kwargs: Any) -> str:
        if kwargs["page"].file.src_uri.startswith("incidents/"):
            counts.append(alive(made))
        return written(self, output, **kwargs)

    monkeypatch.setattr(StatuspressPlugin, "on_post_page", counting)
    return counts


def test_a_full_build_holds_one_incident_page_at_a_time(
    corpus: Path, alive_while_written: list[int]
) -> None:
    build(corpus, "--no-cache")
    assert len(alive_while_written) >= INCIDENTS
    # The page being written, and no other.
    assert max(alive_while_written) == 1, alive_while_written


def test_a_build_for_the_cache_keeps_its_pages(
    corpus: Path, alive_while_written: list[int]
) -> None:
    """The pages a later build may take from the cache are kept until it is written: the
    check above sees pages held, so it would see them held too long."""
    build(corpus, site="cached")
    assert max(alive_while_written) >= INCIDENTS // 2


def test_the_pages_written_late_are_the_same(corpus: Path) -> None:
    build(corpus, "--no-cache", site="late")
    build(corpus, site="kept")  # the cache's pages are made as before
    assert_same_files(corpus / "late", corpus / "kept")


def test_generated_content_builds_alike_written_late_kept_and_rebuilt(tmp_path: Path) -> None:
    """Content files drawn by Hypothesis (the fuzz tests' valid ones): a
    build that writes pages late, a build for the cache, and a rebuild after an edit
    give the same site, or fail alike."""
    counted = iter(range(1_000_000))
    built = 0

    @given(nice_files())
    @settings(max_examples=10, deadline=None, database=None, derandomize=True)
    def alike(example: tuple[str, bytes, str]) -> None:
        nonlocal built
        name, data, zone = example
        project = tmp_path / f"p{next(counted)}"
        (project / "pages").mkdir(parents=True)
        (project / "incidents").mkdir()
        (project / "incidents" / "i0.md").write_text(BASE)
        (project / "incidents" / name).write_bytes(data)
        (project / "mkdocs.yml").write_text(FUZZ_CONFIG.format(zone=zone))
        late, kept = attempt(project, "--no-cache", site="late"), attempt(project, site="kept")
        assert late.exit_code == kept.exit_code, (late.output, kept.output)
        if late.exit_code:
            return
        assert_same_files(project / "late", project / "kept")
        source = project / "incidents" / "i0.md"
        source.write_text(BASE.replace("title: ", "title: Edited ", 1))
        assert attempt(project, site="kept").exit_code == 0
        assert attempt(project, "--no-cache", site="again").exit_code == 0
        assert_same_files(project / "again", project / "kept")
        built += 1

    alike()
    assert built >= 6  # most of them build (the others are refused alike)


def attempt(project: Path, *options: str, site: str) -> Any:
    folder = str(project / site)
    config = str(project / "mkdocs.yml")
    arguments = ["build", "--now", NOW, "-f", config, "-d", folder, *options]
    return CliRunner().invoke(cli, arguments)


@st.composite
def nice_files(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A valid-looking content file (its name and bytes) and the site's time zone."""
    kind = draw(st.sampled_from(["incident", "maintenance", "postmortem"]))
    text = "---\n" + yaml.safe_dump(draw(front(kind, NICE)), allow_unicode=True) + "---\n"
    text += draw(st.one_of(st.just(""), NICE_TEXT))
    zone = draw(st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Apia"]))
    return draw(NICE_IDS) + ".md", text.encode("utf-8", "surrogatepass"), zone
