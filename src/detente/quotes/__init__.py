"""Quotes for détente: direct, mixed and indirect speech with resolved speakers.

    >>> from detente import quotes
    >>> wanted = quotes.sentences_to_parse(analysis)      # cheap, tokens only
    >>> analysis.parse_sentences(wanted)
    >>> quotes.extract_quotes(analysis, mentions)          # list[Quote]

Rules and their names are documented in docs/quotes.md; the speech-cue lexicon is data
(``quotes/data/cues.yaml``).
"""

from detente.quotes.extract import extract_quotes, sentences_to_parse

__all__ = ["extract_quotes", "sentences_to_parse"]
