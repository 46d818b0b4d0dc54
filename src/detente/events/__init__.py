"""The event coder: CAMEO/PLOVER events with their evidence, from parsed sentences.

``extract.py`` holds the dependency patterns, ``modality.py`` negation/modality, ``transform.py``
CAMEO's intent/appeal/demand/reject families, ``dates.py`` event dates; the trigger lexicon and the
CAMEO tables are data files in ``data/`` read by ``lexicon.py`` and ``cameo.py``.
"""

from detente.events.extract import extract_events, sentences_to_parse

__all__ = ["extract_events", "sentences_to_parse"]
