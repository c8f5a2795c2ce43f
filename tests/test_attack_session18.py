"""Attack session 18: the update lint, the lint's messages and suppressions, and hostile
input to the lints, as a hostile contributor and as a comms lead mid-incident.

Each test is one bug found in this session: it fails now and asserts what the docs
(docs/lint.md, docs/commands.md, docs/security.md) promise a user would see.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.lint import updates
from statuspress.serve import Preview

from .conftest import MakeSite, at

PROMISE = "    next_update: 2026-11-28T11:00:00Z\n"
GOOD = "Some customers cannot sign in; payments are not affected."


def _incident(*messages: str, status: str = "investigating", extra: str = PROMISE) -> str:
    """An open incident whose updates carry ``messages`` (each promising the next update
    unless ``extra`` says otherwise)."""
    updates_ = "".join(
        f"  - at: 2026-11-28T10:0{i}:00Z\n    status: {status}\n"
        f"    message: {json.dumps(m, ensure_ascii=False)}\n{extra}"
        for i, m in enumerate(messages)
    )
    return (
        f"---\ntitle: A\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n{updates_}---\n"
    )


def _lint(project: Path, *paths: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml"), *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _rules(make_site: MakeSite, text: str, config: str | None = None) -> list[str]:
    """The rules the lint reports for one content file, in order."""
    project = make_site({"a.md": text}, config=config)
    _, out = _lint(project)
    return sorted(line.split(": ")[2] for line in out.splitlines()[:-1])


def _lint_in_process(project: Path, seconds: float) -> subprocess.CompletedProcess[str]:
    """``statuspress lint`` in a child process, killed (and the test failed) after
    ``seconds``."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "statuspress", "lint", "-f", str(project / "mkdocs.yml")],
            capture_output=True,
            text=True,
            timeout=seconds,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"statuspress lint did not finish within {seconds} s")


# Hangs ------------------------------------------------------------------------------


def test_a_host_name_followed_by_a_run_of_dashes_does_not_hang_the_lint(
    make_site: MakeSite,
) -> None:
    """A 64-character update, "db1" and a run of dashes before a full stop, makes the
    update lint's host-name pattern backtrack exponentially: `statuspress lint`,
    `check`, `build`, `serve` and `update` hang (44 dashes: 43 s; 60: hours). A user
    sees CI time out on a pull request. docs/security.md promises the update lint's
    patterns read long text in linear time; this text is short."""
    project = make_site({"a.md": _incident(GOOD + " Seen on db1" + "-" * 60 + ".")})
    result = _lint_in_process(project, seconds=20)
    assert "lint/update-internal-id" in result.stdout


def test_many_html_comment_openers_in_a_body_are_read_in_linear_time(
    make_site: MakeSite,
) -> None:
    """A body line of "<!-- x " repeated, with no closing "-->", is searched from every
    opener to the end of the line (quadratic): 280 KB take 32 s to lint, a file near the
    1 MB limit minutes, in every check, build and preview. docs/security.md: long text
    is checked in seconds."""
    body = "Checkout failed for some customers. " + "<!-- x " * 40000 + "\n"
    project = make_site({"a.md": _incident(GOOD) + body})
    result = _lint_in_process(project, seconds=10)
    assert result.returncode == 0, result.stderr


# Where findings are shown ---------------------------------------------------------


def test_the_preview_shows_the_lint_findings(make_site: MakeSite) -> None:
    """`statuspress serve` builds a site whose open incident names an internal host and
    whose postmortem blames a person, and prints only "Rebuilt fully in 0.5 s.": the
    writer never sees the notices or warnings. docs/commands.md says `serve` runs the
    lint (notices in updates, warnings in postmortems), without failing the build."""
    postmortem = (
        "---\ntype: postmortem\ntitle: Review\nincidents: [a]\nstatus: draft\n"
        "summary: The engineer forgot to run the migration.\n---\nBody.\n"
    )
    project = make_site(
        {
            "a.md": _incident("Some customers cannot sign in; db-prod-03 is down."),
            "pm.md": postmortem,
        }
    )
    logged: list[str] = []
    preview = Preview(
        project / "mkdocs.yml", log=logged.append, clock=lambda: at("2026-11-28T10:30:00Z")
    )
    try:
        assert preview.rebuild()
    finally:
        preview.stop()
    shown = "\n".join(logged)
    assert "lint/update-internal-id" in shown
    assert "lint/counterfactual" in shown


