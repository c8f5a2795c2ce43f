"""In CI (``CI`` set) nothing may skip: a missing tool fails its test, and the conftest
turns any other skip, xfail or xpass into a failure, and a module that skips itself into
a collection error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .checks.tools import missing, need_file, need_program

REPO = Path(__file__).resolve().parent.parent


def test_a_missing_tool_fails_in_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI every tool must be installed"):
        missing("no such tool")
    with pytest.raises(pytest.fail.Exception):
        need_file(REPO / "no-such-file", "nothing")
    with pytest.raises(pytest.fail.Exception):
        need_program("statuspress-no-such-program", "nothing")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        missing("no such tool")


def test_the_conftest_fails_every_skip_and_xfail_in_ci(tmp_path: Path) -> None:
    (tmp_path / "test_guarded.py").write_text(
        "import pytest\n\n"
        "def test_skipped():\n    pytest.skip('a tool is missing')\n\n"
        "@pytest.mark.skipif(True, reason='never here')\n"
        "def test_skipif():\n    pass\n\n"
        "@pytest.mark.xfail(reason='not yet')\n"
        "def test_xfailed():\n    assert False\n\n"
        "@pytest.mark.xfail(reason='was broken')\n"
        "def test_xpassed():\n    pass\n\n"
        "def test_passes():\n    pass\n"
    )
    (tmp_path / "test_module_skipped.py").write_text(
        "import pytest\n\npytest.importorskip('statuspress_no_such_module')\n\n"
        "def test_never():\n    pass\n"
    )

    def run(ci: bool) -> str:
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        if ci:
            env["CI"] = "true"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-p", "tests.conftest", "--rootdir", str(tmp_path), str(tmp_path)]
        command += ["--continue-on-collection-errors"]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        return done.stdout.strip().splitlines()[-1]

    # A skipif stops the test at set-up, so it is reported as an error, and a module that
    # skips itself as a collection error: failures all the same.
    in_ci = run(ci=True)
    assert "3 failed, 1 passed, 2 errors" in in_ci, in_ci
    assert "skipped" not in in_ci and "xfail" not in in_ci and "xpass" not in in_ci
    elsewhere = run(ci=False)
    assert "1 passed, 3 skipped, 1 xfailed, 1 xpassed" in elsewhere, elsewhere
