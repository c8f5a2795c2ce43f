"""Attack session 19b: what readers get from contributed content and settings.

A hostile or careless contributor's pull request adds incidents, postmortems and
settings; the public reads the status page, the feeds, the API and the reliability
report. Each test is one bug found in this session: it fails now and asserts what the
documentation promises a reader or a contributor would see.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from statuspress.cli import cli

from .conftest import SAMPLE_NOW, SMALL_CONFIG, MakeSite

NOW = SAMPLE_NOW


def _config(**extra: object) -> str:
    """:data:`SMALL_CONFIG` in UTC with ``extra`` top-level settings merged in."""
    data = yaml.safe_load(SMALL_CONFIG.format(time_zone="UTC", uptime_days=90))
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _build(project: Path, *args: str) -> tuple[int, str]:
    """``statuspress build`` at :data:`NOW`: its exit code and everything it printed."""
    result = CliRunner().invoke(
        cli, ["build", "--now", NOW, "-f", str(project / "mkdocs.yml"), *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# Feeds -------------------------------------------------------------------------------


OPEN_INCIDENT = """\
---
title: Card payments fail
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some card payments fail. See [the earlier incident](../older/) and [our update below](#update-20261128t100500z).
    next_update: 2026-11-28T13:00:00Z
---
"""


def test_the_atom_feed_says_its_update_entries_are_html(make_site: MakeSite) -> None:
    """Every update entry of `/history.atom` (and of each component's `.atom`) is
    written `<content>&lt;p&gt;Some card payments fail ...</content>` with no `type`
    attribute. RFC 4287 (3.1.1): without `type` the content is text, so a feed reader
    shows readers the markup itself, `<p>Some card payments fail. See <a href=...`
    (feedparser reports the content as `text/plain`). The postmortem feed's entries say
    `type="html"`; the update entries should too, so that readers see the message."""
    project = make_site({"payments.md": OPEN_INCIDENT})
    code, output = _build(project)
    assert code == 0, output
    for name in ("history.atom", "components/api.atom"):
        parsed = feedparser.parse((project / "site" / name).read_bytes())
        assert parsed.entries, name
        for entry in parsed.entries:
            assert [c.type for c in entry.content] == ["text/html"], (name, entry.content)


def test_a_relative_link_in_an_update_leads_where_it_does_on_the_incident_page(
    make_site: MakeSite,
) -> None:
    """An update links `[the earlier incident](../older/)` and `[our update
    below](#update-...)`. On the incident page, /incidents/payments/, they lead to
    /incidents/older/ and to the update's anchor on that page. In `/history.atom` the
    entry's HTML keeps `href="../older/"` and `href="#update-..."` with no `xml:base`,
    so a feed reader resolves them against the feed's own address: the first reaches
    https://status.example.com/older/ (a page that does not exist) and the second
    https://status.example.com/history.atom#update-.... A link in a feed entry should
    lead where the same link leads on the entry's page."""
    project = make_site({"payments.md": OPEN_INCIDENT})
    code, output = _build(project)
    assert code == 0, output
    page = "https://status.example.com/incidents/payments/"
    expected = {
        "https://status.example.com/incidents/older/",
        page + "#update-20261128t100500z",
    }
    feed = etree.parse(str(project / "site" / "history.atom"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = feed.getroot().findall("a:entry", ns)
    content = entry.find("a:content", ns)
    # The base a reader resolves against: the nearest xml:base, else the feed's address.
    base = "https://status.example.com/history.atom"
    for element in (feed.getroot(), entry, content):
        base = urljoin(base, element.get("{http://www.w3.org/XML/1998/namespace}base", ""))
    links = lxml_html.fragment_fromstring(content.text, create_parent="div").iterlinks()
    resolved = {urljoin(base, href) for _, _, href, _ in links}
    assert resolved == expected


# Requests to other hosts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "extra", "host"),
    [
        (
            "extra_javascript",
            {"extra_javascript": ["https://cdn.example.net/x.js"]},
            "cdn.example.net",
        ),
        ("extra_css", {"extra_css": ["https://cdn.example.net/x.css"]}, "cdn.example.net"),
        (
            "analytics",
            {"extra": {"analytics": {"provider": "google", "property": "G-ABCDEF"}}},
            "googletagmanager.com",
        ),
        ("logo", {"theme": {"logo": "https://cdn.example.net/logo.png"}}, "cdn.example.net"),
        ("repo_url", {"repo_url": "https://github.com/acme/status"}, "api.github.com"),
    ],
)
def test_a_setting_that_makes_every_page_ask_another_host_is_reported(
    make_site: MakeSite, setting: str, extra: dict[str, object], host: str
) -> None:
    """A pull request adds to `mkdocs.yml` a script or style sheet from a CDN, Google
    Analytics, a logo at an address elsewhere, or `repo_url` (Material's script then
    asks api.github.com for the repository's stars on every page). The build prints
    `0 files checked: 0 errors, 0 warnings` and every page of the status page now makes
    requests to another host, which the documentation promises it never does
    (docs/index.md: "makes no request to another host"). `font` and the `mkdocs` theme,
    which do the same, get a warning naming the setting, its line and the host
    (`web-font`, `other-host`); these should too."""
    project = make_site(config=_config(**extra))
    code, output = _build(project)
    assert code == 0, output
    pages = "".join(p.read_text() for p in (project / "site").rglob("index.html"))
    # The request is made: an address on the page, or (repo_url) the theme's script that
    # fetches the repository's facts from api.github.com.
    assert (host in pages) if setting != "repo_url" else ('data-md-component="source"' in pages)
    warnings = [line for line in output.splitlines() if "warning:" in line]
    assert any(setting in line and "another host" in line for line in warnings), output


# Settings shown on pages ---------------------------------------------------------------


HOSTILE_DESCRIPTION = 'The "Acme" status page\'><svg onload=alert(1)>'


def test_a_site_description_with_quotes_and_markup_is_text_on_the_404_page(
    make_site: MakeSite,
) -> None:
    """`site_description: The "Acme" status page'><svg onload=alert(1)>`. The 404 page
    (and any page of `docs_dir` without a description of its own) writes it raw into
    `<meta name="description" content="...">`: the quote ends the attribute and
    `<svg onload=alert(1)>` is live markup in the page. `site_name` is escaped before the
    theme sees it for this reason (the theme does not escape settings); the description
    should be too, and reach the meta tag as written."""
    project = make_site(config=_config(site_description=HOSTILE_DESCRIPTION))
    code, output = _build(project)
    assert code == 0, output
    page = lxml_html.fromstring((project / "site" / "404.html").read_bytes())
    assert page.xpath("//*[@onload]") == []
    assert page.xpath('//meta[@name="description"]/@content') == [HOSTILE_DESCRIPTION]


# The reliability report ------------------------------------------------------------------


def _resolved(day: int, extra: str = "") -> str:
    return f"""\
---
title: Incident {day}
severity: SEV-3
components: {{api: partial_outage}}
started: 2026-11-{day:02d}T10:00:00Z
detected: 2026-11-{day:02d}T10:01:00Z
acknowledged: 2026-11-{day:02d}T10:02:00Z
{extra or f"mitigated: 2026-11-{day:02d}T10:20:00Z"}
updates:
  - at: 2026-11-{day:02d}T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-{day:02d}T10:35:00Z
    status: resolved
    message: Requests succeed again.
---
"""


def test_a_mitigation_dated_after_now_is_not_counted_as_a_time_to_mitigate(
    make_site: MakeSite,
) -> None:
    """A careless contributor types the wrong year: an incident resolved on 26 Nov 2026
    at 10:35 says `mitigated: 2027-11-26T10:20:00Z`, a year after the build's `now`
    (28 Nov 2026). Check says `0 errors, 0 warnings`; the reliability report counts a
    time to mitigate of 525,600 minutes for it (`values_minutes.ttm`), and the p90 time
    to mitigate it publishes is 210,260 minutes (146 days) instead of 20. A mitigation
    that has not happened yet, after the incident was resolved, is out of order: it
    should be left out of the measure (listed in the data-quality notes) and warned
    about, as a `detected` before `started` is."""
    files = {f"i{day}.md": _resolved(day) for day in range(20, 25)}
    files["i26.md"] = _resolved(26, "mitigated: 2027-11-26T10:20:00Z")
    project = make_site(files)
    code, output = _build(project)
    assert code == 0, output
    report = json.loads((project / "site" / "api" / "reliability.json").read_text())
    assert "i26" not in report["values_minutes"]["ttm"], report["values_minutes"]["ttm"]
    assert report["overall"]["ttm"]["p90_minutes"] == 20.0
    assert "i26" in json.dumps(report["data_quality"])
    assert "i26.md" in output and "mitigated" in output


RESOLVED_INCIDENT = """\
---
title: Webhook deliveries delayed
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-27T10:00:00Z
updates:
  - at: 2026-11-27T10:05:00Z
    status: investigating
    message: Webhook deliveries are delayed by up to an hour.
  - at: 2026-11-27T11:05:00Z
    status: resolved
    message: Deliveries are back to normal; the delayed ones were sent.
---
"""

POSTMORTEM_OF_LAST_YEAR = """\
---
type: postmortem
title: Webhook deliveries were delayed by a full queue
incidents: [webhooks]
status: published
published: 2025-11-28
summary: A queue filled up and webhook deliveries waited for up to an hour.
action_items:
  - title: Alert when the webhook queue is more than half full
    owner: Integrations team
    status: open
    due: 2026-12-31
---
## Summary

A queue filled up.
"""


def test_a_postmortem_published_before_its_incident_began_is_reported(
    make_site: MakeSite,
) -> None:
    """The year typed wrong: the review of an incident of 27 Nov 2026 says `published:
    2025-11-28`, a year before the incident began. Check and build say nothing about it
    (`0 errors`, only a lint notice); the archive files it under 2025, the patterns count
    it in 2025 Q4, and the action-items page says its open item is `365 days` old when
    it was written this week. A date of publication before the incident it reviews is as
    impossible as `detected` before `started`, which is reported: it should be reported
    too, with the file, the line and the field `published`."""
    project = make_site(
        {"webhooks.md": RESOLVED_INCIDENT, "webhooks-postmortem.md": POSTMORTEM_OF_LAST_YEAR}
    )
    _, output = _build(project)
    problems = [
        line
        for line in output.splitlines()
        if line.startswith("incidents/webhooks-postmortem.md:6:") and "lint/" not in line
    ]
    assert any("published" in line for line in problems), output


def test_a_relative_link_in_an_update_leads_to_one_place_on_every_page(
    make_site: MakeSite,
) -> None:
    """The same update shows on the incident page and on the status page; on
    the status page (the site's root) `../older/` led to /older/, a page that does not
    exist, and the API's `body` gave readers `../older/`, which leads nowhere from a
    monitoring tool. It should lead where it does on the incident page everywhere: a
    path on pages (so the preview works too), the full address in the API."""
    project = make_site({"payments.md": OPEN_INCIDENT})
    code, output = _build(project)
    assert code == 0, output
    site = project / "site"
    for name, page in (
        ("index.html", "https://status.example.com/"),
        ("incidents/payments/index.html", "https://status.example.com/incidents/payments/"),
    ):
        tree = lxml_html.fromstring((site / name).read_bytes())
        hrefs = {
            urljoin(page, a.get("href")) for a in tree.xpath("//a[text()='the earlier incident']")
        }
        assert hrefs == {"https://status.example.com/incidents/older/"}, (name, hrefs)
    incidents = json.loads((site / "api/v2/incidents.json").read_text())["incidents"]
    (body,) = [u["body"] for i in incidents for u in i["incident_updates"]]
    assert "https://status.example.com/incidents/older/" in body, body
    assert "(../older/)" not in body, body
