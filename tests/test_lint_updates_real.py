"""The update lint measured on real published status-page updates
(tests/lint_updates_real.yaml): each update, linted as the only update of an incident with
its status and no ``next_update`` field, against the rules docs/lint.md says should fire.

The test prints, per rule, the false alarms and the misses, and the overall figures, and
holds floors the lint meets now, so that a regression fails it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml
from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import SMALL_CONFIG, MakeSite

CORPUS = Path(__file__).with_name("lint_updates_real.yaml")
HELD_OUT = Path(__file__).with_name("lint_updates_heldout.yaml")
SECOND = Path(__file__).with_name("lint_updates_real2.yaml")
WRITTEN = Path(__file__).with_name("lint_updates_written.yaml")
RULES = (
    "update-internal-id",
    "update-no-impact",
    "update-speculation",
    "update-blame",
    "update-jargon",
    "update-next-update",
)

FINDING = re.compile(r"incidents/u(\d{3})\.md:\d+: \w+: lint/(update-[a-z-]+): ")
"""A finding line: ``incidents/u007.md:6: notice: lint/update-jargon: ...``."""

MAX_FALSE_ALARM_SHARE = 0.015
"""At most this share of entries may get a rule their label does not expect. When the
corpus was first measured (before the update lint was changed for it), 8 of 134 did
(6.0%); none does now. The corpus has been read since, so it is development data: the
figure on it is no longer a figure of unseen updates."""
MIN_RECALL = 0.97
"""At least this share of the expected findings must be found: 104 of 110 (94.5%) when
first measured, 108 (98.2%) now."""

HELD_OUT_MAX_FALSE_ALARM_SHARE = 0.04
"""Held-out updates (tests/lint_updates_heldout.yaml), measured once before any change: 3 of
83 entries (3.6%) got a rule their label does not expect; the floor is that figure rounded up
to the next half percent. Never change the lint for these entries."""
HELD_OUT_MIN_RECALL = 0.89
"""Held out, measured once: 52 of 58 expected findings found (89.7%), rounded down to the
next percent."""

SECOND_MAX_FALSE_ALARM_SHARE = 0.012
"""The second set (tests/lint_updates_real2.yaml), measured once before any change: 9 of
90 entries (10.0%) got a rule their label does not expect, and 92 of 121 expected findings
were found (76.0%), none of the 19 vendors named as the cause. The lint was then changed
for what it got wrong there, so it is development data now: 1 entry (1.1%) with a false
alarm."""
SECOND_MIN_RECALL = 0.86
"""105 of 121 expected findings (86.8%) since the change."""


WRITTEN_MAX_FALSE_ALARM_SHARE = 0.055
"""The written held-out set (tests/lint_updates_written.yaml), measured once after the
changes of the precision sweep: 11 of 200 entries (5.5%) got a rule their label does not
expect, 9 of them among the 150 good updates (6.0%); 7 of the 11 a missing promise where
the message makes one in words the check does not read ("post again at 15:00 UTC" six
words after "We'll", "more information to follow by 14:45 UTC"). Never change the lint
for these entries."""
WRITTEN_MIN_RECALL = 0.92
"""Measured once: 46 of 50 expected findings (92.0%)."""


def _incident(message: str, status: str, first: bool) -> str:
    """An incident whose latest update is ``message`` with ``status``, and no
    ``next_update`` field; an update before it when the entry was not the first."""
    updates = [(message, status)]
    if not first:
        updates.insert(0, ("Some customers cannot sign in.", "investigating"))
    body = "".join(
        f"  - at: 2026-11-28T10:0{i}:00Z\n    status: {s}\n"
        f"    message: {json.dumps(m, ensure_ascii=False)}\n"
        for i, (m, s) in enumerate(updates)
    )
    return f"---\ntitle: A\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n{body}---\n"


def _found(make_site: MakeSite, entries: list[dict]) -> list[set[str]]:
    """The update-lint rules fired on each entry, linted in one run per site name (an
    entry's ``site``, or the test site's own, 'Example')."""
    found: list[set[str]] = [set() for _ in entries]
    for site in sorted({e.get("site", "Example") for e in entries}):
        files = {
            f"u{i:03}.md": _incident(e["text"], e["status"], e["first"])
            for i, e in enumerate(entries)
            if e.get("site", "Example") == site
        }
        config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90)
        project = make_site(
            files, config=config.replace("site_name: Example", f"site_name: {site}")
        )
        result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        for line in result.stdout.splitlines():
            match = FINDING.match(line)
            if match:
                found[int(match[1])].add(match[2])
        shutil.rmtree(project / "incidents")  # the next site's files alone
    return found


def _measure(make_site: MakeSite, entries: list[dict]) -> tuple[float, float]:
    """Lint ``entries``, print each false alarm and miss and the per-rule table, and
    return the share of entries with a false alarm and the recall of expected findings."""
    found = _found(make_site, entries)
    false_alarms: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    alarmed = 0
    for entry, fired in zip(entries, found, strict=True):
        expect = set(entry["expect"])
        expected.update(expect)
        extra, missing = fired - expect, expect - fired
        false_alarms.update(extra)
        misses.update(missing)
        alarmed += bool(extra)
        for rule in sorted(extra):
            print(f"FALSE ALARM {rule}: {entry['text']!r}")
        for rule in sorted(missing):
            print(f"MISS {rule}: {entry['text']!r}")
    print(f"\n{'rule':<20} {'expected':>8} {'found':>6} {'missed':>6} {'false alarms':>12}")
    for rule in RULES:
        hit = expected[rule] - misses[rule]
        print(f"{rule:<20} {expected[rule]:>8} {hit:>6} {misses[rule]:>6} {false_alarms[rule]:>12}")
    total = sum(expected.values())
    recall = (total - sum(misses.values())) / total
    share = alarmed / len(entries)
    print(
        f"\n{len(entries)} entries: {alarmed} ({share:.1%}) with a false alarm; "
        f"{total - sum(misses.values())} of {total} expected findings found ({recall:.1%})"
    )
    return share, recall


def _holds(
    make_site: MakeSite, corpus: Path, size: int, max_false_alarms: float, min_recall: float
) -> None:
    """Lint the updates of ``corpus`` (at least ``size`` of them) and hold its floors: at
    most ``max_false_alarms`` of its entries with a rule their label does not expect, at
    least ``min_recall`` of its expected findings found."""
    entries = yaml.safe_load(corpus.read_text(encoding="utf-8"))
    assert len(entries) >= size
    share, recall = _measure(make_site, entries)
    assert share <= max_false_alarms
    assert recall >= min_recall


def test_the_update_lint_on_real_updates(make_site: MakeSite) -> None:
    _holds(make_site, CORPUS, 120, MAX_FALSE_ALARM_SHARE, MIN_RECALL)


def test_the_update_lint_on_held_out_updates(make_site: MakeSite) -> None:
    """Updates the lint was never changed for (tests/lint_updates_heldout.yaml), measured
    once; the floors are those first figures, so only a regression fails."""
    _holds(make_site, HELD_OUT, 80, HELD_OUT_MAX_FALSE_ALARM_SHARE, HELD_OUT_MIN_RECALL)


def test_the_update_lint_on_a_second_set_measured_once_blind(make_site: MakeSite) -> None:
    """A second set (tests/lint_updates_real2.yaml), chosen for first updates, guesses
    and vendors, held out and measured once, then used to change the lint; the floors are
    the figures since."""
    _holds(make_site, SECOND, 80, SECOND_MAX_FALSE_ALARM_SHARE, SECOND_MIN_RECALL)


def test_the_update_lint_on_written_held_out_updates(make_site: MakeSite) -> None:
    """200 updates written for a blind sweep (tests/lint_updates_written.yaml: 150 good,
    50 with one fault each), held out and measured once; the floors are those figures."""
    _holds(make_site, WRITTEN, 200, WRITTEN_MAX_FALSE_ALARM_SHARE, WRITTEN_MIN_RECALL)


def test_a_name_of_the_site_is_not_a_vendor(make_site: MakeSite) -> None:
    """ "Issues with Guide" on a page with a component named Guide, or "an outage of
    Acme Mail" on Acme's own page, is the site's own product: not vendor blame. The same
    words about a name the site does not own are."""
    config = (
        "site_name: Acme\nsite_url: https://status.acme.example/\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - statuspress:\n"
        "      time_zone: UTC\n      components:\n        - id: guide\n          name: Guide\n"
    )
    text = _incident(
        "Customers see errors because of an outage at Guide; AWS is experiencing errors too.",
        "investigating",
        True,
    )
    own = _incident("Customers see errors because of an outage at Guide.", "investigating", True)
    project = make_site({"u000.md": text, "u001.md": own}, config=config)
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
    blamed = [line for line in result.stdout.splitlines() if "update-blame" in line]
    assert len(blamed) == 1 and "u000.md" in blamed[0], result.stdout
    assert "AWS is experiencing" in blamed[0], blamed


DEV3 = Path(__file__).with_name("lint_updates_dev3.yaml")
DEV3_MAX_FALSE_ALARM_SHARE = 0.0
"""A third set (tests/lint_updates_dev3.yaml: 160 updates written blind for the phrasing
the lint was weak on), measured once before any change: 31 of 160 entries (19.4%) got a
rule their label does not expect, 19 of them a missing promise made in other words ("More
to follow by 10:00 UTC", "post again at 12:30 UTC" after a long clause), and 40 of 60
expected findings were found (66.7%). The lint was then changed for it (development data
since): no false alarm."""
DEV3_MIN_RECALL = 0.98
"""59 of 60 expected findings since the change (98.3%); missed: "now that DHL has cleared
the backlog at its Leipzig hub that held up our parcels", a vendor's trouble told as
what it has fixed."""


def test_the_update_lint_on_a_third_written_set(make_site: MakeSite) -> None:
    """160 updates written blind for phrasing the lint was weak on
    (tests/lint_updates_dev3.yaml): measured once, then used to change the lint; the
    floors are the figures since."""
    _holds(make_site, DEV3, 160, DEV3_MAX_FALSE_ALARM_SHARE, DEV3_MIN_RECALL)


WRITTEN2 = Path(__file__).with_name("lint_updates_written2.yaml")
WRITTEN2_MAX_FALSE_ALARM_SHARE = 0.0
"""The second written set (tests/lint_updates_written2.yaml), committed before the lint was
first run on it and measured once, held out, after the changes made for
tests/lint_updates_dev3.yaml: 17 of 200 entries (8.5%) got a rule their label does not
expect, all of them among the 150 good updates (11.3%): 8 a missing promise made in words
the check did not read ("We'll update this by 12:15 pm", "Next update 1430 ET", "half past
three"), 5 a first update whose impact it did not read ("are hearing a busy tone", "may
show 'Label created'"), 4 a code read as internal ("ERC-20", "returning TR-503"). The lint
was then changed for it (development data since): none."""
WRITTEN2_MIN_RECALL = 1.0
"""Measured once: 43 of 50 expected findings (86.0%); 50 of 50 since the change."""


def test_the_update_lint_on_a_second_written_set(make_site: MakeSite) -> None:
    """200 more updates written blind by another tester (tests/lint_updates_written2.yaml:
    150 good, 50 with one fault each), committed before the lint was run on them, held
    out and measured once, then used to change the lint; the floors are the figures since."""
    _holds(make_site, WRITTEN2, 200, WRITTEN2_MAX_FALSE_ALARM_SHARE, WRITTEN2_MIN_RECALL)


WRITTEN3 = Path(__file__).with_name("lint_updates_written3.yaml")
WRITTEN3_MAX_FALSE_ALARM_SHARE = 0.05
"""The third written held-out set (tests/lint_updates_written3.yaml), committed before the
lint was first run on it and measured once, after the changes made for the second: 10 of
200 entries (5.0%) got a rule their label does not expect, 9 of them among the 150 good
updates (6.0%); 7 of the 10 a missing promise made in words the check does not read (a
time with no zone or colon, "1345", "0615 local time"; "post here at 14:00", "tell you here
by 11:30"), 3 a code customers see read as internal. Never change the lint for these
entries."""
WRITTEN3_MIN_RECALL = 0.92
"""Measured once: 46 of 50 expected findings (92.0%)."""


def test_the_update_lint_on_a_third_written_held_out_set(make_site: MakeSite) -> None:
    """200 updates written blind by a third tester (tests/lint_updates_written3.yaml: 150
    good, 50 with one fault each), committed before the lint was run on them, held out
    and measured once; the floors are those figures."""
    _holds(make_site, WRITTEN3, 200, WRITTEN3_MAX_FALSE_ALARM_SHARE, WRITTEN3_MIN_RECALL)
