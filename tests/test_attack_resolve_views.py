"""Attacks on the refusal of a resolved update that leaves a component down (``update``)
and on check's ``contradiction`` warning about such a file: what the comms lead is told
must be true, and the advice must work."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MakeSite, run

OPEN = """\
---
title: "Checkout: slow"
severity: SEV-3
components: {api: degraded_performance}
started: 2026-11-28T10:00:00Z
updates:
-   at: 2026-11-28T10:05:00Z
    status: investigating
    message: Checkout is slow.
---
Body.
"""

RESOLVED = OPEN.replace(
    "    message: Checkout is slow.\n",
    "    message: Checkout is slow.\n"
    "-   at: 2026-11-28T10:30:00Z\n"
    "    status: resolved\n"
    "    message: Fixed.\n",
)

OUTAGE_TEMPLATE = """\
---
title: "{component} outage"
status: identified
component_status: major_outage
---
We found the problem with {component}.
"""


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/checkout.md": OPEN})
    monkeypatch.chdir(root)
    return root


def test_resolved_update_on_a_resolved_incident_is_refused_as_resolved_already(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The incident is resolved already: any further update is refused with "resolved
    # already; start a new incident". With -c api=major_outage the lead is instead told
    # to "resolve with api=operational", which fails with "resolved already".
    root = make_site({"2026/checkout.md": RESOLVED})
    monkeypatch.chdir(root)
    path = root / "incidents" / "2026" / "checkout.md"
    before = path.read_bytes()
    code, _, err = run(
        "update", "checkout", "-s", "resolved", "-m", "API still down.",
        "-c", "api=major_outage", "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert code == 1
    assert path.read_bytes() == before
    assert "resolved already" in err, err
    assert "resolve with api=operational" not in err, err


def test_refusal_of_a_bare_component_from_a_template_says_the_status_is_the_templates(
    project: Path,
) -> None:
    # `-c api` names the component for the template's {component}; its status comes from
    # the template's component_status. The refusal names 'api=major_outage', which the
    # lead never typed, without saying where it came from.
    (project / "templates").mkdir()
    (project / "templates" / "outage.md").write_text(OUTAGE_TEMPLATE, encoding="utf-8")
    path = project / "incidents" / "2026" / "checkout.md"
    before = path.read_bytes()
    code, _, err = run(
        "update", "checkout", "-s", "resolved", "--template", "outage", "-c", "api",
        "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert code == 1
    assert path.read_bytes() == before
    assert len(err.strip().splitlines()) == 1, err
    assert "template" in err and "component_status" in err, err


def test_refusal_does_not_claim_the_page_shows_operational_when_a_set_status_keeps_it_down(
    project: Path,
) -> None:
    # The lead already ran 'component set api major_outage' (as the refusal advises).
    # The page shows api as a major outage; the refusal still says the page "would show
    # api operational" and to run 'component set api major_outage', already done.
    code, _, err = run(
        "component", "set", "api", "major_outage", "-m", "Still down.",
        "--now", "2026-11-28T10:30:00Z",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(
        "update", "checkout", "-s", "resolved", "-m", "Checkout fixed; the API stays down.",
        "-c", "api=major_outage", "--now", "2026-11-28T11:00:00Z",
    )  # fmt: skip
    assert "would show api operational" not in err, err


def test_check_does_not_claim_the_page_shows_operational_when_an_open_incident_keeps_it_down(
    make_site: MakeSite,
) -> None:
    # Two incidents on the API: one resolved (its last update names api major_outage, as
    # the other incident keeps it), one still open with api in a major outage. The page
    # shows api as a major outage; check warns that it "shows api operational".
    resolved = OPEN.replace(
        "    message: Checkout is slow.\n",
        "    message: Checkout is slow.\n"
        "-   at: 2026-11-28T11:00:00Z\n"
        "    status: resolved\n"
        "    message: Checkout is fixed; the API outage goes on (see the other incident).\n"
        "    components: {api: major_outage}\n",
    )
    other = """\
        ---
        title: API down
        severity: SEV-2
        components: {api: major_outage}
        started: 2026-11-28T10:45:00Z
        updates:
          - at: 2026-11-28T10:50:00Z
            status: identified
            message: The API is down; we are restoring it.
        ---
        """
    project = make_site({"2026/checkout.md": resolved, "2026/api-down.md": other})
    config = str(project / "mkdocs.yml")
    now = "2026-11-28T11:10:00Z"
    out = project / "site"
    code, stdout, stderr = run("build", "-f", config, "--now", now, "-d", str(out))
    assert code == 0, stdout + stderr
    assert (
        '"status": "major_outage"' in (out / "api" / "v2" / "components" / "api.json").read_text()
    )
    code, stdout, stderr = run("check", "-f", config, "--now", now)
    assert "shows api operational" not in stdout + stderr, stdout + stderr
