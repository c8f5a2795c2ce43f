"""Postmortems: linked both ways with incidents, faceted archive, action items, feeds, report."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from statuspress.cli import cli

from .conftest import REPO, MakeSite

CERT = "2026-10-21-webhook-client-certificate-expiry"
PUBLISHED = [
    "2026-11-24-config-deploy-exhausted-connections",
    CERT,
    "2026-09-16-payments-database-failover",
]


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def facts(doc: lxml_html.HtmlElement) -> dict[str, str]:
    return {
        text_of(dt): text_of(dd)
        for dt, dd in zip(doc.cssselect(".sp-facts dt"), doc.cssselect(".sp-facts dd"), strict=True)
    }


def test_incident_and_postmortem_link_to_each_other(sample_site: Path) -> None:
    incident = page(sample_site, "incidents/2026-10-21-webhook-certificate-expiry")
    links = [a.get("href") for a in incident.cssselect(".sp-facts a")]
    assert f"../../postmortems/{CERT}/" in links
    postmortem = page(sample_site, f"postmortems/{CERT}")
    links = [a.get("href") for a in postmortem.cssselect(".sp-facts a")]
    assert "../../incidents/2026-10-21-webhook-certificate-expiry/" in links
    assert facts(postmortem) == {
        "Incident": "Webhook deliveries failing for merchants using mutual TLS (SEV-2, 5 h)",
        "Severity": "SEV-2",
        "Services": "Webhooks",
        "Authors": "Amara Okafor",
        "Published": "28 Oct 2026",
        "Tags": "certificates, webhooks, monitoring",
        "Related incidents": "Webhook deliveries delayed overnight",
    }


def test_api_status_is_postmortem_only_with_a_published_postmortem(sample_site: Path) -> None:
    incidents = json.loads((sample_site / "api/v2/incidents.json").read_text())["incidents"]
    status = {i["shortlink"].split("/")[-2]: i["status"] for i in incidents}
    assert status["2026-10-21-webhook-certificate-expiry"] == "postmortem"
    # Its postmortem is a draft: the incident stays resolved.
    assert status["2026-11-12-webhook-delivery-overnight"] == "resolved"
    assert status["2026-11-28-delayed-payouts"] == "identified"


def test_drafts_are_not_published(sample_site: Path) -> None:
    assert not (sample_site / "postmortems/2026-11-12-webhook-backlog").exists()
    archive = page(sample_site, "postmortems")
    titles = [text_of(a) for a in archive.cssselect(".sp-postmortems h3 a")]
    assert len(titles) == 3
    assert all("stalled" not in t for t in titles)


def test_archive_is_newest_first_with_summary_services_severity_and_tags(
    sample_site: Path,
) -> None:
    archive = page(sample_site, "postmortems")
    hrefs = [a.get("href") for a in archive.cssselect(".sp-postmortems h3 a")]
    assert hrefs == [f"../postmortems/{p}/" for p in PUBLISHED]
    first = archive.cssselect(".sp-postmortems article")[0]
    assert text_of(first.cssselect(".sp-card__meta")[0]) == (
        "27 Nov 2026 · SEV-2 · Payments API, Merchant dashboard"
    )
    assert "cut the pool to a tenth of its size" in text_of(first)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postmortems/service/webhooks", [CERT]),
        ("postmortems/service/api", [PUBLISHED[0], PUBLISHED[2]]),
        ("postmortems/severity/sev-1", [PUBLISHED[2]]),
        ("postmortems/severity/sev-2", [PUBLISHED[0], CERT]),
        ("postmortems/tag/database", [PUBLISHED[0], PUBLISHED[2]]),
        ("postmortems/year/2026", PUBLISHED),
    ],
)
def test_facet_pages_filter_without_javascript(
    sample_site: Path, url: str, expected: list[str]
) -> None:
    doc = page(sample_site, url)
    hrefs = [
        a.get("href").rstrip("/").split("/")[-1] for a in doc.cssselect(".sp-postmortems h3 a")
    ]
    assert hrefs == expected
    current = doc.cssselect('.sp-facets a[aria-current="page"]')
    assert len(current) == 1
    assert all(
        (sample_site / url / a.get("href") / "index.html").resolve().is_file()
        for a in doc.cssselect(".sp-facets a")
    )


def test_action_items_states_and_overdue_at_the_reference_time(sample_site: Path) -> None:
    doc = page(sample_site, f"postmortems/{CERT}")
    rows = [[text_of(td) for td in tr.cssselect("td")] for tr in doc.cssselect("tr.sp-action")]
    assert [row[2] for row in rows] == ["Done", "Open Overdue", "In progress", "Won't do"]
    assert rows[3][0].endswith(
        "Not done because: The managed certificate service planned for Q1 replaces this "
        "certificate entirely."
    )
    # Due 2026-12-01 is not overdue on 2026-11-28; due 2026-11-20 and open is.
    overdue = doc.cssselect("tr.sp-action--overdue")
    assert [text_of(tr.cssselect("td")[0]) for tr in overdue] == [
        "Renew the webhook client certificate automatically",
    ]
    tickets = doc.cssselect("tr.sp-action td:last-child a")
    assert tickets == []  # plain ticket ids are text; only http(s) URLs become links
    deploy = page(sample_site, f"postmortems/{PUBLISHED[0]}")
    links = [a.get("href") for a in deploy.cssselect("tr.sp-action td:last-child a")]
    assert links == ["https://tracker.harborpay.example/PLAT-2231"]


def test_body_headings_have_ids_for_search_results(sample_site: Path) -> None:
    doc = page(sample_site, f"postmortems/{CERT}")
    ids = [h.get("id") for h in doc.cssselect(".md-content h2")]
    assert "s-contributing-factors" in ids and "s-timeline" in ids
    index = json.loads((sample_site / "search/search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    assert f"postmortems/{CERT}/#s-contributing-factors" in locations
    assert not any(loc.startswith("incidents/") for loc in locations)


def test_postmortem_feeds_have_one_entry_per_published_postmortem(sample_site: Path) -> None:
    for name in ("postmortems.rss", "postmortems.atom"):
        feed = feedparser.parse((sample_site / name).read_bytes())
        assert not feed.bozo
        assert [e.link.rstrip("/").split("/")[-1] for e in feed.entries] == PUBLISHED


def test_reliability_charts_are_well_formed_svg_with_titles(sample_site: Path) -> None:
    text = (sample_site / "reliability/index.html").read_text()
    start = 0
    svgs = []
    while (
        start := text.find('<svg xmlns="http://www.w3.org/2000/svg" class="sp-chart"', start)
    ) != -1:
        end = text.index("</svg>", start) + len("</svg>")
        svgs.append(text[start:end])
        start = end
    assert len(svgs) == 5 + 3  # the time measures, then lag, longest and median gap
    for svg in svgs:
        root = etree.fromstring(svg.encode())  # well-formed XML, or this raises
        ns = {"s": "http://www.w3.org/2000/svg"}
        assert root.find("s:title", ns).text.endswith(": every incident as a point")
        points = root.findall("s:circle", ns)
        assert all(p.find("s:title", ns) is not None for p in points)
    data = json.loads((sample_site / "api/reliability.json").read_text())
    assert data["overall"]["ttd"] == {"n": 7, "median_minutes": 8.0, "p90_minutes": 74.8}
    assert data["overall"]["tta"] == {"n": 4, "median_minutes": None, "p90_minutes": None}
    counts = {k: data["action_items"][k] for k in ("open", "in_progress", "done", "wont_do")}
    assert counts == {"open": 2, "in_progress": 3, "done": 4, "wont_do": 1}
    assert data["action_items"]["overdue"] == 1


BAD_POSTMORTEM = """\
---
type: postmortem
title: Review
incidents: [a, nope]
status: published
published: 2026-11-01
action_items:
  - title: Fix it
    status: wont_do
  - title: Be careful
    status: later
  - just text
