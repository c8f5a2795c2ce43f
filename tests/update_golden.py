"""Rewrite the golden files from a fresh build of the sample site.

Run ``python -m tests.update_golden`` after a deliberate change of output, and
read the diff before committing it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
SAMPLE_NOW = "2026-11-28T12:00:00Z"
GOLDEN_FILES = [
    "history.rss",
    "history.atom",
    "api/v2/summary.json",
    "api/v2/status.json",
    "api/v2/components.json",
    "api/v2/components/api.json",
    "api/v2/incidents.json",
    "api/v2/incidents/unresolved.json",
    "api/v2/scheduled-maintenances.json",
    "api/v2/scheduled-maintenances/upcoming.json",
    "api/v2/scheduled-maintenances/active.json",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = CliRunner().invoke(
            cli, ["build", "--now", SAMPLE_NOW, "-f", str(REPO / "mkdocs.yml"), "-d", str(out)]
        )
        if result.exit_code != 0:
            print(result.output, file=sys.stderr)
            return 1
        for name in GOLDEN_FILES:
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / name, target)
    print(f"wrote {len(GOLDEN_FILES)} golden files to {GOLDEN.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
