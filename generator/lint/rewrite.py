"""Rewrites of a blaming sentence with the system or the situation as the agent.

"Bob forgot to run the migration script" becomes "The migration script was not run,
and nothing in the process checked that it had been."; "the admin deleted the wrong
directory" becomes "The wrong directory was deleted; name the tool that did it, and
what let it." Where the object of the action cannot be found, there is no rewrite
(the finding asks its rule's question instead).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .sentence import Word


@dataclass(frozen=True)
class Rewriter:
    """Rewrites for one sentence and its words."""

    sentence: str
    w: list[Word]
    low: list[str]

    def clause(self, j: int) -> tuple[str, str]:
        """(the object, what follows it) of the clause from word ``j``: the object ends
        at a preposition, the clause at punctuation or a conjunction."""
        obj: list[Word] = []
        rest: list[Word] = []
        target = obj
        for word in self.w[j:]:
            if word.low in _CLAUSE_ENDS or word.low in (",", ";", ":", "(", ")"):
                break
            if target is obj and obj and word.low in _PREPOSITIONS:
                target = rest
            target.append(word)
        return self.text_of(obj), self.text_of(rest)

    def text_of(self, words: list[Word]) -> str:
        if not words:
            return ""
        return self.sentence[words[0].start : words[-1].end].rstrip(".!?")

    def passive_rewrite(self, j: int) -> str | None:
        """ "Bob forgot to run the migration script" -> "The migration script was not run,
        and nothing checked that it had been." """
        if j >= len(self.w) or not self.w[j].text.isalpha():
            return None
        verb = self.low[j]
        obj, rest = self.clause(j + 1)
        if not _nameable(obj):
            return None
        tail = f" {rest}" if rest else ""
        plural = obj.lower().split()[-1].endswith("s") and not obj.lower().endswith("ss")
        be = "were" if plural else "was"
        return (
            f"{_capital(obj)} {be} not {participle(verb)}{tail}, and nothing in the "
            f"process checked that {'they' if plural else 'it'} had been."
        )

    def unheeded_rewrite(self, j: int) -> str | None:
        obj, rest = self.clause(j)
        if not _nameable(obj):
            return None
        tail = f" {rest}" if rest else ""
        return f"{_capital(obj)}{tail} did not stand out; what made it easy to miss at the time?"

    def damage_rewrite(self, k: int) -> str | None:
        if k >= len(self.w):
            return None
        obj, rest = self.clause(k + 1)
        if not _nameable(obj):
            return None
        tail = f" {rest}" if rest else ""
        return (
            f"{_capital(obj)} {'was' if not obj.endswith('s') else 'were'} "
            f"{participle(self.low[k])}{tail}; name the tool that did it, and what let it."
        )

    def went_down_rewrite(self, j: int) -> str | None:
        obj, _ = self.clause(j)
        if not obj:
            return None
        return f"{_capital(obj)} went down; name the change and the tool that applied it."


_CLAUSE_ENDS = lx.words(
    "because since before after when while and but so which who although though until as"
)
_PREPOSITIONS = lx.words("to on in into from for at during with by onto across")

_IRREGULAR = {
    "run": "run", "ran": "run", "write": "written", "wrote": "written", "do": "done",
    "take": "taken", "took": "taken", "make": "made", "set": "set", "put": "put",
    "read": "read", "send": "sent", "give": "given", "go": "gone", "bring": "brought",
    "build": "built", "keep": "kept", "begin": "begun", "broke": "broken", "break": "broken",
    "overwrote": "overwritten", "misread": "misread", "shut": "shut", "cut": "cut",
    "stop": "stopped", "drop": "dropped", "ship": "shipped", "plan": "planned",
    "commit": "committed", "submit": "submitted", "skip": "skipped", "tag": "tagged",
    "log": "logged", "scan": "scanned", "flag": "flagged", "roll": "rolled",
    "rerun": "rerun", "tell": "told", "hold": "held", "leave": "left", "pay": "paid",
    "see": "seen", "know": "known", "understand": "understood", "catch": "caught",
    "hear": "heard", "find": "found", "think": "thought", "get": "got",
}  # fmt: skip


def participle(verb: str) -> str:
    """The past participle of an English verb, as far as a short table and the regular
    endings tell."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ed"):
        return verb
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _nameable(obj: str) -> bool:
    """Whether ``obj`` is a thing a rewrite can make its subject: not empty, not a
    pronoun ("forgot it was open"), not a preposition ("failed to comply with the
    signal")."""
    first = obj.split()[0].lower() if obj.split() else ""
    return bool(first) and first not in _UNNAMEABLE


_UNNAMEABLE = _PREPOSITIONS | lx.words("it its them this that these those he she they we")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
