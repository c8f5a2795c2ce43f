"""The blameless reader: who is the subject of a sentence, and what is said of them.

A sentence is read as words. A person is a name (a common first name or an author's,
capitalised), a pronoun, a role ("the on-call engineer", "one of the technicians",
"team-member-1") or a group ("the team"). What follows a person as its subject (after
adverbs such as "then") is matched against what the lexicon calls blame: a failure to
act, a negated action, damage, an action judged wrong, a decision framed as theirs, a
judgement of conduct, an error they made. Words that are blame on their own (character
words, "human error", "culprit", hindsight, punishment) are found anywhere, unless a
negation comes just before them, another's words are being reported, or the sentence
is about blamelessness itself. Each hit keeps the span of the words that triggered it
and, where one can be made, a rewrite with the system or the situation as the agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .rewrite import Rewriter, Word


@dataclass(frozen=True)
class Hit:
    rule: str
    start: int
    """Where the words that triggered it start and end in the sentence."""
    end: int
    rewrite: str | None = None


_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+|[,;:()]")
_WORDS = re.compile(r"[a-z][a-z'\u2019-]*")

_META = re.compile(
    r"blameless|blame-free|no[- ]blame|just culture|blame culture|culture of blame"
    r"|without (?:blame|blaming|punish)|rather than (?:blam|punish|find)"
    r"|not (?:about|to) (?:blame|find|punish|assign)|(?:assign|apportion)(?:ing)? blame"
    r"|(?:start|starting point|beginning) of (?:the|an|our) (?:investigation|inquiry|analysis)"
    r"|not the (?:conclusion|end of)|is a symptom|the (?:terms?|phrases?|words?|concept|notion) "
    r"|(?:words?|phrases?|terms?|labels?|language) "
    r"(?:like|such as)|we (?:don't|do not|never|won't|will not) (?:ask|say|call|use|blame|name)"
    r"|avoid (?:blam|naming|words|phrases|language)|point(?:ing)? fingers"
    r"|(?:post-?mortems?|reports?|reviews?|retros?|write-?ups?) (?:concludes?|says?|that says)"
    r"|shift(?:s|ed|ing)? (?:the )?blame|(?:hunt|look|search)\w* for (?:a |the )?culprit"
)
"""A sentence about blamelessness itself, or about the words to avoid."""

_BAD = lx._words("bad poor terrible stupid dumb useless clueless junior-level rogue")
"""Adjectives that judge the person they come before ("bad developers")."""

_ON_THEIR_OWN = (
    lx.CHARACTER
    | {p[0] for p in lx.CHARACTER_PHRASES}
    | lx._words(
        """obvious obviously course hindsight retrospect clearly blame blamed blaming fault
        faults culprit culprits root root-cause why complacency complacent inattention
        inattentive situational paying lack disciplinary discipline action accountable
        longer warning warnings whose fired terminated dismissed suspended reprimanded
        disciplined retrained sacked demoted"""
    )
)
"""Words that can be blame without a person in the sentence."""

_WITH_A_PERSON = (
    _BAD
    | lx.OMISSIONS
    | lx.DAMAGE
    | lx.BLAME_ADVERBS
    | lx.WRONG
    | lx.DECIDE
    | lx.CONDUCT_PREDICATES
    | {p[0] for p in lx.DAMAGE_PHRASES}
    | lx._words(
        """not never didn't hadn't hasn't haven't doesn't wasn't weren't failed supposed
        have shouldn't couldn't wouldn't instead rather had if only without failure failures
        neither adequately properly made caused triggered blames"""
    )
)
"""Words that are blame only when said of a person."""

_SOMEONE = lx.ROLES | lx.GROUPS | lx.THIRD_PERSON | lx.FIRST_NAMES
"""Words for a person other than the writers' own "we"."""

_OPENINGS = tuple(" ".join(opening) for opening in lx.IMPERATIVES) + tuple(
    "please " + " ".join(opening) for opening in lx.IMPERATIVES
)
"""How an exhortation starts."""


