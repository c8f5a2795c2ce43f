"""Attack session 19f: a precision sweep of the update lint.

128 good public updates were written in the voice of real status pages (a payments
company, a CI/CD service, an email sender, a chat app, a bank, a game, a university's IT
desk, a hosting provider, a CDN: first updates that state their impact, investigating
updates without guesses, identified and monitoring updates, each promising the next one in
words or with a clock time) and linted in one site per company; 8 got a finding (7 of them
`update-no-impact` on a first update that says what readers see). 31 bad ones, each with
one fault docs/lint.md names, were linted the same way; 1 was missed, and a short probe of
the same faults in other everyday words found more. Each test is one of those: it fails
now and asserts what docs/lint.md ("The update lint") promises.
"""

from __future__ import annotations

import json

import pytest

from .conftest import SMALL_CONFIG, MakeSite
from .test_attack_session19a import invoke, no_traceback

PROMISE = "    next_update: 2026-11-28T13:00:00Z\n"

FIRST = "Some customers see errors; we are investigating."
"""A first update that states the impact, so the message under test is the latest."""


def _open(*messages: str, status: str = "investigating", promise_last: bool = True) -> str:
    """An open incident whose updates are ``messages`` (the last with ``status``); every
    update but the last promises the next one in its field, the last only when
    ``promise_last``."""
    updates = ""
    for i, message in enumerate(messages):
        last = i == len(messages) - 1
        updates += (
            f"  - at: 2026-11-28T10:0{i}:00Z\n    status: {status if last else 'investigating'}\n"
            + (PROMISE if promise_last or not last else "")
            + f"    message: {json.dumps(message, ensure_ascii=False)}\n"
        )
    return (
        "---\ntitle: Service disruption\ncomponents: {api: partial_outage}\n"
        f"started: 2026-11-28T10:00:00Z\nupdates:\n{updates}---\n"
    )


def _rules(make_site: MakeSite, text: str) -> list[str]:
    """The rules of the lint's lines for one incident file ``text``."""
    config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90)
    project = make_site({"a.md": text}, config=config)
    result = invoke("lint", "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    lines = [line for line in result.stdout.splitlines() if line.startswith("incidents/")]
    return sorted(line.split(": ")[2] for line in lines)


# update-no-impact: what stopped working, in the words status pages use ------------------


@pytest.mark.parametrize(
    "message",
    [
        "Deploy previews are not being created. Investigating. Next update in 30 min.",
        "Open and click tracking stopped updating at 09:10 UTC. Emails are still being "
        "delivered normally. We're investigating and will share more by 10:00 UTC.",
        "The Slack integration is not posting messages into connected Slack channels. "
        "Everything else works. We're investigating and will post again within 30 minutes.",
        "Search isn't returning messages sent in the last hour. Older messages can be found "
        "as usual. Next update by 15:30 UTC.",
        "Hey folks \u2013 DNS changes made in the control panel aren't being published right "
        "now. Your existing records still work. We're on it and will update by 14:30 UTC.",
        "Cache purges are taking up to 15 minutes to complete. Content is still being served. "
        "Next update in 30 minutes.",
        "Scheduled pipelines did not run between 02:00 and 03:30 UTC. Pipelines triggered by "
        "pushes ran normally. We're investigating and will update by 09:00 UTC.",
        "Invoices are not being generated. Next update by 09:00 UTC.",
    ],
    ids=[
        "not-being-created",
        "stopped-updating",
        "not-posting",
        "isnt-returning",
        "arent-being-published",
        "taking-minutes-to-complete",
        "did-not-run",
        "not-being-generated",
    ],
)
def test_a_first_update_that_says_what_stopped_working_states_the_impact(
    make_site: MakeSite, message: str
) -> None:
    """A CI service's first update "Deploy previews are not being created." (an email
    sender's "Open and click tracking stopped updating at 09:10 UTC.", a chat app's
    "Search isn't returning messages sent in the last hour.", a CDN's "Cache purges are
    taking up to 15 minutes to complete.") gets `notice: lint/update-no-impact: ...
    Readers come to the page to learn whether the problem is theirs; an update without
    its impact makes them guess`. Each names the feature and what readers see of it (and
    most say what still works), while "Emails are not being delivered." and "Cache purges
    are slow." pass: impact is read from a short list of verbs ("not being delivered"
    yes, "not being created", "not being generated", "not running", "not returning",
    "stopped updating", "did not run" no). These were 7 of the 8 false alarms on 128
    good updates. The docs flag a first update "that says neither who is affected nor
    what they see"; none should be flagged."""
    assert _rules(make_site, _open(message, promise_last=False)) == []


# update-next-update: "we'll let you know by 20:00 UTC" ----------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Ranked matches ended early for some players and were recorded as losses. We're "
        "investigating and will let you know by 20:00 UTC how we'll restore your rank points.",
        "We're still investigating and will let you know more by 20:00 UTC.",
    ],
    ids=["let-you-know-how", "let-you-know-more"],
)
def test_a_promise_to_let_readers_know_by_a_time_is_a_promise(
    make_site: MakeSite, message: str
) -> None:
    """A game studio writes "We're investigating and will let you know by 20:00 UTC how
    we'll restore your rank points." and gets `notice: lint/update-next-update: ...
    Without a promised next update, readers keep refreshing`, while "We'll keep you
    posted by 20:00 UTC" passes. "Will let you know by 20:00 UTC" promises the next word
    from the page at a clock time, the promise the docs ask for ("next update by 15:30
    UTC", "we'll post again within 30 minutes"). It should not be flagged."""
    assert _rules(make_site, _open(FIRST, message, promise_last=False)) == []


