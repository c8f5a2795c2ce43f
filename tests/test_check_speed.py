"""Checking costs what changed: a file checked before is not checked again while its
bytes, the settings and the reference time are what its check read, and the kept
result is never stale (every test compares with a check that keeps nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress import characters, validate
from statuspress.cli import cli
from statuspress.config import read_settings
from statuspress.errors import Problem
from statuspress.filecheck import ValidateMemo
from statuspress.load import ParseCache, SourceFile, load_file
from statuspress.model import Settings
from statuspress.pipeline import Checked, check_site

from .conftest import MakeSite, assert_same_files, at

INCIDENT = """\
---
title: Checkout is slow
components: {api: degraded_performance}
started: 2026-11-28T10:00:00
updates:
  - at: 2026-11-28T10:05:00
    status: investigating
    message: We are looking into slow checkouts.
    next_update: 2026-11-28T10:35:00Z
  - at: 2026-11-28T11:00:00Z
    status: monitoring
    message: A fix is out.
    components: {db: operational}
---
"""

LATER = """\
---
type: maintenance
title: Database upgrade
components: [db]
scheduled_start: 2026-11-30T02:00:00Z
scheduled_end: 2026-11-30T03:00:00Z
---
"""

POSTMORTEM = """\
---
type: postmortem
title: Slow checkouts
incidents: [slow]
related: [other]
status: published
published: 2026-11-29
contributing_factors:
  - category: change
    description: A configuration change.
---
"""

OTHER = INCIDENT.replace("Checkout is slow", "Another").replace("api:", "web:")

COMPONENT = """\
---
type: component
component: web
updates:
  - at: 2026-11-28T09:00:00Z
    status: degraded_performance
    message: Slow.
---
"""

FILES = {
    "slow.md": INCIDENT,
    "other.md": OTHER,
    "upgrade.md": LATER,
    "review.md": POSTMORTEM,
    "web.md": COMPONENT,
}


class Counted:
    """Counts the files whose kind's rules run, by the path shown."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        for name in ("incident_from", "maintenance_from", "postmortem_from"):
            monkeypatch.setattr(validate, name, self.counting(getattr(validate, name)))

    def counting(self, rules):  # type: ignore[no-untyped-def]
        def run(source, *args):  # type: ignore[no-untyped-def]
            self.paths.append(source.path)
            return rules(source, *args)

        return run


class Checker:
    """Checks a project again and again with one parse cache and one memo, and each
    time also with nothing kept, and asserts both agree."""

    def __init__(self, project: Path) -> None:
        self.config = project / "mkdocs.yml"
        self.parsed: ParseCache = {}
        self.memo: ValidateMemo = {}

    def check(self, now: str) -> Checked:
        kept = check_site(self.config, at(now), self.parsed, validated=self.memo)
        fresh = check_site(self.config, at(now))
        assert [str(p) for p in kept.problems] == [str(p) for p in fresh.problems]
        assert kept.problems == fresh.problems
        assert kept.site == fresh.site
        return kept


@pytest.fixture
def project(make_site: MakeSite) -> Path:
    return make_site(FILES)


def test_a_second_check_runs_no_file_again_and_an_edit_runs_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = Checker(project)
    checker.check("2026-11-28T12:00:00Z")
    counted = Counted(monkeypatch)
    kept = check_site(
        checker.config, at("2026-11-28T12:00:00Z"), checker.parsed, validated=checker.memo
    )
    assert kept.site is not None and counted.paths == []
    path = project / "incidents" / "other.md"
    path.write_text(path.read_text().replace("Another", "Another one"))
    checked = check_site(
        checker.config, at("2026-11-28T12:00:00Z"), checker.parsed, validated=checker.memo
    )
    assert counted.paths == ["incidents/other.md"]
    assert checked.site is not None
    assert [i.title for i in checked.site.incidents] == ["Another one", "Checkout is slow"]
    assert sorted(checker.memo) == sorted(f"incidents/{name}" for name in FILES)