---
"""

INCIDENT = """\
---
title: A
severity: SEV-3
started: 2026-10-01T10:00:00Z
updates:
  - at: 2026-10-01T10:00:00Z
    status: resolved
    message: Done.
---
"""


def test_unknown_incidents_and_bad_action_items_name_file_and_line(make_site: MakeSite) -> None:
    project = make_site({"a.md": INCIDENT, "pm/review.md": BAD_POSTMORTEM})
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "incidents/pm/review.md:4:16: reference: incidents[1]: expected the id of an incident file, found 'nope'",
        "incidents/pm/review.md:8:5: required: action_items[0].reason: expected a reason why the action "
        "will not be done, found nothing",
        "incidents/pm/review.md:11:5: choice: action_items[1].status: expected one of open, in_progress, "
        "done, wont_do, found 'later'",
        "incidents/pm/review.md:12:5: type: action_items[2]: expected a mapping with title, owner and "
        "status, found 'just text'",
        "2 files checked: 4 errors, 0 warnings",
    ]


def test_sample_has_three_published_postmortems_and_a_draft() -> None:
    statuses = sorted(
        line.split(":", 1)[1].strip()
        for path in (REPO / "incidents").rglob("*.md")
        for line in path.read_text().splitlines()
        if line.startswith("status: ") and "type: postmortem" in path.read_text()
    )
    assert statuses == ["draft", "published", "published", "published"]


def test_new_postmortem_writes_a_draft_with_sections_and_the_public_timeline(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site({"a.md": INCIDENT.replace("---\n", "---\ntags: [db]\n", 1)})
    monkeypatch.chdir(project)
    runner = CliRunner()
    result = runner.invoke(cli, ["new", "postmortem", "a"])
    assert (result.exit_code, result.stdout) == (0, "incidents/postmortems/a-postmortem.md\n")
    text = (project / "incidents/postmortems/a-postmortem.md").read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "Summary",
        "Impact",
        "Timeline",
        "Detection",
        "Response and recovery",
        "Contributing factors",
        "What went well",
        "What went poorly",
        "Where we got lucky",
        "What surprised us",
        "Action items",
    ]
    assert "| 2026-10-01 10:00 | Public update, resolved: Done. |" in text
    assert "status: draft" in text and "tags:\n- db" in text
    # The draft is valid content, and drafts are not published.
    check = runner.invoke(cli, ["check"])
    assert (check.exit_code, check.stdout, check.stderr) == (
        0,
        "",
        "2 files checked: 0 errors, 0 warnings\n",
    )
    again = runner.invoke(cli, ["new", "postmortem", "a"])
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: incidents/postmortems/a-postmortem.md exists already\n",
    )
    unknown = runner.invoke(cli, ["new", "postmortem", "b"])
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "Error: expected an incident id, found 'b'\n",
    )


def test_search_index_stays_within_budget_at_1000_incidents_and_100_postmortems(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "corpus.py"),
            "1000",
            "--postmortems",
            "100",
            "--out",
            str(corpus),
        ],
        check=True,
        capture_output=True,
    )
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(corpus / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.output
    index = corpus / "site" / "search" / "search_index.json"
    size = index.stat().st_size
    print(f"\nsearch index at 1,000 incidents and 100 postmortems: {size / 1e6:.2f} MB")
    assert size < 2_000_000
    docs = json.loads(index.read_text())["docs"]
    assert sum(1 for d in docs if d["location"].startswith("postmortems/")) >= 100
