"""The words that are blame wherever they stand in a sentence, and the phrases read
around them: character words, "human error" given as a cause, "to blame", "culprit",
hindsight, punishment, counterfactual openings ("if only", "had the on-call..."),
exhortations. Each is skipped where a negation stands before it, another's words are
being reported, or it is said of a thing rather than a person.
"""

from __future__ import annotations

from . import lexicon as lx
from .reading import Reading
from .screen import BAD, ON_THEIR_OWN


class Anywhere(Reading):
    """The checks of the words found anywhere in a sentence."""

    def anywhere(self) -> None:
        low = self.low
        strong_people = [i for i in range(len(self.w)) if self.is_strong_person(i)]
        for i, word in enumerate(low):
            if word not in _ANYWHERE and not word.endswith(("'s", "s'")):
                continue
            nxt = self.at(i + 1)
            if word in lx.CHARACTER or (word, nxt) in lx.CHARACTER_PHRASES:
                legal = self.at(i - 1) in _LEGAL
                if not self.negated(i) and not self.reported(i) and not legal:
                    last = i if word in lx.CHARACTER else i + 1
                    self.hit("character", i, last)
            elif word in lx.ERROR_NOUNS:
                self.error_noun(i)
            elif word in ("culprit", "culprits") or (word == "blame" and self.at(i - 1) == "to"):
                if not self.negated(i, 6) and not self.reported(i) and self.blamed_one(i):
                    self.hit("blame", i - (word == "blame"), i)
            elif (
                word in ("blame", "blamed", "blaming", "faulted", "criticised", "criticized")
                and not self.negated(i, 4)
                and not (self.at(i - 1) in _DISCUSSING or (word == "blaming" and i == 0))
            ):
                # The bare word is mostly writing about blame; blame is laying it on someone.
                j = self.head(i + 1 + (self.at(i + 1) == "on"), _DETERMINERS)
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
            elif word == "how" and nxt in ("do", "did", "does") and self.at(i + 3) == "miss":
                self.hit("hindsight", i, i + 3)
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
            elif word == "guilty" and nxt == "of" and not self.negated(i, 3):
                self.hit("blame", i, i + 1)
            elif word == "lost" and nxt in ("situational", "focus", "concentration"):
                self.hit("folk-label", i, i + 1 + (nxt == "situational"))
            elif word == "it" and nxt in ("was", "is"):
                # "yes, it was the intern"
                found = self.person(self.skip(i + 2, _DETERMINERS - {"one", "of"}))
                if found and self.strong(found[0]) and self.at(found[1] + 1) in _CLEFT_ENDS:
                    self.hit("blame", i, found[1])
            elif (
                word == "who" and self.at(i - 1) in ("", ",", "so") and self.sentence.endswith("?")
            ):
                if nxt in lx.DAMAGE or nxt in lx.NEUTRAL_ACTIONS:
                    self.hit("why-did-you", i, i + 1)
            elif word == "if" and nxt == "only":
                self.hit("counterfactual", i, i + 1)
            elif word in ("forgot", "neglected") and nxt == "to" and not self.negated(i):
                self.hit("counterfactual", i, i + 1, self.rewrite.passive_rewrite(i + 2))
            elif (word, nxt, self.at(i + 2), self.at(i + 4)) == ("would", "have", "been", "for"):
                if self.at(i + 3) in _BETTER and self.is_strong_person(
                    self.head(i + 5, _DETERMINERS)
                ):
                    self.hit("counterfactual", i, i + 4)
            elif word == "if" or (word == "had" and (i == 0 or low[i - 1] in (",", "and"))):
                self.conditional(i)
            elif word in ("instead", "rather") and nxt in ("of", "than"):
                if any(
                    self.strong_individual(p) and self.at_clause_start(p) and self.clause_of(p, i)
                    for p in strong_people
                ):
                    self.hit("counterfactual", i, i + 1)
            elif word == "could" and nxt == "have" and self.at(i + 2) in _CAUGHT:
                if strong_people or any(w in ("review", "reviewer", "careful") for w in low):
                    self.hit("counterfactual", i, i + 2)
            elif word in lx.BLAME_ADVERBS and (
                any(
                    p < i
                    and self.strong_individual(p)
                    and (self.at_clause_start(p) or self.clause_of(p, i))
                    for p in strong_people
                )
                or (self.at(i - 1) == "who" and self.strong_individual(i - 2))
                or self.done_by(i)
            ):
                self.hit("person-caused", i, i + 1, self.rewrite.damage_rewrite(i + 1))
            elif word.endswith("'s") and nxt in _JUDGED_ACTS and self.person_name(word[:-2]):
                # "the pilot's improper landing flare", "the mechanic's failure to"
                self.hit("person-caused" if nxt != "failure" else "counterfactual", i, i + 1)
            elif word.endswith("'s") and nxt in _ARTIFACTS and self.person_name(word[:-2]):
                if (
                    self.at(i + 2) in lx.DAMAGE
                    or (self.at(i + 2), self.at(i + 3)) in lx.DAMAGE_PHRASES
                ):
                    self.hit("person-caused", i, i + 2)
            elif word in BAD and (nxt in lx.ROLES or nxt in lx.GROUPS) and not self.negated(i, 3):
                self.hit("character", i, i + 1)
            elif word == "whose" and nxt == "fault" and not self.negated(i, 3):
                self.hit("blame", i, i + 1)
            elif word == "without" and nxt in lx.UNAWARE:
                if any(p < i and self.at_clause_start(p) for p in strong_people) or (
                    i == 0 and "," in low and self.is_strong_person(low.index(",") + 1)
                ):
                    self.hit("counterfactual", i, i + 1)
            elif word in ("caused", "triggered", "started") and nxt == "by":
                j = self.head(i + 2, _BY_WHOM)
                if self.strong_individual(j):
                    self.hit("person-caused", i, j)
            self.folk_and_punishment(i, word, nxt, strong_people)
        self.exhortation()

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
        elif word in lx.PUNISHED and not self.negated(i, 4) and self.at(i + 1) not in lx.ROLES:
            near = [p for p in people if abs(p - i) <= 6]
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
            if owner in lx.POSSESSIVES or self.possessive_of_person(owner):
                self.hit("counterfactual", i - 1, i + 1)
        elif word in ("failure", "failures") and nxt in ("of", "by"):
            found = self.person(self.head(i + 2, _DETERMINERS | {"two", "other"}))
            if found and self.strong(found[0]) and "to" in self.low[found[1] + 1 : found[1] + 6]:
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
        elif word == "by" and not self.negated(i):
            found = self.person(self.head(i + 1, _BY_WHOM))
            if found is None or not self.strong(found[0]):
                return
            last = found[1]
            verb = self.at(last + 1)
            if verb in lx.DAMAGE or (verb, self.at(last + 2)) in lx.DAMAGE_PHRASES:
                self.hit("person-caused", i, last + 1)
            elif self.at(i - 1) in lx.DAMAGE and self.at(i - 2) in ("was", "were", "been"):
                self.hit("person-caused", i - 1, last)  # "the table was dropped by an engineer"
            elif (
                self.at(i - 1).endswith("ed")
                and self.at(i - 1) not in lx.WRONG
                and any(w in lx.WRONG for w in self.low[max(0, i - 5) : i - 1])
            ):
                self.hit("person-caused", i, last)  # "an incorrect command entered by"
        elif word == "longer" and self.at(i - 1) == "no" and nxt in ("with", "works", "employed"):
            self.hit("punishment", i - 1, i + 1)

    def done_by(self, i: int) -> bool:
        """Whether the action a blame adverb at ``i`` qualifies was done "by" a person:
        "was accidentally shut down by a worker"."""
        for j in range(i + 1, min(i + 5, len(self.w))):
            if self.low[j] == "by":
                found = self.person(self.head(j + 1, _BY_WHOM))
                return found is not None and found[0] in ("third", "role", "name")
        return False

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
            return not self.negated(i, 4) and self.faulted(i)
        if word.endswith("'s") and nxt in ("fault", "mistake", "error", "blunder"):
            return True
        return (
            word in lx.POSSESSIVES
            and nxt in ("fault", "screw-up", "screwup")
            and not (self.negated(i, 2))
        )

    def faulted(self, i: int) -> bool:
        """Whether "at fault" at ``i`` is said of a person: the one just before it ("the
        co-pilot at fault", "the engineer was at fault"), not a thing ("it was the
        training at fault and not the pilot")."""
        j = i - 1 - (self.at(i - 1) in ("is", "was", "were", "are", "be", "been"))
        return any(
            found is not None and found[1] == j and self.strong(found[0])
            for found in (self.person(p) for p in range(max(0, j - 3), j + 1))
        )

    def blamed_one(self, i: int) -> bool:
        """Whether "to blame" at ``i`` lays blame on someone ("the engineer was to blame"),
        not on a thing ("the system they used was to blame") nor speaks of blaming ("too
        ready to blame others")."""
        if self.low[i] != "blame":
            return True
        if self.at(i + 1) not in ("", ",", ";", ":", "for", "here", "in", "and"):
            return False
        return not any(self.at(j) in _SYSTEM_NOUNS for j in range(max(0, i - 6), i))

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
        if self.person(i - 1) is None and self.possessive_of_person(before):
            self.hit("blame", i - 1, i)
            return
        by = self.skip(i + 1, _PASSIVE)
        if self.at(by) in ("by", "of") and (by == i + 1 or self.at(by) == "by"):
            # "a mistake by a single sysadmin", "errors committed by pharmacy technicians"
            for j in range(by + 1, min(by + 6, len(self.w))):
                if self.is_strong_person(j):
                    self.hit("human-error", i, j)
                    return

    def causal(self, i: int) -> bool:
        """Whether the sentence gives the error at ``i`` as the explanation of an event
        ("caused by human error", "this was"), not speaking of the idea ("human error is
        never the cause") or of what the error comes from ("is a result of design"). A
        sentence that is no more than the error ("Human error.") gives it as the answer."""
        if len(self.w) <= 4 or self.at(i - 2) in ("is", "are", "was", "were") or self.named_cause():
            return True  # "Human error.", "its failures are human failures"
        for j, word in enumerate(self.low):
            if j > i and (word in _EFFECT or (word == "caused" and self.at(j + 1) == "by")):
                return False
            if word in lx.CAUSAL and not self.negated(j, 3) and (j > i or i - j <= 3):
                return True
            if word in ("was", "were") and self.at(j - 1) in ("this", "it", "that", "which"):
                return not self.negated(j + 2, 2)
        return False

    def named_cause(self) -> bool:
        """Whether the sentence names its cause with a copula: "the cause was not a lack
        of electricity, but employee error"."""
        return any(
            self.low[j] in ("cause", "reason") and self.at(j + 1) in ("was", "is")
            for j in range(len(self.w))
        )

    def root_cause(self, i: int) -> None:
        if "root causes" in self.lower or "root-causes" in self.lower:
            return
        after = self.at(i + 1 + (self.low[i] == "root"))
        single = self.at(i - 1) in ("the", "one", "single") or (
            self.at(i - 1) == "a" and after in ("was", "of")
        )
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
        if "more" not in self.low:
            return
        for i in range(1, len(self.w) - 2):
            # "we need to be more careful", "everyone will be more vigilant"
            if (
                self.low[i : i + 2] == ["be", "more"]
                and self.at(i + 2) in _VIGILANT
                and self.at(i - 1) in _RESOLVE
                and not self.negated(i, 3)
            ):
                self.hit("exhortation", i, i + 2)
                return