# One line per finding, nothing injected --------------------------------------------


def test_a_multi_line_message_without_a_promise_gives_a_one_line_finding(
    make_site: MakeSite,
) -> None:
    """An update written as a block of several lines with no next-update promise: the
    `update-next-update` finding prints the raw message, newlines and all, so one
    finding spans several lines of `check`, `build` and `update` output. A line of the
    message that reads "::error file=x::pwned" then stands alone in the log of
    `statuspress build --strict` in the GitHub workflow `init` writes, and GitHub runs it
    as a workflow command (a forged annotation, or worse). docs/commands.md: every
    problem is reported on one line."""
    text = (
        "---\ntitle: A\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n"
        "  - at: 2026-11-28T10:00:00Z\n    status: investigating\n    message: |\n"
        "      Some customers cannot sign in.\n\n      ::error file=x::pwned\n"
        "      We are working on it.\n---\n"
    )
    project = make_site({"a.md": text})
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("::")], result.stderr
    assert len(lines) == 2, result.stderr  # the finding and the summary


def test_linting_a_named_file_does_not_print_terminal_escapes(make_site: MakeSite) -> None:
    """`statuspress lint drafts/x.md` on a file whose body holds an escape sequence
    (ESC ] 0 ; ... BEL sets the terminal's title; others clear the screen or forge
    text) echoes the sentence with the raw escape into the terminal. `check` refuses the
    same file with "expected printable text, found the control character U+001B"; the
    lint should do the same, or show the character escaped."""
    project = make_site()
    draft = project / "drafts" / "x.md"
    draft.parent.mkdir()
    draft.write_text(
        _incident(GOOD) + "The engineer forgot to run \x1b]0;pwned\x07 the script.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml"), str(draft)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "\x1b" not in result.output
    assert "\x07" not in result.output


def test_the_rewrite_of_a_long_message_is_cut_like_its_sentence(make_site: MakeSite) -> None:
    """A comms lead pastes 30 KB of log into an update; it holds an internal address.
    The finding marks the words in an excerpt of about 160 characters, but its
    "Rewrite:" repeats the whole 30 KB message on the same line, in the terminal of
    `update` and in every `check`. Clean advice keeps the rewrite to the excerpt too."""
    log = "worker ok; " * 2700
    project = make_site({"a.md": _incident(GOOD + " Failing over to 10.0.4.17 now; " + log)})
    _, out = _lint(project)
    assert "lint/update-internal-id" in out
    assert max(len(line) for line in out.splitlines()) < 1000


# Suppressions ---------------------------------------------------------------------


POSTMORTEM = """\
---
type: postmortem
title: Review
incidents: [a]
status: draft
summary: Checkout failed for an hour.
---
## What happened

The on-call engineer forgot to run the migration script before the deploy went out to every region that evening.

Obviously the deploy was late. <!-- statuspress-lint: disable=counterfactual -->
"""


def test_a_suppression_silences_only_the_sentence_it_is_on(make_site: MakeSite) -> None:
    """A postmortem: a long sentence that blames the on-call engineer, a blank line, and
    a second sentence carrying `<!-- statuspress-lint: disable=counterfactual -->`. The
    comment two lines further down silences the first sentence's counterfactual (the
    span searched for a comment grows with the sentence's length), so `check --strict`
    passes a postmortem that blames a person. docs/lint.md: the comment silences a
    rule on one line."""
    project = make_site({"a.md": _incident(GOOD, status="resolved", extra=""), "pm.md": POSTMORTEM})
    _, out = _lint(project)
    assert "incidents/pm.md:10: warning: lint/counterfactual" in out, out


def test_a_misspelt_rule_in_a_suppression_is_reported(make_site: MakeSite) -> None:
    """`# statuspress-lint: disable=update-jargn` (a typo for update-jargon) silences
    nothing and says nothing: the writer believes the finding is handled. Unknown rule
    names are refused with "did you mean" by `--explain`; a suppression naming one
    should be reported the same way (docs do not say either way)."""
    text = _incident(GOOD).replace(
        f"message: {json.dumps(GOOD)}",
        'message: "Some customers see errors; p99 is high."  # statuspress-lint: disable=update-jargn',
    )
    project = make_site({"a.md": text})
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "mkdocs.yml")])
    assert "update-jargn" in result.stderr
    assert "update-jargon" in result.stderr.split("update-jargn", 1)[1]


