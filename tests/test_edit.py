"""The edit engine: a new update lands after the last one and nothing else changes.

Each test checks the result the way a reader would: the front matter parses to
exactly the old data plus the new update, and the new text is the old text
with one piece inserted.
"""

from __future__ import annotations

import codecs
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuspress import edit
from statuspress.cli import cli
from statuspress.load import SourceFile, parse_text

from .conftest import MakeSite

AT = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)


def parsed(text: str) -> SourceFile:
    result = parse_text(text.removeprefix("\ufeff"), "test.md", "test")
    assert isinstance(result, SourceFile), str(result)
    return result


def with_update(
    data: dict[str, Any],
    message: str,
    status: str = "resolved",
    components: dict[str, str] | None = None,
    at: datetime = AT,
    next_update: datetime | None = None,
) -> dict[str, Any]:
    """``data`` with one more update, as the loader reads it back."""
    item: dict[str, Any] = {"at": at.isoformat(), "status": status, "message": message.strip()}
    if next_update is not None:
        item["next_update"] = next_update.isoformat()
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
    text: str,
    message: str,
    status: str = "resolved",
    components: dict[str, str] | None = None,
    at: datetime = AT,
) -> tuple[int, str]:
    """Append with the engine and check the whole result; return where and what it inserted.

    The new text is the old one with one piece inserted, written with the line ending of
    the front matter's first line, and reads as exactly the old data plus the update.
    """
    old = parsed(text)
    new = edit.append_update(text, at, status, message, components or {})
    place = insertion(text, new)
    assert repr(parsed(new).data) == repr(with_update(old.data, message, status, components, at))
    assert parsed(new).body == old.body
    newline = "\r\n" if text.removeprefix("\ufeff").startswith("---\r\n") else "\n"
    rest = place[1].replace(newline, "")
    assert "\n" not in rest and "\r" not in rest
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


# Generated layouts -----------------------------------------------------------
#
# Each front matter is drawn together with the data it must read as, so a layout
# that does not mean what the strategy intends fails the test as well.

LETTERS = "abcXYZ019éü日🔥"
TOKENS = [
    *["#", "#incident-4521", "-", "- x", ":", "a: b", "---", "...", "'", '"', "\\", "a\tb"],
    *["{", "}", "[", "]", ",", "|", ">", "&a", "*a", "!x", "%", "@", "`", "~", "null", "yes"],
]
TOKEN = st.sampled_from(TOKENS) | st.text(LETTERS, min_size=1, max_size=5)
PLAIN_WORDS = ["Checkout", "slow", "API", "v2.1", "50%", "naïve", "🔥", "日本", "a-b", "x:y", "C#"]
STATUSES = ["investigating", "identified", "monitoring", "resolved"]
MESSAGES = st.text() | st.lists(
    st.sampled_from([*TOKENS, " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u2028", "\u2029"])
    | st.sampled_from(["\x85", "\ufeff", "\x00", "\x7f", "\x9f", "\ufffe", "\U0010ffff", "é"])
    | st.text(LETTERS, min_size=1, max_size=4),
    max_size=12,
).map("".join)
COMPONENTS = st.dictionaries(
    st.sampled_from(["api", "card-processing", "yes", "1", "a: b", "#x", "naïve"]),
    st.sampled_from(["operational", "partial_outage", "major_outage"]),
    max_size=2,
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=45)), ZoneInfo("Europe/Berlin")])
MOMENTS = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=ZONES)


def phrase(draw: st.DrawFn, pool: st.SearchStrategy[str] = TOKEN) -> str:
    return " ".join(draw(st.lists(pool, min_size=1, max_size=6)))


