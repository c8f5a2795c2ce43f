"""The language lint: precision and recall on labelled real sentences, the sentence
reader's hard cases, the update lint's checks, and the lint in files and commands."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from statuspress import lint
from statuspress.cli import cli
from statuspress.lint import lint_prose, rules, updates
from statuspress.lint.text import suppressions

from .conftest import MakeSite

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "lint_cases.yaml").read_text())
HELD_OUT = HERE / "lint_heldout.yaml"
CORPUS = HERE / "lint_corpus"
NAMES = ("Priya Raman", "Tomás Ortega")


def _corpus(part: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CORPUS / f"{part}.yaml").read_text("utf-8"))
    return cases


def _flagged(text: str, names: tuple[str, ...] = ()) -> set[str]:
    return {finding.rule.id for _, finding in lint_prose(text, names)}


def _scores(cases: list[tuple[str, bool]]) -> tuple[float, float, list[str]]:
    true_pos = false_pos = false_neg = 0
    wrong = []
    for text, blame in cases:
        found = _flagged(text, NAMES)
        if blame and found:
            true_pos += 1
        elif blame:
            false_neg += 1
            wrong.append(f"missed: {text}")
        elif found:
            false_pos += 1
            wrong.append(f"flagged {sorted(found)}: {text}")
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / max(1, true_pos + false_neg)
    return precision, recall, wrong


def test_the_development_set_is_large_varied_and_sourced() -> None:
    assert len(CASES) >= 200
    assert all(case.get("source") for case in CASES)
    published = {c["source"] for c in CASES if str(c["source"]).startswith("http")}
    assert len(published) >= 20
    assert 0.35 <= sum(1 for c in CASES if c["flag"]) / len(CASES) <= 0.65
    assert {c["flag"] for c in CASES if c["flag"]} <= {r.id for r in rules()}


def test_precision_and_recall_on_the_development_set(capsys: pytest.CaptureFixture[str]) -> None:
    precision, recall, wrong = _scores([(c["text"], bool(c["flag"])) for c in CASES])
    with capsys.disabled():
        print(
            f"\nlint on {len(CASES)} development sentences: precision {precision:.2f}, recall {recall:.2f}"
        )
    assert precision >= 0.95 and recall >= 0.95, "\n".join(wrong)


def test_the_scores_fall_when_the_labels_are_wrong() -> None:
    """The measure can fail: with every label turned round it is near zero."""
    precision, recall, _ = _scores([(c["text"], not c["flag"]) for c in CASES])
    assert precision < 0.1 and recall < 0.1


def _held_out_scores() -> tuple[int, float, float]:
    cases = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    precision, recall, _ = _scores([(c["text"], bool(c["blame"])) for c in cases])
    return len(cases), precision, recall


def test_the_first_corpus_figures_do_not_fall(capsys: pytest.CaptureFixture[str]) -> None:
    """The first real-sentence corpus (tests/lint_heldout.yaml) was held out until 0.3.0;
    its misses have since been read to improve the rules, so it is development data now,
    and its figures a floor."""
    size, precision, recall = _held_out_scores()
    with capsys.disabled():
        print(
            f"\nlint on {size} sentences of the first corpus: precision {precision:.2f}, "
            f"recall {recall:.2f}"
        )
    assert size >= 200
    assert precision >= 0.88 and recall >= 0.70


def test_the_corpus_is_fresh_sourced_and_split_before_tuning() -> None:
    """tests/lint_corpus: real sentences from varied published sources and hard negatives,
    split into a development part and a held-out part by a fixed seed, none of them from
    the files the rules were first tuned on."""
    dev, held = _corpus("dev"), _corpus("heldout")
    assert len(dev) + len(held) >= 300 and len(held) >= 120
    assert sum(c["label"] == "blameful" for c in held) / len(held) >= 0.4
    for case in dev + held:
        assert set(case) <= {"text", "label", "source", "title", "note"}, case
        assert case["label"] in ("blameful", "fine") and case["text"].strip(), case
        assert case["title"] and (case["source"] == "own" or case["source"].startswith("http"))
    sources = {c["source"] for c in dev + held}
    assert len(sources) >= 100
    own = [c for c in dev + held if c["source"] == "own"]
    assert own and all(c["label"] == "fine" and "hard negative" in c["note"] for c in own)
    texts = [c["text"] for c in dev + held]
    assert len(set(texts)) == len(texts)
    old = {c["text"] for c in CASES} | {
        c["text"] for c in yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    }
    assert old.isdisjoint(texts)


def test_a_thousand_postmortems_are_linted_in_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    """1,000 postmortems of 60 sentences each, one in twelve blameful: the reader's cost
    is in the sentences it must read, and most are passed over by the quick test."""
    cases = _corpus("dev") + _corpus("heldout")
    fine = [c["text"] for c in cases if c["label"] == "fine"]
    blameful = [c["text"] for c in cases if c["label"] == "blameful"]
    paragraphs = [
        " ".join(fine[(n * 11 + k) % len(fine)] for k in range(4))
        + " "
        + blameful[n % len(blameful)]
        + " "
        + fine[(n * 7) % len(fine)]
        for n in range(12_000)
    ]
    postmortems = ["\n\n".join(paragraphs[n * 10 : n * 10 + 10]) for n in range(1_000)]
    started = time.perf_counter()
    found = sum(len(lint_prose(text, NAMES)) for text in postmortems)
    took = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nlint on 1,000 postmortems of 60 sentences: {took:.1f} s, {found} findings")
    assert found >= 1_000
    assert took < 20  # about 4 s on a shared two-core machine


TARGET = (0.90, 0.85)
"""What the held-out figures should reach (issue 18)."""
FLOOR = (0.90, 0.41)
"""What they were when the corpus was measured (0.3.0): a change must not go below."""


def test_the_held_out_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The held-out part of tests/lint_corpus, measured, never tuned on. The rules reach
    0.98 and 0.76 on the development part and much less here (as on each batch of new
    development sentences measured before the rules saw it): blame in real writing has a
    long tail that rules written from other sentences do not reach."""
    held = _corpus("heldout")
    precision, recall, _ = _scores([(c["text"], c["label"] == "blameful") for c in held])
    blameful = sum(c["label"] == "blameful" for c in held)
    with capsys.disabled():
        print(
            f"\nlint on {len(held)} held-out sentences ({blameful} blameful): precision "
            f"{precision:.2f}, recall {recall:.2f} (target {TARGET[0]:.2f}, {TARGET[1]:.2f})"
        )
    assert precision >= FLOOR[0] and recall >= FLOOR[1]
    readme = " ".join((HERE.parent / "README.md").read_text(encoding="utf-8").split())
    stated = (
        f"Measured on {len(held)} held-out sentences from real postmortems and incident "
        f"reports ({blameful} blameful, never tuned on), the blameless lint has precision "
        f"{precision:.2f} and recall {recall:.2f}"
    )
    assert stated in readme, "the README states other held-out figures than these"


