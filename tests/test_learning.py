"""Learning across postmortems: roles, contributing factors as data, patterns, near misses,
what went well and action items across the archive, on a site of seven published
postmortems (one a near miss) and a draft, whose figures are worked out by hand below."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest
from lxml import html as lxml_html

from statuspress.learning import patterns
from statuspress.pipeline import load_site

from .checks.server import serve
from .conftest import REPO, MakeSite, at, run

if TYPE_CHECKING:
    from playwright.sync_api import Browser

NOW = "2026-11-28T12:00:00Z"
LINT_FOUND = 1
"""The exit status of ``lint`` when it has findings."""

INCIDENT = """\
---
title: Incident of {day}
severity: SEV-2
components: {{api: partial_outage}}
started: {day}T10:00:00Z
updates:
  - at: {day}T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: {day}T11:00:00Z
    status: resolved
    message: Requests succeed again.
---
"""

NEAR_MISS_TITLE = "A signing key came within a day of expiring"


def postmortem(
    title: str,
    published: str,
    factors: list[str],
    services: list[str],
    actions: str = "",
    incident: str | None = None,
    status: str = "published",
) -> str:
    kind = f"incidents: [{incident}]" if incident else "kind: near-miss"
    listed = "".join(
        f"  - category: {c}\n    description: The system met condition {i} of this review.\n"
        for i, c in enumerate(factors)
    )
    return (
        f"---\ntype: postmortem\ntitle: {title}\n{kind}\nstatus: {status}\n"
        f"published: {published}\nsummary: What happened, in short.\n"
        f"services: [{', '.join(services)}]\ncontributing_factors:\n{listed}"
        f"action_items:{actions or ' []'}\n---\nThe story.\n"
    )


def action(title: str, status: str, owner: str = "", category: str = "", due: str = "") -> str:
    lines = [f"\n  - title: {title}", f"    status: {status}"]
    lines += [f"    owner: {owner}"] if owner else []
    lines += [f"    category: {category}"] if category else []
    lines += [f"    due: {due}"] if due else []
    lines += ["    reason: A managed service replaces it."] if status == "wont_do" else []
    return "\n".join(lines)


# Seven published postmortems (P1 to P6 and the near miss NM) and a draft. Reference
# time 2026-11-28: the last four quarters are 2026 Q1 to Q4; P1 is earlier (2025 Q4).
FILES = {
    **{
        f"2026/{day}.md": INCIDENT.format(day=day)
        for day in ("2025-11-03", "2026-02-10", "2026-05-12", "2026-08-01", "2026-10-05")
    },
    "2026/2026-11-15.md": INCIDENT.format(day="2026-11-15"),
    "2026/2026-11-20.md": INCIDENT.format(day="2026-11-20"),
    "postmortems/p1.md": postmortem(
        "P1 capacity review",
        "2025-11-10",
        ["change", "capacity"],
        ["api"],
        action("Add a load test stage", "done", "Team A", "change"),
        "2025-11-03",
    ),
    "postmortems/p2.md": postmortem(
        "P2 detection review",
        "2026-02-15",
        ["change", "detection"],
        ["api", "web"],
        action("Gate risky deploys on a canary", "open", "Team A", "change", "2026-03-01")
        + action("Alert on the error rate per region", "done", "Team B", "detection"),
        "2026-02-10",
    ),
    "postmortems/p3.md": postmortem(
        "P3 configuration review",
        "2026-05-20",
        ["configuration", "change", "change"],
        ["db"],
        action("Check pool sizes in CI", "in_progress", "Team A", "configuration", "2026-12-31")
        + action("Write the failover runbook's proxy step", "open", "Team A"),
        "2026-05-12",
    ),
    "postmortems/p4.md": postmortem(
        "P4 knowledge review",
        "2026-08-03",
        ["knowledge"],
        ["web"],
        action("Move the certificate to a hardware module", "wont_do", "Team B", "knowledge"),
        "2026-08-01",
    ),
    "postmortems/p5.md": postmortem(
        "P5 dependency review",
        "2026-10-12",
        ["change", "dependency"],
        ["api"],
        action("Pin the provider's client version", "open", "", "change", "2026-11-01"),
        "2026-10-05",
    ),
    "postmortems/p6.md": postmortem(
        "P6 second dependency review",
        "2026-11-20",
        ["detection", "dependency"],
        ["api"],
        action(
            "Probe the provider from two regions",
            "in_progress",
            "Team B",
            "detection",
            "2026-12-15",
        ),
        "2026-11-15",
    ),
    "postmortems/near-miss.md": postmortem(
        NEAR_MISS_TITLE,
        "2026-11-25",
        ["change", "configuration"],
        ["db"],
        action("Renew signing keys automatically", "open", "Team A", "configuration", "2026-12-20"),
    ),
    "postmortems/draft.md": postmortem(
        "Draft capacity review",
        "2026-11-26",
        ["capacity"],
        ["api"],
        action("Add capacity alerts", "open", "Team C", "capacity", "2026-11-01"),
        "2026-11-20",
        status="draft",
    ),
}
PUBLISHED = ["near-miss", "p6", "p5", "p4", "p3", "p2", "p1"]
"""Newest first, as the archive lists them."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("learning"), FILES)


