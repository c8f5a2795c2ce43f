"""Attack session 21c: `notify` after today's changes to what it counts as told.

Each test is one bug found in this session. It fails now and asserts what the docs
promise: "Nothing is sent twice", and `notify` "sends each new update (in the content
at HEAD, not at REF)" to chat and to every subscriber.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli

from .conftest import MakeSite, git, notified_repo
from .test_attack_session21b import Chat, chat

__all__ = ["chat"]  # a fixture, used by name

NOW = "2026-11-28T12:00:00Z"

IDENTIFIED = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    """An incident told up to its "Investigating"; its "Identified" committed since."""
    return notified_repo(make_site, IDENTIFIED)


def notify(project: Path, hook: str, *args: str) -> Result:
    """`notify` as the deploy workflow runs it: to chat, moving the tag."""
    return CliRunner().invoke(
        cli,
        ["notify", "--webhook-url-env", "SLACK", "--mark", "--now", NOW,
         "-f", str(project / "mkdocs.yml"), *args],
        env={"SLACK": hook},
    )  # fmt: skip


def titles(posted: list[str]) -> list[str]:
    """The first line of each chat message: "<title>: <status>"."""
    return [text.splitlines()[0] for text in posted]


def append_updates(path: Path, updates: str) -> None:
    """``updates`` (YAML list items) at the end of the file's ``updates``."""
    text = path.read_text(encoding="utf-8")
    head, fence, tail = text.rpartition("---\n")
    path.write_text(head + updates + fence + tail, encoding="utf-8")


LATER = """\
  - at: 2026-11-28T10:50:00Z
    status: monitoring
    message: >-
      The rollback is complete in every region. Card payments and refunds succeed
      again; we are watching the error rates and the payment queues closely.
  - at: 2026-11-28T11:20:00Z
    status: resolved
    message: >-
      Error rates have been normal for thirty minutes and the queued payments have
      all been processed. This incident is resolved; a postmortem will follow.
"""


def test_renaming_a_file_in_the_push_that_posts_updates_does_not_resend_what_was_told(
    repo: Path, chat: str
) -> None:
    """The lead renames `api-errors.md` to `2026-11-28-api-errors.md` (as `statuspress
    new` names files) with `git mv`, and in the same push posts "Monitoring" and
    "Resolved". `notify` follows renames with `git diff -M`, which pairs files only when
    they are at least half alike: the short file at the tag and the grown one at HEAD are
    not, so the rename is not seen, and chat (and every subscriber) gets "Investigating"
    and "Identified" again, an hour after they were told, beside the two new updates.
    The docs promise "Nothing is sent twice"; only "Monitoring" and "Resolved" are new."""
    first = notify(repo, chat, "--since", "HEAD~1")
    assert first.exit_code == 0, first.output
    assert titles(Chat.posted) == ["API errors: Identified"]
    git(repo, "mv", "incidents/api-errors.md", "incidents/2026-11-28-api-errors.md")
    append_updates(repo / "incidents" / "2026-11-28-api-errors.md", LATER)
    git(repo, "commit", "-qam", "Name the file as statuspress new does; monitoring, resolved")
    Chat.posted = []
    again = notify(repo, chat)
    assert again.exit_code == 0, again.output
    assert titles(Chat.posted) == ["API errors: Monitoring", "API errors: Resolved"]


DRAFT = """\
---
type: maintenance
title: Database upgrade
components: [db]
scheduled_start: 2026-12-02T02:00:00Z
scheduled_end: 2026-12-02T03:00:00Z
updates:
  - at: 2026-11-28T11:00:00Z
    status: scheduled
    message: The database will be read-only for up to an hour.
---
"""


def test_an_announcement_moved_into_the_content_folder_is_sent(repo: Path, chat: str) -> None:
    """A team keeps next week's maintenance announcement in `drafts/` (outside the
    content folder: not on the site) until it is approved, then publishes it with
    `git mv drafts/db-upgrade.md incidents/`. The site announces the maintenance, but
    `notify` sees a file "renamed into" the content folder and counts its "Scheduled"
    update as told at the tag, where it was only a draft: nothing goes to chat or to any
    subscriber, ever ("posted 0 updates"). The docs: notify "sends each new update (in
    the content at HEAD, not at REF)": this one was in no content at the tag."""
    first = notify(repo, chat, "--since", "HEAD~1")
    assert first.exit_code == 0, first.output
    (repo / "drafts").mkdir()
    (repo / "drafts" / "db-upgrade.md").write_text(DRAFT, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Draft the database upgrade announcement")
    Chat.posted = []
    drafted = notify(repo, chat)
    assert drafted.exit_code == 0, drafted.output
    assert Chat.posted == []  # a draft is not on the site: nothing to tell yet
    git(repo, "mv", "drafts/db-upgrade.md", "incidents/db-upgrade.md")
    git(repo, "commit", "-qm", "Announce the database upgrade")
    published = notify(repo, chat)
    assert published.exit_code == 0, published.output
    assert titles(Chat.posted) == ["Database upgrade: Scheduled"]