def _worth_reading(lower: str, names: frozenset[str]) -> bool:
    """Whether a sentence holds what some check needs: a word that is blame on its own,
    an error noun with someone's name, role or possessive ("his error") or a word like
    "human" ("human error", "a human-error slip"), a person and a word said of them, or
    an exhortation's opening. Most sentences hold none, and set tests tell."""
    words = set(_WORDS.findall(lower))
    if not _ON_THEIR_OWN.isdisjoint(words) or lower.startswith(_OPENINGS):
        return True
    errors = not lx.ERROR_NOUNS.isdisjoint(words)
    said = not _WITH_A_PERSON.isdisjoint(words)
    if not errors and not said:
        return False
    someone = (
        not _SOMEONE.isdisjoint(words)
        or not names.isdisjoint(words)
        or any(word.endswith(("'s", "s'")) for word in words)
        or any("-" in word and not lx.ROLES.isdisjoint(word.split("-")) for word in words)
    )
    if errors and (
        someone
        or not lx.PEOPLE_ERROR_MODIFIERS.isdisjoint(words)
        or not lx.POSSESSIVES.isdisjoint(words)
        or any(word.endswith("-error") for word in words)
    ):
        return True
    if not said:
        return False
    if someone or not _REVIEW.isdisjoint(words):
        return True
    return not lx.OTHER_PRONOUNS.isdisjoint(words) and not _WITH_ANYONE.isdisjoint(words)


_PERFECT = lx.OMISSIONS | lx.DAMAGE | lx.BLAME_ADVERBS | lx.NEUTRAL_ACTIONS | {"made"}
_WITH_ANYONE = lx.OMISSIONS | lx._words(
    "failed should could would ought might must shouldn't couldn't wouldn't"
)
"""Words that are blame said of anyone, "we" included ("we should have")."""

_REVIEW = lx._words("review reviewer reviewers careful")
"""What "could have caught" may be said of besides a person."""


def read(sentence: str, names: frozenset[str] = frozenset()) -> list[Hit]:
    """The blame found in one sentence (``names``: lower-case names of people)."""
    lower = sentence.lower().replace("\u2019", "'")
    if not _worth_reading(lower, names) or _META.search(lower):
        return []
    words = [
        Word(m.group(0), m.group(0).lower().replace("\u2019", "'"), m.start(), m.end())
        for m in _TOKEN.finditer(sentence)
    ]
    hits: list[Hit] = []
    reader = _Reader(sentence, lower, words, names, hits)
    reader.subjects()
    reader.anywhere()
    return _unique(hits)


def _unique(hits: list[Hit]) -> list[Hit]:
    """One hit per rule: the first."""
    seen: dict[str, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.rule, hit)
    return list(seen.values())


