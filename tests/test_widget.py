"""The embeddable status notice (``embed.js``) in headless Chromium.

The built site is served on 127.0.0.1 under the sub-path ``/status/``, with the
headers its ``_headers`` file asks for (as Netlify or Cloudflare Pages serve
it), so the script must find the site from its own ``src`` and may read the
API from another origin only because ``_headers`` allows it.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from .checks import axe
from .checks.tools import AXE_JS, NPM_HINT, need_file
from .conftest import SAMPLE_NOW, MakeSite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

PREFIX = "/status/"
INCIDENT = "Payouts to some European bank accounts are delayed"
INCIDENT_URL = "https://status.harborpay.example/incidents/2026-11-28-delayed-payouts/"


def header_rules(site: Path) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of the site's ``_headers`` file: a path pattern and the headers it adds."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            rules.append((re.compile(re.escape(line.strip()).replace(r"\*", ".*")), []))
        elif ":" in line and not line.strip().startswith("!"):
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site folder under :data:`PREFIX` with the headers of its ``_headers``."""

    def __init__(self, *args: Any, rules: list[Any], **kwargs: Any) -> None:
        self.rules = rules
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path.removeprefix(PREFIX))

    def end_headers(self) -> None:
        path = "/" + self.path.split("?")[0].removeprefix(PREFIX)
        for pattern, headers in self.rules:
            if pattern.fullmatch(path):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:PORT/status/`` until the block ends."""
    rules = header_rules(site) if (site / "_headers").is_file() else []
    handler = partial(_Handler, directory=str(site), rules=rules)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def sample_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site) as url:
        yield url


class Watched:
    """A page with its console errors and uncaught exceptions collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def settle(self) -> None:
        """Wait until the script has read both API files and had time to act on them."""
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(300)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield Watched(context.new_page())
    context.close()


def build(project: Path, now: str) -> Path:
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", now, "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def notice_count(page: Page) -> int:
    return int(page.evaluate("document.querySelectorAll('[data-statuspress]').length"))


def focused(page: Page) -> str:
    """The accessible name of the element that has focus, inside the notice's shadow root too."""
    return str(
        page.evaluate(
            """() => {
              let node = document.activeElement;
              while (node && node.shadowRoot && node.shadowRoot.activeElement) {
                node = node.shadowRoot.activeElement;
              }
              return node ? (node.getAttribute('aria-label') || node.textContent) : '';
            }"""
        )
    )


# An open incident ----------------------------------------------------------------------


def test_notice_shows_the_open_incident_and_can_be_dismissed(
    watched: Watched, sample_url: str
) -> None:
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sample_url + "embed.html")
    notice = page.get_by_role("status", name="Harbor Pay status")
    link = notice.get_by_role("link", name=INCIDENT)
    link.wait_for()
    assert link.get_attribute("href") == INCIDENT_URL
    text = " ".join(notice.inner_text().split())
    assert text.startswith("Harbor Pay: Minor Service Outage")
    assert f"{INCIDENT} (Identified)" in text
    assert notice.is_visible()
    # The script found the site from its own src: the API under the sub-path.
    assert sample_url + "api/v2/status.json" in requested
    assert sample_url + "api/v2/incidents/unresolved.json" in requested

    # Keyboard: the notice comes first in the tab order; the button has a name.
    page.keyboard.press("Tab")
    assert focused(page) == INCIDENT
    page.keyboard.press("Tab")
    assert focused(page) == "Dismiss the Harbor Pay status notice"
    page.keyboard.press("Enter")
    assert notice_count(page) == 0

    # Dismissed stays dismissed on the next page view, until the status changes.
    page.reload()
    watched.settle()
    assert notice_count(page) == 0
    page.evaluate("localStorage.clear()")
    page.reload()
    page.get_by_role("link", name=INCIDENT).wait_for()
    page.get_by_role("link", name=INCIDENT).focus()
    page.keyboard.press("Escape")
    assert notice_count(page) == 0
    assert watched.errors == []


