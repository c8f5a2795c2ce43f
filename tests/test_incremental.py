"""``statuspress build`` with its cache rebuilds only what changed, and writes the same
site as a full build."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.corpus import write as write_corpus
from statuspress.build import BuildState
from statuspress.buildcache import FILE, FOLDER, BuildCache
from statuspress.cli import cli
from statuspress.config import read_settings
from statuspress.engine import engine_name

from .conftest import INCIDENT, MakeSite, assert_same_files
from .test_minimal_site import minimal_project

NOW = "2026-11-28T12:00:00Z"


def build(project: Path, *options: str, now: str = NOW, site: str = "site") -> str:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--now",
            now,
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / site),
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def rebuilt(output: str) -> int | None:
    """How many pages an incremental build wrapped again; None for a full build."""
    found = re.search(r"pages \((\d+) rebuilt\)", output)
    return int(found.group(1)) if found else None


def assert_same_as_full_build(project: Path, now: str = NOW) -> None:
    build(project, "--no-cache", now=now, site="full")
    assert_same_files(project / "site", project / "full")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("incremental") / "corpus"
    write_corpus(project, 80, 8, 5)
    return project


@pytest.fixture
def project(corpus: Path) -> Path:
    """The corpus, built once with the cache, before each test's change."""
    output = build(corpus)
    if rebuilt(output) is None:  # a full build: the next one must be incremental
        assert rebuilt(build(corpus)) is not None
    return corpus


def incident_files(project: Path) -> list[Path]:
    return sorted((project / "incidents").glob("*/*incident-*[0-9].md"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edited_title_rebuilds_a_few_pages_and_gives_the_full_site(project: Path) -> None:
    edit(incident_files(project)[30], "title: ", "title: Edited ")
    count = rebuilt(build(project))
    assert count is not None and count <= 8
    assert_same_as_full_build(project)


def test_an_edited_message_gives_the_full_site(project: Path) -> None:
    # The newest incident: its update is on the status page, in the feeds and the API.
    edit(incident_files(project)[-1], "message: ", "message: Edited _words_ now. ")
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)


def test_a_postmortem_page_that_changes_gives_the_full_site(project: Path) -> None:
    covered = sorted((project / "incidents").glob("*/*-postmortem.md"))[0]
    ident = re.search(r"incidents: \[([\w-]+)", covered.read_text())
    assert ident is not None
    (incident,) = [p for p in incident_files(project) if p.stem == ident.group(1)]
    edit(incident, "title: ", "title: Renamed ")
    # The search index is patched (see test_search_patch.py).
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)


def test_a_changed_timeline_gives_the_full_site(project: Path) -> None:
    # The reliability report, kept by the incidents' timelines, is worked out again.
    path = incident_files(project)[20]
    text = path.read_text()
    started = re.search(r"^started: (\S+)$", text, re.MULTILINE)
    assert started is not None
    text, count = re.subn(
        r"^detected: \S+$", f"detected: {started.group(1)}", text, count=1, flags=re.M
    )
    path.write_text(
        text if count else text.replace("started: ", f"detected: {started.group(1)}\nstarted: ", 1)
    )
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)


def test_an_edited_maintenance_gives_the_full_site(project: Path) -> None:
    # Calendars are kept by the maintenances they list: these two are made again.
    path = sorted((project / "incidents" / "maintenance").glob("*.md"))[-1]
    edit(path, "title: ", "title: Moved & ")
    edit(path, "message: ", "message: Now <em>later</em>. ")
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)


def test_a_new_incident_rebuilds_everything(project: Path) -> None:
    source = incident_files(project)[10]
    (source.parent / "2026-11-27-brand-new.md").write_text(source.read_text())
    assert rebuilt(build(project)) is None
    assert_same_as_full_build(project)


def test_a_new_day_dates_the_sitemap_anew_and_rebuilds_what_changed(project: Path) -> None:
    """The engine dates every page of its sitemap with the build day: on a new day the
    sitemap is dated anew, as the engine would write it, and only the pages that
    changed (the uptime bars, the navigation) are made again."""
    for now in ("2026-11-29T12:00:00Z", "2026-12-03T01:00:00Z", NOW):  # and back again
        count = rebuilt(build(project, now=now))
        assert count is not None and count < 40, count
        assert_same_as_full_build(project, now=now)
        day = now[:10]
        sitemap = (project / "site" / "sitemap.xml").read_text("utf-8")
        assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {day}


def test_a_new_day_with_a_sitemap_of_its_own_rebuilds_everything(project: Path) -> None:
    """A sitemap that is not as the engine writes it (a theme's own, which shows the
    day elsewhere too) cannot be dated anew: the new day's build is a full one."""
    custom = project / "overrides"
    custom.mkdir()
    (custom / "sitemap.xml").write_text(
        "<urlset>{% for file in pages %}<url><loc>{{ file.page.abs_url }}</loc>"
        "<lastmod>{{ file.page.update_date }}</lastmod></url>"
        "<!-- listed on {{ file.page.update_date }} -->{% endfor %}</urlset>"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("name: material", "name: material\n  custom_dir: overrides")
    )
    try:
        build(project)
        assert rebuilt(build(project, now="2026-11-30T12:00:00Z")) is None
        assert_same_as_full_build(project, now="2026-11-30T12:00:00Z")
    finally:
        config.write_text(config.read_text().replace("\n  custom_dir: overrides", ""))
        build(project)


def test_a_site_changed_by_hand_is_rebuilt_in_full(project: Path) -> None:
    page = project / "site" / "history" / "index.html"
    page.write_text("changed by hand")
    assert rebuilt(build(project)) is None
    assert page.read_text() != "changed by hand"
    assert_same_as_full_build(project)


