"""How far do two careful readers agree on what blames? The ceiling a lint can be
measured against.

    python benchmarks/lint_agreement.py

tests/lint_corpus/second_reader.yaml holds a second reader's labels for 200 sentences
of the development part, given blind (the sentence, its page's title and the labelling
rule of dev.yaml's header; never the corpus's labels). Taking the corpus's labels as the
truth, the second reader is scored like the lint: precision, recall, agreement and
Cohen's kappa, on all 200 and on those the reader was sure of; the lint's own figures on
the same sentences are printed beside them. Nothing here reads the held-out part.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from statuspress.lint.reader import read
from statuspress.lint.text import prose_lines, sentences

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "lint_corpus"
NAMES = frozenset({"priya", "raman", "tomás", "ortega"})
"""The authors' names the corpus figures are measured with (as lint_classifier.py)."""


def scored(pairs: list[tuple[bool, bool]]) -> str:
    """Figures of (truth, said) pairs: precision, recall, agreement, Cohen's kappa."""
    n = len(pairs)
    hits = sum(t and s for t, s in pairs)
    said = sum(s for _, s in pairs)
    true = sum(t for t, _ in pairs)
    agree = sum(t == s for t, s in pairs) / n
    chance = (true * said + (n - true) * (n - said)) / n / n
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
    precision = hits / said if said else 1.0
    recall = hits / true if true else 1.0
    return (
        f"{n:3d} sentences ({true} blameful): precision {precision:.2f}, recall "
        f"{recall:.2f}, agreement {agree:.2f}, kappa {kappa:.2f}"
    )


def flagged(text: str) -> bool:
    return any(read(s, NAMES) for _, s in sentences(prose_lines(text)))


def main() -> None:
    truth = {
        c["text"]: c["label"] == "blameful"
        for c in yaml.safe_load((CORPUS / "dev.yaml").read_text("utf-8"))
    }
    second = yaml.safe_load((CORPUS / "second_reader.yaml").read_text("utf-8"))
    missing = [c["text"] for c in second if c["text"] not in truth]
    if missing:
        raise SystemExit(f"{len(missing)} sentences are no longer in dev.yaml: {missing[0]!r}")
    sure = [c for c in second if c["sure"]]
    for name, cases in (("all", second), ("sure", sure)):
        reader = [(truth[c["text"]], c["label"] == "blameful") for c in cases]
        lint = [(truth[c["text"]], flagged(c["text"])) for c in cases]
        print(f"second reader, {name:4s}: {scored(reader)}")
        print(f"the lint,      {name:4s}: {scored(lint)}")


if __name__ == "__main__":
    main()
