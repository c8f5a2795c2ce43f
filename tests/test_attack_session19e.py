"""Attack session 19e: a communications lead in the middle of an incident, and a hostile
tester of today's update lint and authoring commands.

Worked end to end in sites from `statuspress init` (an English payments company, a German
bank and a French shop with `theme.language` set): incidents opened with `new incident`,
40+ updates posted with `update` and `resolve` in the voice of real status pages, from
`-m`, `--template` and `--message-file -`. Each test is one bug found there: it fails now
and asserts what the documentation (docs/lint.md, "The update lint"; docs/commands.md)
promises the lead or a reader would see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import SMALL_CONFIG, MakeSite
from .test_attack_session19a import invoke, no_traceback

PROMISE = "    next_update: 2026-11-28T13:00:00Z\n"


def _config(language: str | None = None) -> str:
    """:data:`SMALL_CONFIG` in UTC, with ``theme.language`` when given."""
    data = yaml.safe_load(SMALL_CONFIG.format(time_zone="UTC", uptime_days=90))
    if language:
        data["theme"]["language"] = language
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _open(*messages: str, promise_last: bool = True) -> str:
    """An open incident (investigating) whose updates are ``messages``; every update but
    the last promises the next one in its field, the last only when ``promise_last``."""
    updates = ""
    for i, message in enumerate(messages):
        last = i == len(messages) - 1
        updates += (
            f"  - at: 2026-11-28T10:0{i}:00Z\n    status: investigating\n"
            + (PROMISE if promise_last or not last else "")
            + f"    message: {json.dumps(message, ensure_ascii=False)}\n"
        )
    return (
        "---\ntitle: Card payments failing\ncomponents: {api: partial_outage}\n"
        f"started: 2026-11-28T10:00:00Z\nupdates:\n{updates}---\n"
    )


def _findings(make_site: MakeSite, text: str, language: str | None = None) -> list[str]:
    """The update lint's lines for one incident file ``text``."""
    project = make_site({"a.md": text}, config=_config(language))
    result = invoke("lint", "-f", str(project / "mkdocs.yml"))
    no_traceback(result)
    return [line for line in result.stdout.splitlines() if line.startswith("incidents/")]


def _rules(lines: list[str]) -> list[str]:
    return sorted(line.split(": ")[2] for line in lines)


FIRST = "Some customers cannot pay by card; we are investigating."
"""A first update that states the impact, so the message under test is the latest."""


# update-next-update: promises the lint does not read --------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Card payments work again for most customers. We'll keep monitoring and post again "
        "within 30 minutes.",
        "A fix is live. We will provide a final update within 60 minutes.",
        "We're rolling back the change. We'll have another update for you in 30 minutes.",
        "The rollback is in progress. Please expect another update from us in 15 minutes.",
        "Payments are recovering. Updates will be posted every hour until this is resolved.",
        "We are still working on a fix and will provide updates hourly.",
    ],
    ids=[
        "keep-monitoring-and-post-again",
        "final-update",
        "have-another-update-for-you",
        "expect-another-update-from-us",
        "every-hour",
        "hourly",
    ],
)
def test_a_promise_of_the_next_update_in_common_words_is_read(
    make_site: MakeSite, message: str
) -> None:
    """The lead posts "A fix is live ✅ ... We'll keep monitoring and post a final update
    within 60 minutes." (no `--next-update`: the message says it) and `update` prints
    `notice: lint/update-next-update: ... Without a promised next update, readers keep
    refreshing`. The docs list "we'll post again within 30 minutes" as a promise the lint
    reads; these say the same in the words real status pages use ("a final update",
    "another update for you", "another update from us", "every hour", "hourly"), and
    "We'll keep monitoring and post again within 30 minutes" is the docs' own example
    with three words before "post". A false alarm on the update that keeps its promise
    teaches the lead to ignore the lint. None should be flagged."""
    lines = _findings(make_site, _open(FIRST, message, promise_last=False))
    assert _rules(lines) == [], lines


