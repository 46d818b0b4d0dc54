"""Near-duplicates: the same wire story filed twice with a few words changed.

Wire archives repeat themselves (corrections, updated leads, the same story on two services);
coding each copy would count one event several times in the relation curves.  Exact copies are
already caught by the content hash (``Article.id``); this index catches the near ones with
MinHash signatures over word 5-shingles and locality-sensitive hashing, so a lookup costs the same
for the millionth article as for the first.

The signature parameters (shingle size, ``num_perm``, hashing scheme, seed) are fixed because
signatures are persisted by the store: changing any of them makes stored signatures meaningless.
"""

from __future__ import annotations

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5
NUM_PERM = 128
SCHEME = "affine32"
_WORD = re.compile(r"\w+")


class NearDuplicateIndex:
    """An in-memory LSH index of article signatures; ``find`` before ``add``."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, text: str) -> MinHash:
        """MinHash of the lower-cased word 5-shingles (punctuation and spacing do not count)."""
        words = _WORD.findall(text.lower())
        shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
        sig = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
        sig.update_batch([s.encode("utf-8") for s in shingles])
        return LeanMinHash(sig)

    def find(self, sig: MinHash) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold: ``(id, estimated Jaccard)``.

        LSH candidates are re-scored on the full signatures, since LSH alone also lets through
        pairs somewhat below the threshold.
        """
        scored = ((key, self._signatures[key].jaccard(sig)) for key in self._lsh.query(sig))
        best = max(scored, key=lambda pair: pair[1], default=None)
        return best if best is not None and best[1] >= self.threshold else None

    def add(self, article_id: str, sig: MinHash) -> None:
        """Index an article; adding the same id again is a no-op (re-runs are resumable)."""
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, sig)
        self._signatures[article_id] = sig

    @staticmethod
    def to_bytes(sig: MinHash) -> bytes:
        """Portable (little-endian) bytes of a signature, for the store."""
        lean = sig if isinstance(sig, LeanMinHash) else LeanMinHash(sig)
        buf = bytearray(lean.bytesize(byteorder="<"))
        lean.serialize(buf, byteorder="<")
        return bytes(buf)

    @staticmethod
    def from_bytes(data: bytes) -> MinHash:
        return LeanMinHash.deserialize(data, byteorder="<")