class _Reader:
    def __init__(
        self, sentence: str, lower: str, words: list[Word], names: frozenset[str], hits: list[Hit]
    ) -> None:
        self.sentence = sentence
        self.lower = lower
        self.w = words
        self.low = [word.low for word in words]
        self.names = names
        self.hits = hits
        self.rewrite = Rewriter(sentence, words, self.low)
        self.people: list[tuple[str, int] | None] | None = None

    # Helpers ------------------------------------------------------------------

    def at(self, i: int) -> str:
        return self.low[i] if 0 <= i < len(self.low) else ""

    def hit(self, rule: str, first: int, last: int, rewrite: str | None = None) -> None:
        last = min(last, len(self.w) - 1)
        self.hits.append(Hit(rule, self.w[first].start, self.w[last].end, rewrite))

    def negated(self, i: int, reach: int = 3) -> bool:
        """Whether a negation stands in the few words before word ``i``."""
        for j in range(max(0, i - reach), i):
            low = self.low[j]
            if low in lx.NEGATORS or low.endswith("n't"):
                return True
        return False

    def reported(self, i: int) -> bool:
        """Whether word ``i`` follows a reporting verb: another's words."""
        return any(low in lx.REPORTING for low in self.low[:i])

    def person(self, i: int) -> tuple[str, int] | None:
        """(kind, index of the last word) when a person starts at word ``i``: 'third'
        (he, she, someone), 'other' (we, I, you, they), 'role', 'group' or 'name'."""
        if not 0 <= i < len(self.w):
            return None
        if self.people is None:
            self.people = [self.find_person(j) for j in range(len(self.w))]
        return self.people[i]

    def find_person(self, i: int) -> tuple[str, int] | None:
        low = self.low[i]
        if low in lx.THIRD_PERSON:
            return "third", i
        if low in lx.OTHER_PRONOUNS:
            return ("other", i) if low != "i" or self.w[i].text == "I" else None
        if low in lx.ROLES or (
            "-" in low and any(part in lx.ROLES for part in low.split("-")) and low not in lx.WRONG
        ):
            if self.at(i + 1) in lx.ROLES:
                return None  # "team member", "on-call engineer": the head comes later
            end = i
            if i + 1 < len(self.w) and re.fullmatch(r"\d+|[A-Z]", self.w[i + 1].text):
                end = i + 1  # "engineer 2", "operator B"
            return "role", end
        if low in lx.GROUPS:
            return None if self.at(i + 1) in lx.ROLES | lx.GROUPS else ("group", i)
        text = self.w[i].text
        if text[:1].isupper() and (low in lx.FIRST_NAMES or low in self.names):
            end = i
            following = self.w[i + 1].text if i + 1 < len(self.w) else ""
            if following[:1].isupper() and following[1:2].islower():
                end = i + 1  # a family name
            return "name", end
        return None

    def skip(self, j: int, words: frozenset[str]) -> int:
        """The index of the first word from ``j`` on that is not one of ``words``."""
        while self.at(j) in words:
            j += 1
        return j

    def head(self, j: int, determiners: frozenset[str]) -> int:
        """Where the person after word ``j`` is: past ``determiners`` and a word that
        only modifies a role ("the on-call engineer")."""
        j = self.skip(j, determiners)
        if self.person(j) is None and self.at(j + 1) in lx.ROLES:
            j += 1
        return j

    def strong(self, kind: str) -> bool:
        """A person other than the writers' own "we" (or "they", which is as often a system)."""
        return kind in ("third", "role", "name", "group")

    # People as subjects ---------------------------------------------------------

    def subjects(self) -> None:
        for i in range(len(self.w)):
            found = self.person(i)
            if found is None:
                continue
            kind, end = found
            if kind == "other" and self.low[i] == "they":
                modal = self.modal(end + 1)
                if modal is not None:
                    act = modal[1] + 1 + (self.at(modal[1] + 1) in lx.ADVERBS | {"easily"})
                    if self.at(act) in lx.HUMAN_ACTS:
                        self.hit("counterfactual", i, act)
                continue
            k = end + 1
            if self.at(k) == "," and kind != "other":
                # An apposition: "A tired engineer, working late, ran ..."
                close = next(
                    (j for j in range(k + 1, min(k + 14, len(self.w))) if self.at(j) == ","), None
                )
                k = close + 1 if close is not None else k
            if self.at(k) == "of" and kind in ("role", "group"):
                # "an employee of the state of Colorado misplaced": a predicate word soon after
                k = next(
                    (j for j in range(k + 1, min(k + 16, len(self.w))) if self.predicative(j)), k
                )
            while self.at(k) in lx.ADVERBS:
                k += 1
            if k >= len(self.w):
                continue
            before = len(self.hits)
            self.predicate(kind, i, end, k)
            if len(self.hits) == before and self.strong(kind):
                # A second verb of the same subject: "Dave pushed on a Friday and dropped ..."
                for j in range(k + 1, min(k + 16, len(self.w) - 1)):
                    if self.low[j] in (
                        ";",
                        ":",
                        "because",
                        "which",
                        "who",
                        "when",
                        "while",
                        "that",
                    ):
                        break
                    if self.low[j] in ("and", "or", "but", ",") and self.person(j + 1) is None:
                        self.predicate(kind, i, end, j + 1)
                        if len(self.hits) > before:
                            break

    def predicate(self, kind: str, first: int, end: int, k: int) -> None:
        if self.at(k) in ("had", "has", "have"):
            # The perfect: "had previously made", "had given the wrong patient"
            j = k + 1
            while self.at(j) in lx.ADVERBS or self.at(j) == "previously":
                j += 1
            if self.at(j) in _PERFECT:
                k = j
        verb = self.at(k)
        nxt = self.at(k + 1)
        strong = self.strong(kind)
        if verb in lx.BLAME_ADVERBS and strong:
            self.hit("person-caused", first, k + 1, self.rewrite.damage_rewrite(k + 1))
            return
        if verb in lx.OMISSIONS:
            if strong or verb in ("forgot", "neglected", "ignored", "overlooked", "disregarded"):
                if nxt == "to":
                    self.hit("counterfactual", first, k + 2, self.rewrite.passive_rewrite(k + 2))
                else:
                    self.hit("counterfactual", first, k, self.rewrite.unheeded_rewrite(k + 1))
            return
        if verb == "failed" and nxt == "to":
            self.hit("counterfactual", first, k + 1, self.rewrite.passive_rewrite(k + 2))
            return
        if verb in ("was", "were") and nxt == "supposed" and strong:
            self.hit("counterfactual", first, k + 1)
            return
        modal = self.modal(k)
        if modal is not None:
            word, have = modal
            if word in ("would", "might", "must") and not strong:
                return
            self.hit("counterfactual", first, have)
            return
        negation = self.negation(k)
        if negation is not None and strong:
            action = negation
            idiom = (self.at(action), self.at(action + 1)) == ("make", "sense")
            if (
                self.at(action) not in lx.NOT_FAILURES
                and self.w[action].text.isalpha()
                and not idiom
            ):
                self.hit("counterfactual", first, action, self.rewrite.passive_rewrite(action))
            return
        if not strong:
            return
        for phrase in lx.DAMAGE_PHRASES:
            if (verb, nxt) == phrase:
                self.hit("person-caused", first, k + 1, self.rewrite.went_down_rewrite(k + 2))
                return
        if verb in lx.DAMAGE:
            self.hit("person-caused", first, k, self.rewrite.damage_rewrite(k))
            return
        if verb in lx.NEUTRAL_ACTIONS and "without" in self.low[k + 1 : k + 5]:
            j = self.low.index("without", k + 1)
            if self.at(j + 1) in _SAFEGUARDS or self.at(j + 2) in _SAFEGUARDS:
                self.hit("person-caused", first, j + 1 + (self.at(j + 1) not in _SAFEGUARDS))
                return
        if verb in lx.NEUTRAL_ACTIONS and any(w in lx.WRONG for w in self.low[k + 1 : k + 7]):
            wrong = next(j for j in range(k + 1, k + 7) if self.at(j) in lx.WRONG)
            self.hit("person-caused", first, wrong, self.rewrite.damage_rewrite(k))
            return
        if verb in lx.DECIDE and (
            self.low[end] in lx.SINGLING or any(w in lx.EVALUATIVE for w in self.low[k:])
        ):
            self.hit("person-caused", first, k)
            return
        if verb in lx.CONDUCT_PREDICATES:
            self.hit("character", first, k)
            return
        if verb == "made" and any(w in lx.ERROR_NOUNS for w in self.low[k + 1 : k + 5]):
            if not self.at_clause_start(first):
                return
            last = next(j for j in range(k + 1, k + 5) if self.at(j) in lx.ERROR_NOUNS)
            self.hit("human-error", first, last)

    def predicative(self, j: int) -> bool:
        """Whether word ``j`` can start what the lexicon says of a person."""
        word = self.at(j)
        return word in _PREDICATIVE

    def modal(self, k: int) -> tuple[str, int] | None:
        """(the modal, index of "have") for "should (not) have", "ought to have"..."""
        word = self.at(k)
        j = k + 1
        if word in ("shouldn't", "couldn't", "wouldn't", "mightn't", "mustn't"):
            word = word[:-3]
        elif word in ("should", "could", "would", "might", "must"):
            if self.at(j) in ("not", "never"):
                j += 1
        elif word == "ought" and self.at(j) == "to":
            j += 1
            if self.at(j) == "not":
                j += 1
        else:
            return None
        return (word, j) if self.at(j) == "have" else None

    def negation(self, k: int) -> int | None:
        """The index of the action a negation at ``k`` applies to ("did not copy")."""
        word = self.at(k)
        if word in ("didn't", "never", "hadn't", "hasn't", "haven't", "doesn't", "don't"):
            j = k + 1
        elif word in ("did", "had", "has", "have", "does", "do") and self.at(k + 1) == "not":
            j = k + 2
        else:
            return None
        while self.at(j) in ("even", "properly", "correctly", "fully", "bother", "to", "ever"):
            j += 1
        return j if j < len(self.w) else None

    # Anywhere in the sentence -----------------------------------------------------

    def anywhere(self) -> None:
        low = self.low
        strong_people = [i for i in range(len(self.w)) if self.is_strong_person(i)]
        for i, word in enumerate(low):
            if word not in _ANYWHERE and not word.endswith(("'s", "s'")):
                continue
            nxt = self.at(i + 1)
            if word in lx.CHARACTER or (word, nxt) in lx.CHARACTER_PHRASES:
                if not self.negated(i) and not self.reported(i):
                    last = i if word in lx.CHARACTER else i + 1
                    self.hit("character", i, last)
            elif word in lx.ERROR_NOUNS:
                self.error_noun(i)
            elif word in ("culprit", "culprits") or (word == "blame" and self.at(i - 1) == "to"):
                if not self.negated(i, 4) and not self.reported(i):
                    self.hit("blame", i - (word == "blame"), i)
            elif (
                word in ("blame", "blamed", "blaming")
                and not self.negated(i, 4)
                and not (self.at(i - 1) in _DISCUSSING or (word == "blaming" and i == 0))
            ):
                # The bare word is mostly writing about blame; blame is laying it on someone.
                j = self.skip(i + 1 + (self.at(i + 1) == "on"), _DETERMINERS)
                if self.is_strong_person(j) or self.at(j) in ("him", "her", "them"):
                    self.hit("blame", i, j)
            elif self.fault(i, word, nxt):
                self.hit("blame", i, i + 1)
            elif word in ("obvious", "obviously"):
                if not self.negated(i, 2) and not self.apology() and not self.reported(i):
                    self.hit("hindsight", i, i)
            elif (word, nxt) in _HINDSIGHT_PAIRS and not self.apology():
                self.hit("hindsight", i, i + 1)
            elif word == "clearly" and not self.apology() and not self.reported(i):
                if not self.negated(i, 1) and not self.claims_clarity(i + 1):
                    self.hit("hindsight", i, i)
            elif word == "how" and nxt == "could":
                rest = low[i + 2 : i + 6]
                if "not" in rest or "missed" in rest or any(r.endswith("n't") for r in rest):
                    self.hit("hindsight", i, i + 1)
            elif word == "should" and nxt == "have" and self.at(i + 2) in ("known", "seen"):
                self.hit("hindsight", i, i + 2)
            elif (word == "root" and nxt in ("cause", "cause.")) or word == "root-cause":
                self.root_cause(i)
            elif word == "why" and nxt in ("did", "didn't", "weren't", "wasn't"):
                j = self.skip(i + 2, _DETERMINERS - {"one", "of"})
                asked = any(w in ("ask", "asking", "asked") for w in low[max(0, i - 3) : i])
                person = self.at(j) in ("you", "he", "she", "they") or self.is_strong_person(j)
                if person and not asked:
                    self.hit("why-did-you", i, i + 2)
            elif word == "if" and nxt == "only":
                self.hit("counterfactual", i, i + 1)
            elif word == "if" or (word == "had" and (i == 0 or low[i - 1] in (",", "and"))):
                self.conditional(i)
            elif word in ("instead", "rather") and nxt in ("of", "than"):
                if any(
                    self.strong_individual(p) and self.at_clause_start(p) for p in strong_people
                ):
                    self.hit("counterfactual", i, i + 1)
            elif word == "could" and nxt == "have" and self.at(i + 2) in _CAUGHT:
                if strong_people or any(w in ("review", "reviewer", "careful") for w in low):
                    self.hit("counterfactual", i, i + 2)
            elif word in lx.BLAME_ADVERBS and any(
                p < i and self.strong_individual(p) and self.at_clause_start(p)
                for p in strong_people
            ):
                self.hit("person-caused", i, i + 1, self.rewrite.damage_rewrite(i + 1))
            elif word.endswith("'s") and nxt in _ARTIFACTS and self.person_name(word[:-2]):
                if (
                    self.at(i + 2) in lx.DAMAGE
                    or (self.at(i + 2), self.at(i + 3)) in lx.DAMAGE_PHRASES
                ):
                    self.hit("person-caused", i, i + 2)
            elif word in _BAD and (nxt in lx.ROLES or nxt in lx.GROUPS) and not self.negated(i, 3):
                self.hit("character", i, i + 1)
            elif word == "whose" and nxt == "fault" and not self.negated(i, 3):
                self.hit("blame", i, i + 1)
            elif word == "without" and nxt in lx.UNAWARE:
                if any(p < i and self.at_clause_start(p) for p in strong_people):
                    self.hit("counterfactual", i, i + 1)
            elif word in ("caused", "triggered", "started") and nxt == "by":
                j = self.head(i + 2, _BY_WHOM)
                if self.strong_individual(j):
                    self.hit("person-caused", i, j)
            self.folk_and_punishment(i, word, nxt, strong_people)
        self.exhortation()

    def person_name(self, base: str) -> bool:
        return base in lx.ROLES or base in lx.GROUPS or base in lx.FIRST_NAMES or base in self.names

    def at_clause_start(self, i: int) -> bool:
        """Whether the person at ``i`` starts a clause (so is likely its subject): only
        determiners, names' possessives and capitalised words stand between it and the
        start, a comma, a conjunction, or a short opening phrase ("At 11pm")."""
        j = i - 1
        while j >= 0 and (
            self.low[j] in ("the", "a", "an", "our", "their", "that", "this", "one", "of", "tired")
            or self.low[j].endswith("'s")
            or (j > 0 and self.w[j].text[:1].isupper())
        ):
            j -= 1
        if j < 0 or self.low[j] in _CLAUSE_OPENERS:
            return True
        return self.low[0] in _OPENING_PREPOSITIONS and j <= 3 and "," not in self.low[:j]

    def folk_and_punishment(self, i: int, word: str, nxt: str, people: list[int]) -> None:
        if word in ("complacency", "complacent", "inattention", "inattentive"):
            if not self.negated(i):
                self.hit("folk-label", i, i)
        elif word == "situational" and self.at(i - 1) == "of" and self.at(i - 2) == "loss":
            self.hit("folk-label", i - 2, i + 1)
        elif word == "paying" and nxt == "attention" and self.negated(i, 1):
            self.hit("folk-label", i - 1, i + 1)
        elif (
            word == "lack" and nxt == "of" and self.at(i + 2) in ("attention", "diligence", "care")
        ):
            self.hit("folk-label", i, i + 2)
        elif word in lx.PUNISHED and not self.negated(i, 4):
            near = [p for p in people if abs(p - i) <= 5]
            if near or (self.at(i - 1) in ("been", "got", "was", "were") and people):
                self.hit("punishment", i, i)
        elif word in ("disciplinary", "discipline") and not self.negated(i, 4):
            self.hit("punishment", i, i)
        elif (
            word == "action"
            and nxt in ("with", "against")
            and self.at(i - 1) in ("taken", "take", "took", "taking", "appropriate", "disciplinary")
        ):
            self.hit("punishment", i - 1, i + 1)
        elif self.sanction(i, word):
            self.hit("punishment", i - 1, i)
        elif word in ("failure", "failures") and nxt == "to":
            owner = self.at(i - 1)
            base = (
                owner[:-2] if owner.endswith("'s") else owner[:-1] if owner.endswith("s'") else ""
            )
            if owner in lx.POSSESSIVES or (base and self.person_name(base)):
                self.hit("counterfactual", i - 1, i + 1)
        elif word in ("failure", "failures") and nxt in ("of", "by"):
            found = self.person(self.head(i + 2, _DETERMINERS | {"two", "other"}))
            if found and self.strong(found[0]) and "to" in self.low[found[1] + 1 : found[1] + 4]:
                self.hit("counterfactual", i, found[1])
        elif word in lx.POSSESSIVES and nxt in (
            "failure",
            "failures",
            "negligence",
            "carelessness",
        ):
            self.hit("blame", i, i + 1)
        elif word in ("neither", "no") and (
            self.is_strong_person(i + 1)
            or (self.is_strong_person(i + 2) and self.at(i + 2) in lx.ROLES)
        ):
            end = self.person(i + 1) or self.person(i + 2)
            last = end[1] if end else i + 1
            if self.at(last + 1) in lx.JUDGING_ADVERBS:
                self.hit("counterfactual", i, last + 2)
        elif word == "by" and self.is_strong_person(i + 1) and not self.negated(i):
            found = self.person(i + 1)
            last = found[1] if found else i + 1
            verb = self.at(last + 1)
            if verb in lx.DAMAGE or (verb, self.at(last + 2)) in lx.DAMAGE_PHRASES:
                self.hit("person-caused", i, last + 1)
        elif word == "longer" and self.at(i - 1) == "no" and nxt in ("with", "works", "employed"):
            self.hit("punishment", i - 1, i + 1)

    def sanction(self, i: int, word: str) -> bool:
        """ "a written warning", "held accountable", "holding them accountable"."""
        if word in ("warning", "warnings"):
            return self.at(i - 1) in ("written", "formal", "final")
        return word == "accountable" and (
            self.at(i - 1) == "held" or self.at(i - 2) in ("hold", "holds", "holding")
        )

    def fault(self, i: int, word: str, nxt: str) -> bool:
        """ "at fault", "the team's fault", "his fault"."""
        if word == "at" and nxt == "fault":
            return not self.negated(i, 4)
        if word.endswith("'s") and nxt in ("fault", "mistake", "error", "blunder"):
            return True
        return (
            word in lx.POSSESSIVES
            and nxt in ("fault", "screw-up", "screwup")
            and not (self.negated(i, 2))
        )

    def is_strong_person(self, i: int) -> bool:
        found = self.person(i)
        return found is not None and self.strong(found[0])

    def strong_individual(self, i: int) -> bool:
        found = self.person(i)
        return found is not None and found[0] in ("third", "role", "name")

    def apology(self) -> bool:
        return any(w in lx.APOLOGY for w in self.low)

    def claims_clarity(self, j: int) -> bool:
        """Whether "clearly" before word ``j`` is about clarity ("clearly documented")."""
        word = self.at(j)
        return word in lx.EXEMPT_CLEARLY or (word.endswith("ed") and word not in lx.WRONG)

    def error_noun(self, i: int) -> None:
        before = self.at(i - 1)
        if before in lx.PEOPLE_ERROR_MODIFIERS or before.endswith("-error"):
            generic = self.at(i - 2) in ("any", "every", "all", "most", "much", "no")
            if not self.negated(i - 1) and not self.reported(i) and not generic and self.causal(i):
                self.hit("human-error", i - 1, i)
            return
        if before in lx.POSSESSIVES:
            self.hit("blame", i - 1, i)
            return
        if before.endswith(("'s", "s'")) and self.person(i - 1) is None:
            base = before[:-2] if before.endswith("'s") else before[:-1]
            if base in lx.ROLES | lx.GROUPS or base in lx.FIRST_NAMES or base in self.names:
                self.hit("blame", i - 1, i)
                return
        if self.at(i + 1) in ("by", "of") or (self.at(i + 1) == "made" and self.at(i + 2) == "by"):
            for j in range(i + 2, min(i + 7, len(self.w))):
                if self.is_strong_person(j):
                    self.hit("human-error", i, j)
                    return

    def causal(self, i: int) -> bool:
        """Whether the sentence gives the error at ``i`` as the explanation of an event
        ("caused by human error", "this was"), not speaking of the idea ("human error is
        never the cause") or of what the error comes from ("is a result of design"). A
        sentence that is no more than the error ("Human error.") gives it as the answer."""
        if len(self.w) <= 4:
            return True
        for j, word in enumerate(self.low):
            if j > i and (word in _EFFECT or (word == "caused" and self.at(j + 1) == "by")):
                return False
            if word in lx.CAUSAL and not self.negated(j, 3):
                return True
            if word in ("was", "were") and self.at(j - 1) in ("this", "it", "that", "which"):
                return not self.negated(j + 2, 2)
        return False

    def root_cause(self, i: int) -> None:
        if "root causes" in self.lower or "root-causes" in self.lower:
            return
        single = self.at(i - 1) in ("the", "a", "one", "single")
        if single and not self.negated(i - 1, 2) and not self.reported(i):
            self.hit("root-cause", i - 1, i + (self.low[i] == "root"))

    def conditional(self, i: int) -> None:
        """ "if the engineer had...", "had the on-call followed the procedure"."""
        if self.at(i) == "if":
            j = self.head(i + 1, _DETERMINERS)
            found = self.person(j)
            if not found or not self.strong_individual(j):
                return
            if self.at(found[1] + 1) in ("had", "hadn't", "would", "could"):
                self.hit("counterfactual", i, found[1] + 1)
            return
        found = self.person(self.skip(i + 1, _DETERMINERS))
        if found and self.strong(found[0]):
            self.hit("counterfactual", i, found[1] + 1)

    def exhortation(self) -> None:
        start = 1 if self.at(0) == "please" else 0
        for opening in lx.IMPERATIVES:
            if tuple(self.low[start : start + len(opening)]) == opening:
                self.hit("exhortation", start, start + len(opening) - 1)
                return