# update-no-impact: impact told in plain words ----------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Card transactions are being declined.",
        "Our website is offline.",
        "Password reset emails are arriving late.",
        "Outbound SMS messages are not going out.",
        "Emails are queued and have not yet been delivered.",
        "Orders placed since 10:15 do not appear in the dashboard.",
        "The VPN (GlobalProtect) is not accepting new connections.",
        "Pages are taking a long time to load.",
        "The app crashes on launch on Android.",
    ],
)
def test_a_first_update_that_says_what_readers_see_states_the_impact(
    make_site: MakeSite, message: str
) -> None:
    """A bank's first update "Card transactions are being declined." (or a university IT
    desk's "The VPN (GlobalProtect) is not accepting new connections.", a shop's "Our
    website is offline.") gets `notice: lint/update-no-impact: ... an update without its
    impact makes them guess. Try: Start with the impact`. Each says exactly what readers
    see; the docs flag a first update "that says neither who is affected nor what they
    see". No finding should be printed."""
    lines = _findings(make_site, _open(message))
    assert _rules(lines) == [], lines


# update-speculation: hedges that guess at no cause -----------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "We are investigating. Recovery will most likely take a few more hours.",
        "We are investigating. Restoring service is likely to take at least an hour.",
        "We are investigating. This appears to be a widespread issue.",
        "We're investigating. It seems to be getting better over the last few minutes.",
        "We're investigating. We think most of you can keep working as normal.",
        "We are investigating. Probably the best workaround for now is to use the mobile app.",
        "We are investigating. It looks like the problem started around 09:15 UTC.",
    ],
)
def test_a_hedge_about_time_scope_or_workaround_is_no_guess_at_the_cause(
    make_site: MakeSite, message: str
) -> None:
    """While investigating, the lead writes "Recovery will most likely take a few more
    hours." or "Probably the best workaround for now is to use the mobile app." and gets
    `notice: lint/update-speculation: ... A guessed cause, published, is often wrong ...
    give the cause once it is identified`. None of these names or hints at a cause: they
    hedge how long recovery takes, how wide the trouble is, whether it is improving, a
    workaround, when it started. The docs' rule is "guesses about the cause while the
    status is `investigating`". No finding should be printed."""
    lines = _findings(make_site, _open(FIRST, message))
    assert _rules(lines) == [], lines


# update-blame: a vendor's outage with an adjective ------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in. Auth0 has a major outage.",
        "Some customers cannot upload files. AWS has an ongoing outage in us-east-1.",
        "Some customers cannot pay; Stripe has had a partial outage since 14:00 UTC.",
    ],
)
def test_a_vendor_that_has_an_outage_is_blamed_whatever_the_outage_s_adjective(
    make_site: MakeSite, message: str
) -> None:
    """ "Auth0 has an incident." is flagged `update-blame`, but "Auth0 has a major outage."
    and "AWS has an ongoing outage in us-east-1." are not: one adjective between "has a"
    and "outage" hides the vendor's trouble told as the explanation, which the docs
    promise to flag ("an ongoing Google Cloud incident" is flagged, in the same words).
    Each should be flagged `update-blame`."""
    lines = _findings(make_site, _open(message))
    assert "lint/update-blame" in _rules(lines), lines


# update-internal-id: what customers must see ----------------------------------------


def test_addresses_customers_must_allow_are_not_rewritten_into_nonsense(
    make_site: MakeSite,
) -> None:
    """A payments company tells customers which addresses to allow: "Some customers cannot
    sign in. If you use the IP allowlist, add 203.0.113.10 and 203.0.113.11." The lint
    prints `update-internal-id` with `Rewrite: "... If you use the IP allowlist, add one
    of our servers and one of our servers."`, a rewrite that tells customers nothing they
    can act on. These are public addresses customers need, as the public host name
    "smtp1.acme.com" ("one customers allow mail from") is, which the lint already leaves
    alone. No finding should be printed."""
    message = (
        "Some customers cannot sign in. If you use the IP allowlist, add 203.0.113.10 "
        "and 203.0.113.11."
    )
    lines = _findings(make_site, _open(message))
    assert _rules(lines) == [], lines


