"""Do written training sentences (tests/lint_corpus/written.yaml) make the lexical model
of lint_classifier.py generalise to real writing? The experiment, on the development
data only.

    python benchmarks/lint_written.py              # real folds with and without the
                                                   # written sentences, and the curve
    python benchmarks/lint_written.py --rules      # the same for "lexical + rules"
    python benchmarks/lint_written.py --weight 0.3 # written sentences weigh 0.3 each
    python benchmarks/lint_written.py --subword    # and the sub-word features proposed
                                                   # here (stems, their lexicon classes,
                                                   # first and last three letters)

The real sentences, folds, features and "unseen" mask are lint_classifier.py's: five
folds stratified by label and grouped by source, three shuffles, figures are means over
the shuffles. The written sentences are only ever added to a training fold; every figure
is measured on real sentences of the test fold.

Two operating points:

- ``t=0.5``;
- ``t chosen``: the threshold is chosen inside the training data, by a second grouped
  cross-validation (four folds) over the real training sentences of the fold, each inner
  model trained with the same written sentences; the threshold is the one with the best
  recall at precision >= 0.90 on those inner out-of-fold probabilities (on all of them for
  the "all" column, on the unseen ones for the "unseen" column), and it is then applied
  to the test fold. ``oracle`` is lint_classifier.py's figure (the best recall at
  precision >= 0.90 with the threshold picked on the test folds themselves), for
  comparison with its earlier figures only.

Finally a model trained on the written sentences only is measured on every real
development sentence: the cleanest test of whether written data transfers.

Nothing here reads the held-out part (tests/lint_corpus/heldout.yaml).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml
from joblib import Parallel, delayed
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_classifier import (
    CLASSES,
    SEEDS,
    TESTS,
    Case,
    best_recall,
    development,
    features,
    mean_scores,
    scores,
)

WRITTEN = TESTS / "lint_corpus/written.yaml"
FLOOR = 0.90
SIZES = (0, 500, 1000, 2000, None)  # None: all written sentences
JOBS = 3  # one process per shuffle


# A proposed feature change: sub-word forms of the lexical features ----------------

_SUFFIXES = ("ingly", "edly", "ness", "ment", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A crude stem: one common suffix off, a doubled final consonant undone (skipped,
    skip), so that an inflection the training data lacks meets the one it has."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
                word = word[:-1]
            return word
    return word


STEM_CLASSES = {name: frozenset(stem(w) for w in members) for name, members in CLASSES.items()}


def subword(word: str) -> list[str]:
    """The stem, the stem's lexicon classes, and the word's first and last three letters
    (mis-, over-, -ful): the forms a word unseen in training may share with seen ones."""
    if not word.isalpha() or len(word) < 4:
        return []
    root = stem(word)
    found = ["s=" + root, "pre=" + word[:3], "suf=" + word[-3:]]
    found += ["sc=" + name for name, stems in STEM_CLASSES.items() if root in stems]
    return found


def features_subword(text: str, rules: bool) -> dict[str, float]:
    """lint_classifier.py's features, and the sub-word forms of its words, of its
    bigrams' words, and of the words after a person (their predicate)."""
    found = features(text, rules)
    extra: dict[str, float] = {}
    for key, value in found.items():
        if key.startswith("w="):
            for form in subword(key[2:]):
                extra[form] = 1.0
        elif key.startswith("b="):
            a, _, b = key[2:].partition(" ")
            for form in subword(b):
                extra[f"sb={a} {form}"] = 1.0
        elif key[:3] in ("PS>", "PO>") and key[3:].islower():
            for form in subword(key[3:]):
                extra[key[:3] + form] = extra.get(key[:3] + form, 0.0) + value
    found.update(extra)
    return found


def written(real: list[Case]) -> list[Case]:
    """The written sentences, less any that repeats a real one."""
    texts = {c.text for c in real}
    cases = []
    for c in yaml.safe_load(WRITTEN.read_text("utf-8")):
        if c["text"] not in texts:
            theme = (c.get("note") or "").removeprefix("theme: ")
            cases.append(Case(c["text"], c["label"] == "blameful", f"written-{theme}", False))
    return cases


