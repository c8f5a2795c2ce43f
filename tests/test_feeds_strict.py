"""RSS and Atom pass feedparser without bozo and our strict structural checks; ids are stable."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import feedparser
from click.testing import CliRunner

from statuspress.cli import cli

from .checks.feeds import ATOM, atom_problems, rss_problems
from .conftest import REPO

SITE_URL = "https://status.harborpay.example/"
LATER = "2026-12-05T12:00:00Z"
"""A week after SAMPLE_NOW: the December maintenance has run and added its updates."""


def feeds(site: Path, suffix: str) -> list[tuple[str, bytes]]:
    """Every feed of the built site with this suffix: its published URL and its bytes."""
    found = [
        (SITE_URL + path.relative_to(site).as_posix(), path.read_bytes())
        for path in sorted(site.rglob(f"*{suffix}"))
    ]
    assert f"{SITE_URL}history{suffix}" in dict(found)
    return found


def test_feeds_are_well_formed_for_feedparser(sample_site: Path) -> None:
    for url, data in feeds(sample_site, ".rss") + feeds(sample_site, ".atom"):
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), url


def test_rss_feeds_pass_the_strict_check(sample_site: Path) -> None:
    problems = [
        f"{url}: {problem}"
        for url, data in feeds(sample_site, ".rss")
        for problem in rss_problems(data, url, SITE_URL)
    ]
    assert problems == [], "\n".join(problems)


def test_atom_feeds_pass_the_strict_check(sample_site: Path) -> None:
    problems = [
        f"{url}: {problem}"
        for url, data in feeds(sample_site, ".atom")
        for problem in atom_problems(data, url)
    ]
    assert problems == [], "\n".join(problems)


BROKEN_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>T</title><link>/relative</link>
<item><title>A</title><guid>https://x.example/1</guid><pubDate>2026-11-28T08:45:00Z</pubDate></item>
<item><title>B</title><guid>https://x.example/1</guid>
<pubDate>Fri, 28 Nov 2026 08:45:00 +0000</pubDate></item>
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


def entry_ids(site: Path) -> dict[str, dict[str, str]]:
    """Per feed file: entry id (Atom) or guid (RSS) -> its date."""
    ids: dict[str, dict[str, str]] = {}
    for path in sorted(site.rglob("*.atom")):
        root = ElementTree.parse(path).getroot()
        ids[path.relative_to(site).as_posix()] = {
            e.findtext(f"{ATOM}id", ""): e.findtext(f"{ATOM}updated", "")
            for e in root.iter(f"{ATOM}entry")
        }
    for path in sorted(site.rglob("*.rss")):
        root = ElementTree.parse(path).getroot()
        ids[path.relative_to(site).as_posix()] = {
            i.findtext("guid", ""): i.findtext("pubDate", "") for i in root.iter("item")
        }
    return ids


def test_entry_ids_stay_the_same_across_builds(sample_site: Path, tmp_path: Path) -> None:
    later = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", LATER, "-f", str(REPO / "mkdocs.yml"), "-d", str(later)]
    )
    assert result.exit_code == 0, result.output
    before, after = entry_ids(sample_site), entry_ids(later)
    assert set(before["history.atom"]) == set(before["history.rss"])  # one id per update
    assert len(after["history.atom"]) > len(before["history.atom"])  # new updates since
    # Every entry keeps its id (and its date) in the later build, in every feed.
    for name, entries in before.items():
        assert {i: after[name].get(i) for i in entries} == entries, name