def test_two_servers_are_not_rewritten_as_one_of_our_servers_twice(make_site: MakeSite) -> None:
    """ "Some customers see errors; we restarted db-prod-03 and db-prod-04." is rightly
    flagged, but its `Rewrite:` reads "we restarted one of our servers and one of our
    servers.", which the lead cannot paste. The docs promise a rewrite in "words a reader
    knows" ("one of our servers"); two servers side by side should read as one phrase
    ("two of our servers", "some of our servers"), never the same words twice."""
    message = "Some customers see errors; we restarted db-prod-03 and db-prod-04."
    (line,) = _findings(make_site, _open(FIRST, message))
    assert "lint/update-internal-id" in line
    assert "one of our servers and one of our servers" not in line, line


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Bei der Anmeldung erscheint der Fehlercode BK-2041. Nächstes Update um 17 Uhr."),
        (
            "fr",
            "Certains paiements échouent avec le code d'erreur PAY-3021. Prochaine mise à jour "
            "à 15h30.",
        ),
    ],
)
def test_an_error_code_customers_see_is_no_ticket_in_german_or_french(
    make_site: MakeSite, language: str, message: str
) -> None:
    """On a German bank's page (`theme.language: de`), "Bei der Anmeldung erscheint der
    Fehlercode BK-2041." is flagged `update-internal-id` with `[[BK-2041]]`, and the French
    "le code d'erreur PAY-3021" likewise: the words that make a code one customers see
    are read only in English ("error code AB-1234"). The docs run the identifier check on
    sites in every language and promise it leaves "a code customers see" alone. No finding
    should be printed."""
    lines = _findings(make_site, _open(message), language)
    assert _rules(lines) == [], lines


def test_a_rewrite_on_a_german_site_does_not_put_english_into_the_message(
    make_site: MakeSite,
) -> None:
    """On a German bank's page the lead writes "Die Ursache wurde identifiziert: ein
    fehlerhaftes Update auf db-prod-03. ..." The finding is right, but it offers `Rewrite:
    "Die Ursache wurde identifiziert: ein fehlerhaftes Update auf one of our servers. ..."`,
    an English phrase in a German sentence that the lead, in a hurry, pastes and publishes.
    On a site in another language the rewrite should be in that language, or there should
    be no rewrite (the finding's advice, as for a ticket)."""
    message = (
        "Die Ursache wurde identifiziert: ein fehlerhaftes Update auf db-prod-03. Wir spielen "
        "die vorherige Version wieder ein. Nächste Information gegen 16 Uhr."
    )
    (line,) = _findings(make_site, _open(message), "de")
    assert "lint/update-internal-id" in line
    assert "one of our servers" not in line, line


# update-jargon and update-next-update on sites in another language --------------------


@pytest.mark.parametrize(
    "message",
    [
        "Einige Anfragen enden mit 5xx-Fehlern. Nächstes Update um 15 Uhr.",
        "Die p99-Latenz ist erhöht. Nächstes Update um 15 Uhr.",
    ],
)
def test_jargon_in_a_german_compound_is_still_jargon(make_site: MakeSite, message: str) -> None:
    """The docs: on a site in another language the update lint still checks jargon (by
    default p95, p99, 5xx, ...). German joins such words with a hyphen ("5xx-Fehler",
    "p99-Latenz"), and the lint reads a word only where no hyphen touches it, so on a
    German page jargon is never found. Each should be flagged `update-jargon`."""
    lines = _findings(make_site, _open(message), "de")
    assert "lint/update-jargon" in _rules(lines), lines


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Kartenzahlungen schlagen fehl. Nächstes Update in 30 Minuten."),
        ("de", "Kartenzahlungen schlagen fehl. Wir informieren Sie in einer Stunde erneut."),
        ("fr", "Certains paiements échouent. Prochaine mise à jour dans 30 minutes."),
        ("fr", "Le site est inaccessible. Nous reviendrons vers vous à 16 heures."),
    ],
)
def test_a_promise_in_german_or_french_is_read(
    make_site: MakeSite, language: str, message: str
) -> None:
    """The German bank's lead writes "Nächstes Update in 30 Minuten." (the most common
    form on German status pages) and gets `notice: lint/update-next-update: ... Without a
    promised next update`; so does "Prochaine mise à jour dans 30 minutes." on a French
    page, and "à 16 heures" (the written-out time of day). On a site not in English the
    lint takes only a clock time as a promise, so every update that promises a span is a
    false alarm. A span of minutes or hours (and "16 heures") should count as "15 Uhr"
    does."""
    lines = _findings(make_site, _open(FIRST, message, promise_last=False), language)
    assert _rules(lines) == [], lines


# Marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in; **Okta** _is experiencing_ an outage.",
        "Some customers cannot sign in \u2014 we *think* it's a certificate that expired.",
    ],
)
def test_a_mark_does_not_cut_through_emphasis(make_site: MakeSite, message: str) -> None:
    """`statuspress update` marks what triggered a finding in `[[...]]`. For "**Okta**
    _is experiencing_ an outage" it prints `**[[Okta** _is experiencing]]_`, and for "we
    *think* it's" `[[we *think]]*`: the mark opens or closes between an emphasis mark and
    its pair, so the lead cannot tell which words it means, and the quoted Markdown no
    longer reads as what was written. The mark should hold whole emphasis: no `*` or `_`
    left unpaired inside it."""
    (line,) = _findings(make_site, _open(message))
    marked = re.search(r"\[\[(.*?)\]\]", line)
    assert marked is not None, line
    inside = marked.group(1)
    assert inside.count("**") % 2 == 0 and inside.replace("**", "").count("*") % 2 == 0, line
    assert inside.count("_") % 2 == 0, line


# Authoring commands --------------------------------------------------------------------


OPEN_FILE = _open("Card payments fail for some customers. Next update by 14:00 UTC.")


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({"2026/2026-11-28-card.md": OPEN_FILE})
    monkeypatch.chdir(root)
    return root


def test_a_message_readers_see_as_empty_is_refused_as_an_empty_one(project: Path) -> None:
    """`statuspress update latest -s investigating -m ""` is refused: `Error: --message:
    expected the update's text, found nothing`. But `-m "<!-- fill in after the call -->"`
    (a reminder the lead leaves, or a draft saved from a document) is written: the page
    drops HTML comments, so the incident page shows an update with an empty body, the
    API's `body` is `""`, and the lint's notice quotes `""`. A message with nothing a
    reader sees should be refused as an empty one is, with nothing written."""
    path = project / "incidents" / "2026" / "2026-11-28-card.md"
    before = path.read_bytes()
    result = invoke(
        "update",
        "latest",
        "-s",
        "investigating",
        "-m",
        "<!-- fill in after the call -->",
        "--now",
        "2026-11-28T12:00Z",
    )
    no_traceback(result)
    assert result.exit_code != 0, result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Störung im Online-Banking", "st-rung"),
        ("Dégradation des paiements par carte", "d-gradation"),
        ("Überweisungen verzögert", "berweisungen"),
    ],
)
def test_a_title_with_accents_keeps_its_words_in_the_address(
    project: Path, title: str, slug: str
) -> None:
    """The German bank opens `statuspress new incident "Störung im Online-Banking"` and
    gets `incidents/2026/2026-12-07-st-rung-im-online-banking.md`: the file name, the id
    the lead types for `update`, and the incident page's public address
    (`/incidents/2026-12-07-st-rung-im-online-banking/`) split "Störung" at its umlaut;
    "Dégradation" becomes "d-gradation" and "Überweisungen" "berweisungen". The id should
    keep the words, with their letters plain ("stoerung" or "storung", "degradation",
    "uberweisungen")."""
    result = invoke(
        "new",
        "incident",
        title,
        "-c",
        "api=partial_outage",
        "-m",
        "Kartenzahlungen schlagen fehl.",
        "--now",
        "2026-11-28T12:00Z",
    )
    no_traceback(result)
    assert result.exit_code == 0, result.output
    written = result.stdout.strip().splitlines()[-1]
    assert f"-{slug}" not in written, written
