"""The pages in a real browser: accessibility (axe-core), no JavaScript needed, page weight.

Headless Chromium (Debian's, through Playwright) loads the sample site from a
local server. The pages checked are :data:`checks.pages.PAGES`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from statuspress.model import STATUS_LABELS

from .checks import axe
from .checks.browser import DESKTOP, MOBILE
from .checks.pages import PAGES
from .checks.server import Site, serve
from .checks.tools import AXE_JS, NPM_HINT, need_file
from .conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SCREENSHOTS = REPO / "artifacts" / "screenshots"
MAX_PAGE_WEIGHT = 120_000
"""Bytes, gzip-compressed: the status page with everything it loads."""


def api(site: Path, name: str) -> Any:
    return json.loads((site / "api" / "v2" / name).read_text(encoding="utf-8"))


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (empty cache), JavaScript on, desktop size."""
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    return page


# Accessibility -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_wcag_21_aa_violations(
    browser: Browser, served_site: Site, name: str, scheme: str
) -> None:
    need_file(AXE_JS, NPM_HINT)
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    try:
        page = open_page(context, served_site.url + PAGES[name])
        page.wait_for_load_state("networkidle")
        problems = [f"desktop: {line}" for line in axe.describe(axe.violations(page))]
        page.set_viewport_size(MOBILE)
        problems += [f"mobile: {line}" for line in axe.describe(axe.violations(page))]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_subscribe_snippets_wrap_on_a_phone(browser: Browser, served_site: Site) -> None:
    """A code block wider than a phone would scroll, and a scrolling region must take
    keyboard focus; the addresses and snippets wrap instead."""
    context = browser.new_context(viewport=MOBILE)
    try:
        page = open_page(context, served_site.url + PAGES["subscribe"])
        widths = page.evaluate(
            "() => [...document.querySelectorAll('.sp-subscribe pre > code')]"
            ".map(c => [c.scrollWidth, c.clientWidth])"
        )
    finally:
        context.close()
    assert len(widths) >= 4
    assert [w for w in widths if w[0] > w[1]] == []


def test_the_accessibility_check_fails_on_a_broken_page(
    browser: Browser, broken_site: Path
) -> None:
    need_file(AXE_JS, NPM_HINT)
    with serve(broken_site) as served:
        context = browser.new_context(viewport=DESKTOP)
        try:
            page = open_page(context, served.url)
            found = axe.violations(page)
        finally:
            context.close()
    rules = {v["id"] for v in found}
    assert {"image-alt", "list"} <= rules, axe.describe(found)
    broken = [n["html"] for v in found for n in v["nodes"] if v["id"] in ("image-alt", "list")]
    assert all("uptime-chart.png" in html or "sp-broken" in html for html in broken), broken


# No JavaScript needed -----------------------------------------------------------------


def status_page_expectations(site: Path) -> tuple[str, dict[str, str], dict[str, str]]:
    """From the API: the overall status, each component's status label, open events'."""
    summary = api(site, "summary.json")
    components = {c["name"]: STATUS_LABELS[c["status"]] for c in summary["components"]}
    events = {e["name"]: STATUS_LABELS[e["status"]] for e in summary["incidents"]}
    events |= {e["name"]: STATUS_LABELS[e["status"]] for e in summary["scheduled_maintenances"]}
    return summary["status"]["description"], components, events


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_status_page_shows_every_status_as_text(
    browser: Browser, served_site: Site, sample_site: Path, javascript: bool
) -> None:
    overall, components, events = status_page_expectations(sample_site)
    assert overall == "Minor Service Outage"  # the sample site has an open incident
    assert "Payouts to some European bank accounts are delayed" in events
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    try:
        page = open_page(context, served_site.url)
        banner = page.locator(".sp-banner")
        assert banner.is_visible() and banner.inner_text().strip() == overall
        shown: dict[str, str] = {}
        for row in page.locator(".sp-component").all():
            name = row.locator(".sp-component__name").inner_text().strip()
            status = row.locator(".sp-status").first
            assert status.is_visible(), name
            shown[name] = status.inner_text().strip()
        for group in page.locator(".sp-group__name").all():
            name, _, label = group.inner_text().strip().partition(" ")
            shown[name] = label
        assert shown == components
        for name, label in events.items():
            card = page.locator("article.sp-card", has_text=name)
            assert card.count() == 1 and card.is_visible(), name
            assert label in card.locator(".sp-card__meta").inner_text(), name
    finally:
        context.close()


def shown_statuses(status: str) -> set[str]:
    """What a page may show for an API status: its label; a postmortem's incident is resolved."""
    if status == "postmortem":
        return {"Resolved", "Postmortem"}
    return {STATUS_LABELS[status]}


