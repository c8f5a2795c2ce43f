"""Lighthouse on the status page, mobile preset: the slow check, marked ``lighthouse``.

Not in the default run (``-m "not lighthouse"`` in pyproject); ``.ci/run`` runs it
with ``python -m pytest -m lighthouse``. Lighthouse's performance score varies from
run to run on a shared two-core machine, so, as Lighthouse's own guidance on
variability advises, it runs several times and the median run counts.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .checks.browser import CHROMIUM_ARGS
from .checks.server import Site
from .checks.tools import LIGHTHOUSE_CLI, NPM_HINT, need_chromium, need_file, need_program

pytestmark = pytest.mark.lighthouse

TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
RUNS = 5


def lighthouse(node: str, chromium: Path, url: str, work: Path) -> dict[str, Any]:
    """One Lighthouse run with its default (mobile) settings; its JSON report."""
    report = work / "report.json"
    flags = ["--headless=new", f"--user-data-dir={work / 'profile'}", *CHROMIUM_ARGS]
    result = subprocess.run(
        [
            node,
            str(LIGHTHOUSE_CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(TARGETS)}",
            f"--chrome-flags={' '.join(flags)}",
        ],
        env={**os.environ, "CHROME_PATH": str(chromium)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and report.is_file(), result.stderr[-3000:]
    lhr: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    assert not lhr.get("runtimeError"), lhr["runtimeError"]
    assert lhr["configSettings"]["formFactor"] == "mobile"
    assert lhr["configSettings"]["screenEmulation"]["mobile"] is True
    return lhr


def scores(lhr: dict[str, Any]) -> dict[str, float]:
    return {name: lhr["categories"][name]["score"] or 0.0 for name in TARGETS}


def shortfalls(lhr: dict[str, Any], name: str) -> list[str]:
    """The weighted audits that cost category ``name`` points."""
    found = []
    for ref in lhr["categories"][name]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            found.append(f"{audit['id']}: {audit['title']} ({audit.get('displayValue', '')})")
    return found


def test_status_page_lighthouse_scores(
    served_site: Site, tmp_path: Path, figures: Callable[[str], None]
) -> None:
    node = need_program("node", "apt-get install -y nodejs npm")
    need_file(LIGHTHOUSE_CLI, NPM_HINT)
    chromium = need_chromium()
    runs = []
    for number in range(RUNS):
        work = tmp_path / f"run-{number}"
        work.mkdir()
        runs.append(lighthouse(node, chromium, served_site.url, work))
    runs.sort(key=lambda lhr: scores(lhr)["performance"])
    median = runs[len(runs) // 2]
    result = scores(median)
    every = [round(scores(lhr)["performance"], 2) for lhr in runs]
    weight = median["audits"]["total-byte-weight"]["numericValue"]
    tbt = median["audits"]["total-blocking-time"]["displayValue"]
    lcp = median["audits"]["largest-contentful-paint"]["displayValue"]
    figures(
        "lighthouse (mobile, median of "
        f"{RUNS}) on the status page: "
        + ", ".join(f"{name} {score:.2f}" for name, score in result.items())
        + f"; performance runs {every}; LCP {lcp}, TBT {tbt}; transferred {weight / 1000:.1f} KB"
    )
    failing = {
        name: shortfalls(median, name) for name, target in TARGETS.items() if result[name] < target
    }
    assert failing == {}, json.dumps(failing, indent=2)
    # The other categories do not vary: every run reaches them, not just the median.
    for lhr in runs:
        assert {n: s for n, s in scores(lhr).items() if n != "performance"} == {
            n: t for n, t in TARGETS.items() if n != "performance"
        }
    assert statistics.median(every) >= TARGETS["performance"]