def _unseen_batch(case: dict[str, Any]) -> bool:
    """Whether a development sentence is of the batches 6 to 27, gathered on the branch
    lint-recall and merged as development data for the classifier experiment
    (benchmarks/lint_classifier.py): the rules here were never changed for them."""
    batch = re.search(r"after the split, batch (\d+)", case.get("note") or "")
    return batch is not None and int(batch.group(1)) >= 6


def test_the_development_part_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The floor holds on the sentences the rules were tuned on; on the later batches,
    which they were not, the figures are those of unseen text and are only printed."""
    dev = _corpus("dev")
    tuned = [c for c in dev if not _unseen_batch(c)]
    precision, recall, wrong = _scores([(c["text"], c["label"] == "blameful") for c in tuned])
    later = [(c["text"], c["label"] == "blameful") for c in dev if _unseen_batch(c)]
    later_precision, later_recall, _ = _scores(later)
    with capsys.disabled():
        print(
            f"\nlint on {len(tuned)} development sentences of the corpus: precision "
            f"{precision:.2f}, recall {recall:.2f}; on the {len(later)} of the later "
            f"batches: precision {later_precision:.2f}, recall {later_recall:.2f}"
        )
    assert len(tuned) == 423 and len(later) == 762
    assert precision >= 0.95 and recall >= 0.70, "\n".join(wrong)


ISSUE = [c for c in CASES if c["source"] == "issue"]


@pytest.mark.parametrize("case", ISSUE, ids=[c["text"][:40] for c in ISSUE])
def test_each_miss_and_false_alarm_named_for_the_lint(case: dict[str, Any]) -> None:
    found = _flagged(case["text"])
    assert (case["flag"] in found) if case["flag"] else not found, found


READINGS = [
    ("The driver did not stop at the red signal.", "counterfactual"),
    ("Employees at the substation simply failed to follow procedure.", "counterfactual"),
    ("The signaller opened the crossing and subsequently forgot it was open.", "counterfactual"),
    ("The controller involved had comprehensively failed to adhere to it.", "counterfactual"),
    ("The nurse attached the wrong file in error.", "person-caused"),
    ("The operator fell asleep before the second alarm.", "character"),
    ("He was too rushed to fetch the lock.", "character"),
    ("Yes, it was the intern.", "blame"),
    ("So, who pushed the bad config?", "why-did-you"),
    ("Evidence shows that Okafor forgot the second check.", "counterfactual"),
    ("The table was dropped by an engineer.", "person-caused"),
    ("The pilot's improper flare led to the stall.", "person-caused"),
    ("It would have been better for the engineer to wait.", "counterfactual"),
    ("The captain appears not to have followed the checklist.", "counterfactual"),
    ("They failed to comply with the signal.", "counterfactual"),
    ("A small group of them tried to help but actually made it worse.", "person-caused"),
    ("An intern really did mess up and sent the email.", "person-caused"),
    ("Brandon Bostian lost situational awareness.", "folk-label"),
    (
        "The outage came from a contractor who inadvertently switched off the power.",
        "person-caused",
    ),
    ("Early in my career I broke the chat service for all users.", "person-caused"),
    ("The driver did not see the signal until the last moment.", "counterfactual"),
    ("Bob also managed to crash the server with a test script.", "person-caused"),
    ("We need to be more careful with releases.", "exhortation"),
    ("The engineer who made the error did not notice it.", "human-error"),
    ("The report also faulted the crew for not recognising the warning.", "blame"),
    ("Someone has left a valve open.", "person-caused"),
    ("Right now only the testing team is responsible for this issue.", "blame"),
    ("The power supply was accidentally shut down by a worker.", "person-caused"),
    ("What happens when someone from the IT team makes a huge mistake?", "human-error"),
    (
        "The officer on the bridge did not realise how close it was, and so did not act.",
        "counterfactual",
    ),
    # Said of a thing, spoken of, or denied: not blame.
    ("The system they used was to blame for the shortfall.", None),
    ("Some people are too ready to blame others.", None),
    ("In most cases it is not the patient who is to blame.", None),
    ("If a process allows this to happen, then the process is at fault.", None),
    ("She did not see the warning because the CLI wrote it to a log rather than here.", None),
    ("Some say human error is the root cause, but we don't agree.", None),
    ("This urge to point to a root cause is seductive.", None),
    ("The health check failed to notice the stalled primary.", None),
    ("They failed to return a response within the timeout.", None),
    ("The scheduler failed to follow the affinity rule.", None),
    ("The fired employee's access was not revoked for a week.", None),
    ("Because Redis ignored the setting, keys expired.", None),
    ("The load balancer did not follow the redirect.", None),
    ("Proving negligence in these cases is far less burdensome.", None),
    ("Dave restarted the consumer pool at 10:41.", None),
    ("I have reviewed this and I don't see anything in here that breaks.", None),
    ("If he was trained to do the wrong thing, it was the training at fault.", None),
    ("Only one person at the company would have known this could happen.", None),
    ("As soon as it was reported, I knew which commit was to blame.", None),
    ("If blame must be assigned, the tester who missed the problem shares it.", None),
]


@pytest.mark.parametrize(("text", "rule"), READINGS, ids=[t[:40] for t, _ in READINGS])
def test_the_reader_reads_who_did_what(text: str, rule: str | None) -> None:
    """Each reading added on the development corpus, on sentences written for the test,
    with the near miss that must stay quiet."""
    assert _flagged(text) == ({rule} if rule else set())


def test_a_rewrite_is_made_only_where_it_reads_as_english() -> None:
    """A rewrite needs a thing to make its subject: not a pronoun, not a preposition;
    otherwise the finding asks its rule's question."""

    def rewrite(text: str) -> str | None:
        [(_, finding)] = lint_prose(text)
        return finding.rewrite

    assert rewrite("The driver did not see the signal.") == (
        "The signal was not seen, and nothing in the process checked that it had been."
    )
    assert rewrite("They failed to comply with the signal.") is None
    assert rewrite("The signaller opened the crossing and forgot it was open.") is None
    assert rewrite("The operator forgot them.") is None


