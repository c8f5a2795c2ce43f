"""What a reading of a sentence finds: the hits, each with the span of the words that
triggered it and a rewrite where one can be made; the base the reader's two parts share."""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .rewrite import Rewriter
from .sentence import Sentence


@dataclass(frozen=True)
class Hit:
    rule: str
    start: int
    """Where the words that triggered it start and end in the sentence."""
    end: int
    rewrite: str | None = None


class Reading(Sentence):
    """A sentence being read, and the hits found in it so far."""

    def __init__(self, sentence: str, lower: str, names: frozenset[str]) -> None:
        super().__init__(sentence, lower, names)
        self.hits: list[Hit] = []
        self.rewrite = Rewriter(sentence, self.w, self.low)

    def hit(self, rule: str, first: int, last: int, rewrite: str | None = None) -> None:
        last = min(last, len(self.w) - 1)
        self.hits.append(Hit(rule, self.w[first].start, self.w[last].end, rewrite))

    def clause_of(self, p: int, i: int) -> bool:
        """Whether word ``i`` is in the clause the person at ``p`` starts: no subordinate
        clause opens between them ("she did not see it because the CLI wrote it to a
        log rather than to the terminal" is the CLI's doing)."""
        return not any(self.low[j] in SUBORDINATE for j in range(p + 1, i))


SUBORDINATE = lx.words("; : because which who when while that")
"""Where the clause of a subject's verbs ends."""
