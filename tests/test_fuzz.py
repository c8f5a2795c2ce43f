"""Property tests: any input gives a model or our own problem, and derived figures stay sane.

The suite runs a few hundred examples; ``HYPOTHESIS_PROFILE=long pytest -m long``
runs many more.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuspress import derive
from statuspress.cli import cli
from statuspress.depends import by_component
from statuspress.errors import Problem, Severity
from statuspress.fields import EARLIEST, LATEST, read_timestamp
from statuspress.load import SourceFile, load_file, parse_text
from statuspress.model import (
    COMPONENT_STATUSES,
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    INDICATORS,
    MAINTENANCE_STATUSES,
    UPDATE_COMPONENT_STATUSES,
    Component,
    Incident,
    Maintenance,
    Settings,
    Site,
    Update,
)
from statuspress.pipeline import lint_content, load_site
from statuspress.render import Renderers, render_site
from statuspress.validate import validate

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SETTINGS = Settings(
    name="Fuzz",
    url="https://status.example.com/",
    components=(Component("api", "API", 1), Component("db", "DB", 2, group="G")),
)
KEYS = [
    "title",
    "severity",
    "impact",
    "components",
    "started",
    "detected",
    "updates",
    "type",
    "at",
    "status",
    "message",
    "tags",
    "scheduled_start",
    "scheduled_end",
    "incidents",
    "action_items",
    "api",
    "db",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "SEV-1",
            "SEV-4",
            "2026-11-28T10:00:00Z",
            "2026-02-30",
            "resolved",
            "major_outage",
            "incident",
            "maintenance",
            "postmortem",
            "api",
        ]
    ),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=25,
)


def check_any(text: str) -> None:
    parsed = parse_text(text, "x.md", "x")
    assert isinstance(parsed, SourceFile | Problem)
    if isinstance(parsed, SourceFile):
        problems: list[Problem] = []
        validate([parsed], SETTINGS, problems)
        assert all(isinstance(p, Problem) for p in problems)


@given(st.text(max_size=400))
def test_any_text_gives_a_file_or_a_problem(text: str) -> None:
    check_any(text)
    check_any("---\n" + text + "\n---\n")


@given(DATA)
def test_any_front_matter_validates_without_crashing(data: object) -> None:
    front = yaml.safe_dump({"root": data})[len("root:") :]
    check_any("---\ntitle: T\nupdates:" + front + "\n---\n")
    if isinstance(data, dict):
        check_any("---\n" + yaml.safe_dump(data) + "---\n")


@given(st.binary(max_size=300))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_on_disk_give_a_file_or_a_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\n" + data + b"\n---\n")
    assert isinstance(load_file(path, "x.md"), SourceFile | Problem)


START = datetime(2026, 11, 1, tzinfo=UTC)
MINUTES = st.integers(min_value=0, max_value=60 * 24 * 30)


@st.composite
def incidents(draw: st.DrawFn, index: int) -> Incident:
    started = START + timedelta(minutes=draw(MINUTES))
    times = sorted(draw(st.lists(st.integers(0, 60 * 24 * 3), min_size=1, max_size=5)))
    statuses = draw(
        st.lists(st.sampled_from(INCIDENT_STATUSES[:3]), min_size=len(times), max_size=len(times))
    )
    if draw(st.booleans()):
        statuses[-1] = "resolved"
    updates = tuple(
        Update(
            at=started + timedelta(minutes=t),
            status=s,
            message="m",
            components=draw(
                st.dictionaries(
                    st.sampled_from(["api", "db"]),
                    st.sampled_from(UPDATE_COMPONENT_STATUSES),
                    max_size=2,
                )
            ),
            key=f"u{n}",
        )
        for n, (t, s) in enumerate(zip(times, statuses, strict=True))
    )
    components = draw(
        st.dictionaries(
            st.sampled_from(["api", "db"]), st.sampled_from(INCIDENT_COMPONENT_STATUSES), max_size=2
        )
    )
    stated = draw(st.sampled_from(IMPACTS))
    reached = [*components.values(), *(s for u in updates for s in u.components.values())]
    return Incident(
        id=f"i{index}",
        path="x",
        title="T",
        # As the reader makes it: the worse of the stated and what any status reached.
        impact=max([stated, *(IMPACT_OF_STATUS[s] for s in reached)], key=IMPACTS.index),
        stated_impact=stated,
        components=components,
        started=started,
        detected=None,
        acknowledged=None,
        mitigated=None,
        updates=updates,
    )


@st.composite
def sites(draw: st.DrawFn) -> Site:
    count = draw(st.integers(0, 5))
    found = tuple(draw(incidents(n)) for n in range(count))
    start = START + timedelta(minutes=draw(MINUTES))
    maintenances = tuple(
        Maintenance(
            id=f"m{n}",
            path="m",
            title="M",
            components={"db": "under_maintenance"},
            scheduled_start=start,
            scheduled_end=start + timedelta(hours=2),
            updates=(),
        )
        for n in range(draw(st.integers(0, 1)))
    )
    now = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
    days = draw(st.integers(1, 45))
    site_settings = Settings(
        SETTINGS.name,
        SETTINGS.url,
        time_zone=draw(
            st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu"])
        ),
        uptime_days=days,
        components=SETTINGS.components,
    )
    return Site(site_settings, found, maintenances, now)


@given(sites())
def test_derived_statuses_and_uptime_stay_in_range(site: Site) -> None:
    statuses = derive.component_statuses(site)
    assert set(statuses.values()) <= set(COMPONENT_STATUSES)
    for component in site.settings.components:
        uptime = derive.uptime(site, component)
        assert len(uptime.days) == site.settings.uptime_days
        if uptime.percent is not None:
            assert 0.0 <= uptime.percent <= 100.0
        for day in uptime.days:
            assert 0 <= day.downtime <= day.observed + 1e-6
    indicator, _ = derive.indicator(site)
    # The worst of the open events' impact and what each component's status means:
    # never below any of them, and one of them (or none).
    levels = [derive.impact(e, site.now) for e in site.events if derive.is_open(e, site.now)]
    levels += [IMPACT_OF_STATUS[s] for s in statuses.values()]
    # What readers see by now lies between what was stated and what every update reaches.
    for event in site.incidents:
        seen = IMPACTS.index(derive.impact(event, site.now))
        assert IMPACTS.index(event.stated_impact) <= seen <= IMPACTS.index(event.impact)
    assert all(INDICATORS.index(indicator) >= INDICATORS.index(level) for level in levels)
    assert indicator in [*levels, "none"]
    if "major_outage" in statuses.values():
        assert indicator in ("major", "critical")


@given(sites())
def test_a_shorter_window_is_the_end_of_a_longer_one(site: Site) -> None:
    """What the snapshot counts on: an uptime window is the end of any longer one that
    ends on the same day, and the events that do not name a component do not count."""
    days = site.settings.uptime_days
    named = by_component(site.events, [c.id for c in site.settings.components])
    for component in site.settings.components:
        longer = derive.uptime(site, component, days + 30, named[component.id])
        for length in sorted({1, days // 2 + 1, days}):
            alone = derive.uptime(site, component, length)
            assert alone == derive.Uptime(longer.days[-length:])
            assert alone.percent == derive.Uptime(longer.days[-length:]).percent


@pytest.mark.long
@given(st.text(max_size=2000))
@settings(max_examples=5000)
def test_long_run_of_any_text(text: str) -> None:
    check_any("---\n" + text + "\n---\n")


# Check and build agree: any content file is refused by check with our own Problem,
# or it builds. Never a traceback from either.

EDGES = [
    "\x00",
    "\x01",
    "\x0c",
    "\x1b",
    "\r",
    "\r\n",
    "\x7f",
    "\x85",
    "\u2028",
    "\ud800",
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\U0001fffe",
    "<!--",
    "-->",
    "<script>",
    "&",
    "'",
    '"',
    ": ",
    "#",
    "\t",
    "\n",
    "---",
    "*a",
    "&a ",
    "{{",
    "%",
]
ANY_TEXT = st.lists(st.one_of(st.characters(codec=None), st.sampled_from(EDGES)), max_size=20).map(
    "".join
)
NICE_TEXT = st.text(
    alphabet=st.characters(categories=["L", "N", "Zs", "P"], max_codepoint=0x2FFF),
    min_size=1,
    max_size=30,
)
ODD_TEXT = st.one_of(NICE_TEXT, ANY_TEXT)
ZONES = st.sampled_from(
    [
        None,
        UTC,
        timezone(timedelta(hours=14)),
        timezone(-timedelta(hours=12)),
        timezone(timedelta(hours=5, minutes=45)),
        timezone(-timedelta(hours=23, minutes=59)),
    ]
)
SANE_TIMES = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
    st.datetimes(min_value=datetime(2026, 11, 1), max_value=datetime(2026, 11, 27)),
    st.sampled_from([None, UTC, timezone(timedelta(hours=5, minutes=45))]),
)
TIMES = st.one_of(
    SANE_TIMES,
    SANE_TIMES,
    st.sampled_from(
        [
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:00:00-05:00",
            "9999-12-31T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:30:00",
            "1969-12-31T23:59:59Z",
            "8999-12-31T23:59:59Z",
            "8999-12-31T23:59:59-14:00",
            "2026-03-29T02:30:00",
            "2026-10-25T02:30:00",
            "2026-11-28T10:00:00Z",
            "2026-11-28T10:00:00",
            "2026-02-30T10:00:00Z",
            "2026-11-28",
        ]
    ),
    st.builds(
        lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
        ZONES,
    ),
    st.builds(
        lambda moment: moment.isoformat(),
        st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    ),
)
DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1970-01-01", "8999-12-31", "2026-02-30"]),
    st.dates().map(str),
)
NICE_IDS = st.one_of(st.just("x"), st.from_regex(r"[a-z0-9][a-z0-9._-]{0,99}", fullmatch=True))
ODD_IDS = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9._-]{0,110}", fullmatch=True),
    st.sampled_from(["i0", "a.b", "Upper", "-x", "x" * 100, "y" * 101, "z" * 246]),
)
Odd = tuple[
    st.SearchStrategy[str], st.SearchStrategy[str], st.SearchStrategy[str], st.SearchStrategy[str]
]
"""The strategies of a file's text, times, dates and component ids."""
NICE: Odd = (
    NICE_TEXT,
    st.one_of(st.just("2026-11-28T10:00:00Z"), SANE_TIMES),
    st.dates(date(1970, 1, 1), date(8999, 12, 31)).map(str),
    st.sampled_from(["api", "db"]),
)
ODD: Odd = (ODD_TEXT, TIMES, DATES, st.one_of(st.sampled_from(["api", "db"]), ODD_TEXT))


