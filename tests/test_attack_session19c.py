"""Attack session 19c: a hostile tester on today's changes (the update lint's new forms,
the authoring commands, notify's subscribers' list, feed links, other-host warnings).

Each test is one bug found in this session: it fails now and asserts what the
documentation promises a user or a reader would see. Update messages are written as
real companies write them on their status pages.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from .conftest import CARD_INCIDENT, SMALL_CONFIG, MakeSite, notified_repo
from .test_attack_session19a import invoke, no_traceback
from .test_attack_session19b import _config
from .test_lint import PROMISE, _incident

NOW = "2026-11-28T12:00:00Z"


def _lint(make_site: MakeSite, message: str, config: str | None = None) -> list[str]:
    """The update lint's rules for one open incident whose only update is ``message``
    (with a promised next update), on a site of ``config``."""
    project = make_site({"a.md": _incident(message, extra=PROMISE)}, config=config)
    result = invoke("lint", "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    return sorted(line.split(": ")[2] for line in result.stdout.splitlines()[:-1])


# The update lint: vendors ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in due to an outage at [Okta](https://status.okta.com).",
        "Some customers cannot sign in due to an outage at **Okta**.",
        "Some builds fail: [Cloudflare](https://www.cloudflarestatus.com) is experiencing "
        "network issues.",
        "Some uploads fail; we are waiting for [AWS](https://health.aws.amazon.com) to restore S3.",
    ],
)
def test_a_vendor_named_in_a_link_or_in_bold_is_still_blamed(
    make_site: MakeSite, message: str
) -> None:
    """Writers link the vendor's status page from its name ("due to an outage at
    [Okta](https://status.okta.com)") or put it in bold. The page shows "due to an outage
    at Okta", exactly the blame `update-blame` flags when written without the link, but
    the lint says nothing: the `[` or `**` before the name hides it. It should flag it,
    as it does for the same words without Markdown."""
    assert "lint/update-blame" in _lint(make_site, message)


GITHUB_STATUS = """\
site_name: GitHub Status
site_url: https://www.githubstatus.com/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - statuspress:
      time_zone: UTC
      components:
        - id: actions
          name: Actions
        - id: git
          name: Git Operations
"""


@pytest.mark.parametrize(
    "message",
    [
        "GitHub is experiencing degraded performance for Actions; some workflow runs are delayed.",
        "Some customers cannot push: GitHub is having issues with Git Operations.",
    ],
)
def test_a_site_named_company_status_is_not_blamed_on_its_own_page(
    make_site: MakeSite, message: str
) -> None:
    """GitHub's status page is named "GitHub Status" (so are Slack's, Atlassian's...:
    `site_name: GitHub Status`). Its update "GitHub is experiencing degraded performance
    for Actions" is flagged `update-blame`: the site's own name is read as ours only
    whole, or by a word that is no vendor's, and "GitHub" is a known vendor. The docs
    promise that a name of the site's own (its `site_name`) is never blamed; the
    company's name in its own status page's name is the site's own."""
    assert _lint(make_site, message, GITHUB_STATUS) == []


@pytest.mark.parametrize(
    "message",
    [
        "Customers deploying to AWS are experiencing failed deployments.",
        "Webhook deliveries to Slack are experiencing delays for some customers.",
        "Customers who join calls through Zoom are facing issues with audio.",
    ],
)
def test_a_vendor_that_is_where_our_customers_go_is_not_the_subject_of_the_trouble(
    make_site: MakeSite, message: str
) -> None:
    """A deployment platform writes "Customers deploying to AWS are experiencing failed
    deployments": the customers are the subject ("are"), AWS is where they deploy to.
    The lint flags `update-blame` on "AWS are experiencing", reading the vendor as the
    subject of the trouble. It should read the vendor that way only where it is the
    subject, as the docs say ("a vendor as the subject of trouble"), not the object of
    "to", "through" or "on"."""
    assert _lint(make_site, message) == []


@pytest.mark.parametrize(
    "message",
    [
        "Some customers are having issues with Google Calendar sync.",
        "We are investigating issues with Microsoft Teams notifications for some customers.",
    ],
)
def test_a_vendor_product_with_a_capital_is_our_feature_not_blame(
    make_site: MakeSite, message: str
) -> None:
    """A scheduling tool writes "Some customers are having issues with Google Calendar
    sync". The lint flags `update-blame` ("issues with Google"), while "issues with
    Slack notifications" passes, as the docs promise ("not a vendor beside our own
    words"). The only difference is the capital of the vendor's product name (Google
    Calendar, Microsoft Teams): it is still our sync, our notifications."""
    assert _lint(make_site, message) == []