def test_notice_works_from_another_origin_under_a_strict_csp(
    watched: Watched, sample_url: str, tmp_path: Path
) -> None:
    """A shop on another origin includes the script; CORS comes from ``_headers``."""
    origin = re.sub(r"/status/$", "", sample_url)
    policy = (
        f"default-src 'none'; script-src {origin}; connect-src {origin}; "
        "style-src 'self'; img-src data:"
    )
    (tmp_path / "shop.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<link rel="icon" href="data:,">
<script src="{sample_url}embed.js" async></script>
</head><body><main><h1>Our shop</h1><p><a href="#">Buy</a></p></main></body></html>""",
        encoding="utf-8",
    )
    page = watched.page
    with serve(tmp_path) as shop:
        assert shop != sample_url  # another port: another origin
        page.goto(shop + "shop.html")
        notice = page.get_by_role("status", name="Harbor Pay status")
        link = notice.get_by_role("link", name=INCIDENT)
        link.wait_for()
        assert link.get_attribute("href") == INCIDENT_URL
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "8px"  # untouched
        watched.settle()
    assert watched.errors == []


def test_notice_has_no_accessibility_violations(watched: Watched, sample_url: str) -> None:
    need_file(AXE_JS, NPM_HINT)
    page = watched.page
    page.goto(sample_url + "embed.html")
    page.get_by_role("link", name=INCIDENT).wait_for()
    found = axe.violations(page)
    assert axe.describe(found) == []


# When all is well, or the site cannot be reached ---------------------------------------


def test_nothing_at_all_when_every_component_is_operational(
    watched: Watched, make_site: MakeSite
) -> None:
    project = make_site(
        {
            "resolved.md": """\
            ---
            title: A short blip
            components: {api: partial_outage}
            started: 2026-11-28T09:00:00Z
            updates:
              - at: 2026-11-28T09:05:00Z
                status: investigating
                message: Looking.
              - at: 2026-11-28T09:30:00Z
                status: resolved
                message: Fixed.
            ---
            """
        }
    )
    out = build(project, "2026-11-28T12:00:00Z")
    page = watched.page
    with serve(out) as url:
        body = None
        with page.expect_response(lambda r: r.url.endswith("incidents/unresolved.json")) as info:
            page.goto(url + "embed.html")
            body = page.evaluate("document.body.innerHTML")
        assert info.value.ok
        watched.settle()
        assert notice_count(page) == 0
        assert page.evaluate("document.body.innerHTML") == body  # not even an empty element
        assert page.get_by_role("status").count() == 0
    assert watched.errors == []


def test_maintenance_notice_links_to_the_status_page(watched: Watched, make_site: MakeSite) -> None:
    project = make_site(
        {
            "upgrade.md": """\
            ---
            type: maintenance
            title: Database upgrade
            components: [db]
            scheduled_start: 2026-11-28T11:00:00Z
            scheduled_end: 2026-11-28T13:00:00Z
            ---
            """
        }
    )
    out = build(project, "2026-11-28T12:00:00Z")
    page = watched.page
    with serve(out) as url:
        page.goto(url + "embed.html")
        notice = page.get_by_role("status", name="Example status")
        link = notice.get_by_role("link", name="See the status page")
        link.wait_for()
        assert link.get_attribute("href") == url
        assert notice.inner_text().startswith("Example: Service Under Maintenance")
    assert watched.errors == []


def test_nothing_when_the_status_site_cannot_be_reached(watched: Watched, tmp_path: Path) -> None:
    only_script = tmp_path / "site"
    only_script.mkdir()
    shutil.copy(Path(__file__).parent.parent / "generator" / "assets" / "embed.js", only_script)
    (only_script / "host.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
        '<link rel="icon" href="data:,"><script src="embed.js"></script></head>'
        "<body><p>Hello</p></body></html>",
        encoding="utf-8",
    )
    page = watched.page
    with serve(only_script) as url:
        page.goto(url + "host.html")
        watched.settle()
        assert notice_count(page) == 0
    # The browser reports the two missing API files; the script itself raises nothing.
    assert [e for e in watched.errors if "Failed to load resource" not in e] == []
    assert len(watched.errors) == 2


def test_sample_build_time_matches_the_browser_notice(sample_site: Path) -> None:
    """The sample site is built at a time with an open incident, which the tests above need."""
    assert SAMPLE_NOW == "2026-11-28T12:00:00Z"
    assert INCIDENT in (sample_site / "api/v2/incidents/unresolved.json").read_text()
