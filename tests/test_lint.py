"""The blameless lint: precision and recall on a labelled set, and the lint in files."""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write as write_corpus
from statuspress import lint
from statuspress.cli import cli
from statuspress.lint import lint_prose, rules

from .conftest import MakeSite

CASES = yaml.safe_load((Path(__file__).parent / "lint_cases.yaml").read_text())
NAMES = ("Priya Raman", "Priya", "Tomás Ortega", "Tomás")


def test_labelled_set_is_large_and_balanced() -> None:
    flagged = sum(1 for c in CASES if c["flag"])
    assert len(CASES) >= 80
    assert 0.4 <= flagged / len(CASES) <= 0.6
    assert {c["flag"] for c in CASES if c["flag"]} <= {r.id for r in rules()}


def test_precision_and_recall_on_the_labelled_set(capsys: pytest.CaptureFixture[str]) -> None:
    """Sentence by sentence: flagged or not, against the label; and the right rule."""
    true_pos = false_pos = false_neg = right_rule = 0
    wrong = []
    for case in CASES:
        found = {rule.id for _, rule, _ in lint_prose(case["text"], NAMES)}
        if case["flag"] and found:
            true_pos += 1
            if case["flag"] in found:
                right_rule += 1
            else:
                wrong.append(f"other rule {sorted(found)}: {case['text']}")
        elif case["flag"]:
            false_neg += 1
            wrong.append(f"missed {case['flag']}: {case['text']}")
        elif found:
            false_pos += 1
            wrong.append(f"flagged {sorted(found)}: {case['text']}")
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    with capsys.disabled():
        print(
            f"\nblameless lint on {len(CASES)} labelled sentences: precision {precision:.2f}, "
            f"recall {recall:.2f}, right rule {right_rule}/{true_pos}"
        )
    assert precision >= 0.9 and recall >= 0.9, "\n".join(wrong)
    assert right_rule >= 0.9 * true_pos, "\n".join(wrong)


def test_quotes_code_and_blockquotes_are_evidence_not_the_authors_voice() -> None:
    text = (
        "> Obviously the config is wrong, said the chat at 14:03.\n\n"
        'The responder wrote "this is obviously the cache" in the channel.\n\n'
        "```\n# the root cause: human error\n```\n\n"
        "The log said `careless write` at 14:05.\n"
    )
    assert lint_prose(text) == []


def test_rules_can_be_silenced_on_a_line_and_for_a_site() -> None:
    text = "Obviously it failed. <!-- statuspress-lint: disable=hindsight -->\n"
    assert lint_prose(text) == []
    assert lint_prose("Obviously it failed.\n", disabled=frozenset({"hindsight"})) == []
    assert [r.id for _, r, _ in lint_prose("Obviously it failed.\n")] == ["hindsight"]


def _one_rule_at_a_time(
    text: str, names: tuple[str, ...], disabled: frozenset[str]
) -> list[tuple[int, str, str]]:
    """The lint as the rules read: each sentence searched for each rule in turn."""
    raw = text.splitlines()
    found = []
    for index, sentence in lint.sentences(lint.prose_lines(text)):
        for rule in rules():
            if rule.where != "prose" or rule.id in disabled:
                continue
            if lint._silenced(raw, index, sentence, rule.id):
                continue
            if lint._matches(rule, sentence, names):
                found.append((index, rule.id, sentence))
    return found