# update-internal-id ---------------------------------------------------------------


def test_no_need_to_panic_is_not_a_stack_trace(make_site: MakeSite) -> None:
    """Update: "There is no need to panic: your data is safe." is flagged as an internal
    identifier (the `panic: ` of a Go stack trace), in the update meant to calm
    readers."""
    message = "Some customers cannot sign in. There is no need to panic: your data is safe."
    assert _rules(make_site, _incident(message)) == []


def test_a_four_part_version_number_is_not_an_ip_address(make_site: MakeSite) -> None:
    """Update: "We released version 4.2.1.0 of the iOS app" is flagged as an internal IP
    address, with the rewrite "we released version one of our servers of the iOS app"."""
    message = "Some customers see errors; we released version 4.2.1.0 of the iOS app with a fix."
    assert _rules(make_site, _incident(message)) == []


def test_an_ip_address_at_the_end_of_a_sentence_is_flagged(make_site: MakeSite) -> None:
    """Update: "Traffic fails over to 10.0.4.17." passes: an address followed by a full stop is
    never seen (the same address before a space is flagged)."""
    message = "Some customers cannot sign in; traffic fails over to 10.0.4.17."
    assert _rules(make_site, _incident(message)) == ["lint/update-internal-id"]


def test_an_ipv6_address_is_flagged_and_rewritten_whole(make_site: MakeSite) -> None:
    """IPv6 addresses are not read as addresses: "host fe80::1ff:fe23:4567:890a is
    down" passes, and "2001:db8::17" is flagged only for "db8", rewritten as
    "host 2001:one of our servers::17 is down"."""
    assert _rules(
        make_site,
        _incident("Some customers cannot sign in; host fe80::1ff:fe23:4567:890a is down."),
    ) == ["lint/update-internal-id"]
    project = make_site(
        {"a.md": _incident("Some customers cannot sign in; host 2001:db8::17 is down.")}
    )
    _, out = _lint(project)
    assert 'Rewrite: "Some customers cannot sign in; host one of our servers is down."' in out, out


def test_public_region_names_and_cve_ids_are_not_tickets(make_site: MakeSite) -> None:
    """Update: "Customers in the US-2 region see errors." and an update naming CVE-2024-3094 are
    flagged as internal ticket ids: region names customers choose and public CVE ids
    are what readers need to read."""
    assert _rules(make_site, _incident("Customers in the US-2 region see errors.")) == []
    message = "Some customers see errors while we patch CVE-2024-3094 on our servers."
    assert _rules(make_site, _incident(message)) == []


def test_a_markdown_link_to_a_heading_is_not_a_chat_channel(make_site: MakeSite) -> None:
    """Update: "see [what to do](#what-to-do-now)" (a link to a heading of the incident page)
    is flagged as a chat channel like #incident-4521."""
    message = "Some customers cannot sign in; see [what to do](#what-to-do-now)."
    assert _rules(make_site, _incident(message)) == []


def test_the_rewrite_removes_every_internal_identifier(make_site: MakeSite) -> None:
    """Update: "db-prod-03 (10.0.0.5) is not responding": the rewrite offered is "one of our
    servers (10.0.0.5) is not responding", still publishing the internal address the
    finding is about."""
    message = "Some customers cannot sign in; db-prod-03 (10.0.0.5) is not responding."
    project = make_site({"a.md": _incident(message)})
    _, out = _lint(project)
    rewrite = out.split('Rewrite: "', 1)[1].split('"', 1)[0]
    assert "10.0.0.5" not in rewrite and "db-prod-03" not in rewrite, rewrite


# update-no-impact, update-speculation, update-blame --------------------------------


