"""Attack session 21b: the communications lead's workflow mid-incident: posting updates
into files hand-edited badly, the deploy workflow's scheduled rebuild, and `notify` run
after each deploy as the shipped workflows run it.

Each test is one bug found in this session: it fails now and asserts what the promises
say: nothing is sent twice; bad input is one clear line naming the field; a message
never contradicts itself; the page keeps being published while an incident is open.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from importlib import resources
from pathlib import Path

import pytest
from click.testing import Result

from .checks.server import receiving
from .conftest import INCIDENT, SMALL_CONFIG, MakeSite, git, notified_repo
from .test_attack_session20d import invoke, no_traceback

UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


# notify, as the deploy workflow runs it ------------------------------------------------


class Chat(BaseHTTPRequestHandler):
    """A Slack-like incoming webhook on 127.0.0.1: records each text posted."""

    posted: list[str] = []  # noqa: RUF012 (read by the tests)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Chat.posted.append(json.loads(body)["text"])
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def chat() -> Iterator[str]:
    Chat.posted = []
    with receiving(Chat) as address:
        yield f"{address}/hook"


def notify(project: Path, hook: str, *args: str) -> Result:
    return invoke(
        "notify", "--webhook-url-env", "SLACK", "--mark", "--now", "2026-11-28T12:00:00Z",
        "-f", str(project / "mkdocs.yml"), *args,
        env={"SLACK": hook},
    )  # fmt: skip


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    return notified_repo(make_site, UPDATE)


def test_renaming_a_component_id_does_not_send_every_past_update_again(
    repo: Path, chat: str
) -> None:
    """The lead renames the component `api` to `public-api` (mkdocs.yml and every
    incident file naming it, in one commit) and pushes. The next `notify` reads the
    content at the `statuspress-notified` tag with the *new* settings: the old files name
    an unknown component, are left out as invalid, and every update they hold counts as
    new. The Slack channel (and every subscriber) gets each past update of each incident
    that ever named `api` again: here the "Investigating" and "Identified" of an incident
    already told. Nothing changed in any update; nothing should be sent."""
    first = notify(repo, chat, "--since", "HEAD~1")
    assert first.exit_code == 0, first.output
    assert len(Chat.posted) == 1
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("- id: api\n", "- id: public-api\n"))
    incident = repo / "incidents" / "api-errors.md"
    incident.write_text(incident.read_text().replace("{api: ", "{public-api: "))
    git(repo, "commit", "-qam", "Rename the api component")
    assert invoke("check", "--now", "2026-11-28T12:00:00Z", "-f", str(config)).exit_code == 0
    Chat.posted = []
    again = notify(repo, chat)
    no_traceback(again)
    assert again.exit_code == 0, again.output
    assert Chat.posted == []


def test_moving_the_content_folder_does_not_send_the_whole_history_again(
    repo: Path, chat: str
) -> None:
    """The lead moves `incidents/` to `content/` and sets `content_dir: content` (a
    documented setting). The next `notify` looks for the old content in `content/` at the
    tagged commit, finds nothing there, and posts every update of every incident and
    maintenance the page ever had: years of history to chat and to every subscriber's
    inbox. The updates are the same; nothing should be sent."""
    first = notify(repo, chat, "--since", "HEAD~1")
    assert first.exit_code == 0, first.output
    git(repo, "mv", "incidents", "content")
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      time_zone:", "      content_dir: content\n      time_zone:"
        )
    )
    git(repo, "commit", "-qam", "Move the content folder")
    assert invoke("check", "--now", "2026-11-28T12:00:00Z", "-f", str(config)).exit_code == 0
    Chat.posted = []
    again = notify(repo, chat)
    no_traceback(again)
    assert again.exit_code == 0, again.output
    assert Chat.posted == []


def test_renaming_an_incident_file_does_not_send_its_updates_again(repo: Path, chat: str) -> None:
    """The lead renames an incident already told (`api-errors.md` to
    `2026-11-28-api-errors.md`, as `statuspress new` names files) with `git mv`. `notify`
    keys what it sent by file id, so every update of that incident, "Investigating"
    first, goes out again to chat and to every subscriber, as if the incident had started
    over. The docs promise "Nothing is sent twice"; a rename changes no update."""
    first = notify(repo, chat, "--since", "HEAD~1")
    assert first.exit_code == 0, first.output
    git(repo, "mv", "incidents/api-errors.md", "incidents/2026-11-28-api-errors.md")
    git(repo, "commit", "-qm", "Name the file as statuspress new does")
    Chat.posted = []
    again = notify(repo, chat)
    no_traceback(again)
    assert again.exit_code == 0, again.output
    assert Chat.posted == []


def test_notify_since_the_before_commit_of_a_first_push_names_since(repo: Path) -> None:
    """This repository's own deploy workflow (the one docs/publishing.md points to for the
    notify job) passes `--since ${{ github.event.before }}` when there is no tag yet.
    On the first push of the branch GitHub gives forty zeros there (and after a
    force-push, a commit the clone does not have). The lead sees `Error: git rev-parse
    --verify --quiet 0000000000000000000000000000000000000000^{commit}: failed`: git's
    command, not which option is wrong nor what to do. It should be one line naming
    `--since` and the commit it could not find."""
    for ref in ("0" * 40, "1234567890abcdef1234567890abcdef12345678"):
        result = invoke(
            "notify", "--webhook-url-env", "SLACK", "--dry-run", "--since", ref,
            "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
        )  # fmt: skip
        no_traceback(result)
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert "--since" in lines[0] and ref in lines[0], lines[0]
        assert "rev-parse" not in lines[0], lines[0]


# the deploy workflow's scheduled rebuild ------------------------------------------------


PROMISED = """\
---
title: Card payments failing
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Card payments fail for some customers.
    next_update: 2026-11-28T10:35:00Z
