"""The reader's view in a real browser (Chromium, JavaScript on and off, 390 and 1366 px):
local times, the drill-down from a bar day to its incidents, 30 or 90 bars and the
legend, readable chart labels, and axe-core on a big generated site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from .bigsite import BIG_NOW, write_big_site
from .checks import axe
from .checks.server import Site, serve
from .checks.tools import AXE_JS, NPM_HINT, need_file

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
SIZES = {"390px": PHONE, "1366px": WIDE}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = write_big_site(tmp_path_factory.mktemp("bigbrowser") / "project")
    out = project / "site"
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(
        cli, ["build", "--no-cache", "--now", BIG_NOW, "-f", config, "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    with serve(out) as site:
        yield site


def open_page(
    browser: Browser, url: str, size: dict[str, int], *, javascript: bool = True, zone: str = "UTC"
) -> Page:
    context = browser.new_context(viewport=size, java_script_enabled=javascript, timezone_id=zone)
    page = context.new_page()
    if javascript:
        # The reader's clock: an hour after the build.
        page.clock.set_fixed_time(datetime.fromisoformat("2026-11-28T13:00:00+00:00"))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    return page


# Local time -------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_times_are_rewritten_in_the_readers_zone(browser: Browser, big: Site, size: str) -> None:
    page = open_page(browser, big.url, SIZES[size], zone="Asia/Tokyo")
    try:
        updated = page.locator(".sp-updated time").first
        # 12:00 UTC is 21:00 in Tokyo (written the page language's way); the site's own
        # time stays as the tooltip.
        assert updated.inner_text() == "Nov 28, 2026, 09:00 PM GMT+9 (1 hour ago)"
        assert updated.get_attribute("title") == "28 Nov 2026, 07:00 EST"
        nodes = page.locator("time[datetime]").all()
        assert len(nodes) > 1
        for node in nodes[:50]:
            assert "GMT+9" in node.inner_text(), node.inner_text()
            assert (node.get_attribute("title") or "").endswith(("EST", "EDT"))
        assert page.locator(".sp-zone-local").first.is_visible()
        assert not page.locator(".sp-zone-site").first.is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_without_javascript_times_stay_in_the_site_zone(
    browser: Browser, big: Site, size: str
) -> None:
    page = open_page(browser, big.url, SIZES[size], javascript=False, zone="Asia/Tokyo")
    try:
        assert page.locator(".sp-updated time").first.inner_text() == "28 Nov 2026, 07:00 EST"
        assert page.locator("time[data-sp-site]").count() == 0
        assert page.locator(".sp-zone-site").first.is_visible()
        assert not page.locator(".sp-zone-local").first.is_visible()
    finally:
        page.context.close()


# Bars, legend and drill-down ----------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize(("size", "shown"), [("390px", 30), ("1366px", 90)])
def test_bars_show_30_or_90_days_with_the_legend(
    browser: Browser, big: Site, size: str, shown: int, javascript: bool
) -> None:
    page = open_page(browser, big.url, SIZES[size], javascript=javascript)
    try:
        first = page.locator(".sp-component").first
        cells = first.locator(".sp-bar__day")
        assert cells.count() == 90
        visible = [c for c in cells.all() if c.is_visible()]
        assert len(visible) == shown
        boxes = [c.locator("a").bounding_box() for c in visible]
        assert all(b is not None for b in boxes)
        if shown == 30:  # a phone: each day a target a finger can hit, 24 px apart or more
            centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes if b]
            gaps = [
                max(abs(x1 - x2), abs(y1 - y2))
                for i, (x1, y1) in enumerate(centres)
                for x2, y2 in centres[i + 1 :]
            ]
            assert min(gaps) >= 24, min(gaps)
        else:
            assert min(b["width"] for b in boxes if b) >= 5
        assert first.locator(".sp-bar__edge").first.inner_text() == f"{shown} days ago"
        legend = first.locator(".sp-key")
        assert legend.is_visible()
        bar_box = first.locator(".sp-bar").bounding_box()
        legend_box = legend.bounding_box()
        assert bar_box and legend_box and legend_box["y"] > bar_box["y"] + bar_box["height"]
        assert page.locator(".sp-key").count() == 1
    finally:
        page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("size", SIZES)
def test_a_bar_day_opens_that_day_on_the_component_page(
    browser: Browser, big: Site, size: str, javascript: bool
) -> None:
    page = open_page(browser, big.url, SIZES[size], javascript=javascript)
    try:
        component = page.locator("#component-svc-01")
        cell = component.locator(
            ".sp-bar__day--partial a, .sp-bar__day--degraded a, .sp-bar__day--major a"
        ).last
        tooltip = cell.get_attribute("title") or ""
        assert re.match(r"\d+ \w{3} 2026: ", tooltip), tooltip
        cell.scroll_into_view_if_needed()
        cell.click()
        page.wait_for_load_state("load")
        assert re.search(r"/components/svc-01/#2026-\d\d-\d\d$", page.url), page.url
        day = page.url.rsplit("#", 1)[1]
        item = page.locator(f"[id='{day}']").locator("xpath=..")
        box = item.bounding_box()
        assert box is not None and 0 <= box["y"] < SIZES[size]["height"], box
        titles = item.locator(".sp-line a").all_inner_texts()
        assert any(t.startswith("Errors on service") for t in titles), titles
        assert tooltip.split(":")[0] in item.inner_text()
    finally:
        page.context.close()


def test_reliability_chart_labels_are_readable_on_a_phone(
    browser: Browser, served_site: Site
) -> None:
    page = open_page(browser, served_site.url + "reliability/", PHONE)
    try:
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.sp-chart__label')].map(t =>
                parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
        )
        assert sizes and min(sizes) >= 11, sizes
    finally:
        page.context.close()


# Accessibility on content nobody tuned the checks on ----------------------------------


BIG_PAGES = ["", "history/", "components/svc-01/", "postmortems/", "incidents/incident-002/"]


@pytest.mark.parametrize("size", SIZES)
def test_the_big_site_has_no_wcag_21_aa_violations(browser: Browser, big: Site, size: str) -> None:
    need_file(AXE_JS, NPM_HINT)
    problems = []
    context = browser.new_context(viewport=SIZES[size])
    try:
        for url in BIG_PAGES:
            page = context.new_page()
            page.goto(big.url + url, wait_until="load")
            problems += [f"{url or '/'}: {line}" for line in axe.describe(axe.violations(page))]
            page.close()
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_axe_sees_links_told_apart_by_colour_alone(browser: Browser, big: Site) -> None:
    """The check above can fail: without the underline rule, axe reports the links."""
    need_file(AXE_JS, NPM_HINT)
    context = browser.new_context(viewport=WIDE)
    try:
        page = context.new_page()
        page.goto(big.url + "incidents/incident-002/", wait_until="load")
        page.add_style_tag(content=".md-typeset a { text-decoration: none !important; }")
        rules = {v["id"] for v in axe.violations(page)}
    finally:
        context.close()
    assert "link-in-text-block" in rules
