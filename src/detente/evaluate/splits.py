"""Development / validation splits, fixed before any tuning.

Rules are tuned by reading errors on the *development* part only; the *validation* part is looked
at as a number, never as examples, so that it keeps measuring what the coder does on unseen text.

* PolNeAR has its own split: its ``train`` compartment is our development part and its ``dev``
  compartment our validation part (its ``test`` compartment is not distributed here).
* ConfliBERT and our own JSON Lines gold files have none, so an item belongs to the validation
  part when the seeded hash of its normalised text falls in the lowest 25 %.  A hash, not a shuffle:
  the assignment does not depend on file order or on the other items, and the same sentence lands in
  the same part in both ConfliBERT files.
* The two seed articles are a worked example the coder is built on: every split holds them.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal

Split = Literal["dev", "validation", "all"]
SPLITS: tuple[Split, ...] = ("dev", "validation", "all")
SEED = 13
VALIDATION_SHARE = 0.25
_NON_ALNUM = re.compile(r"[\W_]+")


def split_key(text: str) -> str:
    """What the hash sees: lower-cased letters and digits only, so tokenisation does not matter."""
    return _NON_ALNUM.sub("", text.lower())


def hashed_part(text: str, seed: int = SEED, share: float = VALIDATION_SHARE) -> Split:
    """``"validation"`` for about ``share`` of all texts, chosen by a seeded hash; else ``"dev"``."""
    digest = hashlib.sha1(f"{seed}:{split_key(text)}".encode()).digest()
    return "validation" if int.from_bytes(digest[:8], "big") / 2**64 < share else "dev"


def wanted(part: str | None, split: Split) -> bool:
    """Whether an item of ``part`` (None: belongs to every split) is in the requested split."""
    return split == "all" or part is None or part == split