def escaped(text: str) -> str:
    """``text`` inside double quotes (the tokens hold no other special character)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")


def broken(draw: st.DrawFn, text: str, margin: str) -> list[str]:
    """``text`` on lines broken at some of its single spaces, which read back as spaces."""
    lines = [""]
    for word in text.split(" "):
        fence = margin == "" and word.startswith(("---", "..."))
        if lines[-1] and word and not fence and draw(st.booleans()):
            lines.append(margin + word)
        else:
            lines[-1] += (" " if lines[-1] or len(lines) > 1 else "") + word
    return lines


Value = tuple[list[str], Any, int]
"""The text after ``key:`` and the value's further lines, what it reads as, and the
deepest column a comment may have after it (a deeper one would belong to a block)."""


@st.composite
def values(draw: st.DrawFn, column: int, flow: bool = False) -> Value:
    """A message-like value for a key at ``column`` in one of YAML's styles."""
    styles = ["single", "double"] if flow else ["plain", "single", "double", "literal", "folded"]
    style = draw(st.sampled_from(styles))
    deeper = " " * (column + draw(st.sampled_from([1, 2, 4])))
    margin = deeper if flow else draw(st.sampled_from(["", " " * column, deeper]))
    comment = "" if flow else draw(st.sampled_from(["", "  # note", " #"]))
    if style == "plain":
        text = "Checkout " + phrase(draw, st.sampled_from(PLAIN_WORDS))
        lines = broken(draw, text, deeper)
        lines[0] = " " + lines[0]
        lines[-1] += comment
        return lines, text, 99
    if style in ("single", "double"):
        parts = [phrase(draw) for _ in range(draw(st.integers(1, 1 if flow else 3)))]
        lines = []
        for part in parts:
            quoted = part.replace("'", "''") if style == "single" else escaped(part)
            piece = broken(draw, quoted, margin) if not flow else [quoted]
            fence = margin == "" and piece[0].startswith(("---", "..."))
            lines += ["", (" " if fence else margin) + piece[0], *piece[1:]] if lines else piece
        quote = "'" if style == "single" else '"'
        lines[0] = " " + quote + lines[0]
        lines[-1] += quote + comment
        return lines, "\n".join(parts), 99
    indent = " " * (column + draw(st.sampled_from([2, 4])))
    chomp = draw(st.sampled_from(["", "-", "+"]))
    blank = draw(st.integers(0, 2))
    if style == "literal":
        rows = [phrase(draw)]
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["", "row", "deeper row"]))
            rows.append(kind and " " * (len(kind) - 3) + phrase(draw))
        while not rows[-1]:
            rows.pop()
        text = "\n".join(rows)
    else:
        rows = [phrase(draw) for _ in range(draw(st.integers(1, 3)))]
        text = " ".join(rows)
    text += {"-": "", "": "\n", "+": "\n" * (1 + blank)}[chomp]
    header = f" {'|' if style == 'literal' else '>'}{chomp}{comment}"
    empty = draw(st.sampled_from(["", indent[: column + 1]]))
    lines = [header, *(indent + row if row else "" for row in rows), *[empty] * blank]
    if chomp == "+":  # a comment ends the kept blank lines
        lines.append(" " * draw(st.integers(0, column)) + "# after a kept block")
    return lines, text, column


def comments(draw: st.DrawFn, deepest: int) -> list[str]:
    """Blank lines and comment lines at columns up to ``deepest``."""
    column = st.integers(0, min(deepest, 8)).map(lambda n: " " * n)
    line = st.just("") | st.builds(lambda pad: pad + "# a comment: - x ---", column)
    return draw(st.lists(line, max_size=2))


@st.composite
def items(draw: st.DrawFn, dash: int) -> tuple[list[str], dict[str, Any], int]:
    """One update in a block list with its dash at ``dash``: lines, data, comment limit."""
    at = draw(st.sampled_from(["2026-11-28T10:05:00Z", "2026-11-28T10:05:00+01:00"]))
    data: dict[str, Any] = {"at": at, "status": draw(st.sampled_from(STATUSES))}
    extra = draw(st.sampled_from(["", "components", "internal", "both"]))
    keys = ["at", "status", "message"]
    keys += [k for k in ("components", "internal") if extra in (k, "both")]
    keys = draw(st.permutations(keys))
    if draw(st.integers(0, 3)) == 0:  # a flow mapping
        column = dash + 2
        parts = []
        for key in keys:
            if key == "message":
                lines, value, _ = draw(values(column, flow=True))
                text = lines[0].strip()
            elif key == "components":
                value, text = {"api": "partial_outage"}, "{api: partial_outage}"
            elif key == "internal":
                value, text = True, "true"
            else:
                value = data[key]
                text = value if key == "status" else f"'{value}'"
            data[key] = value
            parts.append(f"{key}: {text}")
        lines = [" " * dash + "- {" + parts[0]]
        for part in parts[1:]:
            if draw(st.booleans()):
                lines[-1] += ","
                lines.append(" " * column + part)
            else:
                lines[-1] += ", " + part
        lines[-1] += "}" + draw(st.sampled_from(["", "  # flow"]))
        return lines, {k: data[k] for k in keys}, 99
    gap = draw(st.integers(1, 3))
    alone = draw(st.integers(0, 5)) == 0  # "-" on a line of its own
    column = dash + 2 if alone else dash + 1 + gap
    lines = [" " * dash + "-"] if alone else []
    limit = 99
    for key in keys:
        if lines:
            lines += comments(draw, limit)
        if key == "message":
            text, value, limit = draw(values(column))
        elif key == "components":
            if draw(st.booleans()):
                text, limit = [" {api: partial_outage, web: major_outage}"], 99
            else:
                nested = " " * (column + 2)
                text = ["", nested + "api: partial_outage", nested + "web: major_outage"]
                limit = 99
            value = {"api": "partial_outage", "web": "major_outage"}
        elif key == "internal":
            text, value, limit = [" yes  # kept"], "yes", 99  # YAML 1.2: a word
        else:
            value = data[key]
            text, limit = [" " + value], 99
        data[key] = value
        lines += [" " * column + f"{key}:{text[0]}", *text[1:]]
    if not alone:
        lines[0] = " " * dash + "-" + " " * gap + lines[0].lstrip(" ")
    return lines, {k: data[k] for k in keys}, limit


