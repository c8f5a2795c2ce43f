"""Write a realistic synthetic Statuspress site for benchmarks.

    python benchmarks/corpus.py 1000 --postmortems 100 --seed 1 --out /tmp/corpus-1000

N incidents spread over ten years and 20 components, with 1-8 updates each and
messages of realistic length, a tenth of them (or --postmortems M) with a
postmortem of 3-8 KB, and one maintenance for every 20 incidents. The same
arguments always write the same files.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

COMPONENTS = [f"service-{n:02d}" for n in range(1, 21)]
END = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
START = END - timedelta(days=3650)
VOCABULARY = """
    requests errors latency database queue deploy rollback replica cache region traffic
    customers payments webhooks timeouts capacity network certificate configuration
    monitoring alert engineers investigating elevated degraded restored recovered partial
    upstream provider dashboard api workers backlog retries connections memory disk
"""
WORDS = VOCABULARY.split()
STATUSES = ["investigating", "identified", "monitoring", "resolved"]
SECTIONS = [
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


def sentence(rng: random.Random, low: int = 8, high: int = 24) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident(rng: random.Random, index: int, started: datetime) -> tuple[str, str]:
    ident = f"{started:%Y-%m-%d}-incident-{index:05d}"
    affected = rng.sample(COMPONENTS, rng.randint(1, 3))
    statuses = {
        c: rng.choice(["degraded_performance", "partial_outage", "major_outage"]) for c in affected
    }
    count = rng.randint(1, 8)
    at = started + timedelta(minutes=rng.randint(2, 30))
    title = sentence(rng, 3, 7)[:-1]
    severity = rng.choice([1, 2, 2, 3, 3, 3])
    if "major_outage" in statuses.values():  # at least SEV-2: less would contradict it
        severity = min(severity, 2)
    lines = [
        "---",
        f"title: {title}",
        f"severity: SEV-{severity}",
        "components:",
    ]
    lines += [f"  {c}: {s}" for c, s in statuses.items()]
    lines += [
        f"started: {stamp(started)}",
        f"detected: {stamp(at - timedelta(minutes=1))}",
        f"detection: {rng.choice(['alert', 'alert', 'user_report'])}",
        "updates:",
    ]
    for n in range(count):
        status = "resolved" if n == count - 1 else STATUSES[min(n, 2)]
        message = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
        lines += [f"  - at: {stamp(at)}", f"    status: {status}", f"    message: {message}"]
        at += timedelta(minutes=rng.randint(5, 90))
    return ident, "\n".join([*lines, "---", ""])


def postmortem(rng: random.Random, ident: str, incident_id: str, day: datetime) -> str:
    lines = [
        "---",
        "type: postmortem",
        f"title: {sentence(rng, 4, 9)[:-1]}",
        f"incidents: [{incident_id}]",
        "status: published",
        f"published: {(day + timedelta(days=5)):%Y-%m-%d}",
        "authors: [Sam Lee]",
        f"summary: {sentence(rng, 20, 40)}",
        f"services: [{rng.choice(COMPONENTS)}]",
        "tags: [synthetic]",
        "action_items:",
        f"  - title: {sentence(rng, 5, 10)[:-1]}",
        "    owner: Platform team",
        "    status: open",
        f"    due: {(day + timedelta(days=40)):%Y-%m-%d}",
        "---",
        "",
    ]
    target = rng.randint(3000, 8000)
    body: list[str] = []
    size = 0
    for section in SECTIONS:
        body += [f"## {section}", ""]
        for _ in range(rng.randint(1, 3)):
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            body += [paragraph, ""]
            size += len(paragraph)
        if size > target:
            break
    return "\n".join(lines + body)


def maintenance(rng: random.Random, index: int, start: datetime) -> tuple[str, str]:
    ident = f"{start:%Y-%m-%d}-maintenance-{index:05d}"
    lines = [
        "---",
        "type: maintenance",
        f"title: {sentence(rng, 3, 6)[:-1]}",
        f"components: [{rng.choice(COMPONENTS)}]",
        f"scheduled_start: {stamp(start)}",
        f"scheduled_end: {stamp(start + timedelta(hours=rng.randint(1, 4)))}",
        "updates:",
        f"  - at: {stamp(start - timedelta(days=3))}",
        "    status: scheduled",
        f"    message: {sentence(rng)}",
        "---",
        "",
    ]
    return ident, "\n".join(lines)


CONFIG = """\
site_name: Benchmark
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
nav:
  - Status: index.md
  - History: history.md
  - Postmortems: postmortems.md
  - Reliability: reliability.md
plugins:
  - search
  - statuspress:
      components:
{components}
"""


def write(out: Path, incidents: int, postmortems: int | None, seed: int) -> None:
    rng = random.Random(seed)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    components = "\n".join(
        f"        - id: {c}\n          name: Service {c[-2:]}\n"
        f"          group: Group {int(c[-2:]) % 4}"
        for c in COMPONENTS
    )
    (out / "mkdocs.yml").write_text(CONFIG.format(components=components))
    content = out / "incidents"
    wanted = incidents // 10 if postmortems is None else postmortems
    span = (END - START).total_seconds()
    for index in range(incidents):
        started = START + timedelta(seconds=int(span * (index + rng.random()) / incidents))
        ident, text = incident(rng, index, started)
        folder = content / f"{started:%Y}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ident}.md").write_text(text)
        if index * wanted // incidents != (index + 1) * wanted // incidents:
            (folder / f"{ident}-postmortem.md").write_text(
                postmortem(rng, f"{ident}-postmortem", ident, started)
            )
    for index in range(max(1, incidents // 20)):
        start = START + timedelta(days=rng.randint(0, 3660))
        ident, text = maintenance(rng, index, start)
        folder = content / "maintenance"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ident}.md").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents", type=int)
    parser.add_argument("--postmortems", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(f"corpus-{args.incidents}")
    write(out, args.incidents, args.postmortems, args.seed)
    print(out)


if __name__ == "__main__":
    main()
