"""The sample site built at a fixed time matches the reviewed golden API and feeds exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from .update_golden import GOLDEN, GOLDEN_FILES


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_output_matches_golden_file(sample_site: Path, name: str) -> None:
    built = (sample_site / name).read_text(encoding="utf-8")
    golden = (GOLDEN / name).read_text(encoding="utf-8")
    assert built == golden, f"{name} differs; if intended, run: python -m tests.update_golden"
