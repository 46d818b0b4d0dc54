"""A multinomial linear classifier over TF-IDF feature blocks, stored as plain JSON, scored with NumPy.

The model is trained with scikit-learn (:mod:`detente.learned.train`) but shipped as its numbers —
vocabulary, IDF weights, coefficients, intercepts — so that the coder needs neither scikit-learn nor
a pickle (which would execute code on load and break across library versions).  Scoring reproduces
scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` (smoothed IDF, ``1 + ln(tf)``, L2 norm per
block) followed by ``LogisticRegression.predict_proba``; the training command checks that the two
agree on every training sentence before it writes the file.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "detente-linear-1"


@dataclass
class Block:
    """One TF-IDF block: feature string -> column (offset by the blocks before it), and its IDF."""

    name: str
    index: dict[str, int]
    idf: np.ndarray

    def row(self, feats: list[str], offset: int) -> tuple[list[int], list[float]]:
        """Columns and L2-normalised sublinear TF-IDF values of one bag of features."""
        counts = Counter(f for f in feats if f in self.index)
        cols = [self.index[f] for f in counts]
        vals = np.array([(1.0 + math.log(n)) * self.idf[self.index[f]] for f, n in counts.items()])
        norm = float(np.sqrt((vals**2).sum())) if len(vals) else 0.0
        return [offset + c for c in cols], list(vals / norm) if norm else []


@dataclass
class LinearModel:
    """Blocks of TF-IDF features and a softmax layer: ``predict_proba`` as scikit-learn computes it."""

    classes: list[int]
    blocks: list[Block]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    meta: dict[str, Any]

    def proba(self, rows: list[dict[str, list[str]]]) -> np.ndarray:
        """Class probabilities, one row per item; an item is ``{block name: feature strings}``."""
        out = np.empty((len(rows), len(self.classes)))
        for i, feats in enumerate(rows):
            cols: list[int] = []
            vals: list[float] = []
            offset = 0
            for b in self.blocks:
                c, v = b.row(feats.get(b.name, []), offset)
                cols += c
                vals += v
                offset += len(b.idf)
            logits = self.coef[:, cols] @ np.array(vals) + self.intercept if cols else self.intercept.copy()
            e = np.exp(logits - logits.max())
            out[i] = e / e.sum()
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "meta": self.meta,
            "classes": self.classes,
            "blocks": [{"name": b.name, "features": sorted(b.index, key=b.index.__getitem__),
                        "idf": [round(float(x), 6) for x in b.idf]} for b in self.blocks],
            "intercept": [round(float(x), 6) for x in self.intercept],
            "coef": [[round(float(x), 5) for x in row] for row in self.coef],
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinearModel:
        if d.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model (format {d.get('format')!r})")
        blocks = [Block(b["name"], {f: i for i, f in enumerate(b["features"])}, np.array(b["idf"]))
                  for b in d["blocks"]]
        return cls(list(d["classes"]), blocks, np.array(d["coef"]), np.array(d["intercept"]), d.get("meta", {}))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