def updates(component_maps: bool, odd: Odd) -> st.SearchStrategy[list[dict[str, object]]]:
    text, times, _, component = odd
    statuses = INCIDENT_STATUSES if component_maps else MAINTENANCE_STATUSES
    fields: dict[str, st.SearchStrategy[object]] = {
        "at": st.one_of(st.just("2026-11-28T11:00:00Z"), times),
        "status": st.sampled_from(statuses),
        "message": text,
    }
    optional = (
        {"components": st.dictionaries(component, st.sampled_from(UPDATE_COMPONENT_STATUSES))}
        if component_maps
        else {}
    )
    return st.lists(st.fixed_dictionaries(fields, optional=optional), min_size=1, max_size=3)


def front(kind: str, odd: Odd) -> st.SearchStrategy[dict[str, object]]:
    text, times, dates, component = odd
    return {
        "incident": st.fixed_dictionaries(
            {
                "title": text,
                "started": st.one_of(st.just("2026-11-28T10:00:00Z"), times),
                "updates": updates(True, odd),
                "components": st.dictionaries(
                    component, st.sampled_from(INCIDENT_COMPONENT_STATUSES), max_size=3
                ),
            },
            optional={
                "severity": st.sampled_from(["SEV-1", "SEV-2", "SEV-3"]),
                "detected": times,
                "mitigated": times,
                "tags": st.lists(text, max_size=3),
            },
        ),
        "maintenance": st.fixed_dictionaries(
            {
                "type": st.just("maintenance"),
                "title": text,
                "components": st.lists(component, max_size=2),
                "scheduled_start": times,
                "scheduled_end": times,
            },
            optional={"updates": updates(False, odd), "tags": st.lists(text, max_size=3)},
        ),
        "postmortem": st.fixed_dictionaries(
            {
                "type": st.just("postmortem"),
                "title": text,
                "incidents": st.just(["i0"]),
                "status": st.sampled_from(["draft", "published"]),
                "published": dates,
                "summary": text,
            },
            optional={
                "tags": st.lists(text, max_size=3),
                "services": st.lists(component, max_size=2),
                "authors": st.lists(text, max_size=2),
                "action_items": st.lists(
                    st.fixed_dictionaries(
                        {"title": text, "status": st.sampled_from(["open", "done"])},
                        optional={
                            "owner": text,
                            "due": dates,
                            "ticket": st.one_of(text, text.map(lambda t: f"https://t.example/{t}")),
                        },
                    ),
                    max_size=2,
                ),
            },
        ),
    }[kind]


