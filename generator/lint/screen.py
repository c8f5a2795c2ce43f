"""Which sentences the blame reader need not read: most hold no word that any of its
checks looks for, and a cheap test of their set of words tells; and a sentence about
blamelessness itself, or about the words to avoid, is not blame.
"""

from __future__ import annotations

import re

from . import lexicon as lx

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
    r"|\b(?:i|we) (?:don't|do not) agree|\b(?:i|we) disagree"
    r"|rather than (?:the )?(?:process|system|organi[sz]ation)|rather than explain"
    r"|(?:is|that's|that is) a system(?: design)? (?:issue|problem|failure)"
    r"|blame (?:must|should|has to|is to) be (?:assigned|apportioned|laid)"
    r"|point(?:ing)? out (?:the )?(?:person|people|individual|culprit)"
)
"""A sentence about blamelessness itself, or about the words to avoid."""

BAD = lx.words("bad poor terrible stupid dumb useless clueless junior-level rogue")
"""Adjectives that judge the person they come before ("bad developers")."""

ON_THEIR_OWN = (
    lx.CHARACTER
    | lx.HUMAN_ONLY
    | {p[0] for p in lx.CHARACTER_PHRASES}
    | lx.words(
        """obvious obviously course hindsight retrospect clearly blame blamed blaming fault
        faults culprit culprits root root-cause why complacency complacent inattention
        inattentive situational paying lack disciplinary discipline action accountable
        longer warning warnings whose fired terminated dismissed suspended reprimanded
        disciplined retrained sacked demoted forgot neglected faulted criticised criticized
        miss"""
    )
)
"""Words that can be blame without a person in the sentence."""

_WITH_A_PERSON = (
    BAD
    | lx.OMISSIONS
    | lx.DAMAGE
    | lx.BLAME_ADVERBS
    | lx.WRONG
    | lx.DECIDE
    | lx.CONDUCT_PREDICATES
    | {p[0] for p in lx.DAMAGE_PHRASES}
    | lx.words(
        """not never didn't hadn't hasn't haven't doesn't wasn't weren't failed supposed
        have shouldn't couldn't wouldn't instead rather had if only without failure failures
        neither adequately properly made makes caused triggered blames was were would worse
        left managed ended did got responsible"""
    )
    | lx.CONDUCT_STATES
    | {p[0] for p in lx.CONDUCT_PHRASES}
)
"""Words that are blame only when said of a person."""

_SOMEONE = lx.ROLES | lx.GROUPS | lx.THIRD_PERSON | lx.FIRST_NAMES | {"i"}
"""Words for a person other than the writers' own "we"."""

_OPENINGS = tuple(" ".join(opening) for opening in lx.IMPERATIVES) + tuple(
    "please " + " ".join(opening) for opening in lx.IMPERATIVES
)
"""How an exhortation starts."""


def worth_reading(lower: str, names: frozenset[str]) -> bool:
    """Whether a sentence holds what some check needs: a word that is blame on its own,
    an error noun with someone's name, role or possessive ("his error") or a word like
    "human" ("human error", "a human-error slip"), a person and a word said of them, or
    an exhortation's opening. Most sentences hold none, and set tests tell."""
    words = set(_WORDS.findall(lower))
    if not ON_THEIR_OWN.isdisjoint(words) or lower.lstrip(" ?!.,;:*-").startswith(_OPENINGS):
        return True
    if " be more " in lower:
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


_WITH_ANYONE = lx.OMISSIONS | lx.words(
    "failed should could would ought might must shouldn't couldn't wouldn't"
)
"""Words that are blame said of anyone, "we" included ("we should have")."""

_REVIEW = lx.words("review reviewer reviewers careful")
"""What "could have caught" may be said of besides a person."""


def about_blamelessness(lower: str) -> bool:
    """Whether the (lower-case) sentence is about blamelessness or the words to avoid."""
    return _META.search(lower) is not None