def fit(rows: list[dict[str, float]], labels: np.ndarray, weights: np.ndarray):
    vectors = DictVectorizer()
    model = LogisticRegression(C=1.0, max_iter=5000)
    model.fit(vectors.fit_transform(rows), labels, sample_weight=weights)
    return lambda new: model.predict_proba(vectors.transform(new))[:, 1]


def threshold(truth: np.ndarray, probs: np.ndarray) -> float:
    """The threshold with the best recall at precision >= FLOOR (the highest tried if
    none reaches it)."""
    best: tuple[float, float] | None = None
    for t in np.arange(0.05, 0.99, 0.01):
        precision, recall = scores(truth, probs >= t)
        if precision >= FLOOR and (best is None or recall > best[0]):
            best = (recall, float(t))
    return 0.98 if best is None else best[1]


class Experiment:
    def __init__(
        self, real: list[Case], extra: list[Case], rules: bool, weight: float, sub: bool
    ) -> None:
        self.real, self.extra, self.weight = real, extra, weight
        self.truth = np.array([c.blame for c in real])
        self.groups = np.array([c.group for c in real])
        self.unseen = np.array([c.unseen for c in real])
        featurise = features_subword if sub else features
        self.rows = [featurise(c.text, rules=rules) for c in real]
        self.extra_rows = [featurise(c.text, rules=rules) for c in extra]
        self.extra_truth = np.array([c.blame for c in extra], dtype=bool)

    def train(self, idx: np.ndarray, chosen: np.ndarray):
        rows = [self.rows[i] for i in idx] + [self.extra_rows[i] for i in chosen]
        labels = np.concatenate([self.truth[idx], self.extra_truth[chosen]])
        weights = np.concatenate([np.ones(len(idx)), np.full(len(chosen), self.weight)])
        return fit(rows, labels, weights)

    def run(self, size: int | None) -> dict[str, object]:
        """Out-of-fold probabilities on the real sentences, and the 0/1 flags at the
        thresholds chosen inside each training fold (all, unseen), per shuffle."""
        n = len(self.extra) if size is None else min(size, len(self.extra))
        runs = Parallel(n_jobs=JOBS)(delayed(self.shuffle)(seed, n) for seed in SEEDS)
        return {
            "n": n,
            "probs": np.array([r[0] for r in runs]),
            "all": np.array([r[1] for r in runs]),
            "unseen": np.array([r[2] for r in runs]),
            "t": [t for r in runs for t in r[3]],
        }

    def shuffle(self, seed: int, n: int) -> tuple:
        """One shuffle of the folds: lint_classifier.py's split for this seed, and the
        same ``n`` written sentences drawn for every fold."""
        probs = np.zeros(len(self.real))
        flag_all = np.zeros(len(self.real), dtype=bool)
        flag_unseen = np.zeros(len(self.real), dtype=bool)
        chosen_t: list[tuple[float, float]] = []
        chosen = np.sort(np.random.RandomState(seed).choice(len(self.extra), n, replace=False))
        folds = StratifiedGroupKFold(5, shuffle=True, random_state=seed)
        for train, test in folds.split(self.rows, self.truth, self.groups):
            probs[test] = self.train(train, chosen)([self.rows[i] for i in test])
            inner = np.zeros(len(train))
            inner_folds = StratifiedGroupKFold(4, shuffle=True, random_state=seed)
            for a, b in inner_folds.split(train, self.truth[train], self.groups[train]):
                inner[b] = self.train(train[a], chosen)([self.rows[i] for i in train[b]])
            t_all = threshold(self.truth[train], inner)
            seen = self.unseen[train]
            t_unseen = threshold(self.truth[train][seen], inner[seen])
            chosen_t.append((t_all, t_unseen))
            flag_all[test] = probs[test] >= t_all
            flag_unseen[test] = probs[test] >= t_unseen
        return probs, flag_all, flag_unseen, chosen_t

    def report(self, name: str, result: dict) -> None:
        every = np.ones(len(self.real), dtype=bool)
        probs = result["probs"]
        half_a = mean_scores(self.truth, [p >= 0.5 for p in probs], every)
        half_u = mean_scores(self.truth, [p >= 0.5 for p in probs], self.unseen)
        ch_a = mean_scores(self.truth, list(result["all"]), every)
        ch_u = mean_scores(self.truth, list(result["unseen"]), self.unseen)
        ts = np.array(result["t"])
        auc_a = np.mean([roc_auc_score(self.truth, p) for p in probs])
        auc_u = np.mean([roc_auc_score(self.truth[self.unseen], p[self.unseen]) for p in probs])
        print(
            f"{name:24s} | {half_a[0]:.2f} / {half_a[1]:.2f} | {half_u[0]:.2f} / {half_u[1]:.2f} "
            f"| {ch_a[0]:.2f} / {ch_a[1]:.2f} (t {ts[:, 0].mean():.2f}) "
            f"| {ch_u[0]:.2f} / {ch_u[1]:.2f} (t {ts[:, 1].mean():.2f}) "
            f"| {best_recall(self.truth, probs, every, FLOOR)}, "
            f"{best_recall(self.truth, probs, self.unseen, FLOOR)} "
            f"| {auc_a:.3f}, {auc_u:.3f}"
        )