@st.composite
def content_files(draw: st.DrawFn) -> tuple[str, bytes, str]:
    """A content file (its name and bytes) and the site's time zone."""
    kind = draw(st.sampled_from(["incident", "maintenance", "postmortem"]))
    odd = draw(st.booleans())
    data = draw(front(kind, ODD if odd else NICE))
    text = "---\n" + yaml.safe_dump(data, allow_unicode=draw(st.booleans())) + "---\n"
    bodies = [st.just(""), st.just("Details.\n"), NICE_TEXT]
    text += draw(st.one_of(*bodies, ANY_TEXT, st.text(max_size=200)) if odd else st.one_of(*bodies))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    zone = draw(st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Apia", "America/St_Johns"]))
    name = draw(ODD_IDS if odd else NICE_IDS)
    return name + ".md", text.encode("utf-8", "surrogatepass"), zone


FUZZ_CONFIG = """\
site_name: Fuzz
site_url: https://status.example.com/
docs_dir: pages
plugins:
  - statuspress:
      time_zone: {zone}
      components:
        - {{id: api, name: API}}
        - {{id: db, name: DB, group: G, start_date: 2026-01-01}}
"""
BASE = """\
---
title: Base incident
started: 2026-11-20T10:00:00Z
components: {api: partial_outage}
updates:
  - {at: 2026-11-20T10:05:00Z, status: resolved, message: Fixed.}
---
"""
FUZZ_NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
_RENDERERS = Renderers()


def check_or_build(project: Path, name: str, data: bytes, zone: str) -> bool:
    """Write the file into ``project`` and check it as ``statuspress check`` does; if it
    passes, render the site and write every output as the build does. True when built."""
    content = project / "incidents"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    (project / "pages").mkdir(exist_ok=True)
    (content / "i0.md").write_text(BASE)
    (content / name).write_bytes(data)
    config = project / "mkdocs.yml"
    config.write_text(FUZZ_CONFIG.format(zone=zone))
    site, problems = load_site(config, FUZZ_NOW)
    assert all(isinstance(p, Problem) for p in problems)
    if site is None:
        assert any(p.severity is Severity.ERROR for p in problems)
        assert all("\n" not in str(p) for p in problems)
        return False
    lint_content(config, site.settings)  # check lints too
    outputs = render_site(site, [project / "site_templates"], renderers=_RENDERERS)
    out = project / "site"
    shutil.rmtree(out, ignore_errors=True)
    written = {f"{page.url}index.html": page.html.encode() for page in outputs.pages}
    for path, body in {**outputs.files, **written}.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return True


@given(content_files())
@settings(
    max_examples=300 if os.environ.get("HYPOTHESIS_PROFILE", "default") == "default" else 5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_check_refuses_or_build_succeeds(tmp_path: Path, example: tuple[str, bytes, str]) -> None:
    check_or_build(tmp_path / "project", *example)


def test_the_generated_files_build_often_enough(tmp_path: Path) -> None:
    """The property above proves little if nearly every generated file is refused."""
    built = 0

    @given(content_files())
    @settings(max_examples=100, database=None, derandomize=True)
    def count(example: tuple[str, bytes, str]) -> None:
        nonlocal built
        built += check_or_build(tmp_path / "count", *example)

    count()
    assert built >= 20  # 29 with this Hypothesis version


@pytest.mark.long
@given(content_files())
@settings(max_examples=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_long_run_check_refuses_or_the_engine_builds(
    tmp_path: Path, example: tuple[str, bytes, str]
) -> None:
    project = tmp_path / "engine"
    if check_or_build(project, *example):
        config = str(project / "mkdocs.yml")
        command = ["build", "--no-cache", "--now", "2026-11-28T12:00:00Z", "-f", config]
        result = CliRunner().invoke(cli, [*command, "-d", str(project / "built")])
        assert result.exit_code == 0, result.output


@given(
    st.one_of(TIMES, st.text(max_size=40)),
    st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT+12"]),
)
def test_any_timestamp_is_refused_or_can_be_shown_in_every_zone(value: str, zone: str) -> None:
    moment = read_timestamp(value, ZoneInfo(zone))
    if isinstance(moment, str):
        assert moment.startswith("expected ") and "\n" not in moment
        return
    assert EARLIEST <= moment <= LATEST
    for other in ("Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"):
        local = moment.astimezone(ZoneInfo(other))
        assert local.astimezone(UTC) == moment