def build(folder: Path, files: dict[str, str]) -> Path:
    project = folder / "project"
    (project / "pages").mkdir(parents=True)
    from .conftest import SMALL_CONFIG

    (project / "mkdocs.yml").write_text(SMALL_CONFIG.format(time_zone="UTC", uptime_days=90))
    for name, content in files.items():
        path = project / "incidents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    out = folder / "site"
    code, _, err = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out))
    assert code == 0, err
    return out


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def table(doc: lxml_html.HtmlElement, selector: str) -> list[list[str]]:
    return [
        [text_of(cell) for cell in row.cssselect("th, td")]
        for row in doc.cssselect(f"{selector} tr")
    ]


# Patterns ---------------------------------------------------------------------


def test_patterns_counts_each_category_with_n_quarters_and_action_items(built: Path) -> None:
    doc = page(built, "postmortems/patterns")
    assert "n = 7 published postmortems, 1 of them near miss" in text_of(doc)
    assert "published from 10 Nov 2025 to 25 Nov 2026" in text_of(doc)
    rows = table(doc, "table.sp-patterns")
    assert rows[0] == [
        "Category",
        "Postmortems",
        "Near misses",
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
        "2026 Q4",
        "Earlier",
        "Action items",
        "Done",
        "Open or in progress",
        "Overdue",
    ]
    # The draft's capacity factor and its action item count nowhere; P3 names change
    # twice and counts once; the settings' order is kept, never sorted by count.
    assert rows[1:] == [
        ["Change", "5 of 7", "1", "1", "1", "0", "2", "1", "3", "1", "2", "2"],
        ["Configuration", "2 of 7", "1", "0", "1", "0", "1", "0", "2", "0", "2", "0"],
        ["Capacity", "1 of 7", "0", "0", "0", "0", "0", "1", "0", "0", "0", "0"],
        ["Dependency", "2 of 7", "0", "0", "0", "0", "2", "0", "0", "0", "0", "0"],
        ["Detection and monitoring", "2 of 7", "0", "1", "0", "0", "1", "0", "2", "1", "1", "0"],
        ["Tooling and automation", "0 of 7", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["Knowledge and documentation", "1 of 7", "0", "0", "0", "1", "0", "0", "1", "0", "0", "0"],
        ["Process and coordination", "0 of 7", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["Hardware and infrastructure", "0 of 7", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["No category", "", "", "", "", "", "", "", "1", "0", "1", "0"],
    ]


def test_recurrence_is_named_in_two_of_the_last_four_quarters(built: Path) -> None:
    doc = page(built, "postmortems/patterns")
    recurring = [text_of(li) for li in doc.cssselect("#recurring ~ ul li")]
    # Dependency: two postmortems, but both in 2026 Q4: it does not recur.
    assert recurring == [
        "Change: 2026 Q1: 1, 2026 Q2: 1, 2026 Q3: 0, 2026 Q4: 2",
        "Configuration: 2026 Q1: 0, 2026 Q2: 1, 2026 Q3: 0, 2026 Q4: 1",
        "Detection and monitoring: 2026 Q1: 1, 2026 Q2: 0, 2026 Q3: 0, 2026 Q4: 1",
    ]


def test_each_category_lists_its_postmortems_by_service_and_quarter(built: Path) -> None:
    doc = page(built, "postmortems/patterns")
    section = doc.cssselect("section.sp-pattern")[0]
    assert text_of(section.cssselect("h3")[0]) == "Change"
    links = [a.get("href") for a in section.cssselect("li a")]
    assert links == [f"../../postmortems/{p}/" for p in ("near-miss", "p5", "p3", "p2", "p1")]
    assert [text_of(s) for s in section.cssselect(".sp-near-miss")] == ["Near miss"]
    assert "By service: API: 3, Website: 1, Database: 2." in text_of(section)
    assert "By quarter: 2026 Q4: 2, 2026 Q2: 1, 2026 Q1: 1, 2025 Q4: 1." in text_of(section)
    # No section for a category nothing names, and nothing that names a person or team.
    titles = [text_of(h) for h in doc.cssselect("section.sp-pattern h3")]
    assert "Tooling and automation" not in titles
    assert "Team A" not in text_of(doc)


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("change", ["near-miss", "p5", "p3", "p2", "p1"]),
        ("dependency", ["p6", "p5"]),
        ("capacity", ["p1"]),
    ],
)
def test_category_facet_pages_work_without_javascript(
    built: Path, category: str, expected: list[str]
) -> None:
    doc = page(built, f"postmortems/category/{category}")
    hrefs = [a.get("href").rstrip("/").split("/")[-1] for a in doc.cssselect(".sp-postmortems a")]
    assert [h for h in hrefs if not h.startswith(("tag", "service"))] == expected
    current = doc.cssselect('.sp-facets a[aria-current="page"]')
    assert [a.get("href") for a in current] == [f"../../../postmortems/category/{category}/"]
    for a in doc.cssselect(".sp-facets a"):
        assert (built / f"postmortems/category/{category}" / a.get("href") / "index.html").is_file()
    assert not (built / "postmortems/category/tooling").exists()


def test_archive_offers_a_contributing_factor_filter_with_counts(built: Path) -> None:
    doc = page(built, "postmortems")
    groups = {
        text_of(g.cssselect(".sp-facet__title")[0]): [text_of(li) for li in g.cssselect("li")]
        for g in doc.cssselect(".sp-facet")
    }
    assert groups["Contributing factor"] == [
        "Change (5)",
        "Configuration (2)",
        "Capacity (1)",
        "Dependency (2)",
        "Detection and monitoring (2)",
        "Knowledge and documentation (1)",
    ]
    # The near miss is in the archive, marked, and in no severity facet.
    cards = {a.get("href"): a for a in doc.cssselect(".sp-postmortems h3 a")}
    assert "../postmortems/near-miss/" in cards
    assert "Near miss" in text_of(doc.cssselect(".sp-postmortems article")[0])
    assert sum(int(t.rsplit("(", 1)[1][:-1]) for t in groups["Severity"]) == 6


# Action items -----------------------------------------------------------------


def test_open_action_items_by_owner_and_category_with_age(built: Path) -> None:
    doc = page(built, "postmortems/actions")
    assert "6 items, 2 of them overdue (past their due date), from 7 published" in text_of(doc)
    by_owner = [text_of(c) for c in doc.cssselect("section")[0].cssselect("caption")]
    by_category = [text_of(c) for c in doc.cssselect("section")[1].cssselect("caption")]
    assert by_owner == [
        "Team A: 3 open, 1 in progress, 1 overdue",
        "Team B: 0 open, 1 in progress",
        "No owner: 1 open, 0 in progress, 1 overdue",
    ]
    assert by_category == [
        "Change: 2 open, 0 in progress, 2 overdue",
        "Configuration: 1 open, 1 in progress",
        "Detection and monitoring: 0 open, 1 in progress",
        "No category: 1 open, 0 in progress",
    ]
    team_a = table(doc.cssselect("section")[0].cssselect("table")[0], "")
    assert [row[0] for row in team_a[1:]] == [
        "Gate risky deploys on a canary",
        "Check pool sizes in CI",
        "Write the failover runbook's proxy step",
        "Renew signing keys automatically",
    ]
    assert [row[-1] for row in team_a[1:]] == ["286 days", "192 days", "192 days", "3 days"]
    assert team_a[1][4] == "Open Overdue"
    assert "Add capacity alerts" not in text_of(doc)  # the draft's


def test_reliability_json_carries_the_same_action_item_counts(built: Path) -> None:
    items = json.loads((built / "api/reliability.json").read_text())["action_items"]
    assert {k: items[k] for k in ("open", "in_progress", "done", "wont_do", "overdue")} == {
        "open": 4,
        "in_progress": 2,
        "done": 2,
        "wont_do": 1,
        "overdue": 2,
    }
    assert items["open_by_owner"] == [
        {"owner": "Team A", "open": 3, "in_progress": 1, "overdue": 1},
        {"owner": "Team B", "open": 0, "in_progress": 1, "overdue": 0},
        {"owner": None, "open": 1, "in_progress": 0, "overdue": 1},
    ]
    assert items["open_by_category"] == [
        {"category": "change", "open": 2, "in_progress": 0, "overdue": 2},
        {"category": "configuration", "open": 1, "in_progress": 1, "overdue": 0},
        {"category": "detection", "open": 0, "in_progress": 1, "overdue": 0},
        {"category": None, "open": 1, "in_progress": 0, "overdue": 0},
    ]
    by_category = {c["category"]: c for c in items["by_category"]}
    assert by_category["change"] == {
        "category": "change",
        "items": 3,
        "open": 2,
        "in_progress": 0,
        "done": 1,
        "wont_do": 0,
        "overdue": 2,
    }
    assert by_category["knowledge"]["wont_do"] == 1
    assert by_category["capacity"]["items"] == 0  # the draft's item is not counted
    assert sum(c["items"] for c in items["by_category"]) == 9


# Near misses ------------------------------------------------------------------


def test_near_miss_is_in_the_archive_and_patterns_only(built: Path, tmp_path: Path) -> None:
    without = build(tmp_path, {k: v for k, v in FILES.items() if k != "postmortems/near-miss.md"})
    # The archive, its search index and sitemap; and the reliability report, whose
    # action-item counts (never a title) include the near miss's, as the archive's do.
    archive = ("postmortems/", "search/", "sitemap.xml", "api/reliability.json", "reliability/")
    found = sorted(
        p.relative_to(built).as_posix()
        for p in built.rglob("*")
        if p.is_file() and NEAR_MISS_TITLE.encode() in p.read_bytes()
    )
    assert found and all(f.startswith(archive[:2]) for f in found), found
    assert "postmortems/patterns/index.html" in found
    assert "postmortems/index.html" in found
    # Status page, uptime, history, incident pages, feeds (the postmortem feeds too), the
    # API and the calendars: every other file is the same as without the near miss.
    ours = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    theirs = {p.relative_to(without).as_posix() for p in without.rglob("*") if p.is_file()}
    checked = sorted(f for f in ours if not f.startswith(archive))
    assert checked == sorted(f for f in theirs if not f.startswith(archive))
    for kind in ("index.html", "history/index.html", "postmortems.rss", "history.atom"):
        assert kind in checked
    assert any(f.endswith(".ics") for f in checked)
    assert any(f.startswith("api/v2/") for f in checked)
    differ = [f for f in checked if (built / f).read_bytes() != (without / f).read_bytes()]
    assert differ == []


def test_near_miss_page_says_so_and_shows_no_incident(built: Path) -> None:
    doc = page(built, "postmortems/near-miss")
    facts = [text_of(dt) for dt in doc.cssselect(".sp-facts dt")]
    assert facts[0] == "Kind" and "Incident" not in facts and "Severity" not in facts


# The postmortem page ----------------------------------------------------------


def test_postmortem_page_shows_roles_factors_and_what_went_well(make_site: MakeSite) -> None:
    files = {
        "a.md": INCIDENT.format(day="2026-11-20"),
        "postmortems/a-pm.md": textwrap.dedent(
            """\
            ---
            type: postmortem
            title: A review
            incidents: [a]
            status: published
            published: 2026-11-25
            roles:
              incident_commander: Dana <b>Smith</b>
              scribe: Platform team
              responders: [Li Na, Payments on-call]
            contributing_factors:
              - category: change
                description: The deploy tool applied the change to every instance at once.
            went_well:
              - Retries meant that no event was lost.
            ---
            ## Contributing factors

            The story.
            """
        ),
    }
    project = make_site(files)
    out = project / "out"
    code, _, err = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out))
    assert code == 0, err
    doc = page(out, "postmortems/a-pm")
    roles = doc.cssselect("section.sp-roles")[0]
    assert text_of(roles.cssselect("h2")[0]) == "Who responded"
    assert [
        (text_of(dt), text_of(dd))
        for dt, dd in zip(roles.cssselect("dt"), roles.cssselect("dd"), strict=True)
    ] == [
        ("Incident commander", "Dana <b>Smith</b>"),
        ("Scribe", "Platform team"),
        ("Responders", "Li Na, Payments on-call"),
    ]
    assert not roles.cssselect("b")  # escaped
    factors = doc.cssselect("section.sp-factors li")
    assert [text_of(li) for li in factors] == [
        "Change: The deploy tool applied the change to every instance at once."
    ]
    assert factors[0].cssselect("a")[0].get("href") == "../../postmortems/category/change/"
    assert [text_of(li) for li in doc.cssselect("section.sp-went-well li")] == [
        "Retries meant that no event was lost."
    ]