def test_a_damaged_cache_means_a_full_build(project: Path) -> None:
    (project / FOLDER / FILE).write_bytes(b"not a pickle")
    assert rebuilt(build(project)) is None
    assert_same_as_full_build(project)
    assert rebuilt(build(project)) is not None


def test_a_changed_template_drops_the_cache(project: Path) -> None:
    templates = project / "site_templates"
    templates.mkdir(exist_ok=True)
    (templates / "incident.html").write_text(
        (Path(__file__).parent.parent / "generator/templates/incident.html").read_text()
        + "<p>Local note.</p>\n"
    )
    try:
        assert rebuilt(build(project)) is None
        assert (
            "Local note."
            in (
                project / "site/incidents" / incident_files(project)[0].stem / "index.html"
            ).read_text()
        )
        assert_same_as_full_build(project)
    finally:
        (templates / "incident.html").unlink()
    assert rebuilt(build(project)) is None


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path) -> None:
    project = tmp_path / "corpus"
    write_corpus(project, 10, 1, 2)
    assert rebuilt(build(project, "--no-cache")) is None
    assert not (project / FOLDER).exists()
    assert rebuilt(build(project)) is None
    assert (project / FOLDER / FILE).is_file()
    assert rebuilt(build(project)) is not None


def test_the_previous_site_is_never_written_into(project: Path) -> None:
    """Unchanged files are hard links to the last build's; a rebuilt file is a new file."""
    page = project / "site" / "incidents" / incident_files(project)[5].stem / "index.html"
    kept = project / "kept.html"
    kept.unlink(missing_ok=True)
    kept.hardlink_to(page)
    before = kept.read_bytes()
    edit(incident_files(project)[5], "title: ", "title: Changed again ")
    assert rebuilt(build(project)) is not None
    assert kept.read_bytes() == before
    assert page.read_bytes() != before
    kept.unlink()


def test_a_change_below_a_second_reaches_the_feeds(project: Path) -> None:
    path = incident_files(project)[-2]
    stamp = re.search(r"  - at: (\S+)Z", path.read_text())
    assert stamp is not None
    edit(path, f"at: {stamp.group(1)}Z", f"at: {stamp.group(1)}.500Z")
    build(project)
    edit(path, f"at: {stamp.group(1)}.500Z", f"at: {stamp.group(1)}.900Z")
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)


def test_a_setting_from_the_environment_drops_the_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original + 'copyright: !ENV [STATUS_NOTICE, "Notice A"]\n')
    try:
        monkeypatch.setenv("STATUS_NOTICE", "Notice A")
        build(project)
        monkeypatch.setenv("STATUS_NOTICE", "Notice B")
        assert rebuilt(build(project)) is None
        assert "Notice B" in (project / "site" / "history" / "index.html").read_text()
        assert_same_as_full_build(project)
    finally:
        config.write_text(original)


def test_lint_findings_are_kept_in_the_cache_and_said_again(make_site: MakeSite) -> None:
    """The lint's findings are kept by the bytes linted, so a build after an edit lints
    only what changed, and still says every finding."""
    project = make_site(
        {
            "a.md": INCIDENT.format(title="Errors").replace(
                "Some requests fail; we are looking into it.", "Obviously some requests fail."
            )
        }
    )
    first = build(project)
    notices = [line for line in first.splitlines() if "lint/" in line]
    assert [line.split(": ")[2] for line in notices] == [
        "lint/update-next-update",
        "lint/hindsight",
    ], first
    settings = read_settings(project / "mkdocs.yml")[0]
    assert settings is not None
    cache = BuildCache.open(project / "mkdocs.yml", settings, BuildState(), engine=engine_name())
    assert (cache.notice, list(cache.state.linted)) == ("", ["incidents/a.md"])
    assert [p.rule for p in cache.state.linted["incidents/a.md"][1]] == [
        "lint/hindsight",
        "lint/update-next-update",
    ]
    second = build(project)
    assert [line for line in second.splitlines() if "lint/" in line] == notices


def test_a_minimal_site_built_after_an_edit_is_the_full_build(tmp_path: Path) -> None:
    """No docs folder, no templates: the engine's empty folder and the defaults the
    plugin gives are the same in a partial build as in a full one."""
    project = minimal_project(tmp_path)
    for name in ("b", "c"):
        (project / "incidents" / f"{name}.md").write_text(INCIDENT.format(title=f"Outage {name}"))
    build(project)
    edit(project / "incidents" / "b.md", "Outage b", "Outage b, resolved")
    assert rebuilt(build(project)) is not None
    assert_same_as_full_build(project)
    assert not (project / "docs").exists()


# The site folder walked beside the check (statuspress build, in a process of its own) ---


def test_the_command_rebuilds_a_site_changed_by_hand_in_full(tmp_path: Path) -> None:
    """The installed command walks the site folder beside the check: a page changed by
    hand since the last build still makes the next one a full build."""
    write_corpus(tmp_path, 40, 4, 3)
    command = [sys.executable, "-m", "statuspress.cli", "build", "--now", NOW]
    command += ["-f", str(tmp_path / "mkdocs.yml")]

    def run() -> str:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    run()
    assert rebuilt(run()) is not None
    edit(incident_files(tmp_path)[5], "title: ", "title: Edited ")
    assert rebuilt(run()) is not None
    page = tmp_path / "site" / "history" / "index.html"
    page.write_text("changed by hand")
    assert rebuilt(run()) is None
    assert page.read_text() != "changed by hand"
    build(tmp_path, "--no-cache", site="full")
    assert_same_files(tmp_path / "site", tmp_path / "full")