def test_a_first_update_of_thanks_states_no_impact(make_site: MakeSite) -> None:
    """Update: "We are investigating. Thank you for your patience." and "Our teams are
    investigating." say nothing of who is affected or what they see, but pass: "you",
    "your" and "teams" count as the affected readers."""
    for message in (
        "We are investigating. Thank you for your patience.",
        "Our teams are investigating.",
    ):
        assert _rules(make_site, _incident(message)) == ["lint/update-no-impact"], message


def test_a_hedged_impact_is_not_a_guess_about_the_cause(make_site: MakeSite) -> None:
    """Update: "Some customers may be unable to sign in, and we are working to find the cause."
    is the usual first update, and it is flagged as speculation: "may" (about the
    impact) and "cause" (which is not yet known) in one sentence."""
    message = "Some customers may be unable to sign in, and we are working to find the cause."
    assert _rules(make_site, _incident(message)) == []


def test_a_guessed_cause_without_the_word_cause_is_speculation(make_site: MakeSite) -> None:
    """Update: "We suspect a faulty network switch." and "This is most likely a DNS issue." are
    guesses about the cause while investigating, and pass: the check asks for a word
    such as "caused" or "due to" beside the hedge."""
    for guess in ("We suspect a faulty network switch.", "This is most likely a DNS issue."):
        found = _rules(make_site, _incident(f"Some customers cannot sign in. {guess}"))
        assert found == ["lint/update-speculation"], guess


def test_naming_our_own_app_or_a_shopping_day_is_not_blame(make_site: MakeSite) -> None:
    """Update: "We are investigating an issue with our Android app" and "Checkout is slow for
    some customers due to Black Friday traffic" are flagged as blaming a vendor: any
    capitalised word after "issue with" or "due to" is taken for one."""
    assert "lint/update-blame" not in _rules(
        make_site,
        _incident(
            "Some customers see errors in our Android app; we are investigating an issue with our Android app."
        ),
    )
    assert (
        _rules(
            make_site, _incident("Checkout is slow for some customers due to Black Friday traffic.")
        )
        == []
    )


def test_blaming_a_well_known_vendor_is_blame(make_site: MakeSite) -> None:
    """Update: "...due to an AWS outage" and "...because Cloudflare is down" pass: names of three
    capitals are skipped (so "caused by GCP," passes, though "caused by GCP." is
    flagged), and "because X is down" is not read as blame."""
    for message in (
        "Some customers cannot sign in due to an AWS outage.",
        "Some customers cannot sign in because Cloudflare is down.",
    ):
        assert _rules(make_site, _incident(message)) == ["lint/update-blame"], message


# update-next-update ---------------------------------------------------------------


def test_a_past_time_after_the_promise_is_no_promise(make_site: MakeSite) -> None:
    """Update: "We will post an update when the restore that began at 14:05 has finished."
    promises no time (14:05 is when the restore began), but counts as a promise, so the
    missing next update is not flagged."""
    message = "We will post an update when the restore that began at 14:05 has finished."
    assert not updates.promises_next_update(message)
    assert _rules(make_site, _incident(GOOD, message, extra="")) == ["lint/update-next-update"]


def test_common_ways_of_writing_a_promise_are_promises(make_site: MakeSite) -> None:
    """Update: "Next update in ~30 min." and "Next update in approx. 30 minutes." promise the next
    update, but get the notice that none was promised (the "~", and the full stop of
    "approx.", hide the time)."""
    for message in ("Next update in ~30 min.", "Next update in approx. 30 minutes."):
        assert updates.promises_next_update(message), message
        assert _rules(make_site, _incident(GOOD, message, extra="")) == [], message


# Other languages ------------------------------------------------------------------

GERMAN = """\
site_name: Beispiel
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  language: de
  font: false
plugins:
  - statuspress:
      time_zone: UTC
      components:
        - id: api
          name: API
"""


def test_a_german_update_that_states_its_impact_is_not_flagged(make_site: MakeSite) -> None:
    """On a site in German (`theme.language: de`, a shipped language), every first
    update gets "update-no-impact", however plainly it states the impact: "Einige
    Kunden können sich nicht anmelden." (some customers cannot sign in). The check
    reads English words only; on a site in another language it raises a false alarm on
    every incident."""
    message = "Einige Kunden können sich nicht anmelden; Zahlungen sind nicht betroffen."
    assert _rules(make_site, _incident(message), config=GERMAN) == []
