"""Build synthetic corpora at several sizes and report time, memory and output size.

    python benchmarks/run.py [--runs 3] [--sizes 100 1000 5000] [--huge] [--json FILE]
                             [--base REF]

Each build runs in its own process; the figures are medians over the runs. In the
same run, the Jinja2-plus-Markdown floor (floor.py) renders the same Markdown, so
the ratio between the two holds on a noisy machine. Full builds run with
--no-cache. The incremental figure is the next build, with the build cache, after
one incident file's title changed (a different file each run), in wall time, in
processor time and in peak memory (``incremental_mb``; ``peak_mb`` is the full build's).
``later_s`` is a build with no edit five hours after the last (the clock moves on for
every real rebuild), ``next_day_s`` one at 02:00 the next day.

With ``--base REF`` (a git commit), the Statuspress of that commit is measured too,
on a corpus of its own, its builds taking turns with this tree's: a row ``REF``
before each row of this working tree, and a ``ratio`` line of this tree's figures
to the base's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.corpus import write  # noqa: E402

NOW = "2026-11-28T12:00:00Z"
MEASURE = """
import os, resource, subprocess, sys, time

def pss(pid):
    # Proportional set size of a process and its descendants: shared pages (forked
    # workers share most of theirs) are counted once across them.
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as stream:
                total += sum(int(l.split()[1]) for l in stream if l.startswith("Pss:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    todo += [int(c) for c in stream.read().split()]
        except OSError:
            pass
    return total

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = 0
while child.poll() is None:
    peak = max(peak, pss(child.pid))
    time.sleep(0.05)
took = time.perf_counter() - start
if child.returncode:
    sys.stderr.write(child.stderr.read().decode())
    sys.exit(1)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(took, peak, used.ru_utime + used.ru_stime)
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall time in seconds, peak memory (PSS of the process tree, sampled every 50 ms)
    in MB and processor time (user and system, of the command and the workers it
    waited for) in seconds of one command, in a fresh process (with ``env``, when
    given). On a busy machine the processor time varies much less than the wall time."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        check=True,
        capture_output=True,
        text=True,
        env=installed(env if env is not None else dict(os.environ)),
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, float(out[2])


def installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` as an installed Statuspress runs in: Python may keep the compiled modules
    (pip compiles an installed package's when it installs it). Where
    ``PYTHONDONTWRITEBYTECODE`` is set, every build would otherwise compile the working
    tree's modules again (about 0.07 s of each build)."""
    return {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def base_env(ref: str, folder: Path) -> dict[str, str]:
    """An environment in which ``import statuspress`` is the package of the commit ``ref``."""
    archive = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", ref, "generator"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "generator").rename(folder / "statuspress")
    return {**os.environ, "PYTHONPATH": str(folder)}


def turns(count: int, run: int) -> list[int]:
    """The order in which ``count`` builds take their turn in ``run``: reversed every
    other run, so that going first or second (a warm or a cold disk cache, say) falls
    on each alike."""
    order = list(range(count))
    return order[::-1] if run % 2 else order


def next_morning(start: datetime, run: int) -> datetime:
    """02:00 UTC on the ``run + 1``-th day after ``start``'s."""
    return start.replace(hour=2, minute=0, second=0) + timedelta(days=run + 1)


def at(command: list[str], when: str) -> list[str]:
    """``command`` with ``--now when`` in place of its reference time."""
    index = command.index("--now")
    return [*command[: index + 1], when, *command[index + 2 :]]


def bench(
    incidents: int, runs: int, envs: list[dict[str, str] | None]
) -> list[dict[str, float | int]]:
    """The figures of each environment (``None``: this working tree), each on a corpus
    of its own; their builds take turns (see :func:`turns`), so a change in the
    machine's load falls on all of them alike."""
    with tempfile.TemporaryDirectory() as tmp:
        corpora = [Path(tmp) / f"corpus{n}" for n in range(len(envs))]
        for corpus in corpora:
            write(corpus, incidents, None, 1)
        builds = [
            [
                sys.executable,
                "-m",
                "statuspress.cli",
                "build",
                "--now",
                NOW,
                "-f",
                str(c / "mkdocs.yml"),
            ]
            for c in corpora
        ]
        full: list[list[float]] = [[] for _ in envs]
        memory: list[list[float]] = [[] for _ in envs]
        incremental: list[list[float]] = [[] for _ in envs]
        incremental_cpu: list[list[float]] = [[] for _ in envs]
        incremental_memory: list[list[float]] = [[] for _ in envs]
        floors = []
        for run in range(runs):
            for n in turns(len(envs), run):
                took, peak, _ = measure([*builds[n], "--no-cache"], envs[n])
                full[n].append(took)
                memory[n].append(peak)
            floor_out = Path(tmp) / "floor"
            floor, _, _ = measure(
                [sys.executable, str(HERE / "floor.py"), str(corpora[0]), str(floor_out)]
            )
            floors.append(floor)
        for n, env in enumerate(envs):
            measure(builds[n], env)  # fills the cache
        for run in range(runs):
            for n in turns(len(envs), run):
                sources = sorted((corpora[n] / "incidents").rglob("*incident-*[0-9].md"))
                source = sources[(run + 1) * len(sources) // (runs + 1)]
                source.write_text(source.read_text().replace("title: ", "title: Edited ", 1))
                took, peak, cpu = measure(builds[n], envs[n])
                incremental[n].append(took)
                incremental_cpu[n].append(cpu)
                incremental_memory[n].append(peak)
        # No edit, the clock moved on (as every real rebuild's has): hours later on the
        # same day, then early on the next day; each run a day further on.
        later: list[list[float]] = [[] for _ in envs]
        next_day: list[list[float]] = [[] for _ in envs]
        start = datetime.fromisoformat(NOW)
        for run in range(runs):
            last = start if run == 0 else next_morning(start, run - 1)
            for n in turns(len(envs), run):
                when = (last + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
                later[n].append(measure(at(builds[n], when), envs[n])[0])
            for n in turns(len(envs), run):
                when = next_morning(start, run).strftime("%Y-%m-%dT%H:%M:%SZ")
                next_day[n].append(measure(at(builds[n], when), envs[n])[0])
        floor_s = statistics.median(floors)
        rows: list[dict[str, float | int]] = []
        for n, corpus in enumerate(corpora):
            site = corpus / "site"
            build_s = statistics.median(full[n])
            rows.append(
                {
                    "incidents": incidents,
                    "postmortems": incidents // 10,
                    "build_s": round(build_s, 2),
                    "floor_s": round(floor_s, 2),
                    "ratio": round(build_s / floor_s, 2),
                    "ms_per_incident": round(1000 * build_s / incidents, 2),
                    "incremental_s": round(statistics.median(incremental[n]), 2),
                    "incremental_cpu": round(statistics.median(incremental_cpu[n]), 2),
                    "later_s": round(statistics.median(later[n]), 2),
                    "next_day_s": round(statistics.median(next_day[n]), 2),
                    "peak_mb": round(statistics.median(memory[n]), 1),
                    "incremental_mb": round(statistics.median(incremental_memory[n]), 1),
                    "output_mb": round(size(site) / 1e6, 1),
                    "search_index_mb": round(
                        (site / "search/search_index.json").stat().st_size / 1e6, 2
                    ),
                }
            )
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--huge", action="store_true", help="add 10,000 incidents")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--base", metavar="REF", help="measure the commit REF too, for ratios")
    args = parser.parse_args()
    sizes = [*args.sizes, *([10000] if args.huge else [])]
    rows = []
    header = (
        "incidents",
        "build_s",
        "floor_s",
        "ratio",
        "ms_per_incident",
        "incremental_s",
        "incremental_cpu",
        "later_s",
        "next_day_s",
        "peak_mb",
        "incremental_mb",
        "output_mb",
        "search_index_mb",
    )
    print("  ".join(f"{h:>15}" for h in header))
    print(f"(on {os.cpu_count()} cores; Python {sys.version.split()[0]})")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        env = base_env(args.base, Path(tmp)) if args.base else None
        for incidents in sizes:
            if env is None:
                (row,) = bench(incidents, args.runs, [None])
            else:
                base, row = bench(incidents, args.runs, [env, None])
                print("  ".join(f"{base[h]:>15}" for h in header), f"  {args.base}", flush=True)
            rows.append(row)
            print("  ".join(f"{row[h]:>15}" for h in header), flush=True)
            if env is not None:
                ratios = [
                    f"{float(row[h]) / float(base[h]):.2f}" if base[h] else "-" for h in header
                ]
                print("  ".join(f"{r:>15}" for r in ["ratio", *ratios[1:]]), flush=True)
    print(f"({args.runs} runs each, medians; {time.perf_counter() - started:.0f} s in all)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