# The update lint: guesses, impact, identifiers ------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in. We apologize for any impact this may have caused "
        "to your business.",
        "Some customers cannot sign in. We apologise for any issues this may have caused.",
    ],
)
def test_every_common_apology_guesses_at_nothing(make_site: MakeSite, message: str) -> None:
    """ "We apologize for any impact this may have caused" is the most common apology on
    status pages (AWS, Atlassian's templates). While investigating, the lint flags it
    `update-speculation` ("may"), though "the inconvenience this may be causing" passes:
    the apology's nouns are read from a short list (inconvenience, disruption, trouble,
    frustration, difficulties). The docs say an apology is not a guess at the cause."""
    assert _lint(make_site, message) == []


@pytest.mark.parametrize(
    "message",
    [
        "The dashboard isn't loading.",
        "Sign-in isn't working right now.",
        "Emails aren't being delivered.",
    ],
)
def test_a_first_update_that_says_what_fails_with_a_contraction_states_the_impact(
    make_site: MakeSite, message: str
) -> None:
    """The first update "The dashboard isn't loading." is flagged
    `update-no-impact` ("says neither who is affected nor what they see"), while "The
    dashboard is not loading" passes: "not loading", "not working", "not delivered" are
    read as impact only without a contraction. Status updates are written with them."""
    assert _lint(make_site, message) == []


def test_a_standard_s_name_with_a_number_is_no_ticket(make_site: MakeSite) -> None:
    """ "Webhook signatures using SHA-256 fail to verify for some customers." is flagged
    `update-internal-id` as a ticket id ("SHA-256" has the shape of OPS-1234). It is the
    name of a standard that customers configure, like ISO-8601 or TLS-1, which pass."""
    message = "Webhook signatures using SHA-256 fail to verify for some customers."
    assert _lint(make_site, message) == []


def test_a_pasted_log_in_an_update_is_linted_in_a_moment(make_site: MakeSite) -> None:
    """The lead pastes the error log customers report into an update, in backticks
    ("Some customers see this error when they export reports `...`"), about 48 KB.
    `statuspress lint` (and every `update` and `check`, which print the lint's advice)
    takes over 20 s on it: quotations and code are blanked to spaces for the guess and
    blame checks, and the clause splitter tries a long run of spaces from each of its
    positions. It should take about as long as the same message without backticks (a
    fraction of a second)."""
    log = " ".join(
        f"2026-11-28 10:{i % 60:02d}:00 worker export job {i} failed with status timeout"
        for i in range(700)
    )
    message = (
        f"Some customers see this error when they export reports `{log}` and we are investigating."
    )
    started = time.perf_counter()
    _lint(make_site, message)
    assert time.perf_counter() - started < 3  # it took 23 s


# Authoring commands -------------------------------------------------------------------


OPEN = CARD_INCIDENT


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/2026-12-04-card.md": OPEN})
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    "command",
    [
        ("update", "2026-12-04-card", "-s", "identified"),
        ("new", "incident", "Sign-in fails", "-c", "api=partial_outage"),
    ],
    ids=["update", "new-incident"],
)
def test_a_message_with_windows_line_ends_is_written(
    project: Path, command: tuple[str, ...]
) -> None:
    """The lead pastes a two-line message from a Windows document (or PowerShell):
    `-m "Card payments fail.\\r\\nNext update by 15:00 UTC."`. The option's own check
    lets the CRLF line end through (it is fine in a body), and `--message-file` with the
    same CRLF text writes the update; but `--message` ends in
    `incidents/2026/...md:12:5: character: updates[1].message: expected printable text,
    found the control character U+000D` and `Error: the change was not written`: a
    line of a file never written, in the middle of the incident. The message should be
    written as `--message-file` writes it (line ends made newlines)."""
    message = "Card payments fail for some customers.\r\nNext update by 15:00 UTC."
    result = invoke(*command, "-m", message, "--now", "2026-12-04T14:00Z")
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert invoke("check", "--now", "2026-12-04T14:00Z").exit_code == 0


def test_two_near_misses_with_titles_in_another_script_are_both_written(
    project: Path,
) -> None:
    """A Japanese team writes two near-miss reviews the same day: `new near-miss
    "鍵の期限切れ"` and `new near-miss "証明書の期限切れ"` (a key, then a certificate,
    came close to expiring). Both titles slug to `incident`, so the second is refused:
    `Error: incidents/postmortems/DAY-incident.md exists already; nothing was written`,
    as if the same review were asked for twice. Two different titles are two reviews:
    the second should get the next free id, as `new incident` does."""
    first = invoke("new", "near-miss", "\u9375\u306e\u671f\u9650\u5207\u308c")
    assert first.exit_code == 0, first.stderr
    second = invoke("new", "near-miss", "\u8a3c\u660e\u66f8\u306e\u671f\u9650\u5207\u308c")
    no_traceback(second)
    assert second.exit_code == 0, second.stderr
    written = sorted((project / "incidents" / "postmortems").glob("*.md"))
    assert len(written) == 2, written


