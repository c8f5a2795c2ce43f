"""One policy for the gates: check and build run the same checks, print one summary, and
treat the blameless lint alike (advice in status updates, failures in postmortems under
--strict); the plugin accepts every documented setting."""

from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.config import SETTING_KEYS

from .checks.engine import ENGINE_COMMAND
from .conftest import REPO, MakeSite

NOW = "2026-11-28T12:00:00Z"

MID_INCIDENT = """\
---
title: Checkout errors
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: identified
    message: Obviously the cache is stale; some customers see old prices.
---
"""

RESOLVED = """\
---
title: Checkout errors
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: We are looking into it.
  - at: 2026-11-28T11:00:00Z
    status: resolved
    message: Checkout works again.
---
"""

BLAMING_POSTMORTEM = """\
---
type: postmortem
title: Checkout errors
incidents: [a]
status: published
published: 2026-11-28
authors: [Sam Reyes]
summary: A configuration change exhausted the connection pool.
---
## What happened

The engineer forgot to raise the pool size.
"""

NO_PROMISE = (
    'incidents/a.md:7: notice: lint/update-next-update: "Obviously the cache is stale; some '
    'customers see old prices.": Without a promised next update, readers keep refreshing and the '
    "support queue fills. Try: Promise the next update and keep the promise, even with no news: "
    "`--next-update 30m` on `statuspress update` or `new incident` (the `next_update` field), or "
    'in the message ("next update by 15:30 UTC").'
)
HINDSIGHT = (
    'incidents/a.md:9: notice: lint/hindsight: "[[Obviously]] the cache is stale; some customers '
    'see old prices.": Hindsight makes the outcome look foreseeable; "obvious" is a cue to dig '
    "deeper. Ask: What was known at the time, and what made the signal hard to see then?"
)
COUNTERFACTUAL = (
    'incidents/pm.md:12: warning: lint/counterfactual: "The [[engineer forgot to raise]] the pool '
    'size.": Counterfactuals about people describe what did not happen and glide away from '
    'understanding what did. Rewrite: "The pool size was not raised, and nothing in the process '
    'checked that it had been."'
)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--now", NOW, "-f", str(project / "mkdocs.yml")])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


BUILT = re.compile(
    r"built \d+ pages, \d+ feeds and \d+ API files into .+/site in \d+\.\d s\.",
)


def built(line: str, summary: str) -> bool:
    """Whether ``line`` is the build's one summary: the check's, then what was built."""
    head, sep, tail = line.partition("; ")
    return head == summary and bool(sep) and BUILT.fullmatch(tail) is not None


# The lint policy -----------------------------------------------------------------


def test_lint_in_a_status_update_is_advice_that_never_fails_a_check(make_site: MakeSite) -> None:
    project = make_site({"a.md": MID_INCIDENT})
    summary = "1 file checked: 0 errors, 0 warnings, 2 notices"
    assert run(project, "check", "--strict") == (0, "", f"{NO_PROMISE}\n{HINDSIGHT}\n{summary}\n")
    assert run(project, "check") == (0, "", f"{NO_PROMISE}\n{HINDSIGHT}\n{summary}\n")


def test_lint_in_a_status_update_is_advice_that_never_fails_a_build(make_site: MakeSite) -> None:
    project = make_site({"a.md": MID_INCIDENT})
    code, out, err = run(project, "build", "--strict")
    assert (code, out) == (0, "")
    lines = err.splitlines()
    assert lines[:2] == [NO_PROMISE, HINDSIGHT]
    assert built(lines[2], "1 file checked: 0 errors, 0 warnings, 2 notices"), lines
    assert len(lines) == 3


def test_blame_in_a_postmortem_fails_check_and_build_alike_under_strict(
    make_site: MakeSite,
) -> None:
    project = make_site({"a.md": RESOLVED, "pm.md": BLAMING_POSTMORTEM})
    failed = "2 files checked: 0 errors, 1 warning (warnings fail in strict mode)"
    assert run(project, "check", "--strict") == (1, "", f"{COUNTERFACTUAL}\n{failed}\n")
    assert run(project, "build", "--strict") == (1, "", f"{COUNTERFACTUAL}\n{failed}\n")
    assert not (project / "site").exists()
    # Without --strict the finding is shown, and neither command fails.
    assert run(project, "check") == (
        0,
        "",
        f"{COUNTERFACTUAL}\n2 files checked: 0 errors, 1 warning\n",
    )
    code, out, err = run(project, "build")
    assert (code, out, err.splitlines()[0]) == (0, "", COUNTERFACTUAL)
    assert built(err.splitlines()[1], "2 files checked: 0 errors, 1 warning")


# One summary, on one stream ---------------------------------------------------------


def test_check_prints_one_summary_on_stderr_after_the_problems(make_site: MakeSite) -> None:
    project = make_site({"a.md": RESOLVED.replace("severity:", "tagz: [x]\nseverity:")})
    warning = (
        "incidents/a.md:3:1: warning: unknown-key: tagz: unknown key 'tagz' (did you mean 'tags'?)"
    )
    assert run(project, "check") == (0, "", f"{warning}\n1 file checked: 0 errors, 1 warning\n")


def test_a_clean_check_and_build_print_the_same_summary(make_site: MakeSite) -> None:
    project = make_site({"a.md": RESOLVED, "b.md": RESOLVED})
    assert run(project, "check", "--strict") == (0, "", "2 files checked: 0 errors, 0 warnings\n")
    code, out, err = run(project, "build", "--strict")
    assert (code, out) == (0, "")
    assert built(err.rstrip("\n"), "2 files checked: 0 errors, 0 warnings"), err