def test_quotes_code_and_blockquotes_are_evidence_not_the_authors_voice() -> None:
    text = (
        "> Obviously the config is wrong, said the chat at 14:03.\n\n"
        'The responder wrote "this is obviously the cache" in the channel.\n\n'
        "The page said 'the operator was careless' in bold.\n\n"
        "```\n# the root cause: human error\n```\n\n"
        "The log said `careless write` at 14:05.\n"
    )
    assert lint_prose(text) == []
    assert _flagged("The operator was careless.") == {"character"}


def test_a_name_is_a_name_by_its_form_and_place_not_only_as_an_author() -> None:
    assert _flagged("Sergei broke the build.") == {"person-caused"}
    assert _flagged("Tomás Ortega misconfigured the load balancer.", NAMES) == {"person-caused"}
    assert _flagged("Redis didn't persist the keys because persistence was off.") == set()
    assert _flagged("sergei broke the build.") == set()  # not written as a name


def test_rules_can_be_silenced_on_a_line_and_for_a_site() -> None:
    text = "Obviously it failed. <!-- statuspress-lint: disable=hindsight -->\n"
    assert lint_prose(text) == []
    assert lint_prose("Obviously it failed.\n", disabled=frozenset({"hindsight"})) == []
    assert [f.rule.id for _, f in lint_prose("Obviously it failed.\n")] == ["hindsight"]


def test_a_finding_marks_its_words_and_rewrites_the_sentence() -> None:
    [(_, finding)] = lint_prose("Bob forgot to run the migration script.")
    assert finding.message() == (
        '"[[Bob forgot to run]] the migration script.": Counterfactuals about people describe '
        "what did not happen and glide away from understanding what did. Rewrite: "
        '"The migration script was not run, and nothing in the process checked that it had been."'
    )
    [(_, finding)] = lint_prose("Tired admin deleted the wrong directory.")
    assert (
        finding.rewrite
        == "The wrong directory was deleted; name the tool that did it, and what let it."
    )
    [(_, finding)] = lint_prose("Engineer was hasty.")
    assert finding.message().endswith(
        "Ask: What did the action look like from where the person stood, and what pressures "
        "(time, tools, information) shaped it?"
    )
    assert finding.marked() == "Engineer was [[hasty]]."


