#!/usr/bin/env python3
"""Recall of the cheap trigger filter on ConfliBERT's quad-class sentences.

The coder parses only sentences that contain a surface form of a trigger lemma, found on plain
tokens.  Events the filter misses are lost for good, so this measures, per ConfliBERT label
(0 statement/appeal, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict),
the share of sentences holding at least one surface form, and lists the most frequent words of
the missed event sentences — the place to look for lemmas to add.

    python scripts/trigger_coverage.py [--misses 40]
"""

from __future__ import annotations

import argparse
import collections
import sys

import spacy

from detente.config import shared_dir
from detente.events.lexicon import load_lexicon


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", type=int, default=0, help="print this many missed sentences")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("shared/ not found: set DETENTE_SHARED", file=sys.stderr)
        return 2
    path = shared / "data/conflibert/quadclass_train.tsv"
    tokenizer = spacy.blank("en").tokenizer
    forms = load_lexicon().surface_forms
    hit, total, missed = collections.Counter(), collections.Counter(), []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text, _, label = line.rpartition("\t")
        if not label.strip().isdigit():
            print(f"{path.name}:{n}: no label, skipped", file=sys.stderr)
            continue
        found = any(t.lower_ in forms for t in tokenizer(text))
        total[label] += 1
        hit[label] += found
        if not found and label != "0":
            missed.append((label, text))
    for label in sorted(total):
        print(f"label {label}: {hit[label]}/{total[label]} = {hit[label] / total[label]:.1%}")
    events = [k for k in total if k != "0"]
    h, t = sum(hit[k] for k in events), sum(total[k] for k in events)
    print(f"labels 1-4: {h}/{t} = {h / t:.1%}")
    for label, text in missed[: args.misses]:
        print(f"  miss [{label}] {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
