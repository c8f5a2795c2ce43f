"""What a reader of the status page gets: component pages with a day-by-day drill-down,
uptime bars coloured by the worst status of the day, the history filed by the month
events happen, postmortem addresses without the repeated word, local times."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from statuspress import derive
from statuspress.cli import cli
from statuspress.render import pages as pages_module
from statuspress.render import script, stylesheet

from .bigsite import BIG_NOW, COMPONENTS, component_id, write_big_site
from .conftest import MakeSite


def doc(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def build(project: Path, now: str = BIG_NOW) -> Path:
    out = project / "site"
    config = str(project / "mkdocs.yml")
    command = ["build", "--no-cache", "--now", now, "-f", config, "-d", str(out)]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_big_site(tmp_path_factory.mktemp("big") / "project"))


# Uptime bars --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "level"),
    [
        ({}, "ok"),
        ({"partial": 5.0}, "partial"),  # drawn in the "major" colour up to 0.2
        ({"partial": 300.0}, "partial"),
        ({"major": 1.0, "partial": 300.0}, "major"),
        ({"degraded": 10.0}, "degraded"),
        ({"maintenance": 60.0}, "maintenance"),
        ({"maintenance": 60.0, "degraded": 1.0}, "degraded"),
    ],
)
def test_a_day_takes_the_level_of_its_worst_status(minutes: dict[str, float], level: str) -> None:
    assert derive.Day(date(2026, 11, 1), 1440.0, **minutes).level == level
    assert derive.Day(date(2026, 11, 1), 0.0, **minutes).level == "nodata"


def test_each_level_has_a_pattern_not_only_a_colour() -> None:
    css = stylesheet()[1].decode()
    patterns = {}
    for level in ("degraded", "partial", "maintenance"):
        rule = re.search(rf"\.sp-bar__day--{level} \{{([^}}]*)\}}", css)
        assert rule, level
        patterns[level] = rule.group(1)
        assert "gradient" in rule.group(1), level
    assert len(set(patterns.values())) == 3
    # 30 days on a narrow screen, by CSS alone.
    assert "sp-bar__day:nth-last-child(n+31) { display: none; }" in css


def test_every_bar_day_links_to_its_anchor_on_the_component_page(big_site: Path) -> None:
    status = doc(big_site, "")
    for n in (0, 7, COMPONENTS - 1):
        ident = component_id(n)
        cells = status.cssselect(f"#component-{ident} .sp-bar__day a")
        assert len(cells) == 90
        component = doc(big_site, f"components/{ident}")
        anchors = {e.get("id") for e in component.cssselect(".sp-daylist span[id]")}
        for cell in cells:
            href = cell.get("href")
            assert href.startswith(f"components/{ident}/#"), href
            assert href.split("#")[1] in anchors, href
            assert cell.get("title") and cell.get("title") == cell.get("aria-label")


def test_a_bad_day_lists_the_incidents_of_that_day(big_site: Path) -> None:
    status = doc(big_site, "")
    bad = status.cssselect(f"#component-{component_id(1)} .sp-bar__day--degraded a")
    bad += status.cssselect(f"#component-{component_id(1)} .sp-bar__day--partial a")
    assert bad
    day = bad[-1].get("href").split("#")[1]
    page = doc(big_site, f"components/{component_id(1)}")
    item = page.cssselect(f"[id='{day}']")[0].getparent()
    titles = [text_of(a) for a in item.cssselect(".sp-line a")]
    assert any(t.startswith("Errors on service") for t in titles), text_of(item)


def test_the_legend_is_under_the_first_component_only(big_site: Path) -> None:
    status = doc(big_site, "")
    keys = status.cssselect(".sp-key")
    assert len(keys) == 1
    first = status.cssselect(".sp-component")[0]
    assert first.cssselect(".sp-key")
    words = [text_of(li) for li in keys[0].cssselect("li")]
    assert words == [
        "No downtime",
        "Maintenance",
        "Degraded performance",
        "Partial outage",
        "Major outage",
        "No data",
    ]


# Component pages ----------------------------------------------------------------------


def test_every_component_has_a_page_linked_from_the_status_page(big_site: Path) -> None:
    status = doc(big_site, "")
    links = {a.get("href") for a in status.cssselect("a.sp-component__name")}
    assert links == {f"components/{component_id(n)}/" for n in range(COMPONENTS)}
    page = doc(big_site, f"components/{component_id(3)}")
    assert text_of(page.cssselect("h1")[0]) == "Service 03"
    facts = [text_of(dt) for dt in page.cssselect(".sp-facts dt")]
    assert facts == ["Last 30 days", "Last 90 days", "Last 365 days"]
    assert all(re.fullmatch(r"\d+\.\d\d%", text_of(dd)) for dd in page.cssselect(".sp-facts dd"))
    hrefs = [a.get("href") for a in page.cssselect("section a")]
    for wanted in (
        "../../components/svc-03.rss",
        "../../components/svc-03.atom",
        "../../api/v2/components/svc-03.json",
    ):
        assert wanted in hrefs
    assert page.cssselect("img[src='../../components/svc-03/badge.svg']")


def test_a_component_page_lists_what_touched_it_newest_first(big_site: Path) -> None:
    page = doc(big_site, f"components/{component_id(0)}")
    section = page.cssselect("section[aria-labelledby=component-history]")[0]
    titles = [text_of(a) for a in section.cssselect(".sp-line a")]
    assert "Errors on service 00 number 0" in titles
    assert "Database upgrade 0" in titles  # maintenance 0 is on svc-00
    # Incident n started 3n days before now: newest first means rising numbers.
    numbers = [int(t.rsplit(" ", 1)[1]) for t in titles if t.startswith("Errors")]
    assert numbers == sorted(numbers) and len(numbers) >= 2
    # Every incident that touched svc-00 as its second component is listed too.
    assert any(not t.startswith("Errors on service 00") for t in titles if t.startswith("Errors"))


def test_the_component_history_is_paged(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_module, "COMPONENT_PAGE_SIZE", 4)
    project = write_big_site(make_site({}).parent / "paged")
    site = build(project)
    first = doc(site, f"components/{component_id(0)}")
    older = first.cssselect("a[rel=next]")
    assert [a.get("href") for a in older] == ["../../components/svc-00/page/2/"]
    second = doc(site, f"components/{component_id(0)}/page/2")
    assert "(page 2 of" in text_of(second.cssselect("h1")[0])
    assert second.cssselect("a[rel=prev]")[0].get("href") == "../../../../components/svc-00/"
    section = first.cssselect("section[aria-labelledby=component-history]")[0]
    assert len(section.cssselect(".sp-line")) == 4


def test_the_api_links_each_component_page_without_changing_statuspage_shapes(
    big_site: Path,
) -> None:
    listed = json.loads((big_site / "api/v2/components.json").read_text())
    assert all("page_url" not in c for c in listed["components"])
    own = json.loads((big_site / "api/v2/components/svc-04.json").read_text())
    assert own["page_url"] == "https://status.big.example/components/svc-04/"
    assert own["component"] in listed["components"]
    assert own["badge_url"] == "https://status.big.example/components/svc-04/badge.svg"


# History ------------------------------------------------------------------------------


def test_a_maintenance_is_filed_under_the_month_it_happens(make_site: MakeSite) -> None:
    project = make_site(
        {
            "m.md": """\
            ---
            type: maintenance
            title: Upgrade
            components: {api: under_maintenance}
            scheduled_start: 2026-12-02T04:00:00Z
            scheduled_end: 2026-12-02T05:00:00Z
            updates:
              - at: 2026-11-20T10:00:00Z
                status: scheduled
                message: We will upgrade the database.
            ---
            """
        }
    )
    site = build(project, "2026-11-28T12:00:00Z")
    history = doc(site, "history")
    assert [text_of(h) for h in history.cssselect("h2")] == ["December 2026"]
    assert text_of(history.cssselect(".sp-line__day")[0]) == "2 Dec"


# Postmortems --------------------------------------------------------------------------


def test_postmortem_addresses_drop_the_suffix_and_old_ones_redirect(big_site: Path) -> None:
    new = big_site / "postmortems/incident-000/index.html"
    assert new.is_file()
    old = (big_site / "postmortems/incident-000-postmortem/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../incident-000/">' in old
    assert '<a href="../incident-000/">' in old
    assert "<script" not in old
    # A postmortem whose file name never had the suffix keeps its address, with no redirect.
    assert (big_site / "postmortems/incident-001-review/index.html").read_text().count(
        "refresh"
    ) == 0
    archive = doc(big_site, "postmortems")
    assert "postmortem/" not in " ".join(a.get("href") for a in archive.cssselect("a[href]"))


def test_a_new_postmortem_title_does_not_repeat_the_word(make_site: MakeSite) -> None:
    from .conftest import INCIDENT

    project = make_site({"a.md": INCIDENT.format(title="Slow sign-in")})
    result = CliRunner().invoke(cli, ["new", "postmortem", "a", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    written = (project / "incidents/postmortems/a-postmortem.md").read_text()
    assert "title: Slow sign-in\n" in written
    assert "Postmortem:" not in written


# Local time ---------------------------------------------------------------------------


def test_the_local_time_script_is_small_and_loaded_once(big_site: Path) -> None:
    path, data = script()
    assert len(gzip.compress(data, 9)) <= 1100
    assert (big_site / path).read_bytes() == data
    for url in ("", "history", "components/svc-01", "incidents/incident-003"):
        html = (big_site / url / "index.html").read_text()
        assert html.count("localtime.") == 1, url
        assert re.search(r'<script src="[./]*assets/javascripts/localtime\.[0-9a-f]{8}\.js"', html)


def test_every_time_names_the_site_zone_without_javascript(big_site: Path) -> None:
    status = doc(big_site, "")
    times = status.cssselect("time[datetime]")
    assert times
    assert all(re.search(r"\b(EST|EDT)$", text_of(t)) for t in times)
    assert text_of(status.cssselect(".sp-updated")[0]).startswith("Last updated 28 Nov 2026")


# Logo and favicon ---------------------------------------------------------------------


def test_init_names_a_plain_logo_and_favicon_that_the_build_supplies(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    args = ["init", str(folder), "--name", "Acme", "--url", "https://status.acme.example/"]
    result = CliRunner().invoke(cli, [*args, "--timezone", "UTC", "--components", "api"])
    assert result.exit_code == 0, result.output
    site = build(folder, "2026-11-28T12:00:00Z")
    status = (site / "index.html").read_text()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', status)
    assert icon and icon.group(1) == "assets/images/status-icon.svg"
    assert (site / icon.group(1)).read_bytes().startswith(b"<svg ")
    logo = lxml_html.fromstring(status).cssselect(".md-logo")[0]
    assert logo.cssselect("svg path")  # Material's list-status icon, inline
    assert 'd="M12 8a3 3 0 0 0 3-3' not in status  # not Material's default book icon


def test_a_site_that_names_no_logo_gets_the_status_icon_and_one_that_does_keeps_its_own(
    make_site: MakeSite,
) -> None:
    project = make_site({})
    status = (build(project, "2026-11-28T12:00:00Z") / "index.html").read_text()
    assert 'd="M12 8a3 3 0 0 0 3-3' not in status
    assert '<link rel="icon" href="assets/images/status-icon.svg">' in status
    config = project / "mkdocs.yml"
    written = config.read_text().replace("  font: false\n", "  font: false\n  favicon: mine.png\n")
    config.write_text(written.replace("  font: false\n", "  font: false\n  logo: logo.png\n"))
    status = (build(project, "2026-11-28T12:00:00Z") / "index.html").read_text()
    assert '<link rel="icon" href="mine.png">' in status
    assert '<img src="logo.png" alt="logo">' in status