def test_explain_prints_a_rule_and_its_source() -> None:
    result = CliRunner().invoke(cli, ["lint", "--explain", "counterfactual"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "counterfactual (prose)"
    assert "Source: Dekker, The Field Guide to Understanding Human Error, ch. 5" in result.stdout
    wrong = CliRunner().invoke(cli, ["lint", "--explain", "counterfactuals"])
    assert wrong.exit_code == 1
    assert wrong.stderr == (
        "Error: expected a lint rule, found 'counterfactuals' (did you mean 'counterfactual'?)\n"
    )


# The update lint -----------------------------------------------------------------


def _incident(*messages: str, status: str = "investigating", extra: str = "") -> str:
    updates = "".join(
        f"  - at: 2026-11-28T10:0{i}:00Z\n    status: {status}\n    message: {m!r}\n{extra}"
        for i, m in enumerate(messages)
    )
    return (
        f"---\ntitle: A\nseverity: SEV-3\nstarted: 2026-11-28T10:00:00Z\nupdates:\n{updates}---\n"
    )


def _update_rules(make_site: MakeSite, text: str, settings: str = "") -> list[str]:
    project = make_site({"a.md": text})
    config = project / "mkdocs.yml"
    if settings:
        config.write_text(
            config.read_text().replace("uptime_days:", f"{settings}\n      uptime_days:")
        )
    result = CliRunner().invoke(cli, ["lint", "-f", str(config)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return sorted(line.split(": ")[2] for line in result.stdout.splitlines()[:-1])


GOOD = "Some customers cannot sign in; payments are not affected."
PROMISE = "    next_update: 2026-11-28T11:00:00Z\n"
"""A next-update promise for each update: a good update of an open incident has one."""


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("Some customers cannot sign in; db-prod-03 is not responding.", "update-internal-id"),
        ("Some customers cannot sign in; see #incident-4521 for details.", "update-internal-id"),
        ("Some customers cannot sign in; host 10.0.4.17 is down.", "update-internal-id"),
        ("Some customers cannot sign in; tracked in OPS-1234.", "update-internal-id"),
        (
            "Some customers see errors: Traceback (most recent call last) in the log.",
            "update-internal-id",
        ),
        ("We are investigating an issue.", "update-no-impact"),
        (
            "Some customers cannot sign in. We believe this is caused by a bad cache.",
            "update-speculation",
        ),
        ("Some customers cannot sign in because of an outage at Acme Cloud.", "update-blame"),
        ("Some customers see slow pages; p99 latency is high.", "update-jargon"),
    ],
)
def test_each_update_check_flags_what_hurts_readers(
    make_site: MakeSite, message: str, rule: str
) -> None:
    assert f"lint/{rule}" in _update_rules(make_site, _incident(message))


@pytest.mark.parametrize(
    ("message", "advice"),
    [
        (
            "Some customers cannot sign in; db-prod-03 is not responding.",
            'Rewrite: "Some customers cannot sign in; one of our servers is not responding."',
        ),
        (
            "Checkout is slow; p99 latency is over 4 s for some customers.",
            'Rewrite: "Checkout is slow; response time is over 4 s for some customers."',
        ),
        (
            "Some customers see 5xx errors when they pay.",
            'Rewrite: "Some customers see errors when they pay."',
        ),
        ("Some customers cannot sign in; tracked in OPS-1234.", "Try: Say what the part does"),
    ],
)
def test_an_update_finding_rewrites_the_message_where_it_can(
    make_site: MakeSite, message: str, advice: str
) -> None:
    """An internal host name or a jargon word has words a reader knows; a ticket id has
    none, and the finding says what to write instead."""
    project = make_site({"a.md": _incident(message)})
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
    assert advice in " ".join(result.stdout.split()), result.stdout


@pytest.mark.parametrize(
    "message",
    [
        GOOD,
        "Some customers cannot sign in; version 2.3.1 of the app is not affected.",
        "Some customers cannot sign in; see our guide at https://example.com/help#sign-in.",
        "Some customers cannot sign in; SEV-1 declared.",
        "Some customers see errors. We will share the cause once we have identified it.",
        "Some customers cannot sign in; a service we depend on is failing.",
        "Some customers see slow pages.",
    ],
)
def test_each_update_check_passes_a_good_update(make_site: MakeSite, message: str) -> None:
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == []


@pytest.mark.parametrize(
    "message",
    [
        "Some customers see the message ERR-42 when they pay.",
        "Some customers see error code AB-1234 when they pay.",
        "Some Model XR-500 cameras cannot upload photos.",
        "Customers on node-1 see slow pages.",
        "Customers hosted on eu-prod-2 see slow pages.",
        "Some customers cannot sign in.<!-- db-prod-03 is down, see OPS-1234 -->",
        "Some customers cannot sign in. <!-- we suspect a bad cache, caused by Acme -->",
        'Some customers see the error "Service unavailable due to Maintenance" when they pay.',
    ],
)
def test_what_customers_see_or_no_reader_sees_is_no_finding(
    make_site: MakeSite, message: str
) -> None:
    """An error code or a model number is what customers see and quote to support; a
    shard named as where customers are is theirs to know; an HTML comment never reaches
    the page (the renderer drops it), so nothing in it can hurt a reader; and the words
    of an error message quoted are the product's, not the writer's guess or blame."""
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == []


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in; see INC-77 for details.",
        "Some customers see error pages; tracked in OPS-1234.",
        "Some customers cannot sign in; node-1 is not responding.",
        "Some customers cannot sign in; db-prod-03 is down. <!-- not yet confirmed -->",
    ],
)
def test_a_ticket_or_host_beside_those_words_is_still_internal(
    make_site: MakeSite, message: str
) -> None:
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == [
        "lint/update-internal-id"
    ]


