"""Where the outside tools live, and what to do when one is missing.

``.ci/run`` installs every tool at these paths on a fresh machine: the npm
packages from ``tests/tools/package-lock.json`` into ``tests/tools/node_modules``,
the Statuspage exporter into its own virtual environment, Debian's Chromium and
a Java runtime. Outside CI a missing tool skips its tests; in CI (``CI`` set) it
fails them, since a skipped check proves nothing (and the conftest turns any
other skip into a failure too).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"
NODE_MODULES = TOOLS / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
EXPORTER = TOOLS / "exporter-venv" / "bin" / "statuspage-prometheus-exporter"
CHROMIUM = Path("/usr/bin/chromium")

NPM_HINT = "cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund"
EXPORTER_HINT = (
    "python3 -m venv tests/tools/exporter-venv && "
    "tests/tools/exporter-venv/bin/pip install statuspage-prometheus-exporter==2.6.0"
)


def missing(message: str) -> NoReturn:
    """Stop a test whose tool is missing: a failure in CI, a skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"in CI every tool must be installed by .ci/run: {message}", pytrace=False)
    pytest.skip(message)


def need_file(path: Path, hint: str) -> Path:
    """``path``, or stop the test with the command that installs it."""
    if not path.is_file():
        missing(f"{path} is missing; install it with: {hint}")
    return path


def need_program(name: str, hint: str) -> str:
    """The full path of program ``name`` on PATH, or stop the test."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed; install it with: {hint}")
    return found


def need_chromium() -> Path:
    return need_file(
        CHROMIUM, "apt-get install -y --no-install-recommends chromium fonts-liberation"
    )
