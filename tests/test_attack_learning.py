"""Learning across postmortems against dates the authors did not expect: a postmortem
published after the build's reference time (a typo in the year, mostly)."""

from __future__ import annotations

from lxml import html as lxml_html

from .conftest import MakeSite, run

NEAR_MISS = """\
---
type: postmortem
kind: near-miss
title: A signing key almost expired
status: published
published: 2027-01-10
summary: What happened, in short.
services: [api]
contributing_factors:
  - category: change
    description: The renewal job had stopped.
action_items:
  - title: Alert on the age of signing keys
    status: open
    owner: Platform team
    due: 2026-12-31
    category: detection
---
The story.
"""
NOW = "2026-11-28T12:00:00Z"


def test_a_postmortem_published_after_now_is_a_warning_and_never_a_negative_age(
    make_site: MakeSite,
) -> None:
    project = make_site({"postmortems/key.md": NEAR_MISS})
    settings = str(project / "mkdocs.yml")
    code, _, err = run("check", "-f", settings, "--now", NOW)
    assert code == 0
    assert (
        "postmortems/key.md:6:1: warning: future-date: published: expected a date up to "
        "today (2026-11-28), found '2027-01-10'" in err
    ), err
    out = project / "site"
    code, _, err = run("build", "-f", settings, "--now", NOW, "-d", str(out))
    assert code == 0, err
    actions = lxml_html.fromstring((out / "postmortems" / "actions" / "index.html").read_bytes())
    ages = [" ".join(td.text_content().split()) for td in actions.cssselect("td:last-child")]
    assert ages and all(not age.startswith("-") for age in ages), ages
    patterns = lxml_html.fromstring((out / "postmortems" / "patterns" / "index.html").read_bytes())
    change = [" ".join(c.text_content().split()) for c in patterns.cssselect("#row-change td")]
    # Columns: postmortems, near misses, the four recent quarters, earlier, action items...
    assert change[6] == "0", "a later quarter is not 'Earlier'"


BLANKS = """\
---
type: postmortem
kind: near-miss
title: A signing key almost expired
status: published
published: 2026-11-25
summary: What happened, in short.
roles:
  incident_commander: Platform team
  responders: ["", "  "]
went_well: ""
tags: [""]
---
The story.
"""


def test_blank_list_items_are_no_items(make_site: MakeSite) -> None:
    project = make_site({"postmortems/key.md": BLANKS})
    out = project / "site"
    args = ("build", "-f", str(project / "mkdocs.yml"), "--now", NOW, "-d", str(out))
    code, _, err = run(*args)
    assert code == 0, err
    page = lxml_html.fromstring((out / "postmortems" / "key" / "index.html").read_bytes())
    assert not page.cssselect("#went-well"), "no 'What went well' of one empty item"
    facts = [" ".join(dd.text_content().split()) for dd in page.cssselect("dd")]
    assert "" not in facts and "," not in facts, facts
    assert not (out / "postmortems" / "tag").exists()


CUSTOM_CATEGORIES = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
plugins:
  - statuspress:
      time_zone: UTC
      categories: [vendor, people-process]
      components:
        - id: api
          name: API
"""


def test_the_examples_in_a_new_review_name_a_category_of_the_site(make_site: MakeSite) -> None:
    project = make_site(config=CUSTOM_CATEGORIES)
    settings = str(project / "mkdocs.yml")
    code, out, err = run("new", "near-miss", "A key almost expired", "-f", settings)
    assert code == 0, err
    path = project / out.strip()
    text = path.read_text()
    # Uncomment the examples, as an author following them would.
    for field in ("contributing_factors", "action_items"):
        start = text.index(f"\n{field}: []")
        head, block = text[:start].rsplit("#   - ", 1)
        example = "  - " + block.replace("\n#     ", "\n    ")
        text = head.rstrip("\n") + f"\n{field}:\n{example}" + text[start + len(field) + 5 :]
    path.write_text(text.replace("status: draft", "status: published\npublished: 2026-11-28"))
    code, _, err = run("check", "-f", settings, "--now", NOW)
    assert "unknown-category" not in err, err