@pytest.mark.parametrize(
    ("message", "own", "blamed"),
    [
        ("Some customers cannot sign in due to a New Relic outage.", (), True),
        ("Some customers cannot sign in due to New Year traffic.", (), False),
        ("Some customers cannot sign in due to an AWS outage.", ("AWS integration",), True),
        ("Some imports fail because of AWS Integration errors.", ("AWS integration",), False),
        ("Some customers cannot sign in due to an Acme outage.", ("Acme Cloud",), False),
    ],
)
def test_a_vendor_is_ours_only_where_our_own_name_is(
    message: str, own: tuple[str, ...], blamed: bool
) -> None:
    """A component named after a vendor ("AWS integration") does not make every word
    of the vendor's our own; a word of our own name that is no vendor's ("Acme") is."""
    assert (updates._vendor_blame(message, own) is not None) is blamed


@pytest.mark.parametrize(
    "message",
    [
        "Stripe is currently facing issues with card payments.",
        "Slack seems to have problems delivering messages.",
        "GitHub appears to be having an outage.",
        "Fastly is down in parts of Europe.",
        "Twilio is still investigating the delays.",
        "AWS engineers are working on a fix.",
        "Some uploads fail because of capacity problems in AWS while we scale up.",
        "Payments fail due to an issue on Stripe's side.",
        "Sign-in is slow; there is an outage at Okta (see their status page).",
        "We are waiting for Cloudflare to restore routing.",
        "Our email provider Postmark is currently facing delays.",
        "Our hosting provider, Fly, is having an outage.",
        "Our DNS provider (NS1) has been experiencing failures since 10:00.",
    ],
)
def test_a_vendor_told_as_the_trouble_is_blame_in_its_many_forms(message: str) -> None:
    """A vendor (well known, or one the message names as its provider) as the subject of
    trouble, of the work on it or of our wait, or trouble placed on its side."""
    assert updates._vendor_blame(message) is not None


@pytest.mark.parametrize(
    "message",
    [
        "Some customers cannot sign in with Slack.",
        "Slack notifications are delayed for some customers.",
        "We are seeing issues with Slack notifications.",
        "Some customers see errors in the Stripe checkout.",
        "Our payment provider is not affected.",
        "Our CDN provider is currently facing issues.",
        "We are working with AWS to restore service.",
        "Customers using Google sign-in cannot log in.",
        "The team is facing a backlog of emails; they will all be sent.",
        "Uploads to our AWS bucket are failing.",
    ],
)
def test_a_vendor_named_beside_the_trouble_is_not_blamed_for_it(message: str) -> None:
    """A vendor's name in the product's own words (Slack sign-in, Stripe checkout), a
    provider left unnamed, work done with a vendor: not blame."""
    assert updates._vendor_blame(message) is None


@pytest.mark.parametrize(
    "message",
    [
        "Some customers see errors for requests in the US-WEST-2 region.",
        "Some customers see the error \u201cPaymentError: 12 - card declined\u201d at checkout.",
        "Some customers cannot pay; we apologise for the inconvenience this may be causing.",
        "We are investigating an issue with creating new projects.",
        "Our hosting provider is having trouble serving our website.",
        "Maintenance on a fibre line is interrupting service.",
        "Visitors from some regions are experiencing problems.",
    ],
)
def test_a_region_a_quoted_error_an_apology_or_a_failing_action_raises_nothing(
    make_site: MakeSite, message: str
) -> None:
    """A region's name is no ticket; an error message in quotes is what customers see; an
    apology for what "this may be causing" guesses at nothing; and an action that fails
    ("an issue with creating new projects") or service interrupted is the impact."""
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == []


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("Some customers see errors; see OPS-1234.", "update-internal-id"),
        (
            "Some customers see errors: PaymentError: 12 - declined in the logs.",
            "update-internal-id",
        ),
        ("Some customers cannot pay. A bad cache may be causing this.", "update-speculation"),
        ("We are investigating an issue with our database.", "update-no-impact"),
    ],
)
def test_their_near_neighbours_are_still_found(
    make_site: MakeSite, message: str, rule: str
) -> None:
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == [f"lint/{rule}"]


def test_reading_a_vendor_takes_time_in_proportion_to_the_message() -> None:
    """A name starts where no name character is before it: a run of 40,000 of them is
    tried from its start alone, not from each of its letters (that took 44 s)."""
    started = time.perf_counter()
    assert updates._vendor_blame("A" + "-a" * 20000) is None
    assert updates._vendor_blame("issues in " + "a-" * 20000) is None
    assert time.perf_counter() - started < 2  # generous: tried from each letter, 44 s


