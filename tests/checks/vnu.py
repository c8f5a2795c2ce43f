"""The Nu Html Checker (vnu.jar from npm ``vnu-jar``), run with the machine's Java."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .tools import VNU_JAR


def errors(java: str, files: list[Path]) -> list[str]:
    """Every error vnu reports for ``files``, checked in one call (the JVM starts once).

    Each error is ``path:line: message``, with paths relative to the current folder
    when they are under it.
    """
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"vnu failed (exit {result.returncode}): {result.stderr[-2000:]}")
    messages = json.loads(result.stdout)["messages"]
    found = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        where = message.get("url", "").removeprefix("file:")
        found.append(f"{where}:{message.get('lastLine', '?')}: {message['message']}")
    if result.returncode == 1 and not found:
        raise RuntimeError(f"vnu exited 1 without errors: {result.stdout[-2000:]}")
    return found