@st.composite
def files(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A content file in a varied but valid layout, and the data of its front matter."""
    column = draw(st.sampled_from([0, 0, 0, 2]))
    pad = " " * column
    entries: dict[str, tuple[list[str], Any, int]] = {
        "title": ([" 'Payments: failing'"], "Payments: failing", 99),
        "severity": ([" SEV-2  # major"], "SEV-2", 99),
        "started": ([" 2026-11-28T10:00:00Z"], "2026-11-28T10:00:00Z", 99),
    }
    for extra in draw(st.sets(st.sampled_from(["owner_note", "tags", "notes", "ratio"]))):
        if extra == "notes":
            entries[extra] = draw(values(column))
        elif extra == "tags":
            entries[extra] = ([" [checkout, 'a, b']"], ["checkout", "a, b"], 99)
        elif extra == "ratio":
            entries[extra] = ([" .nan"], math.nan, 99)
        else:
            entries[extra] = ([" keep me"], "keep me", 99)
    form = draw(st.sampled_from(["block", "block", "block", "flow", "[]", "null", "missing"]))
    if form == "block":
        dash = column + draw(st.sampled_from([0, 2, 4]))
        lines: list[str] = [""]
        updates = []
        limit = 99
        for _ in range(draw(st.integers(1, 3))):
            if updates:
                lines += comments(draw, limit)
            more, data, limit = draw(items(dash))
            lines += more
            updates.append(data)
        lines += comments(draw, limit)
        entries["updates"] = (lines, updates, limit)
    elif form == "flow":
        texts = draw(st.lists(st.sampled_from(FLOW_ITEMS), max_size=3))
        if draw(st.booleans()):
            inner = [pad + "  " + text + "," for text in texts] + [pad + "  # the end"]
            entries["updates"] = ([" [", *inner, pad + "]"], [FLOW_DATA[t] for t in texts], 99)
        else:
            line = " [" + ", ".join(texts) + "]"
            entries["updates"] = ([line], [FLOW_DATA[t] for t in texts], 99)
    elif form == "[]":
        entries["updates"] = ([draw(st.sampled_from([" []", " [ ]  # none yet"]))], [], 99)
    elif form == "null":
        entries["updates"] = ([draw(st.sampled_from(["", "  # none yet"]))], None, 99)
    order = draw(st.permutations(list(entries)))
    lines = comments(draw, 4)
    limit = 99
    for key in order:
        text, _, after = entries[key]
        lines += comments(draw, limit)
        lines.append(pad + f"{key}:{text[0]}")
        lines += text[1:]
        limit = after
    lines += comments(draw, limit)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = draw(st.lists(st.sampled_from(["Body *text*.", "", "---", "a\r", "# heading"])))
    text = (
        draw(st.sampled_from(["", "\ufeff"]))
        + newline.join(["---", *lines, "---", *body])
        + draw(st.sampled_from(["", "\n", "\r\n"]))
    )
    return text, {key: entries[key][1] for key in order}


FLOW_DATA = {
    "{at: '2026-11-28T10:05:00Z', status: investigating, message: 'a, b: #c'}": {
        "at": "2026-11-28T10:05:00Z",
        "status": "investigating",
        "message": "a, b: #c",
    },
    '{message: "x\\ty", status: resolved, at: "2026-11-28T10:06:00Z"}': {
        "message": "x\ty",
        "status": "resolved",
        "at": "2026-11-28T10:06:00Z",
    },
}
FLOW_ITEMS = list(FLOW_DATA)


@given(files(), MOMENTS, st.sampled_from(STATUSES), MESSAGES, COMPONENTS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_layouts_get_exactly_the_new_update(
    file: tuple[str, dict[str, Any]],
    at: datetime,
    status: str,
    message: str,
    components: dict[str, str],
) -> None:
    text, data = file
    assert repr(parsed(text).data) == repr(data)  # the layout means what it was drawn to mean
    appended(text, message, status, components, at)


@pytest.mark.long
@given(files(), MOMENTS, st.sampled_from(STATUSES), MESSAGES, COMPONENTS)
@settings(max_examples=6000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_long_run_of_generated_layouts(
    file: tuple[str, dict[str, Any]],
    at: datetime,
    status: str,
    message: str,
    components: dict[str, str],
) -> None:
    test_generated_layouts_get_exactly_the_new_update.hypothesis.inner_test(  # type: ignore[attr-defined]
        file, at, status, message, components
    )


@given(files(), st.integers(0, 10_000), st.text(min_size=1, max_size=3), MESSAGES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_layouts_get_the_new_update_or_a_clear_refusal(
    file: tuple[str, dict[str, Any]], where: int, junk: str, message: str
) -> None:
    place = where % (len(file[0]) + 1)
    text = file[0][:place] + junk + file[0][place:]
    try:
        edit.append_update(text, AT, "resolved", message, {})
    except edit.EditError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        appended(text, message)


@pytest.mark.long
@given(files(), st.integers(0, 10_000), st.text(min_size=1, max_size=3), MESSAGES)
@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_long_run_of_damaged_layouts(
    file: tuple[str, dict[str, Any]], where: int, junk: str, message: str
) -> None:
    test_damaged_layouts_get_the_new_update_or_a_clear_refusal.hypothesis.inner_test(  # type: ignore[attr-defined]
        file, where, junk, message
    )


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("updates: {at: x}", "updates: expected a list of updates, found a mapping"),
        ("updates: none yet", "updates: expected a list of updates, found 'none yet'"),
        ("updates: ~", "updates: expected a list of updates, found '~'"),
        ("updates: ''", "updates: expected a list of updates, found ''"),
        (
            "{title: x, updates: []}",
            "expected the front matter to be a mapping written one key per line",
        ),
        ("tags: [a", "the front matter cannot be read: line 3: did not find expected ',' or ']'"),
        (
            "- a\n- b",
            "the front matter cannot be read: line 2: expected the front matter to be a mapping of keys, found a list",
        ),
        (
            "a: 1\na: 2",
            "the front matter cannot be read: line 3: duplicate key 'a' (first given on line 2)",
        ),
        (
            "a: \x1f",
            "the front matter cannot be read: line 2: expected printable text, found the control character U+001F",
        ),
    ],
)
def test_what_cannot_be_edited_is_refused_with_one_line(front: str, message: str) -> None:
    with pytest.raises(edit.EditError) as raised:
        edit.append_update(f"---\n{front}\n---\n", AT, "resolved", "Fixed.", {})
    assert str(raised.value) == message


def test_a_file_without_front_matter_is_refused() -> None:
    with pytest.raises(edit.EditError) as raised:
        edit.append_update("Just text.\n", AT, "resolved", "Fixed.", {})
    assert str(raised.value) == "expected front matter starting with '---' on line 1"


def test_a_place_that_would_change_the_old_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check after composing catches a wrong place, such as inside the quoted message."""
    text = QUOTED_HASH.format(dash="- ", key="  ", cont="")
    inside = text.index("#incident") - text.index("\n") - 1
    monkeypatch.setattr(edit, "_insertions", lambda *_: [(inside, "- at: x\n")])
    with pytest.raises(edit.EditError) as raised:
        edit.append_update(text, AT, "resolved", "Fixed.", {})
    assert str(raised.value) == (
        "cannot add the update without changing the rest of the front matter; nothing was "
        "written (add it by hand after the last update)"
    )


LAYOUTS = {
    "indentless list, kept block": (
        "---\n"
        "title: Checkout slow\n"
        "severity: SEV-3\n"
        "started: 2026-11-28T10:00:00Z\n"
        "updates:\n"
        "- at: 2026-11-28T10:05:00Z\n"
        "  status: investigating\n"
        "  message: |+\n"
        "    Checkout is slow.\n"
        "    # not a comment\n"
        "      ---\n"
        "\n"
        "# the end of the updates\n"
        "---\n"
    ),
    "flow list": (
        "---\n"
        "title: Checkout slow\n"
        "updates: [{at: '2026-11-28T10:05:00Z', status: investigating,\n"
        "  message: 'Slow, again: #4521'}]  # one so far\n"
        "severity: SEV-3\n"
        "started: 2026-11-28T10:00:00Z\n"
        "---\n"
        "Body.\n"
    ),
    "flow items, keys in another order": (
        "---\n"
        "updates:\n"
        "    - {message: \"Slow.\", status: investigating, at: '2026-11-28T10:05:00Z'}\n"
        "    # keep this comment\n"
        "started: 2026-11-28T10:00:00Z\n"
        "title: Checkout slow\n"
        "severity: SEV-3\n"
        "---\n"
    ),
    "folded message with blank lines, CRLF and BOM": (
        "\ufeff---\r\n"
        "title: Checkout slow\r\n"
        "severity: SEV-3\r\n"
        "started: 2026-11-28T10:00:00Z\r\n"
        "updates:\r\n"
        "  -   at: 2026-11-28T10:05:00Z\r\n"
        "      status: investigating\r\n"
        "      message: >-\r\n"
        "        Checkout is slow\r\n"
        "        - for some.\r\n"
        "\r\n"
        "\r\n"
        "  # about tags\r\n"
        "tags: [checkout]\r\n"
        "---\r\n"
        "Body.\r\n"
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_update_and_resolve_keep_every_other_byte(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    root = make_site({})
    monkeypatch.chdir(root)
    path = root / "incidents/2026/checkout.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(LAYOUTS[layout].encode())
    steps = [
        ("identified", {"api": "partial_outage"}, "Slow query\u2028— fixing."),
        # resolve says the outage the update began is over.
        ("resolved", {"api": "operational"}, "  Fixed.\n\n  # Details: see '#incident-4521'  "),
    ]
    for minute, (status, components, message) in enumerate(steps, start=10):
        before = path.read_bytes().decode("utf-8")
        at = datetime(2026, 11, 28, 11, minute, tzinfo=UTC)
        promise = None if status == "resolved" else at + timedelta(minutes=30)
        if status == "resolved":
            command = ["resolve", "checkout", "-m", message]
        else:
            command = [
                "update",
                "checkout",
                "-s",
                status,
                "-c",
                "api=partial_outage",
                "-m",
                message,
                "--next-update",
                "30m",
            ]
        code, out, err = run(*command, "--now", f"2026-11-28T11:{minute}:00Z")
        said = f"; next update by {promise:%H:%M} UTC" if promise else ""
        assert (code, out, err) == (
            0,
            f"incidents/2026/checkout.md: {status} at 11:{minute} UTC{said}\n",
            "",
        )
        after = path.read_bytes().decode("utf-8")
        insertion(before, after)
        assert parsed(after).data == with_update(
            parsed(before).data, message, status, components, at, promise
        )
    assert path.read_bytes().startswith(codecs.BOM_UTF8) == LAYOUTS[layout].startswith("\ufeff")
    assert run("list", "--open", "--now", "2026-11-28T12:00:00Z")[1] == "Nothing open.\n"


def test_a_refused_edit_writes_nothing_and_says_why(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project / "incidents/2026/checkout.md"
    monkeypatch.setattr(edit, "_insertions", lambda *_: [(0, "oops: [\n")])
    code, out, err = run("resolve", "checkout", "-m", "Fixed.", "--now", "2026-11-28T11:00:00Z")
    assert (code, out, err) == (
        1,
        "",
        "Error: incidents/2026/checkout.md: cannot add the update without changing the rest of "
        "the front matter; nothing was written (add it by hand after the last update)\n",
    )
    assert path.read_text(encoding="utf-8") == OPEN


def test_new_incident_keeps_every_character_of_its_title_and_message(project: Path) -> None:
    title = "Payments\u2028down"
    message = "Card payments fail.\u2028Cash works.\u2029Next update at 12:00."
    code, out, err = run(
        "new", "incident", title, "-m", message, "--severity", "SEV-3",
        "--now", "2026-11-28T12:10:00Z",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = parsed((project / out.strip()).read_text(encoding="utf-8")).data
    assert (data["title"], data["updates"][0]["message"]) == (title, message)


def test_updates_that_read_as_a_number_are_refused_with_one_line() -> None:
    """Found by the damaged-layout property: ``updates:`` followed by a stray digit."""
    with pytest.raises(edit.EditError) as raised:
        edit.append_update("---\ntitle: A\nupdates:  1\n---\n", AT, "resolved", "Fixed.", {})
    assert str(raised.value) == "updates: expected a list of updates, found '1'"