@pytest.mark.parametrize(
    "message",
    [
        "Exports are stuck in the queue.",
        "Scheduled jobs are paused.",
        "The API is returning a 500.",
        "Logging in is not possible at the moment.",
        "Please allow mail from smtp1.acme.com; some messages bounce back.",
    ],
)
def test_what_fails_in_other_words_or_a_public_host_raises_nothing(
    make_site: MakeSite, message: str
) -> None:
    """Stuck, paused, a status code returned, "not possible": the impact, in other words;
    a public host name customers allow mail from is no internal one."""
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == []


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("Some SMS are delayed. A Twilio incident is delaying delivery.", "update-blame"),
        ("Some logins fail. This is likely linked to a recent deploy.", "update-speculation"),
        ("Some logins fail; smtp1.acme.internal is down.", "update-internal-id"),
    ],
)
def test_a_vendor_s_incident_a_guessed_link_or_an_internal_host_is_found(
    make_site: MakeSite, message: str, rule: str
) -> None:
    assert _update_rules(make_site, _incident(message, extra=PROMISE)) == [f"lint/{rule}"]


def test_speculation_is_fine_once_the_cause_is_identified(make_site: MakeSite) -> None:
    text = _incident(
        "Some customers cannot sign in. We believe this was caused by a bad cache.",
        status="identified",
        extra=PROMISE,
    )
    assert _update_rules(make_site, text) == []


def test_only_the_first_update_must_state_the_impact(make_site: MakeSite) -> None:
    text = _incident(GOOD, "We are still working on it.", extra=PROMISE)
    assert _update_rules(make_site, text) == []


def test_code_names_and_jargon_come_from_the_settings(make_site: MakeSite) -> None:
    text = _incident(
        "Some customers cannot sign in; Hydra is restarting and p99 is high.", extra=PROMISE
    )
    assert _update_rules(make_site, text) == ["lint/update-jargon"]
    custom = "lint:\n        code_names: [Hydra]\n        jargon: [restarting]"
    found = _update_rules(make_site, text, custom)
    assert found == ["lint/update-internal-id", "lint/update-jargon"]
    no_jargon = "lint:\n        jargon: []"
    assert _update_rules(make_site, _incident(GOOD, extra=PROMISE), no_jargon) == []


def test_the_next_update_promise_is_checked_where_the_field_exists(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _update_rules(make_site, _incident(GOOD)) == ["lint/update-next-update"]
    assert _update_rules(make_site, _incident(GOOD, extra=PROMISE)) == []
    assert _update_rules(make_site, _incident(GOOD, status="resolved")) == []
    monkeypatch.setattr(updates, "_promise_declared", lambda: False)
    assert _update_rules(make_site, _incident(GOOD)) == []  # content without the field
    assert updates._next_update({"next_update": "2026-11-28T11:00:00Z"})
    assert updates._next_update(type("U", (), {"next_update": "soon"})())
    assert not updates._next_update(object())


@pytest.mark.parametrize(
    "message",
    [
        "Next update at 12:00.",
        "Some customers cannot pay; next update in 30 minutes.",
        "We'll post again by 15:00 UTC.",
        "We are rolling out a fix, and our next update will follow within the hour.",
        "Next update: 15:30 UTC",
        "NEXT UPDATE BY 2026-11-28T15:00:00Z",
        "We\u2019ll provide another update within 15 minutes.",
        "We will provide an update in 30 minutes or sooner if we have more information.",
        "The next update will be provided in 2 hours.",
        "Updates will be provided every 30 minutes.",
        "We expect to provide another update by 5 p.m. CET.",
        "We are monitoring the fix and will update this page again at noon.",
        "By 15:00 UTC, we will post an update.",
        "Please check back in 1h.",
        "No change yet, next update at 12:00.",
    ],
)
def test_a_promise_in_the_message_is_a_promise(make_site: MakeSite, message: str) -> None:
    assert updates.promises_next_update(message)
    assert _update_rules(make_site, _incident(GOOD, message)) == []


def test_a_promise_after_a_line_or_paragraph_separator_is_a_promise() -> None:
    message = "Card payments fail.\u2028Cash works.\u2029Next update at 12:00."
    assert updates.promises_next_update(" ".join(message.split()))


def test_reading_a_promise_takes_time_in_proportion_to_the_message() -> None:
    """Each promise's words are checked against the sentence's times found once: a long
    sentence of them is read in a moment, not once per pair."""
    started = time.perf_counter()
    assert not updates.promises_next_update("Since 11:50 " + "we will post again, " * 3000)
    assert not updates.promises_next_update("At 11:50 " + "no next update, " * 3000)
    assert time.perf_counter() - started < 2  # generous: read pair by pair, they took over 30 s


@pytest.mark.parametrize(
    "message",
    [
        "We will update you when we know more.",
        "We will provide updates as they become available.",
        "Next update soon.",
        "We updated the configuration at 11:50.",
        "The update at 12:00 fixed the sign-in page for most customers.",
        "We rolled back at 11:50 and will post an update when it is stable.",
        "We will update the DNS records at 14:00.",
        "We will publish the postmortem within 5 days.",
        "We expect the fix to be complete within 30 minutes.",
        "No further updates will be posted before 15:00.",
        "There will be no next update at 12:00.",
        "We won't post again before 15:00.",
        "We will not update this page before 15:00.",
        "We deployed version 2.30 and will update again when it is stable.",
    ],
)
def test_a_message_without_a_time_or_with_a_refusal_is_no_promise(
    make_site: MakeSite, message: str
) -> None:
    assert not updates.promises_next_update(message)
    assert _update_rules(make_site, _incident(GOOD, message)) == ["lint/update-next-update"]


@pytest.mark.parametrize(
    "message", ["Payments work again; no further updates.", "This is the final update."]
)
def test_a_resolved_incident_needs_no_promise(make_site: MakeSite, message: str) -> None:
    text = _incident(GOOD, message).replace("investigating", "resolved")
    assert not updates.promises_next_update(message)
    assert _update_rules(make_site, text) == []


def test_the_next_update_advice_names_the_option_and_the_field(make_site: MakeSite) -> None:
    project = make_site({"a.md": _incident(GOOD)})
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
    assert (result.exit_code, result.stdout) == (
        1,
        "incidents/a.md:6: notice: lint/update-next-update: "
        f'"{GOOD}": Without a promised next update, readers keep refreshing and the '
        "support queue fills. Try: Promise the next update and keep the promise, even with "
        "no news: `--next-update 30m` on `statuspress update` or `new incident` (the "
        '`next_update` field), or in the message ("next update by 15:30 UTC").\n'
        "1 finding\n",
    )


# Files and commands ----------------------------------------------------------------

POSTMORTEM = """\
---
type: postmortem
title: Review
incidents: [a]
status: draft
authors: [Sam Reyes]
summary: The root cause was a bad deploy.
action_items:
  - title: Be more careful when deploying
    owner: Platform
    status: open
    due: 2026-12-01
  - title: Investigate the cache
    status: open
  - title: Add an alert on pool saturation above 90% for 2 minutes
    owner: Platform
    status: open
    due: 2026-12-01
---
## Contributing factors

Sam deleted the old index while the migration was running.
The migration tool deleted the old index before the new one was ready.
"""

INCIDENT = """\
---
title: A
severity: SEV-3
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: investigating
    message: Obviously checkout fails for some customers.  # statuspress-lint: disable=hindsight
  - at: 2026-11-28T10:30:00Z
    status: resolved
    message: The engineer forgot to clear the cache; it is cleared now.
---
"""


def test_lint_command_reports_file_line_and_rule(make_site: MakeSite) -> None:
    project = make_site({"a.md": INCIDENT, "pm.md": POSTMORTEM})
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    lines = [line.split(": ", 3)[:3] for line in result.stdout.splitlines()[:-1]]
    assert lines == [
        ["incidents/a.md:11", "notice", "lint/counterfactual"],
        ["incidents/pm.md:7", "warning", "lint/root-cause"],
        ["incidents/pm.md:9", "warning", "lint/action-not-a-control"],
        ["incidents/pm.md:13", "warning", "lint/action-missing-due"],
        ["incidents/pm.md:13", "warning", "lint/action-missing-owner"],
        ["incidents/pm.md:13", "warning", "lint/action-not-actionable"],
        ["incidents/pm.md:22", "warning", "lint/person-caused"],
    ]
    assert result.stdout.splitlines()[-1] == "7 findings"
    check = CliRunner().invoke(cli, ["check", "--strict", "-f", str(project / "mkdocs.yml")])
    assert check.exit_code == 1
    assert "lint/person-caused" in check.stderr


def test_lint_can_be_switched_off_in_the_settings(make_site: MakeSite) -> None:
    project = make_site({"a.md": INCIDENT})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "uptime_days:", "lint:\n        disable: [counterfactual]\n      uptime_days:"
        )
    )
    result = CliRunner().invoke(cli, ["lint", "-f", str(config)])
    assert (result.exit_code, result.stdout) == (0, "0 findings\n")


