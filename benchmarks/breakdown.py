"""Where a full build's time goes: one build of a synthetic corpus under cProfile.

    python benchmarks/breakdown.py 1000 [--top 25]

Prints the wall time of each step of the build (load, render, the site engine)
measured without the profiler, then the functions with the most cumulative time
under it. The profiler slows Python code about twice, so read its figures as
shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write
from statuspress.engine import build_site
from statuspress.pipeline import load_site, reference_time
from statuspress.render import render_site

NOW = "2026-11-28T12:00:00Z"


def steps(config: Path) -> dict[str, float]:
    now = reference_time(NOW)
    times = {}
    start = time.perf_counter()
    site, problems = load_site(config, now)
    assert site is not None, problems
    times["load and validate"] = time.perf_counter() - start
    start = time.perf_counter()
    outputs = render_site(site, [config.parent / "site_templates"])
    times["render"] = time.perf_counter() - start
    start = time.perf_counter()
    build_site(config, None, now, outputs)
    times["site engine"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents", type=int)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write(corpus, args.incidents, None, 1)
        config = corpus / "mkdocs.yml"
        steps(config)  # warm the file system cache
        for name, took in steps(config).items():
            print(f"{name:>20}: {took:6.2f} s")
        profile = cProfile.Profile()
        profile.runcall(steps, config)
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