def test_without_a_memo_every_file_runs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    check_site(project / "mkdocs.yml", at("2026-11-28T12:00:00Z"), {})
    check_site(project / "mkdocs.yml", at("2026-11-28T12:00:00Z"), {})
    assert len(counted.paths) == 2 * 4  # the component log is checked on every build


def test_the_file_changing_is_never_stale(project: Path) -> None:
    checker = Checker(project)
    checker.check("2026-11-28T12:00:00Z")
    path = project / "incidents" / "slow.md"
    path.write_text(INCIDENT.replace("status: monitoring", "status: bogus"))
    checked = checker.check("2026-11-28T12:00:00Z")
    assert checked.site is None
    assert any(p.path == "incidents/slow.md" and p.rule == "choice" for p in checked.problems)
    path.write_text(INCIDENT)
    assert checker.check("2026-11-28T12:00:00Z").site is not None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("        - id: db\n", "        - id: database\n"),  # a component renamed: errors
        ("        - id: web\n          name: Website\n", ""),  # one taken out
        ("time_zone: UTC", "time_zone: Europe/Berlin"),  # times without an offset move
    ],
)
def test_a_setting_the_checks_read_changing_is_never_stale(
    make_site: MakeSite, before: str, after: str
) -> None:
    project = make_site(FILES)
    checker = Checker(project)
    first = checker.check("2026-11-28T12:00:00Z")
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert before in text
    config.write_text(text.replace(before, after))
    second = checker.check("2026-11-28T12:00:00Z")
    assert (second.problems, second.site) != (first.problems, first.site)