def test_an_unknown_lint_setting_is_named(make_site: MakeSite) -> None:
    project = make_site({"a.md": INCIDENT})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("uptime_days:", "lint:\n        jargn: [x]\n      uptime_days:")
    )
    result = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert "unknown key 'jargn' (did you mean 'jargon'?)" in result.stderr


def test_an_unknown_rule_to_disable_is_named(make_site: MakeSite) -> None:
    """A misspelt rule, in the settings or in a comment, silences nothing: the settings
    refuse it, and the lint reports the comment's, with the closest rule."""
    project = make_site({"a.md": INCIDENT.replace("=hindsight", "=hindsigt")})
    config = project / "mkdocs.yml"
    result = CliRunner().invoke(cli, ["lint", "-f", str(config)])
    assert (
        "incidents/a.md:8: notice: choice: statuspress-lint: expected a lint rule to disable, "
        "found 'hindsigt' (did you mean 'hindsight'?)"
    ) in result.stdout.splitlines()
    config.write_text(
        config.read_text().replace(
            "uptime_days:", "lint:\n        disable: [counterfactul]\n      uptime_days:"
        )
    )
    result = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "mkdocs.yml:11:19: choice: plugins[0].statuspress.lint.disable[0]: expected a lint "
        "rule, found 'counterfactul' (did you mean 'counterfactual'?)"
    )


def test_a_reason_after_the_rules_to_disable_is_no_rule(make_site: MakeSite) -> None:
    """A comment that gives its reason after its rules ("disable=hindsight, because the
    words are the customer's") silences the rules and reports none of the reason's
    words as an unknown rule ("found 'because'"); a misspelt rule at the end of the
    list, before nothing or before -->, is still reported."""
    assert suppressions("# statuspress-lint: disable=hindsight, because it is quoted") == [
        "hindsight"
    ]
    assert suppressions("<!-- statuspress-lint: disable=hindsight, blame -->") == [
        "hindsight",
        "blame",
    ]
    assert suppressions("# statuspress-lint: disable=hindsight, blaem") == [
        "hindsight",
        "blaem",
    ]
    commented = INCIDENT.replace("=hindsight", "=hindsight, because the customer said so")
    project = make_site({"a.md": commented})
    result = CliRunner().invoke(cli, ["lint", "-f", str(project / "mkdocs.yml")])
    assert "choice" not in result.stdout and "hindsight" not in result.stdout, result.stdout