def event_expectations(site: Path) -> dict[str, tuple[str, set[str]]]:
    """From the API: each incident or maintenance page's path, its title and status labels."""
    events = api(site, "incidents.json")["incidents"]
    events += api(site, "scheduled-maintenances.json")["scheduled_maintenances"]
    root = api(site, "summary.json")["page"]["url"].rstrip("/") + "/"
    return {
        e["shortlink"].removeprefix(root): (e["name"], shown_statuses(e["status"])) for e in events
    }


@pytest.mark.parametrize("name", PAGES)
def test_pages_work_without_javascript(
    browser: Browser, served_site: Site, sample_site: Path, name: str
) -> None:
    context = browser.new_context(viewport=MOBILE, java_script_enabled=False)
    try:
        page = open_page(context, served_site.url + PAGES[name])
        assert page.evaluate("1 + 1") == 2  # Playwright's own scripts still run
        assert page.evaluate("document.querySelector('script[src]') !== null")
        text = page.locator(".md-content").inner_text()
        heading = page.locator("h1").first
        assert heading.is_visible() and heading.inner_text().strip()
        events = event_expectations(sample_site)
        if PAGES[name] in events:
            title, statuses = events[PAGES[name]]
            assert heading.inner_text().strip() == title
            status = page.locator(".sp-facts dd").first.inner_text().strip()
            assert status in statuses
        elif PAGES[name] == "history/":
            for title, _status in events.values():
                assert title in text
        elif PAGES[name] == "":
            overall, components, _ = status_page_expectations(sample_site)
            assert overall in text
            assert all(component in text for component in components)
    finally:
        context.close()


def test_colour_is_never_the_only_signal_of_a_status(browser: Browser, served_site: Site) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = open_page(context, served_site.url)
        labels = set(STATUS_LABELS.values())
        for status in page.locator(".sp-status").all():
            assert status.inner_text().strip() in labels, status.evaluate("e => e.outerHTML")
        for card in page.locator(".sp-card").all():  # coloured border: impact or schedule
            meta = card.locator(".sp-card__meta").inner_text()
            assert "impact" in meta or " to " in meta, meta
        for row in page.locator(".sp-component").all():
            coloured = row.locator(
                ".sp-bar .sp-bar__day--degraded, .sp-bar .sp-bar__day--partial, .sp-bar .sp-bar__day--major"
            ).count()
            summary = row.locator(".sp-sr").inner_text()
            if coloured:
                days = row.locator(".sp-days summary").inner_text()
                assert days == f"Days with trouble ({coloured})"
                said = "day" if coloured == 1 else "days"  # plural forms from the catalogue
                assert f"{coloured} {said} with trouble" in summary
            else:
                assert "no downtime recorded" in summary or "no uptime data" in summary
    finally:
        context.close()


# Screenshots, kept as CI artifacts ------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_of_the_status_page(
    browser: Browser, served_site: Site, javascript: bool, size: str
) -> None:
    viewport = DESKTOP if size == "desktop" else MOBILE
    context = browser.new_context(
        viewport=viewport,
        java_script_enabled=javascript,
        device_scale_factor=1,
        is_mobile=size == "mobile",
        has_touch=size == "mobile",
    )
    try:
        page = open_page(context, served_site.url)
        page.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"status-{'js' if javascript else 'nojs'}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
    finally:
        context.close()
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000


# Page weight and other hosts --------------------------------------------------------------


def test_status_page_weight_and_no_other_hosts(
    context: BrowserContext, served_site: Site, figures: Callable[[str], None]
) -> None:
    own = urlsplit(served_site.url).netloc
    elsewhere: list[str] = []

    def keep_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == own:
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", keep_local)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    served_site.take()
    page = open_page(context, served_site.url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    served = served_site.take()
    assert elsewhere == []
    assert all(
        urlsplit(url).netloc == own for url in requested if not url.startswith(("data:", "blob:"))
    ), requested
    assert [s for s in served if s.status != 200] == []
    total = sum(s.gzip_bytes for s in served)
    kinds = {"html": (".html", "/"), "css": (".css",), "js": (".js",), "other": ()}
    parts = {kind: 0 for kind in kinds}
    for s in served:
        kind = next((k for k, ends in kinds.items() if ends and s.path.endswith(ends)), "other")
        parts[kind] += s.gzip_bytes
    breakdown = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in parts.items())
    figures(
        f"status page weight: {total / 1000:.1f} KB gzip in {len(served)} requests "
        f"({breakdown}; limit {MAX_PAGE_WEIGHT / 1000:.0f} KB), no other host"
    )
    assert total <= MAX_PAGE_WEIGHT, [(s.path, s.gzip_bytes) for s in served]