def written_only(exp: Experiment) -> None:
    """A model trained on every written sentence, measured on every real one. Its
    threshold is chosen inside the written data (five-fold stratified cross-validation;
    not grouped by theme, since most themes hold one label only), since no real sentence
    may choose it."""
    every = np.arange(len(exp.extra))
    predict = fit(exp.extra_rows, exp.extra_truth, np.ones(len(every)))
    probs = predict(exp.rows)
    inner = np.zeros(len(every))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(every, exp.extra_truth):
        inner_predict = fit([exp.extra_rows[i] for i in a], exp.extra_truth[a], np.ones(len(a)))
        inner[b] = inner_predict([exp.extra_rows[i] for i in b])
    t = threshold(exp.extra_truth, inner)
    cv_p, cv_r = scores(exp.extra_truth, inner >= 0.5)
    print(
        f"\nwritten only, trained on {len(every)} written sentences; within the written data "
        f"(5 stratified folds): P {cv_p:.2f} R {cv_r:.2f} at t=0.5, "
        f"AUC {roc_auc_score(exp.extra_truth, inner):.3f}; threshold chosen there: {t:.2f}"
    )
    print("tested on              | t=0.5: P / R | t chosen: P / R | oracle R at P>=0.90 | AUC")
    for label, mask in (("all real dev", np.ones(len(exp.real), bool)), ("unseen", exp.unseen)):
        truth, p = exp.truth[mask], probs[mask]
        a, c = scores(truth, p >= 0.5), scores(truth, p >= t)
        oracle = best_recall(truth, p[None, :], np.ones(len(truth), bool), FLOOR)
        print(
            f"{label:22s} | {a[0]:.2f} / {a[1]:.2f}  | {c[0]:.2f} / {c[1]:.2f}    "
            f"| {oracle} | {roc_auc_score(truth, p):.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", action="store_true", help="lexical + rules features")
    parser.add_argument("--weight", type=float, default=1.0, help="weight of a written sentence")
    parser.add_argument("--subword", action="store_true", help="and sub-word features")
    parser.add_argument("--no-curve", action="store_true")
    args = parser.parse_args()
    real = development()
    extra = written(real)
    themes = Counter((c.group.removeprefix("written-"), c.blame) for c in extra)
    print(
        f"{len(real)} real development sentences ({sum(c.blame for c in real)} blameful, "
        f"{sum(c.unseen for c in real)} unseen); {len(extra)} written "
        f"({sum(c.blame for c in extra)} blameful) in {len({t for t, _ in themes})} themes"
    )
    exp = Experiment(real, extra, args.rules, args.weight, args.subword)
    model = ("lexical + rules" if args.rules else "lexical") + (
        " + sub-word" if args.subword else ""
    )
    print(f"\n{model}, written weight {args.weight}; figures on real test folds only")
    print(
        "training data            | t=0.5 all: P / R | unseen: P / R | t chosen, all: P / R "
        "| unseen: P / R | oracle R at P>=0.90 all, unseen | AUC all, unseen"
    )
    sizes = (0, None) if args.no_curve else SIZES
    for size in sizes:
        result = exp.run(size)
        name = "real folds only" if result["n"] == 0 else f"real + {result['n']} written"
        exp.report(name, result)
    written_only(exp)


if __name__ == "__main__":
    main()