def test_a_finding_is_reported_on_its_sentence_and_silenced_there() -> None:
    """The second sentence of a paragraph is reported on its own line; a comment silences
    the sentences on its lines, not the one before."""
    text = (
        "The deploy went out at noon\nto every region. Obviously it was late.\n"
        "Then obviously it failed. <!-- statuspress-lint: disable=hindsight -->\n"
    )
    assert [(index, f.rule.id) for index, f in lint_prose(text)] == [(1, "hindsight")]


def test_the_evidence_on_a_line_is_blanked_in_time_linear_in_its_length() -> None:
    """Openers without a closer are read once: 200,000 of them in well under a second."""
    for opener in ("<!-- x ", "\u201c x ", "\u2018a ", "'a "):
        line = opener * 200_000 + ("\u2019b" if opener == "\u2018a " else "a'b")
        started = time.perf_counter()
        assert lint.text.blank_evidence(line) == line
        assert time.perf_counter() - started < 1, opener
    assert (
        lint.text.blank_evidence('a "b" <!-- c --> `d` e')
        == "a " + " " * 3 + " " + " " * 10 + " " + " " * 3 + " e"
    )


def test_the_reader_skips_sentences_without_what_a_check_needs() -> None:
    """Most sentences hold none of the words any check needs, and are not read further;
    those that hold them are."""
    worth = lint.screen.worth_reading
    assert not worth("the deploy went to all regions at once.", frozenset())
    assert not worth("some customers see errors when they pay.", frozenset())
    assert not worth("we did not have an alert on the queue.", frozenset())
    assert worth("the engineer did not run the tests.", frozenset())
    assert worth("sam did not run the tests.", frozenset({"sam"}))
    assert worth("it was operator error.", frozenset())
    assert worth("his error.", frozenset())
    assert worth("it was a human-error slip.", frozenset())
    assert worth("obviously it failed.", frozenset())
    assert worth("please double-check the host.", frozenset())


PIECES = [
    "the", "an", "our", "one of the", "engineer", "on-call", "team", "QA team", "he", "she",
    "they", "we", "someone", "Priya", "Tomás Ortega", "Bob", "forgot", "to", "run", "did",
    "not", "didn't", "never", "should", "could", "have", "caught", "failed", "ignored",
    "deleted", "the wrong", "ran", "decided", "employee", "rushed", "human", "operator",
    "error", "mistake", "made a", "by a", "sysadmin", "his", "team's", "fault", "blame",
    "blamed", "culprit", "obviously", "clearly", "of course", "in hindsight", "if", "had",
    "instead of", "without", "checking", "fired", "was", "retrained", "double-check",
    "be more careful", "why did", "you", "careless", "bad code", "root cause", "failure of",
    "captain", "pilots'", "failure", "neither", "adequately", "monitored", "accidentally",
    "her", "my", "human-error",
    "caused by", "worker", "review", "warning", "written", "held", "accountable", "x", ",",
    "driver", "Okafor", "Vaught", "misjudged", "fell", "asleep", "in error", "it", "intern",
    "who", "guilty", "appears not to have", "would have been better for", "comply",
    "at the", "involved", "simply", "made it worse", "was to blame", "too", "distracted",
    "?", "lost", "situational", "entered", "incorrect", "pilot's", "improper",
    "I", "managed to crash", "ended up deleting", "need to be more careful", "did it wrong",
    "who made", "see", "because", "faulted", "left", "open", "made makes", "responsible for",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@example(pieces=["his", "error"], names=frozenset())
@example(pieces=["one of the", "human-error", "failure"], names=frozenset())
@given(
    st.lists(st.sampled_from(PIECES), max_size=14),
    st.sampled_from([frozenset(), frozenset({"sam"})]),
)
def test_the_quick_test_skips_no_sentence_the_reader_would_flag(
    pieces: list[str], names: frozenset[str]
) -> None:
    sentence = " ".join(pieces) + "."
    if not lint.screen.worth_reading(sentence.lower(), names):
        assert _read_all(sentence, names) == []


def _read_all(sentence: str, names: frozenset[str]) -> list[Any]:
    """The reader without its quick test."""
    original = lint.reader.worth_reading
    lint.reader.worth_reading = lambda lower, names: True  # type: ignore[assignment]
    try:
        return lint.reader.read(sentence, names)
    finally:
        lint.reader.worth_reading = original


def test_the_quick_test_skips_no_labelled_sentence_the_reader_would_flag() -> None:
    flagged = 0
    for case in CASES:
        full = _read_all(case["text"], frozenset({"priya", "raman", "tomás", "ortega"}))
        flagged += bool(full)
        assert (
            lint.reader.read(case["text"], frozenset({"priya", "raman", "tomás", "ortega"})) == full
        )
    assert flagged > 100
