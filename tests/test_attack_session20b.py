"""Attack session 20b: what changed on the day, as a hostile tester meets it: the update
lint in many voices, `update` through a linked incident file, merge keys in front matter.

Each test is one bug found in this session: it fails without its fix and asserts what
the promises say a user should see: bad input gets one clear line and a non-zero exit,
never a traceback; a command writes only inside the content folder and never loses a
byte of the user's files; update-lint findings are advice, and a good update gets none.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress import edit
from statuspress.cli import cli

from .conftest import CARD_INCIDENT, MakeSite
from .test_lint_updates_real import _found

OPEN = CARD_INCIDENT


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def no_traceback(result: Result) -> None:
    """The command ended on its own terms: no Python exception escaped it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )


# update through a linked incident file ----------------------------------------------


def test_update_writes_through_a_link_to_a_link(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({"archive/2026-12-04-card.md": OPEN})
    monkeypatch.chdir(root)
    (root / "incidents" / "mid.md.txt").symlink_to("archive/2026-12-04-card.md")
    (root / "incidents" / "2026-12-04-card.md").symlink_to("mid.md.txt")
    os.unlink(root / "incidents" / "archive" / "2026-12-04-card.md")
    (root / "incidents" / "archive" / "real.txt").write_text(OPEN, encoding="utf-8")
    os.unlink(root / "incidents" / "mid.md.txt")
    (root / "incidents" / "mid.md.txt").symlink_to("archive/real.txt")
    result = invoke(
        "update",
        "2026-12-04-card",
        "-s",
        "identified",
        "-m",
        "Fixed the card path for everyone. Next update by 23:00 UTC.",
        "--now",
        "2026-12-04T13:30:00Z",
    )
    no_traceback(result)
    print(result.output, result.stderr)
    assert result.exit_code == 0
    assert (root / "incidents" / "2026-12-04-card.md").is_symlink()
    assert (root / "incidents" / "mid.md.txt").is_symlink()
    assert "identified" in (root / "incidents" / "archive" / "real.txt").read_text()


@pytest.mark.parametrize(
    "command",
    [
        (
            "update",
            "2026-12-04-card",
            "-s",
            "identified",
            "-m",
            "Card payments work again for most customers. Next update by 15:00 UTC.",
        ),
        ("resolve", "2026-12-04-card", "-m", "Card payments work again for everyone."),
    ],
    ids=["update", "resolve"],
)
def test_a_link_replaced_before_the_write_does_not_lead_the_write_out_of_the_folder(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """The incident file is a link the check lets through (it leads inside
    `incidents/`). Between the check and the edit lock, the link is replaced (a sync
    tool, a teammate's `ln -sf`) by one that leads to an incident file of another project:
    the command read the file the link now leads to and wrote the update into it, outside
    the content folder and the project. Under the lock, the link should be checked again
    and the write refused on one line, the other project's file untouched."""
    root = make_site()
    monkeypatch.chdir(root)
    (root / "incidents" / "archive").mkdir()
    (root / "incidents" / "archive" / "card.txt").write_text(OPEN, encoding="utf-8")
    link = root / "incidents" / "2026-12-04-card.md"
    link.symlink_to("archive/card.txt")
    outside = tmp_path / "other-project" / "incident.md"
    outside.parent.mkdir()
    outside.write_text(OPEN, encoding="utf-8")
    before = outside.read_bytes()
    locked = edit.locked

    def swapped(folder: Path):  # type: ignore[no-untyped-def]
        link.unlink()
        link.symlink_to(outside)
        return locked(folder)

    monkeypatch.setattr(edit, "locked", swapped)
    result = invoke(*command, "--now", "2026-12-04T13:30:00Z")
    no_traceback(result)
    assert outside.read_bytes() == before
    assert result.exit_code != 0
    assert "2026-12-04-card.md" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_link_replaced_after_the_lock_is_followed_once(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Under the lock, the link was checked, then read, then written through again: one
    replaced between the read and the write (by a tool that takes no lock) led the update
    into the other project's file, over its own text. The file read is the file written."""
    root = make_site()
    monkeypatch.chdir(root)
    (root / "incidents" / "archive").mkdir()
    kept = root / "incidents" / "archive" / "card.txt"
    kept.write_text(OPEN, encoding="utf-8")
    link = root / "incidents" / "2026-12-04-card.md"
    link.symlink_to("archive/card.txt")
    outside = tmp_path / "other-project" / "incident.md"
    outside.parent.mkdir()
    outside.write_text("not an incident\n", encoding="utf-8")
    appended = edit.append_item

    def swapped(text: str, item: dict[str, object]) -> str:
        link.unlink()
        link.symlink_to(outside)
        return appended(text, item)

    monkeypatch.setattr(edit, "append_item", swapped)
    result = invoke(
        "update",
        "2026-12-04-card",
        "-s",
        "identified",
        "--now",
        "2026-12-04T13:30:00Z",
        "-m",
        "A card-network route is the cause. Next update by 14:30 UTC.",
    )
    no_traceback(result)
    assert outside.read_text(encoding="utf-8") == "not an incident\n"
    assert "card-network route" in kept.read_text(encoding="utf-8")


# merge keys in front matter ----------------------------------------------------------


@pytest.mark.parametrize(
    ("merge", "key", "line"),
    [
        ("<<: {severity: SEV-3, severity: SEV-1}", "severity", 4),
        ("<<: [{severity: SEV-3, severity: SEV-1}]", "severity", 4),
        ("<<: {severity: SEV-3}\n<<: {severity: SEV-1}", "<<", 5),
    ],
    ids=["in-the-merged-mapping", "in-a-merged-list", "merge-key-twice"],
)
def test_a_key_given_twice_through_a_merge_is_refused(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, merge: str, key: str, line: int
) -> None:
    """`severity: SEV-3` then `severity: SEV-1` is refused ("duplicate key 'severity'"),
    since YAML keeps only the last. The same key twice in a merged mapping, or two merge
    keys in one mapping, passed `check` without a word, and one of the two severities was
    silently dropped. They should be refused as the plain duplicate is, naming file,
    line and key."""
    text = OPEN.replace("started:", f"{merge}\nstarted:", 1)
    root = make_site({"2026-12-04-card.md": text})
    monkeypatch.chdir(root)
    result = invoke("check")
    no_traceback(result)
    assert result.exit_code != 0
    assert f"incidents/2026-12-04-card.md:{line}:" in result.output
    assert f"duplicate key '{key}'" in result.output


# the update lint on good updates -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "first"),
    [
        (
            "Scheduled reports did not go out this morning. Next update by 13:00 UTC.",
            "investigating",
            True,
        ),
        (
            "Payments are recovering. We'll keep this page updated at least every 30 minutes.",
            "monitoring",
            False,
        ),
    ],
    ids=["impact-as-what-did-not-happen", "promise-to-keep-the-page-updated"],
)
def test_a_good_update_gets_no_advice(
    make_site: MakeSite, text: str, status: str, first: bool
) -> None:
    """docs/lint.md: a first update says who is affected or what they see ("impact told
    as what does not happen" is impact), and a promise is words of another update and a
    time. "Reports did not go out" got `update-no-impact`, and "we'll keep this page
    updated every 30 minutes" `update-next-update`: noise for a writer mid-incident."""
    assert _found(make_site, [{"text": text, "status": status, "first": first}]) == [set()]