_PASSIVE = lx.words("had has have been was were made committed caused")
"""What may stand between an error and "by" ("the errors had been committed by")."""
_CLEFT_ENDS = frozenset({"", ",", "who", "that"})
_BETTER = lx.words("better appropriate wiser prudent safer preferable")
_LEGAL = lx.words("prove proving proved establish establishing alleged allege alleging")
"""Words before a character noun that make it a legal question ("proving negligence")."""
_DETERMINERS = lx.words("the a an our that this one of")
"""What may stand before a person: "the", "one of the", "that"."""
_BY_WHOM = lx.words("the a an our one of single tech support")
"""What may stand before the person in "caused by a single tech support engineer"."""
_EFFECT = lx.words("result resulting due owing traced attributable stems comes arises")
_JUDGED_ACTS = lx.words(
    """improper inadequate poor delayed excessive premature incorrect inappropriate wrong
    careless failure decision misjudgment misjudgement"""
)
"""What, owned by a person, judges their action ("the pilot's improper landing flare")."""
_ARTIFACTS = lx.words("change changes commit commits deploy code pr script config patch")
_SYSTEM_NOUNS = (
    lx.words(
        """system systems process processes software tool tools design config configuration
        bug code computer machine policy procedure training alert check cable switch
        update release"""
    )
    | _ARTIFACTS
)
_VIGILANT = lx.words("careful vigilant attentive diligent cautious thorough")
_RESOLVE = lx.words("to must should will shall need")
_CAUGHT = lx.words("caught prevented avoided noticed spotted stopped detected")
_ANYWHERE = (
    ON_THEIR_OWN
    | BAD
    | lx.BLAME_ADVERBS
    | lx.ERROR_NOUNS
    | lx.POSSESSIVES
    | lx.PUNISHED
    | lx.words(
        """at of in how should could if had instead rather without caused triggered started
        failure failures neither no by forgot neglected would guilty lost it who faulted
        criticised criticized"""
    )
)
"""The words :meth:`Anywhere.anywhere` looks at; it passes over the others."""
_DISCUSSING = lx.words(
    "the of for about from than against realized realised stop avoid without by on in"
)
"""Words before "blame" or "blaming" that make it the subject of discussion."""
_HINDSIGHT_PAIRS = frozenset({("of", "course"), ("in", "hindsight"), ("in", "retrospect")})
