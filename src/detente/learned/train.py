"""Build the shipped models from the development parts of ConfliBERT's two files.

    python -m detente.learned.train      # writes src/detente/learned/data/quad.json and spans.json
    detente train                        # the same, once the command is registered

Only the development parts are read (``load(..., "dev")``): the validation parts keep measuring
text the models have never seen.  scikit-learn fits the model (it is in the ``eval``
extra); the result is exported as plain numbers (:class:`~detente.learned.linear.LinearModel`) and
re-scored without scikit-learn to check that the shipped file predicts what was trained.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from detente.learned.features import BLOCKS, Candidate, candidates, features
from detente.learned.linear import Block, LinearModel

MODEL_PATH = Path(__file__).parent / "data" / "quad.json"
SPANS_PATH = Path(__file__).parent / "data" / "spans.json"
C = 30.0  # inverse L2 strength, chosen by 5-fold cross-validation on the development part
C_SPANS = 10.0  # the same for the span model (3 and 30 score lower)
MIN_DF_SPANS = 3  # span features seen in fewer development candidates are dropped (out-of-fold exact F1
# of source + target 0.716 against 0.712 keeping them all, higher at every C from 3 to 20)
CLASSES = [0, 1, 2, 3, 4]
SURE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
TARGET_GRID = (0.1, 0.15, 0.2, 0.25, 0.3)  # span decoding: least probability of a target,
MORE_GRID = (0.5, 0.6, 0.7)  # of a second span of a role,
BOTH = 0.3  # of the class "both" for one span as source and target


def _identity(feats: list[str]) -> list[str]:
    return feats


class Fitted:
    """scikit-learn's TF-IDF vectorizers (one per feature block) and logistic regression."""

    def __init__(self, rows: list[dict[str, list[str]]], y: np.ndarray, c: float, min_df: int = 1):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.names = list(rows[0])
        self.vecs = [TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=min_df) for _ in self.names]
        for v, b in zip(self.vecs, self.names):
            v.fit([r[b] for r in rows])
        self.clf = LogisticRegression(C=c, max_iter=5000).fit(self.transform(rows), y)

    def transform(self, rows: list[dict[str, list[str]]]):
        from scipy.sparse import hstack

        return hstack([v.transform([r[b] for r in rows]) for v, b in zip(self.vecs, self.names)]).tocsr()

    def proba(self, rows: list[dict[str, list[str]]], classes: list[int]) -> np.ndarray:
        """Probabilities with a column for every class (a fold may lack one)."""
        out = np.zeros((len(rows), len(classes)))
        out[:, [classes.index(int(k)) for k in self.clf.classes_]] = self.clf.predict_proba(self.transform(rows))
        return out

    def export(self, meta: dict, rows: list[dict[str, list[str]]]) -> tuple[LinearModel, float]:
        """The model as the JSON file holds it, checked against scikit-learn on ``rows``."""
        blocks = [Block(b, {f: int(i) for f, i in v.vocabulary_.items()}, v.idf_) for v, b in zip(self.vecs, self.names)]
        model = LinearModel([int(k) for k in self.clf.classes_], blocks, self.clf.coef_, self.clf.intercept_, meta)
        shipped = LinearModel.from_json(model.to_json())
        ref, ours = self.clf.predict_proba(self.transform(rows)), shipped.proba(rows)
        gap = float(np.abs(ref - ours).max())
        if gap > 1e-3 or (ref.argmax(1) != ours.argmax(1)).any():
            raise RuntimeError(f"exported model disagrees with scikit-learn (max probability gap {gap:.2g})")
        return shipped, gap


def _out_of_fold(rows: list[dict[str, list[str]]], y: np.ndarray, c: float, classes: list[int],
                 folds, min_df: int = 1) -> np.ndarray:
    """Probabilities for each development item from a model that did not see it (``folds``: the
    splitter's (fit, held-out) index pairs): what combinations are tuned on, and the honest score."""
    out = np.zeros((len(rows), len(classes)))
    for fit_idx, held in folds:
        fitted = Fitted([rows[i] for i in fit_idx], y[fit_idx], c, min_df)
        out[held] = fitted.proba([rows[i] for i in held], classes)
    return out


def _dev_parts(docs, oof: list[tuple[int, float]]) -> tuple[list[int | None], list[tuple[int, float] | None]]:
    """The rules' class of each development sentence (coded by the coder) and the out-of-fold model
    prediction where the coder parses the sentence (elsewhere it stores none): what the combined
    class is made of."""
    from detente.coder import code_many
    from detente.evaluate.metrics import rules_quad

    records = list(code_many(d.article for d in docs))
    rules = [rules_quad(r) for r in records]
    model = [m if any(s.parsed for s in r.sentences) else None for r, m in zip(records, oof)]
    return rules, model


def _choose_threshold(y: np.ndarray, rules: list[int | None], model: list[tuple[int, float] | None]
                      ) -> tuple[float, dict[str, float]]:
    """The model probability below which the rules' event decides, best on the development part;
    with the development macro-F1 of each part alone and combined (out-of-fold)."""
    from detente.learned import combine

    def f1(pred: list[int | None]) -> float:
        from sklearn.metrics import f1_score

        return round(float(f1_score(y, [0 if p is None else p for p in pred], labels=CLASSES, average="macro")), 4)

    scores = {sure: f1([combine(r, m, sure) for r, m in zip(rules, model)]) for sure in SURE_GRID}
    best = max(SURE_GRID, key=lambda s: (scores[s], -s))
    return best, {"macro-F1 (rules only)": f1(rules), "macro-F1 (model only)": f1([m[0] if m else None for m in model]),
                  "macro-F1": scores[best]}


