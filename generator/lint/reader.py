"""The blameless reader: who is the subject of a sentence, and what is said of them.

A sentence is read as words. A person is a name (a common first name or an author's,
capitalised), a pronoun, a role ("the on-call engineer", "one of the technicians",
"team-member-1") or a group ("the team"). What follows a person as its subject (after
adverbs such as "then") is matched against what the lexicon calls blame: a failure to
act, a negated action, damage, an action judged wrong, a decision framed as theirs, a
judgement of conduct, an error they made. Words that are blame on their own (character
words, "human error", "culprit", hindsight, punishment) are found anywhere
(:mod:`.anywhere`), unless a negation comes just before them, another's words are being
reported, or the sentence is about blamelessness itself. Each hit keeps the span of the
words that triggered it and, where one can be made, a rewrite with the system or the
situation as the agent (:mod:`.reading`).
"""

from __future__ import annotations

from . import lexicon as lx
from .anywhere import Anywhere
from .reading import SUBORDINATE, Hit
from .screen import about_blamelessness, worth_reading

__all__ = ["Hit", "read"]

_PERFECT = {"left"} | (
    lx.OMISSIONS
    | lx.DAMAGE
    | lx.BLAME_ADVERBS
    | lx.NEUTRAL_ACTIONS
    | {p[0] for p in lx.CONDUCT_PHRASES}
    | {"made", "failed"}
)


def read(sentence: str, names: frozenset[str] = frozenset()) -> list[Hit]:
    """The blame found in one sentence (``names``: lower-case names of people)."""
    lower = sentence.lower().replace("\u2019", "'")
    if not worth_reading(lower, names) or about_blamelessness(lower):
        return []
    reader = _Reader(sentence, lower, names)
    reader.subjects()
    reader.anywhere()
    return _unique(reader.hits)


def _unique(hits: list[Hit]) -> list[Hit]:
    """One hit per rule: the first."""
    seen: dict[str, Hit] = {}
    for hit in hits:
        seen.setdefault(hit.rule, hit)
    return list(seen.values())


