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

import datetime as dt
import heapq
import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5
NUM_PERM = 128
SCHEME = "affine32"
WINDOW_DAYS = 30  # wire copies of a story appear within days; a month of slack, not months
_WORD = re.compile(r"\w+")


class NearDuplicateIndex:
    """An in-memory LSH index of article signatures; ``find`` before ``add``.

    With ``window_days`` the index keeps only articles published within that many days of the
    newest one it has seen, so its memory follows the rate of the feed, not the size of the
    archive (about 4 KB per article kept).  Articles without a date are always kept.
    ``window_days=None`` keeps everything.
    """

    def __init__(self, threshold: float = 0.8, window_days: int | None = WINDOW_DAYS) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._by_age: list[tuple[int, str]] = []  # heap of (day ordinal, id): oldest first
        self._newest = 0

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

    def add(self, article_id: str, sig: MinHash, date: str | None = None) -> None:
        """Index an article published on ``date`` (ISO; None: unknown); adding the same id again
        is a no-op (re-runs are resumable).  Drops the articles that fall out of the window."""
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, sig)
        self._signatures[article_id] = sig
        day = _ordinal(date)
        if self.window_days is None or day is None:
            return
        heapq.heappush(self._by_age, (day, article_id))
        self._newest = max(self._newest, day)
        while self._by_age and self._by_age[0][0] < self._newest - self.window_days:
            _, old = heapq.heappop(self._by_age)
            self._lsh.remove(old)
            del self._signatures[old]

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


def _ordinal(date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal() if date else None
    except ValueError:
        return None
