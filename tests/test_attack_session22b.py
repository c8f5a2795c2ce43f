"""Attack session 22b: published addresses, the quarterly reliability figures and a
non-English site's search box, tried as a user would.

Each test is one bug confirmed in this session and fails now: an unpublished draft moves
an already published postmortem to another URL; the reliability report leaves out a
quarter without incidents between the first and last quarter it covers; and on a German
site the search dialog is named in English.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import MakeSite

NOW = "2026-12-05T12:00:00Z"


def build(project: Path, out: str = "site", now: str = NOW) -> Path:
    """Build ``project`` at ``now`` without the cache into ``project/out``."""
    site = project / out
    result = CliRunner().invoke(
        cli,
        ["build", "--no-cache", "--now", now, "-f", str(project / "mkdocs.yml"), "-d", str(site)],
    )
    assert result.exit_code == 0, result.output
    return site


def words(html: str) -> str:
    """The words of ``html``: tags and inline drawings out, spaces squeezed."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


# 1. A draft postmortem moves a published one ------------------------------------------

INCIDENT = """\
---
title: Card payments failing during a database failover
severity: SEV-2
components: {api: partial_outage}
started: 2026-09-16T10:00:00Z
detected: 2026-09-16T10:03:00Z
updates:
  - at: 2026-09-16T10:05:00Z
    status: investigating
    message: Some card payments fail; we are looking into it.
  - at: 2026-09-16T10:55:00Z
    status: resolved
    message: Card payments work again.
---
"""

PUBLISHED_POSTMORTEM = """\
---
type: postmortem
title: Card payments failed when the database failover stopped half-way
incidents: [2026-09-16-database-failover]
status: published
published: 2026-09-25
authors: [Amara Okafor]
summary: The failover of the payments database stopped half-way.
services: [api]
---
## Summary

The failover stopped half-way.
"""

DRAFT_POSTMORTEM = """\
---
type: postmortem
title: Follow-up review of the database failover
incidents: [2026-09-16-database-failover]
status: draft
authors: [Amara Okafor]
summary: Not written yet.
services: [api]
---
## Summary

Draft.
"""


def test_a_draft_postmortem_does_not_move_a_published_postmortems_url(
    make_site: MakeSite,
) -> None:
    """A draft (unpublished) postmortem moves an already published postmortem to another
    URL, and the address readers, search engines and the incident page had stops existing.

    Promise broken: a draft is not public (docs/content.md, "status: draft | in_review |
    published; only published ones are public"), so it must change nothing that is;
    published addresses must never move because of unpublished content.

    Reproduced: a published postmortem in
    `incidents/postmortems/2026-09-16-payments-database-failover-postmortem.md` (the
    `-postmortem` ending `statuspress new postmortem` gives file names) is published at
    `postmortems/2026-09-16-payments-database-failover/`, the ending dropped. Adding a
    draft `2026-09-16-payments-database-failover.md` (never built into a page; `check`
    says nothing) makes `render/addresses.postmortem_urls` see that short address as
    taken, since it counts every postmortem, drafts too: the published postmortem moves
    to `postmortems/2026-09-16-payments-database-failover-postmortem/`, its address is
    gone (no page, no redirect) and the incident page links to the new one. The draft,
    unpublished, holds the slot the published page had.
    """
    files = {
        "2026/2026-09-16-database-failover.md": INCIDENT,
        "postmortems/2026-09-16-payments-database-failover-postmortem.md": PUBLISHED_POSTMORTEM,
    }
    project = make_site(files)
    before = build(project, "before")
    address = "postmortems/2026-09-16-payments-database-failover/index.html"
    title = "Card payments failed when the database failover stopped half-way"
    assert title in (before / address).read_text(encoding="utf-8")

    draft = project / "incidents/postmortems/2026-09-16-payments-database-failover.md"
    draft.write_text(DRAFT_POSTMORTEM, encoding="utf-8")
    after = build(project, "after")

    assert (after / address).is_file(), "the published postmortem's page is gone"
    page = (after / address).read_text(encoding="utf-8")
    assert title in page
    assert "Follow-up review" not in page
    incident = (after / "incidents/2026-09-16-database-failover/index.html").read_text(
        encoding="utf-8"
    )
    assert 'postmortems/2026-09-16-payments-database-failover/"' in incident


# 2. A quarter without incidents is left out of the reliability report -------------------


def resolved(day: str) -> str:
    return f"""\
---
title: API errors on {day}
severity: SEV-2
components: {{api: partial_outage}}
started: {day}T10:00:00Z
detected: {day}T10:02:00Z
updates:
  - at: {day}T10:05:00Z
    status: investigating
    message: Some requests fail; we are looking into it.
  - at: {day}T11:00:00Z
    status: resolved
    message: Requests succeed again.
---
"""


