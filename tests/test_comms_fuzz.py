"""Generated input for the communication features: whiles typed by a hurried comms lead,
and template bodies nobody on the team wrote. Each gives a result or one clear line,
never a traceback, and what is written reads back as what was meant."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from statuspress.cli import cli
from statuspress.fields import read_while

from .conftest import REPO, MakeSite

SHIPPED = REPO / "generator" / "scaffold" / "templates"


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_while_or_none(text: str) -> None:
    found = read_while(text)
    assert found is None or found >= timedelta(0)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 30),
    st.integers(0, 99),
    st.integers(0, 999),
    st.sampled_from(["d", "day", "days", "D"]),
    st.sampled_from(["h", "hr", "hours", "H"]),
    st.sampled_from(["m", "min", "minutes", "M"]),
    st.sampled_from(["", " "]),
)
def test_written_whiles_read_as_their_sum(
    days: int, hours: int, minutes: int, d: str, h: str, m: str, gap: str
) -> None:
    text = f"{days}{gap}{d}{gap}{hours}{gap}{h}{gap}{minutes}{gap}{m}"
    assert read_while(text) == timedelta(days=days, hours=hours, minutes=minutes)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


# Message text as people type it: any printable character, braces and quotes included,
# several lines; placeholders other than {component} are refused, so they are filtered.
BODY = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.just("\n"),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip() and "{" not in s.replace("{component}", ""))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODY)
def test_a_template_body_nobody_wrote_is_filled_exactly_or_refused_in_one_line(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, body: str
) -> None:
    root = make_site({})  # the same folder for every example: start it empty
    for left in (root / "incidents").rglob("*.md"):
        left.unlink()
    templates = root / "templates"
    shutil.copytree(SHIPPED, templates, dirs_exist_ok=True)
    (templates / "generated.md").write_text(
        "---\ntitle: Trouble with {component}\nstatus: investigating\n"
        "component_status: partial_outage\nnext_update: 30m\n---\n" + body,
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    result = runner.invoke(
        cli,
        ["new", "incident", "--template", "generated", "-c", "api",
         "--now", "2026-11-28T10:00:00Z"],
    )  # fmt: skip
    written = list((root / "incidents").rglob("*.md"))
    event("refused" if result.exit_code else "written")
    if result.exit_code != 0:
        # Refused: one line, no traceback, nothing written.
        assert (result.exit_code == 1 and result.exception is None) or isinstance(
            result.exception, SystemExit
        ), result.exception
        assert "Traceback" not in result.stderr
        assert written == []
        return
    (path,) = written
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    expected = body.strip().replace("{component}", "API")
    assert front["updates"][0]["message"].strip() == expected
    check = runner.invoke(cli, ["check", "--strict", "--now", "2026-11-28T10:10:00Z"])
    assert check.exit_code == 0, check.stderr