# notify: the subscribers' list ----------------------------------------------------------


MERGED = """\
email:
  - &platform
    address: ana@example.org
    components: [api, db]
  - <<: *platform
    address: bo@example.net
"""


def test_a_subscribers_list_with_a_merge_key_is_read(make_site: MakeSite) -> None:
    """A team's list gives the components once and merges them into each address
    (`- <<: *platform`), a common YAML idiom. Read with YAML's safe loader before, it is
    now refused: `S: expected YAML or JSON, found text that is not: line 5: could not
    determine a constructor for the tag 'tag:yaml.org,2002:merge'`, and nobody is told of
    the update. It is YAML; the list should be read (both addresses), or the merge
    refused in words that say what to change."""
    repo = notified_repo(make_site, "  - at: 2026-11-28T10:30:00Z\n    status: identified\n"
                                    "    message: A bad deploy; rolling back.\n")  # fmt: skip
    result = invoke(
        "notify", "--subscribers-env", "S", "--since", "HEAD~1", "--dry-run",
        "--now", NOW, "-f", str(repo / "mkdocs.yml"), env={"S": MERGED},
    )  # fmt: skip
    no_traceback(result)
    assert "found text that is not" not in result.stderr, result.stderr
    assert "tag:yaml.org" not in result.stderr, result.stderr
    if result.exit_code == 0:
        assert "a…@example.org" in result.stdout and "b…@example.net" in result.stdout


# Feeds --------------------------------------------------------------------------------


def _entry_html(project: Path) -> str:
    feed = etree.parse(str(project / "site" / "history.atom"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = feed.getroot().findall("a:entry", ns)
    content = entry.find("a:content", ns)
    assert content is not None and content.text is not None
    return content.text


def _build(project: Path) -> None:
    result = invoke("build", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    assert result.exit_code == 0, result.output


SNIPPET = """\
---
title: Widget fails to load
severity: SEV-3
components: {web: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: identified
    message: 'Self-hosted widgets fail to load. Change your snippet to `<script src="/widget/v2.js">` to fix it.'
    next_update: 2026-11-28T13:00:00Z
---
"""


def test_an_address_in_code_is_left_as_written_in_the_feed(make_site: MakeSite) -> None:
    """An update tells customers what to paste: ``Change your snippet to `<script
    src="/widget/v2.js">` ``. The incident page shows the code as written; the Atom and
    RSS entries show `<script src="https://status.example.com/widget/v2.js">`: the
    links' resolution rewrites any `src="..."` in the HTML, the text of a code span
    included. Only the addresses of links and images should be resolved; the words
    customers copy must stay as written."""
    project = make_site({"widget.md": SNIPPET})
    _build(project)
    shown = _entry_html(project)
    assert 'src="/widget/v2.js"' in shown, shown
    assert "status.example.com/widget" not in shown, shown


RAW_LINK = """\
---
title: Card payments fail
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: identified
    message: "Some card payments fail. See <a href='../older/'>the earlier incident</a>."
    next_update: 2026-11-28T13:00:00Z
---
"""


def test_a_raw_link_in_single_quotes_is_resolved_in_the_feed_too(make_site: MakeSite) -> None:
    """With `allow_raw_html: true` (a documented setting), an update links
    `<a href='../older/'>the earlier incident</a>`. On the incident page it leads to
    /incidents/older/; in `/history.atom` the entry keeps `href='../older/'` (only
    double-quoted attributes are resolved), so a feed reader resolves it against the
    feed's address and reaches https://status.example.com/older/, which does not exist.
    It should be resolved as `href="../older/"` is."""
    config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
        "      time_zone:", "      allow_raw_html: true\n      time_zone:"
    )
    project = make_site({"payments.md": RAW_LINK}, config=config)
    _build(project)
    assert "https://status.example.com/incidents/older/" in _entry_html(project)


# Other-host warnings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"extra_css": ["https://[YOUR-CDN]/theme.css"]},
        {"extra_javascript": ["https://[cdn.example.net/x.js"]},
        {"theme": {"logo": "https://[YOUR-CDN]/logo.png"}},
    ],
)
def test_an_address_that_is_not_one_is_a_line_not_a_traceback(
    make_site: MakeSite, extra: dict[str, object]
) -> None:
    """A settings file copied from a template keeps a placeholder,
    `extra_css: ["https://[YOUR-CDN]/theme.css"]`. `statuspress check` (and build,
    serve) ends in a Python traceback: `ValueError: 'YOUR-CDN' does not appear to be an
    IPv4 or IPv6 address`, from the new other-host warning. It should say what is wrong
    with the setting on one line, or pass over it, never a traceback."""
    project = make_site({}, config=_config(**extra))
    result = invoke("check", "--now", NOW, "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