# Checking and linting ---------------------------------------------------------


def test_unknown_category_is_refused_with_the_closest_one(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = postmortem("A review", "2026-11-25", ["change", "configuraton"], ["api"], "", "a")
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20"), "postmortems/a-pm.md": text})
    monkeypatch.chdir(project)
    code, out, err = run("check")
    assert code == 1 and out == ""
    assert err.splitlines()[0] == (
        "incidents/postmortems/a-pm.md:12:5: unknown-category: contributing_factors[1].category: "
        "expected a category from the site settings (change, configuration, capacity, "
        "dependency, detection, tooling, knowledge, process, infrastructure), "
        "found 'configuraton' (did you mean 'configuration'?)"
    )
    assert "Traceback" not in err


def test_site_declares_its_own_categories(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import SMALL_CONFIG

    config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90) + (
        "      categories:\n"
        "        - change\n"
        "        - id: security\n"
        "          name: Security\n"
        "          description: Keys, certificates and access.\n"
    )
    action_item = action("Rotate keys", "open", "Team A", "secuirty")
    text = postmortem("A review", "2026-11-25", ["configuration"], ["api"], action_item, "a")
    project = make_site(
        {"a.md": INCIDENT.format(day="2026-11-20"), "postmortems/a-pm.md": text}, config=config
    )
    monkeypatch.chdir(project)
    code, _, err = run("check")
    assert code == 1
    assert err.splitlines()[:2] == [
        "incidents/postmortems/a-pm.md:10:5: unknown-category: contributing_factors[0].category: "
        "expected a category from the site settings (change, security), found 'configuration'",
        "incidents/postmortems/a-pm.md:16:5: unknown-category: action_items[0].category: "
        "expected a category from the site settings (change, security), found 'secuirty' "
        "(did you mean 'security'?)",
    ]
    bad = config.replace("- change", "- Change Management")
    (project / "mkdocs.yml").write_text(bad)
    code, _, err = run("check")
    assert code == 1
    assert "categories[0]: expected lower-case letters, digits, '-' and '_', found" in err


def test_near_miss_needs_no_incident_and_may_not_name_one(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = postmortem("A near miss", "2026-11-25", ["change"], ["api"])
    wrong = text.replace("kind: near-miss", "kind: near-miss\nincidents: [a]")
    plain = text.replace("kind: near-miss\n", "")
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20"), "postmortems/n.md": text})
    monkeypatch.chdir(project)
    assert run("check")[0] == 0
    (project / "incidents/postmortems/n.md").write_text(wrong)
    code, _, err = run("check")
    assert (code, err.splitlines()[0]) == (
        1,
        "incidents/postmortems/n.md:5:1: near-miss: incidents: expected no incidents for a "
        "near miss (name them in 'related'), found 'a'",
    )
    (project / "incidents/postmortems/n.md").write_text(plain)
    code, _, err = run("check")
    assert code == 1 and "incidents: expected the ids of one or more incidents" in err


def test_blameless_lint_reads_factors_and_went_well_at_their_lines(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = textwrap.dedent(
        """\
        ---
        type: postmortem
        title: A review
        incidents: [a]
        status: draft
        roles:
          incident_commander: Dana Smith
        contributing_factors:
          - category: change
            description: The deploy tool applied the change to every instance at once.
          - category: process
            description: >
              The review passed quickly because
              Dana Smith was careless with the checklist.
        went_well:
          - The rollback worked.
          - Obviously the alert fired.
        ---
        The story.
        """
    )
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20"), "postmortems/a-pm.md": text})
    monkeypatch.chdir(project)
    code, out, err = run("lint", "incidents/postmortems/a-pm.md")
    assert code == LINT_FOUND
    found = [line.split(": warning: ")[0:2] for line in out.splitlines() if "warning" in line]
    assert [(where, rule.split(":")[0]) for where, rule in found] == [
        ("incidents/postmortems/a-pm.md:14", "lint/character"),
        ("incidents/postmortems/a-pm.md:17", "lint/hindsight"),
    ], out + err
    clean = text.replace("Dana Smith was careless with the checklist.", "its checklist is short.")
    clean = clean.replace("Obviously the", "The")
    (project / "incidents/postmortems/a-pm.md").write_text(clean)
    assert run("lint", "incidents/postmortems/a-pm.md")[:2] == (0, "0 findings\n")


def test_new_postmortem_writes_the_learning_fields_with_blameless_comments(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20")})
    monkeypatch.chdir(project)
    code, out, _ = run("new", "postmortem", "a")
    assert code == 0
    text = (project / out.strip()).read_text()
    front = text.split("---\n")[1]
    for line in (
        "roles:",
        "  incident_commander:",
        "  communications_lead:",
        "  scribe:",
        "  responders: []",
        "contributing_factors: []",
        "went_well: []",
        "action_items: []",
    ):
        assert line in front.splitlines()
    assert "#   change, configuration, capacity, dependency, detection, tooling," in front
    assert "not who erred" in front
    assert run("check")[0] == 0
    assert run("lint", out.strip())[:2] == (0, "0 findings\n")


def test_shipped_schema_takes_the_new_fields_and_refuses_unknown_roles() -> None:
    schema = json.loads((REPO / "schema/postmortem.json").read_text())
    near_miss = {
        "type": "postmortem",
        "title": "A near miss",
        "kind": "near-miss",
        "status": "draft",
        "roles": {"incident_commander": "Dana", "responders": ["Li"]},
        "contributing_factors": [{"category": "change", "description": "It changed."}],
        "went_well": ["Retries."],
        "action_items": [{"title": "Renew keys", "status": "open", "category": "change"}],
    }
    jsonschema.validate(near_miss, schema)
    factor = schema["properties"]["contributing_factors"]["items"]["properties"]["category"]
    assert factor["examples"][:2] == ["change", "configuration"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**near_miss, "roles": {"commander": "Dana"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**near_miss, "contributing_factors": [{"category": "x"}]}, schema)


def test_patterns_lead_to_a_category_page_in_chromium_without_javascript(
    browser: Browser, built: Path
) -> None:
    with serve(built) as served:
        context = browser.new_context(java_script_enabled=False)
        try:
            tab = context.new_page()
            tab.goto(served.url + "postmortems/patterns/")
            tab.locator("table.sp-patterns").get_by_role("link", name="Dependency").click()
            tab.wait_for_url("**/postmortems/category/dependency/")
            titles = tab.locator(".sp-postmortems h3 a").all_inner_texts()
            assert titles == ["P6 second dependency review", "P5 dependency review"]
            tab.locator(".sp-facets").get_by_role("link", name="Change", exact=True).click()
            tab.wait_for_url("**/postmortems/category/change/")
            assert tab.locator(".sp-postmortems h3 a").count() == 5
        finally:
            context.close()


@pytest.mark.parametrize("name", ["patterns", "actions", "category"])
def test_a_postmortem_named_like_an_archive_page_is_refused(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text = postmortem("A review", "2026-11-25", ["change"], ["api"], "", "a")
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20"), f"postmortems/{name}.md": text})
    monkeypatch.chdir(project)
    code, _, err = run("check")
    assert (code, err.splitlines()[0]) == (
        1,
        f"incidents/postmortems/{name}.md:1: duplicate-id: expected a file name other than "
        f"'{name}', which the postmortem archive uses for its page postmortems/{name}/ "
        "(rename the file)",
    )


def test_new_near_miss_writes_a_draft_that_names_no_incident(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20")})
    monkeypatch.chdir(project)
    code, out, _ = run("new", "near-miss", NEAR_MISS_TITLE)  # dated today
    assert code == 0 and out.endswith("-a-signing-key-came-within-a-day-of-expiring.md\n")
    front = (project / out.strip()).read_text().split("---\n")[1]
    assert "kind: near-miss\n" in front and "incidents" not in front
    assert "contributing_factors: []" in front.splitlines()
    assert run("check")[0] == 0
    assert run("lint", out.strip())[:2] == (0, "0 findings\n")
    again = run("new", "near-miss", NEAR_MISS_TITLE)
    assert again[0] == 1 and again[2].endswith(" exists already; nothing was written\n")
    shouted = run("new", "near-miss", f"  {NEAR_MISS_TITLE.upper()}")  # the same, in capitals
    assert shouted[0] == 1 and shouted[2].endswith(" exists already; nothing was written\n")
    assert run("new", "near-miss", " ")[2] == "Error: TITLE: expected a title, found nothing\n"


@pytest.mark.parametrize(
    ("went_well", "line"),
    [
        ("went_well: [The rollback worked, Obviously the alert fired.]\n", 6),
        ("went_well:\n  - The rollback worked and\n    obviously the alert fired.\n", 8),
        ("went_well:\n  - |\n    The rollback worked.\n    Obviously the alert fired.\n", 9),
        ("went_well:\n  - >-\n    The rollback worked.\n\n    Obviously the alert fired.\n", 10),
    ],
)
def test_lint_finds_the_line_of_a_flagged_word_in_each_yaml_layout(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, went_well: str, line: int
) -> None:
    text = (
        "---\ntype: postmortem\ntitle: A review\nincidents: [a]\nstatus: draft\n"
        f"{went_well}---\nThe story.\n"
    )
    project = make_site({"a.md": INCIDENT.format(day="2026-11-20"), "postmortems/a-pm.md": text})
    monkeypatch.chdir(project)
    code, out, _ = run("lint", "incidents/postmortems/a-pm.md")
    assert code == LINT_FOUND
    assert out.splitlines()[0].startswith(
        f"incidents/postmortems/a-pm.md:{line}: warning: lint/hindsight:"
    ), out


def test_owners_spelled_with_other_capitals_or_spaces_are_one_owner(make_site: MakeSite) -> None:
    items = action("Add a canary", "open", "Team A") + action("Add a gate", "open", "team  a")
    items += action("Add an alert", "open", "Team A") + action("Add a probe", "open", "Team B")
    files = {"2026/2026-10-05.md": INCIDENT.format(day="2026-10-05")}
    files["postmortems/p.md"] = postmortem(
        "One review", "2026-10-12", ["change"], ["api"], items, "2026-10-05"
    )
    project = make_site(files)
    site, problems = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None, [str(p) for p in problems]
    grouped = [(owner, len(group)) for owner, group in patterns(site).by_owner()]
    assert grouped == [("Team A", 3), ("Team B", 1)]
