"""Actors: who is who, at the article's date.

    >>> from detente.actors import KnowledgeBase
    >>> KnowledgeBase.default().lookup("Sergey Lavrov", "2017-07-10")[1]
    'RUSGOV'

:mod:`~detente.actors.kb` holds the knowledge base (countries, organisations, media, people with
dated roles, sector nouns, the user's imported Phoenix dictionaries); :mod:`~detente.actors.mentions`
finds and resolves mentions in a text; :mod:`~detente.actors.phoenix` reads TABARI dictionaries.
"""

from detente.actors.kb import Entry, KnowledgeBase, Role, split_code, user_kb_path
from detente.actors.mentions import find_mentions
from detente.actors.phoenix import import_dictionary, read_dictionary

__all__ = ["Entry", "KnowledgeBase", "Role", "find_mentions", "import_dictionary", "read_dictionary",
           "split_code", "user_kb_path"]