def test_a_setting_the_checks_do_not_read_keeps_every_file(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site(FILES)
    checker = Checker(project)
    checker.check("2026-11-28T12:00:00Z")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: Website", "name: Web site"))
    counted = Counted(monkeypatch)
    checker.check("2026-11-28T12:00:00Z")
    assert counted.paths.count("incidents/slow.md") == 1  # by the check that keeps nothing


@pytest.mark.parametrize(
    "times",
    [
        # an update in the future, then published; the promise kept, then overdue
        ["2026-11-28T10:06:00Z", "2026-11-28T10:59:59Z", "2026-11-28T11:00:00Z"],
        ["2026-11-28T10:30:00Z", "2026-11-28T10:35:00Z", "2026-11-28T10:35:01Z"],
        # overdue, minute by minute (the message counts them, and shows now)
        ["2026-11-28T10:40:00Z", "2026-11-28T10:41:00Z", "2026-11-28T10:41:30Z"],
        # the postmortem's publication day, then the day after it
        ["2026-11-28T23:59:59Z", "2026-11-29T00:00:00Z", "2026-11-30T12:00:00Z"],
        # the maintenance from the future into the past, and back (the preview's clock)
        ["2026-11-30T01:59:59Z", "2026-11-30T02:00:00Z", "2026-11-28T12:00:00Z"],
    ],
)
def test_the_reference_time_moving_is_never_stale(project: Path, times: list[str]) -> None:
    checker = Checker(project)
    seen = [checker.check(now).problems for now in times]
    assert len({tuple(map(str, problems)) for problems in seen}) > 1  # the times matter


def test_the_day_follows_the_time_zone(make_site: MakeSite) -> None:
    project = make_site(FILES, time_zone="Pacific/Auckland")
    checker = Checker(project)
    for now in ("2026-11-28T10:59:59Z", "2026-11-28T11:00:00Z", "2026-11-29T11:00:00Z"):
        checker.check(now)


def test_a_postmortem_whose_incident_goes_is_checked_again(project: Path) -> None:
    checker = Checker(project)
    checker.check("2026-11-28T12:00:00Z")
    (project / "incidents" / "other.md").unlink()
    checked = checker.check("2026-11-28T12:00:00Z")
    assert "reference" in [p.rule for p in checked.problems if p.path == "incidents/review.md"]
    (project / "incidents" / "other.md").write_text(OTHER)
    assert checker.check("2026-11-28T12:00:00Z").site is not None


def test_two_files_with_one_id_and_two_logs_of_one_component(project: Path) -> None:
    checker = Checker(project)
    checker.check("2026-11-28T12:00:00Z")
    (project / "incidents" / "2026").mkdir()
    (project / "incidents" / "2026" / "slow.md").write_text(OTHER)
    (project / "incidents" / "2026" / "web2.md").write_text(COMPONENT)
    checked = checker.check("2026-11-28T12:00:00Z")
    assert sorted(p.rule for p in checked.problems if p.severity == "error") == [
        "duplicate-id",
        "duplicate-id",
    ]
    (project / "incidents" / "2026" / "slow.md").unlink()
    (project / "incidents" / "2026" / "web2.md").unlink()
    assert checker.check("2026-11-28T12:00:00Z").site is not None


def test_the_checks_read_only_the_settings_the_memo_is_keyed_on(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule that read another setting would make the memo stale when it changes: the
    key (:func:`statuspress.filecheck.settings_read`) would have to name it."""
    read: set[str] = set()
    real = Settings.__getattribute__

    def recording(self: Settings, name: str) -> object:
        read.add(name)
        return real(self, name)

    monkeypatch.setattr(Settings, "__getattribute__", recording)
    settings, _ = read_settings(project / "mkdocs.yml")
    assert settings is not None
    read.clear()
    sources = [
        load_file(path, f"incidents/{path.name}") for path in (project / "incidents").iterdir()
    ]
    broken = INCIDENT.replace("api:", "nope:").replace(
        "title: Checkout is slow", 'title: "\\x01Checkout is slow"'
    )
    path = project / "incidents" / "broken.md"
    path.write_text(broken)
    sources.append(load_file(path, "incidents/broken.md"))
    parsed = [source for source in sources if isinstance(source, SourceFile)]
    problems: list[Problem] = []
    validate.validate(parsed, settings, problems, at("2026-11-28T12:00:00Z"))
    assert {"character", "unknown-component", "future-date"} <= {p.rule for p in problems}
    keyed = {"time_zone", "tz", "components", "component", "categories", "category"}
    assert read <= keyed | {"retired_components", "every_component"}
    assert "components" in read and "tz" in read


def test_the_quick_printable_answer_agrees_with_the_search() -> None:
    for code in [*range(0x2000), 0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFF, 0xD800]:
        char = chr(code)
        for text in (f"a{char}b", char, f"{char}\r\n", f"x\r{char}"):
            for body in (False, True):
                pattern = characters._UNPRINTABLE_IN_BODY if body else characters._UNPRINTABLE
                found = pattern.search(text)
                assert (characters.first_unprintable(text, body) is None) == (found is None), (
                    code,
                    text,
                    body,
                )
            assert characters.all_printable([text, "ok"]) == (
                characters._UNPRINTABLE.search(text) is None
            )


def test_statuspress_build_keeps_what_checking_gave_in_its_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new ``statuspress build`` process reads each file's result from the build cache:
    after one edit, only that file's rules run, and the site is the full build's."""
    config = str(project / "mkdocs.yml")
    now = "2026-11-28T12:00:00Z"

    def build(*options: str) -> str:
        result = CliRunner().invoke(cli, ["build", "--now", now, "-f", config, *options])
        assert result.exit_code == 0, result.output
        return result.output

    build()
    counted = Counted(monkeypatch)
    path = project / "incidents" / "other.md"
    path.write_text(path.read_text().replace("Another", "Another one"))
    assert "ignoring" not in build()
    assert counted.paths == ["incidents/other.md"]
    build("--no-cache", "-d", str(project / "full"))
    assert_same_files(project / "site", project / "full")