QUARTERS = {
    "2026/2026-01-15-api-errors.md": resolved("2026-01-15"),
    "2026/2026-02-10-api-errors.md": resolved("2026-02-10"),
    # None in 2026 Q2: a good quarter.
    "2026/2026-08-10-api-errors.md": resolved("2026-08-10"),
    "2026/2026-11-10-api-errors.md": resolved("2026-11-10"),
}


def quarter_rows(site: Path) -> dict[str, str]:
    """The rows of the report's "Incidents by quarter and severity" table: quarter ->
    the row's words."""
    html = (site / "reliability/index.html").read_text(encoding="utf-8")
    start = html.index('id="counts-by-quarter"')
    table = html[start : html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
        cells = words(row)
        rows[cells[: len("2026 Q1")]] = cells
    return rows


def test_reliability_report_shows_a_quarter_without_incidents(make_site: MakeSite) -> None:
    """The reliability report's quarters skip a quarter that had no incidents: with
    incidents in 2026 Q1, Q3 and Q4, the "Incidents by quarter and severity" table lists
    2026 Q4, Q3, Q1 and no Q2 at all.

    Promise broken: the report gives "counts by quarter" (docs/postmortems.md) for a
    quarterly review; a quarter with zero incidents is a result (the best one), and
    leaving its row out hides it and makes Q1 -> Q3 read as consecutive quarters, which
    distorts the trend. The same report lists every service, those without incidents
    with zeros; quarters between the first and last covered should be shown the same way.

    Reproduced: a small site with resolved incidents on 2026-01-15, 2026-02-10,
    2026-08-10 and 2026-11-10, built at 2026-12-05: `metrics.report` groups incidents by
    the quarters it finds (`quarters.setdefault(...)`), so only quarters with incidents
    get a row, on the page and in `api/reliability.json`'s `by_quarter`.
    """
    site = build(make_site(QUARTERS))
    rows = quarter_rows(site)
    assert list(rows) == ["2026 Q4", "2026 Q3", "2026 Q2", "2026 Q1"], rows
    assert rows["2026 Q2"].split() == ["2026", "Q2", "0", "0", "0", "0", "0"]


def test_reliability_json_keeps_a_quarter_without_incidents(make_site: MakeSite) -> None:
    """`api/reliability.json`'s `by_quarter` (and its communication `by_quarter`) leave
    out 2026 Q2, which had no incidents, between Q1 and Q3: a client charting the
    quarterly trend from it joins Q1 to Q3 as if they were neighbours.

    Promise broken: the JSON carries the report's figures "as their clients expect"
    (docs/languages.md, docs/postmortems.md); a quarter covered by the report with no
    incidents is a count of zero, not a missing quarter.

    Reproduced: the site of the test above (incidents in 2026 Q1, Q3 and Q4, built at
    2026-12-05); `by_quarter` keys are 2026-Q4, 2026-Q3, 2026-Q1.
    """
    site = build(make_site(QUARTERS))
    data = json.loads((site / "api/reliability.json").read_text(encoding="utf-8"))
    keys = ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]
    assert [q["key"] for q in data["by_quarter"]] == keys
    (empty,) = [q for q in data["by_quarter"] if q["key"] == "2026-Q2"]
    assert sum(empty["incidents_by_severity"].values()) == 0
    assert [q["key"] for q in data["communication"]["by_quarter"]] == keys


# 3. The search dialog is named in English on a German site -----------------------------

GERMAN = """\
site_name: Beispiel
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  language: de
  font: false
plugins:
  - search
  - statuspress:
      time_zone: Europe/Berlin
      components:
        - id: api
          name: API
"""


def test_search_dialog_is_named_in_the_sites_language(make_site: MakeSite) -> None:
    """On a site with `theme.language: de`, every page (the 404 page, the status page,
    the reliability report...) names Material's search dialog "Search" in English,
    while the page is `lang="de"` and Material's own search labels beside it are German
    (placeholder and input label "Suche", "Zurücksetzen"). A screen reader announces
    the dialog as "Search" to a German reader.

    Promise broken: docs/languages.md, Statuspress writes its own texts in the language
    of Material's `theme.language`, and Material's chrome follows the language. The
    English name is Statuspress's own: `engine/frames.THEME_CORRECTIONS` adds
    `aria-label="Search"` (a fixed English string) to Material's search dialog on every
    page, whatever the language.

    Reproduced: `statuspress build` of a small site with `language: de` under `theme`;
    `grep 'role="dialog"' site/404.html` shows `aria-label="Search"`.
    """
    site = build(make_site(config=GERMAN))
    for page in ("404.html", "index.html", "reliability/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert '<html lang="de"' in html
        assert 'placeholder="Suche"' in html  # Material's own label, in German
        dialog = re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*>', html)
        assert dialog is not None, page
        named = re.search(r'aria-label="([^"]*)"', dialog.group(0))
        assert named is not None, f"{page}: the search dialog lost its accessible name"
        assert named.group(1) != "Search", f"{page}: {dialog.group(0)}"