def test_machine_formats_keep_stdout_clean(make_site: MakeSite) -> None:
    project = make_site({"a.md": MID_INCIDENT, "b.md": RESOLVED, "pm.md": BLAMING_POSTMORTEM})
    summary = "3 files checked: 0 errors, 1 warning, 2 notices (warnings fail in strict mode)\n"
    code, out, err = run(project, "check", "--strict", "--format", "json")
    assert (code, err) == (1, summary)
    assert [(p["path"], p["severity"], p["rule"]) for p in json.loads(out)] == [
        ("incidents/a.md", "notice", "lint/update-next-update"),
        ("incidents/a.md", "notice", "lint/hindsight"),
        ("incidents/pm.md", "warning", "lint/counterfactual"),
    ]
    code, out, err = run(project, "check", "--strict", "--format", "github")
    assert (code, err) == (1, summary)
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == [
        "::notice",
        "::notice",
        "::warning",
    ]


# Every documented setting ------------------------------------------------------------


def readme_settings() -> str:
    """The ``mkdocs.yml`` example of the "Site settings" section of the settings page."""
    page = (REPO / "docs" / "settings.md").read_text()
    section = page.split("## Site settings", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def documented_options() -> dict[str, object]:
    data = yaml.safe_load(readme_settings())
    [options] = [p["statuspress"] for p in data["plugins"] if isinstance(p, dict)]
    assert isinstance(options, dict)
    return options


def test_every_setting_the_readme_documents_is_known_to_the_plugin() -> None:
    from statuspress.engine.plugin import StatuspressPlugin

    known = {name for name, _ in StatuspressPlugin.config_scheme}
    documented = set(documented_options())
    assert sorted(documented - known) == []
    # And every setting is documented (enabled is MkDocs' usual switch for a plugin).
    assert sorted(set(SETTING_KEYS) - documented) == ["enabled"]
    assert known == set(SETTING_KEYS)


def home() -> str:
    """Where the settings page's example puts the status page (its ``path``)."""
    return str(documented_options().get("path") or "")


@pytest.fixture
def documented_site(make_site: MakeSite) -> Path:
    """A project whose mkdocs.yml is the settings page's example, with every setting."""
    config = readme_settings() + "docs_dir: pages\ntheme:\n  name: material\n  font: false\n"
    project = make_site({"a.md": RESOLVED}, config=config)
    (project / "incidents" / "a.md").write_text(
        RESOLVED.replace("api: partial_outage", "api: major_outage").replace("SEV-3", "SEV-2")
    )
    return project


def test_a_build_with_every_documented_setting_passes_strict(documented_site: Path) -> None:
    code, out, err = run(documented_site, "build", "--strict")
    assert (code, out) == (0, ""), err
    assert built(err.splitlines()[-1], "1 file checked: 0 errors, 0 warnings"), err
    assert (documented_site / "site" / home() / "index.html").is_file()


def mkdocs_build(project: Path) -> tuple[int, list[str]]:
    """``mkdocs build --strict`` in ``project`` at the tests' time: exit status, log lines."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795867200", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        # Named: ProperDocs finding mkdocs.yml by itself suggests renaming it, in two lines.
        [*ENGINE_COMMAND, "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr.splitlines()


def test_mkdocs_build_with_every_documented_setting_passes_strict(documented_site: Path) -> None:
    code, log = mkdocs_build(documented_site)
    assert (code, [line for line in log if not line.startswith("INFO")]) == (0, [])
    assert (documented_site / "site" / home() / "index.html").is_file()


def test_mkdocs_build_treats_the_lint_as_statuspress_build_does(make_site: MakeSite) -> None:
    project = make_site({"a.md": MID_INCIDENT})
    code, log = mkdocs_build(project)
    assert (code, [line for line in log if "lint/" in line]) == (
        0,
        [f"INFO    -  {NO_PROMISE}", f"INFO    -  {HINDSIGHT}"],
    )
    (project / "incidents" / "a.md").write_text(RESOLVED)
    (project / "incidents" / "pm.md").write_text(textwrap.dedent(BLAMING_POSTMORTEM))
    code, log = mkdocs_build(project)
    assert code == 1
    assert [line for line in log if "lint/" in line] == [f"WARNING -  {COUNTERFACTUAL}"]


RAW_HTML = (
    "mkdocs.yml: notice: raw-html: allow_raw_html: raw HTML in content (scripts included) is "
    "published as written"
)


def test_allow_raw_html_is_said_by_every_gate_and_fails_none(documented_site: Path) -> None:
    config = documented_site / "mkdocs.yml"
    config.write_text(config.read_text().replace("allow_raw_html: false", "allow_raw_html: true"))
    summary = "1 file checked: 0 errors, 0 warnings, 1 notice"
    assert run(documented_site, "check", "--strict") == (0, "", f"{RAW_HTML}\n{summary}\n")
    code, out, err = run(documented_site, "build", "--strict")
    assert (code, out, err.splitlines()[0]) == (0, "", RAW_HTML)
    assert built(err.splitlines()[1], summary)
    code, log = mkdocs_build(documented_site)
    assert (code, [line for line in log if "raw-html" in line]) == (0, [f"INFO    -  {RAW_HTML}"])
