"""RSS and Atom pass feedparser without bozo and our strict structural checks; ids are stable."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import feedparser
from click.testing import CliRunner

from generator.cli import cli

from .checks.feeds import ATOM, atom_problems, rss_problems
from .conftest import REPO

SITE_URL = "https://status.harborpay.example/"
LATER = "2026-12-05T12:00:00Z"
"""A week after SAMPLE_NOW: the December maintenance has run and added its updates."""

KNOWN_RSS_PROBLEMS = {
    f"channel: <link> is {SITE_URL}history.rss, expected the website {SITE_URL}",
}
"""A product bug that needs a change to ``generator/render/feeds.py``: feedgen writes the
*last* link it was given as the RSS channel's ``<link>``, and we give it the self link last.
Remove this entry when the fix lands; ``test_known_rss_problems_are_still_there`` fails then
to say so."""


def test_feeds_are_well_formed_for_feedparser(sample_site: Path) -> None:
    for name in ("history.rss", "history.atom"):
        parsed = feedparser.parse((sample_site / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), name
        assert parsed.entries, name


def test_rss_passes_the_strict_check(sample_site: Path) -> None:
    data = (sample_site / "history.rss").read_bytes()
    problems = rss_problems(data, f"{SITE_URL}history.rss", SITE_URL)
    assert set(problems) - KNOWN_RSS_PROBLEMS == set(), "\n".join(problems)


def test_known_rss_problems_are_still_there(sample_site: Path) -> None:
    data = (sample_site / "history.rss").read_bytes()
    problems = rss_problems(data, f"{SITE_URL}history.rss", SITE_URL)
    fixed = KNOWN_RSS_PROBLEMS - set(problems)
    assert fixed == set(), f"fixed: remove from KNOWN_RSS_PROBLEMS: {fixed}"


def test_atom_passes_the_strict_check(sample_site: Path) -> None:
    data = (sample_site / "history.atom").read_bytes()
    problems = atom_problems(data, f"{SITE_URL}history.atom")
    assert problems == [], "\n".join(problems)


BROKEN_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title><link>/relative</link>
<item><title>A</title><guid>https://x.example/1</guid><pubDate>2026-11-28T08:45:00Z</pubDate></item>
<item><title>B</title><guid>https://x.example/1</guid><pubDate>Fri, 28 Nov 2026 08:45:00 +0000</pubDate></item>
</channel></rss>"""

BROKEN_ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><updated>28 Nov 2026</updated>
<entry><id>urn:x</id><title></title><updated>2026-11-28 08:45</updated></entry>
</feed>"""


def test_the_strict_checks_fail_on_broken_feeds() -> None:
    # feedparser accepts both without complaint: that is why the strict checks exist.
    assert not feedparser.parse(BROKEN_RSS).bozo and not feedparser.parse(BROKEN_ATOM).bozo
    assert rss_problems(BROKEN_RSS, "https://x.example/f.rss", "https://x.example/") == [
        "channel: <description> is missing or empty",
        "channel: <link> '/relative' is not an absolute http(s) URL",
        "channel: atom:link rel=self is [], expected ['https://x.example/f.rss']",
        "item 1: <pubDate> '2026-11-28T08:45:00Z' is not an RFC 822 date",
        "item 2: <guid> https://x.example/1 is not unique",
        "item 2: <pubDate> 'Fri, 28 Nov 2026 08:45:00 +0000' is not an RFC 822 date",  # a Sat
    ]
    assert atom_problems(BROKEN_ATOM, "https://x.example/f.atom") == [
        "feed: <id> None is not an absolute IRI",
        "feed: <updated> '28 Nov 2026' is not RFC 3339",
        "feed: link rel=self is [], expected ['https://x.example/f.atom']",
        "feed: no link rel=alternate to the website",
        "entry 1: <id> 'urn:x' is not an absolute IRI",
        "entry 1: <title> is missing or empty",
        "entry 1: <updated> '2026-11-28 08:45' not RFC 3339",
        "entry 1: no author, and the feed has none",
        "entry 1: neither <content> nor a link rel=alternate",
    ]


def entry_ids(site: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Atom entry id -> updated, and RSS guid -> pubDate."""
    atom = ElementTree.parse(site / "history.atom").getroot()
    rss = ElementTree.parse(site / "history.rss").getroot()
    atom_ids = {
        e.findtext(f"{ATOM}id", ""): e.findtext(f"{ATOM}updated", "")
        for e in atom.iter(f"{ATOM}entry")
    }
    rss_ids = {i.findtext("guid", ""): i.findtext("pubDate", "") for i in rss.iter("item")}
    return atom_ids, rss_ids


def test_entry_ids_stay_the_same_across_builds(sample_site: Path, tmp_path: Path) -> None:
    later = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", LATER, "-f", str(REPO / "mkdocs.yml"), "-d", str(later)]
    )
    assert result.exit_code == 0, result.output
    atom_before, rss_before = entry_ids(sample_site)
    atom_after, rss_after = entry_ids(later)
    assert set(atom_before) == set(rss_before)  # one id per update, in both feeds
    assert len(atom_after) > len(atom_before)  # the later build has new updates
    # Every update keeps its id (and its date) in the later build.
    assert {i: atom_after.get(i) for i in atom_before} == atom_before
    assert {i: rss_after.get(i) for i in rss_before} == rss_before