class _Reader(Anywhere):
    """The checks of one sentence: people as subjects and what is said of them (here),
    and the words found anywhere (:class:`.anywhere.Anywhere`)."""

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
                duty = self.skip_adverbs(end + 1) + 2
                if self.low[duty - 2 : duty] == ["failed", "to"] and self.at(duty) in lx.DUTIES:
                    self.hit("counterfactual", i, duty, self.rewrite.passive_rewrite(duty))
                continue
            k = end + 1
            if self.at(k) == "," and kind != "other":
                # An apposition: "A tired engineer, working late, ran ..."
                close = next(
                    (j for j in range(k + 1, min(k + 14, len(self.w))) if self.at(j) == ","), None
                )
                k = close + 1 if close is not None else k
            if (kind in ("role", "group") or self.low[i] in ("someone", "somebody")) and (
                self.at(k) in _POSTMODIFIERS
                or (self.at(k).endswith("ing") and self.at(k) != "during")
            ):
                # "an employee of the state of Colorado misplaced", "employees at the
                # substation failed": a predicate word soon after
                k = next(
                    (j for j in range(k + 1, min(k + 16, len(self.w))) if self.predicative(j)), k
                )
            k = self.skip_adverbs(k + (self.at(k) in _INVOLVED or self.at(k) == "who"))
            if k >= len(self.w):
                continue
            before = len(self.hits)
            self.predicate(kind, i, end, k)
            if len(self.hits) == before and self.strong(kind):
                self.second_verb(kind, i, end, k)

    def second_verb(self, kind: str, first: int, end: int, k: int) -> None:
        """What a second verb of the subject says, up to the end of its clause: "Dave
        pushed on a Friday and dropped the table"."""
        before = len(self.hits)
        for j in range(k + 1, min(k + 24, len(self.w) - 1)):
            if self.low[j] in SUBORDINATE and self.at(j + 1) not in _TIMES:
                return
            if self.low[j] in ("and", "or", "but", ",") and self.person(j + 1) is None:
                self.predicate(kind, first, end, self.skip_adverbs(j + 1))
                if len(self.hits) > before:
                    return

    def predicate(self, kind: str, first: int, end: int, k: int) -> None:
        if self.at(k) in ("had", "has", "have"):
            # The perfect: "had previously made", "had given the wrong patient"
            j = self.skip_adverbs(k + 1)
            if self.at(j) in _PERFECT:
                k = j
        elif (
            self.at(k) in ("did", "does") and (self.at(k + 1), self.at(k + 2)) in lx.DAMAGE_PHRASES
        ):
            k += 1  # "an intern really did mess up"
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
        if strong and verb in _SEEMS and self.low[k + 1 : k + 4] == ["not", "to", "have"]:
            self.hit("counterfactual", first, k + 3)
            return
        if verb in ("was", "were") and nxt == "supposed" and strong:
            self.hit("counterfactual", first, k + 1)
            return
        modal = self.modal(k)
        if modal is not None:
            word, have = modal
            if word in ("would", "might", "must") and not strong:
                return
            if word == "would" and self.at(have + 1) in lx.NOT_FAILURES:
                return  # "only one person would have known"
            self.hit("counterfactual", first, have)
            return
        negation = self.negation(k)
        if negation is not None and strong:
            action = negation
            idiom = (self.at(action), self.at(action + 1)) == ("make", "sense")
            unexplained = (
                self.at(action) in lx.PERCEIVE
                and self.at(k) not in ("don't", "doesn't", "do", "does")
                and lx.EXPLAINING.isdisjoint(self.low)
            )
            if (
                (self.at(action) not in lx.NOT_FAILURES or unexplained)
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
        if (
            verb in lx.NEUTRAL_ACTIONS | {"responded", "acted"}
            and "without" in self.low[k + 1 : k + 6]
        ):
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
        if verb in lx.CONDUCT_PREDICATES or (verb, nxt) in lx.CONDUCT_PHRASES:
            self.hit("character", first, k + ((verb, nxt) in lx.CONDUCT_PHRASES))
            return
        state = self.skip(k + 1, _DEGREE)
        if verb in ("was", "were") and self.at(state) in lx.CONDUCT_STATES:
            self.hit("character", first, state)
            return
        if verb in ("managed", "ended") and nxt in ("to", "up") and self.at(k + 2) in _HARM:
            self.hit("person-caused", first, k + 2)  # "managed to crash", "ended up deleting"
            return
            return
        if verb in ("is", "was", "are", "were") and self.low[k + 1 : k + 3] == [
            "responsible",
            "for",
        ]:
            self.hit("blame", first, k + 2)  # "only the testing team is responsible for this"
            return
        if verb in ("did", "got") and self.low[k + 1 : k + 3] == ["it", "wrong"]:
            self.hit("person-caused", first, k + 2)
            return
        if verb == "left" and any(w in _LEFT_OPEN for w in self.low[k + 2 : k + 7]):
            self.hit("person-caused", first, k)  # "someone has left a valve open"
            return
        if verb == "made" and nxt in ("it", "things", "matters") and self.at(k + 2) == "worse":
            self.hit("person-caused", first, k + 2)
            return
        slip = self.in_error(k + 1)
        if slip is not None:
            self.hit("person-caused", first, slip, self.rewrite.damage_rewrite(k))
            return
        if verb in _MAKE and any(w in lx.ERROR_NOUNS for w in self.low[k + 1 : k + 5]):
            if not self.at_clause_start(first):
                return
            last = next(j for j in range(k + 1, k + 5) if self.at(j) in lx.ERROR_NOUNS)
            self.hit("human-error", first, last)

    def in_error(self, j: int) -> int | None:
        """The end of "in error" or "by mistake" in the clause from word ``j``."""
        for i in range(j, min(j + 14, len(self.w) - 1)):
            if self.low[i] in SUBORDINATE:
                return None
            if (self.low[i], self.low[i + 1]) in lx.IN_ERROR:
                return i + 1
        return None

    def predicative(self, j: int) -> bool:
        """Whether word ``j`` can start what the lexicon says of a person."""
        word = self.at(j)
        return word in _PREDICATIVE


_TIMES = lx.words("week day morning night evening afternoon time month year weekend")
"""What "that" may point to without opening a clause ("that week")."""
_POSTMODIFIERS = lx.words("of at in on from with for")
"""Prepositions that may follow a role before its verb ("employees at the substation")."""
_INVOLVED = lx.words("involved concerned responsible assigned")
"""Words after a role that only say which one ("the controller involved had failed")."""
_DEGREE = lx.words("too so very quite clearly apparently")
_SEEMS = lx.words("appears appeared seems seemed")
_SAFEGUARDS = lx.words(
    """review reviews approval testing tests checking a backup backups telling asking
    sign-off authorization authorisation permission"""
)
_LEFT_OPEN = lx.words("open unlocked unattended unsecured running enabled")
_MAKE = lx.words("made makes")
_HARM = lx.words(
    """crash break delete drop wipe destroy corrupt overwrite kill spill crashing breaking
    deleting dropping wiping destroying corrupting overwriting killing"""
)
"""What a person "managed to" do or "ended up" doing that harmed the system."""
_PREDICATIVE = (
    lx.OMISSIONS
    | lx.DAMAGE
    | lx.BLAME_ADVERBS
    | lx.CONDUCT_PREDICATES
    | lx.DECIDE
    | {p[0] for p in lx.CONDUCT_PHRASES}
    | lx.words("failed didn't never should could would ought shouldn't couldn't did had makes")
)