def test_one_search_for_all_rules_finds_what_one_search_for_each_does() -> None:
    """The search for all rules at once (which skips the sentences no rule flags) finds
    the same as a search for each rule, with rules switched off and silenced on a line."""
    texts = [case["text"] for case in CASES]
    texts += [" ".join(texts[i : i + 7]) for i in range(0, len(texts), 7)]
    texts += ["\n".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
    texts += [
        f"{t} <!-- statuspress-lint: disable={case['flag'] or 'blame'} -->"
        for t, case in zip(texts, CASES, strict=False)
    ]
    texts += ["- Priya Raman\n  broke it.\n- It was, clearly\n  documented. Blame nobody."]
    flagged = 0
    for names in ((), NAMES):
        for disabled in (frozenset(), frozenset({"counterfactual"}), frozenset({"hindsight"})):
            for text in texts:
                found = [(i, rule.id, s) for i, rule, s in lint_prose(text, names, disabled)]
                assert found == _one_rule_at_a_time(text, names, disabled), text
                flagged += bool(found)
    assert flagged > len(texts)  # the set flags plenty
    every = frozenset(rule.id for rule in rules())
    assert lint_prose(texts[0], NAMES, every) == []


def test_one_search_keeps_each_pattern_its_own_branches() -> None:
    """A pattern with a '|' outside its groups does not share its start with others."""
    assert lint._branches(r"\ba|b") and not lint._branches(r"\b(?:a|b)")
    assert not lint._branches(r"[|]x") and not lint._branches(r"\|x")
    assert lint._branches(r"[]|]|x") and not lint._branches(r"[\]|]x")
    union = re.compile(lint._alternation([r"\bcat", r"\bdo|g", "{person} did"], ()), re.I)
    assert union.search("a cat") and union.search("dog") and union.search("a big")
    assert union.search("they did") and not union.search("scat")


def test_one_search_looks_ahead_only_where_every_pattern_starts_with_a_word() -> None:
    assert lint._opens_with_word("abc") and lint._opens_with_word(r"(?:(?:the|a)\s+x|we)")
    assert not lint._opens_with_word("a?b") and not lint._opens_with_word("(?:a|b)?c")
    assert not lint._opens_with_word("(?:a|'b)") and not lint._opens_with_word(r"\sx")
    assert not lint._opens_with_word("[a]x") and not lint._opens_with_word("(?:)x")
    ahead = re.compile(lint._alternation([r"\bcat", "{person} did"], ()), re.I)
    anywhere = re.compile(lint._alternation([r"\bcat", r"\b'cat"], ()), re.I)
    assert lint._WORD_AHEAD in ahead.pattern and lint._WORD_AHEAD not in anywhere.pattern
    assert anywhere.search("it's 'cat") and ahead.search("a cat")


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
    message: Obviously the cache is stale.  # statuspress-lint: disable=hindsight
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


# The words every match needs ------------------------------------------------

REPO = Path(__file__).parent.parent
DISABLED = (frozenset(), frozenset({"counterfactual"}), frozenset({"blame", "hindsight"}))


def _skipped_but_matching(sentence: str, names: tuple[str, ...], disabled: frozenset[str]) -> bool:
    """Whether the words skip a sentence that the search for all rules would flag."""
    checks = lint._prose_checks(names, disabled)
    assert checks.any_rule is not None and checks.words is not None
    if not sentence.isascii() or checks.any_rule.search(sentence) is None:
        return False
    words = [word for _, group in checks.words for word in group]
    assert all(part in word for part, group in checks.words for word in group)
    return not any(word in sentence.lower() for word in words)


def test_the_words_skip_no_sentence_a_rule_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the labelled set, the site's own incidents and a generated site, linting with
    the words finds what linting without them does, sentence by sentence."""
    write_corpus(tmp_path, 300, None, 1)
    files = sorted((REPO / "incidents").rglob("*.md")) + sorted(tmp_path.rglob("*.md"))
    texts = [case["text"] for case in CASES] + [f.read_text(encoding="utf-8") for f in files]
    texts += ["The Engineer FORGOT to check. Tomás broke it. Priya Raman ignored the alert."]
    runs = [(names, disabled) for names in ((), NAMES) for disabled in DISABLED]
    for names, disabled in runs:
        for text in texts:
            for _, sentence in lint.sentences(lint.prose_lines(text)):
                assert not _skipped_but_matching(sentence, names, disabled), sentence
    with_words = [lint_prose(text, names, disabled) for names, disabled in runs for text in texts]
    assert any(with_words)
    search_all = lint._prose_checks
    monkeypatch.setattr(
        lint, "_prose_checks", lambda n, d: dataclasses.replace(search_all(n, d), words=None)
    )
    without = [lint_prose(text, names, disabled) for names, disabled in runs for text in texts]
    assert with_words == without


PIECES = [
    "the", "an", "our", "one of the", "engineer", "on-call", "oncall engineers", "SRE",
    "he", "she", "they", "we", "someone", "no one", "Priya", "Priya Raman", "Tomás",
    "failed", "neglected", "to", "should", "could", "would", "ought to", "n't", "not",
    "have", "ignored", "missed", "if only", "human", "operator", "error", "errors", "a",
    "single", "root", "root-cause", "cause", "causes", "careless", "carelessly", "lazy",
    "negligent", "complacent", "loss of situational awareness", "wasn't", "paying",
    "attention", "lack of", "care", "inattentive", "obvious", "obviously", "of course",
    "in hindsight", "in", "retrospect", "clearly", "documented", "how could", "known",
    "to blame", "at fault", "culprits", "blamed", "blaming", "'s fault", "his", "her",
    "their", "mistake", "fault", "screw-up", "screwup", "caused", "took down", "broke",
    "why did", "why didn't", "you", "deploy", "cache", "x", "",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PIECES) | st.text(string.ascii_letters + "'-", max_size=4),
            st.sampled_from([" ", "  ", "", "-", "\t", ", ", " \n "]),
            st.sampled_from([str.lower, str.upper, str.title]),
        ),
        max_size=12,
    ),
    st.sampled_from([(), NAMES]),
    st.sampled_from(DISABLED),
)
def test_the_words_skip_no_made_up_sentence_a_rule_flags(
    parts: list[tuple[str, str, Any]], names: tuple[str, ...], disabled: frozenset[str]
) -> None:
    sentence = "".join(case(piece) + gap for piece, gap, case in parts)
    assert not _skipped_but_matching(sentence, names, disabled)


def test_the_words_are_what_every_match_holds() -> None:
    """What a pattern requires, and none where it cannot be told."""
    words = lint._trigger_words
    assert words([r"\bif only\b", r"\b(?:his|her) (?:fault|screw-?up)\b"], ()) == (
        "her fault", "her screw-up", "her screwup", "his fault", "his screw-up",
        "his screwup", "if only",
    )  # fmt: skip
    assert words([r"\bblamed?\b", r"\bto blame"], ()) == ("blame",)
    assert words([r"(?:\w+\s+)?caused\b", r"x\s+[a-z]+\s+yz"], ()) == ("caused", "yz")
    assert words([r"\bobvious(?:ly)?\b", r"[^a]bc"], ()) == ("bc", "obvious")
    assert words([r"\bcat", r"\w+"], ()) is None
    assert words([r"\bcat", r"(?:dog)?"], ()) is None
    assert words(["caf\u00e9"], ()) == ("caf",)
    assert words(["\u00e9"], ()) is None


def test_the_words_are_grouped_by_a_part_each_holds() -> None:
    words = ("her error", "his error", "my error", "lazy", "should")
    groups = lint._grouped(words)
    assert set(groups) == {
        (" erro", ("her error", "his error", "my error")),
        ("lazy", ("lazy",)),
        ("should", ("should",)),
    }
    assert sorted(w for _, group in groups for w in group) == sorted(words)
