"""Lighthouse on the status page, mobile preset: the slow check, marked ``lighthouse``.

Not in the default run (``-m "not lighthouse"`` in pyproject); ``.ci/run`` runs it
with ``python -m pytest -m lighthouse``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .checks.browser import CHROMIUM_ARGS
from .checks.server import Site
from .checks.tools import LIGHTHOUSE_CLI, NPM_HINT, need_chromium, need_file, need_program

pytestmark = pytest.mark.lighthouse

TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def test_status_page_lighthouse_scores(
    served_site: Site, tmp_path: Path, figures: Callable[[str], None]
) -> None:
    node = need_program("node", "apt-get install -y nodejs npm")
    need_file(LIGHTHOUSE_CLI, NPM_HINT)
    chromium = need_chromium()
    report = tmp_path / "lighthouse.json"
    flags = ["--headless=new", f"--user-data-dir={tmp_path / 'profile'}", *CHROMIUM_ARGS]
    result = subprocess.run(
        [
            node,
            str(LIGHTHOUSE_CLI),
            served_site.url,
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
    lhr = json.loads(report.read_text(encoding="utf-8"))
    assert lhr["configSettings"]["formFactor"] == "mobile"
    assert not lhr.get("runtimeError"), lhr["runtimeError"]
    scores = {name: lhr["categories"][name]["score"] for name in TARGETS}
    weight = lhr["audits"]["total-byte-weight"]["numericValue"]
    figures(
        "lighthouse (mobile) on the status page: "
        + ", ".join(f"{name} {score:.2f}" for name, score in scores.items())
        + f"; transferred {weight / 1000:.1f} KB"
    )
    failing = {}
    for name, target in TARGETS.items():
        if scores[name] is None or scores[name] < target:
            failing[name] = [
                f"{audit['id']}: {audit['title']} ({audit.get('displayValue', '')})"
                for ref in lhr["categories"][name]["auditRefs"]
                if ref["weight"] > 0
                and (audit := lhr["audits"][ref["id"]])["score"] is not None
                and audit["score"] < 1
            ]
    assert failing == {}, json.dumps(failing, indent=2)