# update-speculation: a hedge with a cause ---------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Wi-Fi is down in the Library. It could be a failed access point controller.",
        "Some customers cannot sign in. This could be a DNS issue.",
        "Some players can't connect. It might be a network problem.",
        "Some payments fail. It may be a problem with a database failover.",
        "Some sites are slow. Possibly a network issue.",
        "Some customers see errors. Our best guess is a faulty disk.",
    ],
    ids=["could-be-failed", "could-be-dns", "might-be", "may-be", "possibly", "best-guess"],
)
def test_a_hedged_cause_while_investigating_is_a_guess(make_site: MakeSite, message: str) -> None:
    """While investigating, a university IT desk writes "Wi-Fi is down in the Library. It
    could be a failed access point controller." The lint says nothing; nor for "This
    could be a DNS issue.", "It might be a network problem." or "Our best guess is a
    faulty disk.", while "We suspect a faulty switch" and "It appears to be related to a
    change we made" are flagged. The docs flag "guesses about the cause while the status
    is `investigating`: a hedge beside a cause claimed ... or a strong guess that says
    nothing of readers (... "most likely a DNS issue")". Each sentence here is a hedge
    ("could", "might", "may", "possibly", "best guess") before a cause that says nothing
    of readers, and should be flagged `update-speculation`."""
    assert "lint/update-speculation" in _rules(make_site, _open(FIRST, message))


# update-blame: the provider named after "at our ... provider," --------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Players can't connect due to an outage at our hosting provider, Hetzner.",
        "Some payments fail; this is caused by an outage at our payment provider, Adyen.",
        "Some sign-ins fail due to an incident at our identity provider, Okta.",
    ],
    ids=["hosting-provider", "payment-provider", "identity-provider"],
)
def test_an_outage_at_our_provider_named_is_blame(make_site: MakeSite, message: str) -> None:
    """ "Players can't connect due to an outage at Hetzner." is flagged `update-blame`, and
    so is "an incident at Okta, our identity provider". But the order real pages use,
    "due to an outage at our hosting provider, Hetzner.", passes: the words "our hosting
    provider," between "at" and the name hide the vendor. The docs flag "caused by an
    outage at Acme Cloud" and read a vendor as "the provider the message names" ("our
    hosting provider, Fly"). Each should be flagged `update-blame`."""
    assert "lint/update-blame" in _rules(make_site, _open(FIRST, message))


# update-internal-id: host names of other shapes ------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["db-primary-2", "mysql-primary-01", "pg-replica-02", "worker-eu-12", "ip-10-0-3-17"],
)
def test_an_internal_host_name_of_another_shape_is_found(make_site: MakeSite, host: str) -> None:
    """ "Some customers see errors; we restarted api-prod-07." is flagged
    `update-internal-id` (so are `db-prod-2`, `prod-db-3`, `redis-cache-04`), but "we
    failed over db-primary-2 to its replica", "we restarted mysql-primary-01" or
    "pg-replica-02" or "worker-eu-12", and "we replaced ip-10-0-3-17" (the private host
    name a cloud gives a server, an internal address spelt with dashes) pass. Each is an
    internal server's name after a verb done to a server, none a shard named as where
    customers are. The docs flag host names (`db-prod-03`); these should be flagged as
    `db-prod-03` is."""
    message = f"Some customers see errors; we restarted {host} and are watching it."
    assert "lint/update-internal-id" in _rules(
        make_site, _open(FIRST, message, status="identified")
    )