_DETERMINERS = lx._words("the a an our that this one of")
"""What may stand before a person: "the", "one of the", "that"."""
_BY_WHOM = lx._words("the a an our one of single tech support")
"""What may stand before the person in "caused by a single tech support engineer"."""
_EFFECT = lx._words("result resulting due owing traced attributable stems comes arises")
_SAFEGUARDS = lx._words(
    "review reviews approval testing tests checking a backup backups telling asking"
)
_ARTIFACTS = lx._words("change changes commit commits deploy code pr script config patch")
_CAUGHT = lx._words("caught prevented avoided noticed spotted stopped detected")
_PREDICATIVE = (
    lx.OMISSIONS
    | lx.DAMAGE
    | lx.BLAME_ADVERBS
    | lx._words("failed didn't never should could would ought shouldn't couldn't")
)
_ANYWHERE = (
    _ON_THEIR_OWN
    | _BAD
    | lx.BLAME_ADVERBS
    | lx.ERROR_NOUNS
    | lx.POSSESSIVES
    | lx.PUNISHED
    | lx._words(
        """at of in how should could if had instead rather without caused triggered started
        failure failures neither no by"""
    )
)
"""The words :meth:`_Reader.anywhere` looks at; it passes over the others."""
_CLAUSE_OPENERS = lx._words(", ; : and but because so then when")
_OPENING_PREPOSITIONS = lx._words("at in on during after before around by shortly")
_DISCUSSING = lx._words(
    "the of for about from than against realized realised stop avoid without by on in"
)
"""Words before "blame" or "blaming" that make it the subject of discussion."""
_HINDSIGHT_PAIRS = frozenset({("of", "course"), ("in", "hindsight"), ("in", "retrospect")})