def train_quad(out: Path | None = MODEL_PATH, *, c: float = C, folds: int = 5, seed: int = 0) -> LinearModel:
    """Fit on the development part, cross-validate, choose how to combine with the rules, export,
    verify the export, write ``out``."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from detente.evaluate.readers import load
    from detente.nlp import load_nlp

    docs = load("conflibert-quad", "dev").docs
    rows = [features(d) for d in load_nlp().pipe(d.article.text for d in docs)]
    y = np.array([d.quad for d in docs])
    proba = _out_of_fold(rows, y, c, CLASSES, StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, y))
    oof = [(int(p.argmax()), float(p.max())) for p in proba]
    cv = float(f1_score(y, [k for k, _ in oof], labels=CLASSES, average="macro"))
    sure, dev_cv = _choose_threshold(y, *_dev_parts(docs, oof))
    meta = {"task": "ConfliBERT 5-class sentence quad class", "trained_on": "conflibert-quad dev part",
            "sentences": len(rows), "C": c, "cv_folds": folds, "cv_macro_f1": round(cv, 4),
            "model_sure": sure, "dev_out_of_fold": dev_cv, "features": list(BLOCKS)}
    model, _ = Fitted(rows, y, c).export(meta, rows)
    if out is not None:
        model.save(out)
    return model


# --- argument spans ---------------------------------------------------------------------------------

def _span_rows(docs, sents) -> tuple[list[list[Candidate]], list[dict[str, list[str]]], np.ndarray, np.ndarray]:
    """Candidates per sentence, their feature rows, labels (1 source, 2 target, 3 both, 0 neither:
    an exact gold span) and the sentence each belongs to (folds never split a sentence)."""
    cands = [candidates(s) for s in sents]
    rows, y, groups = [], [], []
    for i, (doc, cs) in enumerate(zip(docs, cands)):
        gold = {role: {(g.start, g.end) for g in doc.actor_spans[role]} for role in ("source", "target")}
        for cand in cs:
            rows.append({"span": cand.features})
            y.append(((cand.start, cand.end) in gold["source"]) + 2 * ((cand.start, cand.end) in gold["target"]))
            groups.append(i)
    return cands, rows, np.array(y), np.array(groups)


def _span_dev_parts(docs) -> tuple[list, list[bool]]:
    """The rules' spans of each development sentence (coded by the coder) and whether the coder
    parses it (elsewhere it runs no model): what the combined spans are made of."""
    from detente.coder import code_many
    from detente.evaluate.metrics import _model_sentence, rules_spans

    records = list(code_many(d.article for d in docs))
    return ([rules_spans(r, d.article.text) for r, d in zip(records, docs)],
            [_model_sentence(r) is not None for r in records])


def _span_dev_scores(docs, cands: list[list[Candidate]], proba: np.ndarray, decode: dict[str, float],
                     parts: tuple[list, list[bool]]) -> dict[str, float]:
    """Development F1 of the rules, the out-of-fold model and their combination, as the evaluation
    reports them (the model only where the coder parses the sentence), and of the model on every
    sentence (ConfliBERT's set-up)."""
    from detente.evaluate.metrics import _span_scores, combine_spans, roles_of
    from detente.learned import decode_spans

    rules, parsed = parts
    everywhere = []
    at = 0
    for doc, cs in zip(docs, cands):
        everywhere.append(roles_of(decode_spans(cs, proba[at:at + len(cs)], decode), doc.article.text))
        at += len(cs)
    model = [m if ok else None for m, ok in zip(everywhere, parsed)]
    out = {s.field: round(s.f1, 4) for s in _span_scores(docs, [combine_spans(r, m) for r, m in zip(rules, model)])}
    for part, preds in (("rules only", rules), ("model only", [m or {"source": [], "target": []} for m in model]),
                        ("model on every sentence", everywhere)):
        out.update({f"{s.field} F1 ({part})": round(s.f1, 4) for s in _span_scores(docs, preds)})
    return out


def train_spans(out: Path | None = SPANS_PATH, *, c: float = C_SPANS, min_df: int = MIN_DF_SPANS,
                folds: int = 5) -> LinearModel:
    """The source/target span model, on the development part of ConfliBERT's actor file; the decoding
    thresholds (:func:`detente.learned.decode_spans`) are those with the best combined exact F1 of
    source and target on the out-of-fold probabilities."""
    from sklearn.model_selection import GroupKFold

    from detente.evaluate.readers import load
    from detente.nlp import load_nlp

    docs = load("conflibert-actors", "dev").docs
    cands, rows, y, groups = _span_rows(docs, load_nlp().pipe(d.article.text for d in docs))
    proba = _out_of_fold(rows, y, c, [0, 1, 2, 3], GroupKFold(folds).split(rows, y, groups), min_df)
    parts = _span_dev_parts(docs)
    grid = [{"target": t, "more": m, "both": BOTH} for t in TARGET_GRID for m in MORE_GRID]
    scores = [_span_dev_scores(docs, cands, proba, d, parts) for d in grid]
    best = max(range(len(grid)), key=lambda k: (scores[k]["source+target actor (exact)"], -k))
    meta = {"task": "ConfliBERT source/target argument spans", "trained_on": "conflibert-actors dev part",
            "sentences": len(docs), "candidates": len(rows), "C": c, "min_df": min_df, "cv_folds": folds,
            "decode": grid[best], "dev_out_of_fold": scores[best]}
    model, _ = Fitted(rows, y, c, min_df).export(meta, rows)
    if out is not None:
        model.save(out)
    return model


if __name__ == "__main__":
    from detente.cli.evaluate import train_cmd

    train_cmd()