---
"""

MAINTENANCE = """\
---
type: maintenance
title: Database upgrade
components: {db: under_maintenance}
scheduled_start: 2026-11-28T10:40:00Z
scheduled_end: 2026-11-28T12:00:00Z
updates:
  - at: 2026-11-27T09:00:00Z
    status: scheduled
    message: We will upgrade the database.
---
"""


def _workflow_build_command() -> list[str]:
    """The build step of the deploy workflow `statuspress init` writes."""
    workflow = resources.files("statuspress").joinpath("scaffold/.github/workflows/deploy.yml")
    found = re.search(r"run: statuspress (build[^\n]*)", workflow.read_text(encoding="utf-8"))
    assert found is not None
    return found.group(1).split()


def test_the_scheduled_rebuild_still_publishes_while_a_promise_is_overdue(
    make_site: MakeSite,
) -> None:
    """The lead promised the next update by 10:35 and is five minutes late (it happens
    mid-incident). The deploy workflow `init` writes rebuilds every 10 minutes "so
    maintenance windows start and end and 'last updated' moves", with `statuspress build
    --strict`; the `overdue` warning makes that build fail, so every scheduled rebuild
    fails until someone posts: the public page freezes, still saying "Next update by
    10:35 UTC" (the docs say the pages stop showing a passed promise), and the database
    maintenance due at 10:40 never shows as in progress. The rebuild should publish."""
    project = make_site({"a.md": PROMISED, "m.md": MAINTENANCE})
    out = project / "site"
    command = [*_workflow_build_command(), "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    before = invoke(*command, "--now", "2026-11-28T10:30:00Z")
    assert before.exit_code == 0, before.output
    assert "Next update by" in (out / "index.html").read_text(encoding="utf-8")
    result = invoke(*command, "--now", "2026-11-28T10:45:00Z")
    assert result.exit_code == 0, result.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Next update by" not in page
    assert "in progress" in page.lower()


# update: what the lead is told ----------------------------------------------------------


def test_the_clock_refusal_never_says_a_time_is_later_than_itself(make_site: MakeSite) -> None:
    """Two people post during the incident. A colleague's update is stamped 10:05:40 by
    their laptop; the lead's laptop is half a minute behind, and `statuspress update`
    refuses: "the last update (2026-11-28 10:05 UTC) is later than now (2026-11-28
    10:05 UTC); check the clock or --now". The lead reads that 10:05 is later than 10:05
    and has no idea what to fix. The two times shown must differ (with their seconds)."""
    text = INCIDENT.format(title="API errors").replace("10:05:00Z", "10:05:40Z")
    project = make_site({"2026/2026-11-28-api.md": text})
    result = invoke(
        "update", "2026-11-28-api", "-s", "identified", "-m", "Found it.",
        "--now", "2026-11-28T10:05:10Z", "-f", str(project / "mkdocs.yml"),
    )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    shown = re.findall(r"\((\d{4}-\d\d-\d\d [\d:]+ UTC)\)", result.stderr)
    assert len(shown) == 2, result.stderr
    assert shown[0] != shown[1], result.stderr


# check: a file the lead saved with a trailing space ------------------------------------


def test_an_opening_fence_with_a_trailing_space_is_read_like_the_closing_one(
    make_site: MakeSite,
) -> None:
    """The lead's editor left a space after the first `---`. `check` says "expected front
    matter starting with '---' on line 1", and line 1 *is* `---` to anyone looking: the
    build fails and the lead cannot see why. The closing fence with trailing spaces is
    accepted, and MkDocs' own front matter reader accepts both; the opening one should be
    read the same (or the error should name the trailing space)."""
    text = INCIDENT.format(title="API errors").replace("---\n", "--- \n", 1)
    project = make_site({"a.md": text})
    result = invoke("check", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    assert result.exit_code == 0 or "space" in result.stderr, result.stderr


# settings: MkDocs' !ENV tag -----------------------------------------------------------


def test_site_url_from_the_environment_is_read(make_site: MakeSite) -> None:
    """A company adopting Statuspress keeps `site_url: !ENV [SITE_URL, 'https://...']` in
    `mkdocs.yml`, MkDocs' documented way to build previews and production from one file
    (docs/commands.md says values that `!ENV` tags read are part of the build cache key).
    Statuspress reads the tag's arguments as the value: "site_url: expected text, found
    ['SITE_URL', 'https://status.acme.example/']" (and with the variable set, "found
    'SITE_URL'"), so neither `check`, `build` nor `mkdocs build` ever builds the site."""
    config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
        "site_url: https://status.example.com/",
        "site_url: !ENV [STATUS_SITE_URL, 'https://status.acme.example/']",
    )
    project = make_site({"a.md": INCIDENT.format(title="API errors")}, config=config)
    result = invoke(
        "build", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"),
        env={"STATUS_SITE_URL": "https://status.acme.example/"},
    )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert "https://status.acme.example/" in (project / "site" / "index.html").read_text(
        encoding="utf-8"
    )


# update: the message written in $EDITOR ------------------------------------------------


COLLEAGUE = """\
import sys, time
from datetime import datetime, timezone
time.sleep(1.5)  # the lead writes; meanwhile a colleague posts an update
incident = {incident!r}
text = open(incident, encoding="utf-8").read()
at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
update = f"  - at: {{at}}\\n    status: monitoring\\n    message: A fix is out; watching.\\n"
head, fence, tail = text.rpartition("---\\n")
open(incident, "w", encoding="utf-8").write(head + update + fence + tail)
open(sys.argv[1], "w", encoding="utf-8").write({message!r} + "\\n")
"""


def test_an_update_written_in_the_editor_is_stamped_when_written_and_never_lost(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`statuspress update latest -s identified` without -m opens $EDITOR, as the docs
    say. The update is stamped when the command *started*, not when the lead saved the
    message: minutes of careful writing back-date it on the public timeline. Worse, when
    a colleague posts an update meanwhile (the edit lock is not held while the editor is
    open), the lead's update is older than the colleague's and is refused ("order:
    updates[2].at: expected updates oldest first", on a line 13 that is in no file), and
    the text the lead wrote is gone: "the change was not written". The update should be
    stamped when it is written, after the colleague's, with every word kept."""
    project = make_site({"2026/2026-11-28-api.md": INCIDENT.format(title="API errors")})
    incident = project / "incidents" / "2026" / "2026-11-28-api.md"
    message = "Root cause: a bad deploy of the card service; we are rolling it back."
    editor = tmp_path / "editor.py"
    editor.write_text(COLLEAGUE.format(incident=str(incident), message=message))
    result = invoke(
        "update", "latest", "-s", "identified", "-f", str(project / "mkdocs.yml"),
        env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""},
    )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    text = incident.read_text(encoding="utf-8")
    assert "A fix is out; watching." in text
    assert message in text
    assert text.index("A fix is out; watching.") < text.index(message)


# resolve latest: two incidents at once -------------------------------------------------


BLIP = """\
---
title: Website blip
components: {web: partial_outage}
started: 2026-11-28T11:00:00Z
updates:
  - at: 2026-11-28T11:05:00Z
    status: investigating
    message: The website is slow.
  - at: 2026-11-28T11:20:00Z
    status: resolved
    message: The website is back to normal.
    components: {web: operational}
---
"""


def test_resolve_latest_refused_names_the_incident_still_open(make_site: MakeSite) -> None:
    """Two incidents at once: the API incident is still open, and a website blip opened
    after it is already resolved. The lead runs the README's daily command `statuspress
    resolve latest -m ...` and reads "2026-11-28-web is resolved already; start a new
    incident instead": the advice is to open a duplicate incident, while the API one,
    which `list --open` shows, stays open on the public page. The refusal should at
    least name the incident that is open (or `latest` should mean the newest open one)."""
    project = make_site(
        {
            "2026/2026-11-28-api.md": INCIDENT.format(title="API errors"),
            "2026/2026-11-28-web.md": BLIP,
        }
    )
    result = invoke(
        "resolve", "latest", "-m", "Error rates are back to normal.",
        "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"),
    )  # fmt: skip
    no_traceback(result)
    api = (project / "incidents/2026/2026-11-28-api.md").read_text(encoding="utf-8")
    assert "status: resolved" in api or "2026-11-28-api" in result.stderr, result.stderr
