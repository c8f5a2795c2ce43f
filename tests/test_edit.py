"""The edit engine: a new update lands after the last one and nothing else changes.

Each test checks the result the way a reader would: the front matter parses to
exactly the old data plus the new update, and the new text is the old text
with one piece inserted.
"""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import edit
from generator.cli import cli
from generator.load import SourceFile, parse_text

from .conftest import MakeSite

AT = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)


def parsed(text: str) -> SourceFile:
    result = parse_text(text.removeprefix("\ufeff"), "test.md", "test")
    assert isinstance(result, SourceFile), str(result)
    return result


def with_update(
    data: dict[str, Any], message: str, status: str = "resolved", **components: str
) -> dict[str, Any]:
    """``data`` with one more update, as the loader reads it back."""
    item: dict[str, Any] = {"at": AT.isoformat(), "status": status, "message": message.strip()}
    if components:
        item["components"] = components
    return {**data, "updates": [*(data.get("updates") or []), item]}


def insertion(old: str, new: str) -> tuple[int, str]:
    """Where ``new`` adds one piece to ``old``, and the piece; fails when any other byte differs."""
    size = len(new) - len(old)
    assert size > 0
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    assert new[:start] == old[:start]
    assert new[start + size :] == old[start:]
    return start, new[start : start + size]


def appended(
    text: str, message: str, status: str = "resolved", **components: str
) -> tuple[int, str]:
    """Append with the engine and check the whole result; return where and what it inserted."""
    new = edit.append_update(text, AT, status, message, components)
    place = insertion(text, new)
    assert repr(parsed(new).data) == repr(
        with_update(parsed(text).data, message, status, **components)
    )
    assert parsed(new).body == parsed(text).body
    return place


QUOTED_HASH = """\
---
title: Payments failing
severity: SEV-2
started: 2026-11-28T10:00:00Z
updates:
{dash}at: 2026-11-28T10:05:00Z
{key}status: investigating
{key}message: 'Payments are failing. Tracking in
{cont}#incident-4521 on Slack.'
---
Body.
"""


@pytest.mark.parametrize(
    ("dash", "key", "cont"),
    [("- ", "  ", ""), ("  - ", "    ", "  "), ("  - ", "    ", "      ")],
)
def test_a_quoted_message_continued_on_a_hash_line_keeps_the_new_update(
    dash: str, key: str, cont: str
) -> None:
    text = QUOTED_HASH.format(dash=dash, key=key, cont=cont)
    appended(text, "Payments work again.")
    # Right after the closing quote's line, in the list's own indentation.
    where = text.index("on Slack.'\n") + len("on Slack.'\n")
    piece = (
        f"{dash}at: 2026-11-28T11:00:00+00:00\n"
        f"{key}status: resolved\n"
        f"{key}message: Payments work again.\n"
    )
    assert edit.append_update(text, AT, "resolved", "Payments work again.", {}) == (
        text[:where] + piece + text[where:]
    )


LF_FRONT = """\
---
title: Slow API
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Looking into it.
---
A body written on Windows.\r
Second line.\r
"""


def test_a_crlf_line_in_the_body_leaves_the_front_matter_lf() -> None:
    where, piece = appended(LF_FRONT, "Fixed.\nAll good.")
    assert where == LF_FRONT.index("---\nA body")
    assert "\r" not in piece


def test_a_crlf_front_matter_gets_crlf_lines() -> None:
    text = LF_FRONT.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    _, piece = appended(text, "Fixed.\nAll good.")
    assert piece.endswith("\r\n")
    assert "\n" not in piece.replace("\r\n", "")


@pytest.mark.parametrize(
    "message",
    [
        "Line one\u2028line two",
        "Paragraph\u2029next",
        "Next\x85line",
        "Tabs\tinside and  double  spaces",
        "Ends with a quote'",
        "Line one\n  indented line two\n\n# not a comment\n---\n- not a list: really",
        "Carriage\rreturn",
        "Emoji 🔥 and ünïcödé",
        "A BOM\ufeffinside",
    ],
)
def test_any_character_of_the_message_is_kept(message: str) -> None:
    appended(LF_FRONT, message)


OPEN = """\
---
title: Checkout slow
severity: SEV-3
components: {api: degraded_performance}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: 'Checkout is slow. Tracking in
  #incident-4521 on Slack.'
---
Body.
"""


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/checkout.md": OPEN})
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_resolve_after_a_quoted_hash_line_resolves(project: Path) -> None:
    path = project / "incidents/2026/checkout.md"
    code, out, err = run("resolve", "checkout", "-m", "Fixed.", "--now", "2026-11-28T11:00:00Z")
    assert (code, out, err) == (0, "incidents/2026/checkout.md: resolved at 11:00 UTC\n", "")
    new = path.read_text(encoding="utf-8")
    insertion(OPEN, new)
    assert parsed(new).data == with_update(parsed(OPEN).data, "Fixed.")
    code, out, _ = run("list", "--open", "--now", "2026-11-28T11:05:00Z")
    assert (code, out) == (0, "Nothing open.\n")


def test_resolve_keeps_a_byte_order_mark(project: Path) -> None:
    path = project / "incidents/2026/checkout.md"
    path.write_bytes(codecs.BOM_UTF8 + OPEN.encode())
    code, _, err = run("resolve", "checkout", "-m", "Fixed.", "--now", "2026-11-28T11:00:00Z")
    assert (code, err) == (0, "")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    insertion(OPEN, raw.decode("utf-8-sig"))


def test_update_keeps_a_line_separator_in_the_message(project: Path) -> None:
    path = project / "incidents/2026/checkout.md"
    message = "Card payments fail.\u2028Cash works.\u2029Next update at 12:00."
    code, _, err = run(
        "update", "checkout", "-s", "identified", "-m", message, "--now", "2026-11-28T11:00:00Z"
    )
    assert (code, err) == (0, "")
    new = path.read_text(encoding="utf-8")
    insertion(OPEN, new)
    assert parsed(new).data == with_update(parsed(OPEN).data, message, "identified")
