"""A sentence as words, and who is in it.

The reader's grammar: where a person is named, pronounced or given a role, whether a
clause starts with them, and the negations, modals and reported speech around a word.
What is blame is not decided here but in :mod:`.reader`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import lexicon as lx

_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*|\d+|[,;:()]")


class Word(NamedTuple):
    """A word of a sentence: as written, in lower case, and where it is."""

    text: str
    low: str
    start: int
    end: int


class Sentence:
    """The words of one sentence (``w``, and ``low`` in lower case), and the lower-case
    ``names`` of the people the file names."""

    def __init__(self, sentence: str, lower: str, names: frozenset[str]) -> None:
        self.sentence = sentence
        self.lower = lower
        self.w = [
            Word(m.group(0), m.group(0).lower().replace("\u2019", "'"), m.start(), m.end())
            for m in _TOKEN.finditer(sentence)
        ]
        self.low = [word.low for word in self.w]
        self.names = names
        self.people: list[tuple[str, int] | None] | None = None

    def at(self, i: int) -> str:
        return self.low[i] if 0 <= i < len(self.low) else ""

    def negated(self, i: int, reach: int = 3) -> bool:
        """Whether a negation stands in the few words before word ``i``."""
        for j in range(max(0, i - reach), i):
            low = self.low[j]
            if low in lx.NEGATORS or low.endswith("n't"):
                return True
        return False

    def reported(self, i: int) -> bool:
        """Whether word ``i`` follows a reporting verb: another's words."""
        return any(
            low in lx.REPORTING and not self.possessed(j) for j, low in enumerate(self.low[:i])
        )

    def possessed(self, j: int) -> bool:
        """Whether word ``j`` is a noun owned by someone ("the nurse's use of")."""
        before = self.at(j - 1)
        return before.endswith("'s") or before in lx.POSSESSIVES

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
            if low == "i":
                return ("self", i) if self.w[i].text == "I" else None
            return "other", i
        if low in lx.ROLES or (
            "-" in low and any(part in lx.ROLES for part in low.split("-")) and low not in lx.WRONG
        ):
            if self.at(i + 1) in lx.ROLES:
                return None  # "team member", "on-call engineer": the head comes later
            end = i
            if i + 1 < len(self.w) and re.fullmatch(r"\d+|[A-Z]", self.w[i + 1].text):
                end = i + 1  # "engineer 2", "operator B"
            while end + 1 < len(self.w) and self.w[end + 1].text[:1].isupper() and end - i < 3:
                if self.at(end + 1) in lx.ROLES or self.w[end + 1].text.lower() == "the":
                    break
                end += 1  # "nurse RaDonda Vaught", "engineer William Rockefeller"
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
        named = self.named(i)
        if named is not None:
            return "name", named
        return None

    def named(self, i: int) -> int | None:
        """Where the name ends, when a capitalised word that is not a known first name is
        a person by its position: it is not the sentence's first word unless a family name
        follows, no article stands before it, and what follows it is something only people
        do ("Vaught ignored the warnings", "Brandon Bostian lost situational awareness")."""
        text = self.w[i].text
        if not (text[:1].isupper() and text[1:].islower() and text.isalpha()):
            return None
        after = i + 1
        while after < len(self.w) and self.w[after].text.istitle() and after - i < 3:
            after += 1  # a family name
        if (i == 0 and after == i + 1) or self.at(i - 1) in ("the", "a", "an"):
            return None
        if self.human_act(after) or (after > i + 1 and self.at(after) in lx.OMISSIONS):
            return after - 1  # "Vaught forgot", "Brandon Bostian ignored"
        return None

    def human_act(self, j: int) -> bool:
        """Whether what starts at word ``j`` is something only people do: forget,
        overlook, misjudge, fall asleep..."""
        j = self.skip(j, lx.ADVERBS)
        if self.at(j) in ("had", "has"):
            j = self.skip(j + 1, lx.ADVERBS)
        return self.at(j) in lx.HUMAN_ONLY
        return None

    def skip(self, j: int, words: frozenset[str]) -> int:
        """The index of the first word from ``j`` on that is not one of ``words``."""
        while self.at(j) in words:
            j += 1
        return j

    def skip_adverbs(self, j: int) -> int:
        """The index of the first word from ``j`` on that is not an adverb: one the
        lexicon knows, or one formed with -ly ("comprehensively failed")."""
        while self.at(j) in lx.ADVERBS or (
            self.ly_adverb(self.at(j)) and self.at(j) not in lx.BLAME_ADVERBS
        ):
            j += 1
        return j

    @staticmethod
    def ly_adverb(word: str) -> bool:
        return len(word) > 4 and word.endswith("ly") and word not in _LY_NOT_ADVERBS

    def head(self, j: int, determiners: frozenset[str]) -> int:
        """Where the person after word ``j`` is: past ``determiners`` and a word that
        only modifies a role ("the on-call engineer")."""
        j = self.skip(j, determiners)
        for ahead in (1, 2):
            if self.person(j) is None and self.at(j + ahead) in lx.ROLES:
                return j + ahead  # "an electric utility employee"
        return j

    def strong(self, kind: str) -> bool:
        """A person other than the writers' own "we" (or "they", which is as often a system)."""
        return kind in ("third", "role", "name", "group", "self")

    def is_strong_person(self, i: int) -> bool:
        found = self.person(i)
        return found is not None and self.strong(found[0])

    def strong_individual(self, i: int) -> bool:
        found = self.person(i)
        return found is not None and found[0] in ("third", "role", "name")

    def person_name(self, base: str) -> bool:
        return base in lx.ROLES or base in lx.GROUPS or base in lx.FIRST_NAMES or base in self.names

    def possessive_of_person(self, word: str) -> bool:
        """Whether ``word`` is a person's possessive: "the engineer's", "the admins'"."""
        if word.endswith("'s"):
            return self.person_name(word[:-2])
        return word.endswith("s'") and self.person_name(word[:-1])

    def at_clause_start(self, i: int) -> bool:
        """Whether the person at ``i`` starts a clause (so is likely its subject): only
        determiners, names' possessives and capitalised words stand between it and the
        start, a comma, a conjunction, or a short opening phrase ("At 11pm")."""
        j = i - 1
        if self.at(j) == "that" and (self.at(i) in lx.THIRD_PERSON or self.w[i].text[:1].isupper()):
            return True  # "found that somebody merged", "said that Dave ran"
        if self.at(j) in _ARTICLES and self.at(j - 1) == "that":
            return True  # "revealed that the signaller had opened"
        while j >= 0 and (
            self.low[j] in _BEFORE_SUBJECT
            or self.low[j].endswith("'s")
            or (j > 0 and self.w[j].text[:1].isupper())
        ):
            j -= 1
        if j < 0 or self.low[j] in _CLAUSE_OPENERS:
            return True
        return self.low[0] in _OPENING_PREPOSITIONS and j <= 3 and "," not in self.low[:j]

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


_BEFORE_SUBJECT = lx.words(
    """the a an our their that this one of tired today yesterday then later also again
    once finally eventually earlier"""
)
_CLAUSE_OPENERS = lx.words(", ; : and but because so then when why how since after while")
_ARTICLES = lx.words("the a an both")
_LY_NOT_ADVERBS = lx.words("apply reply supply rely comply imply multiply ally family early only")
_OPENING_PREPOSITIONS = lx.words("at in on during after before around by shortly")
