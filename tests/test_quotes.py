"""Quotes on real sentences: the TASS seeds, Reuters-21578 and news-style sentences of our own.

Each phenomenon the quote extractor claims is asserted once: quotation-mark conventions, quotes
over several sentences and paragraphs, frames before / after / across a colon or dash, partial
(mixed) quotes, indirect speech, continuation, and speakers resolved to actor mentions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from detente import quotes
from detente.nlp import Analysis
from detente.quotes.lexicon import CueLexiconError, load_cues
from detente.quotes.marks import find_quoted
from detente.record import ActorMention, Quote


def _quotes(text: str, mentions: list[ActorMention] | None = None) -> list[Quote]:
    analysis = Analysis.of(text)
    analysis.parse_sentences(quotes.sentences_to_parse(analysis))
    return quotes.extract_quotes(analysis, mentions or [])


def _one(found: list[Quote], starting: str) -> Quote:
    hits = [q for q in found if q.text.startswith(starting)]
    assert len(hits) == 1, f"{starting!r}: {[(q.text[:40], q.rule) for q in found]}"
    return hits[0]


def _seed_body(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw[raw.index("/TASS/.") + len("/TASS/."):].strip()


def test_quotation_marks_on_raw_text() -> None:
    text = ("In the 1990s, the Clintons’ foundation grew. 'Absolutely not,' the senator replied.\n"
            "He said: «We will not retreat» and ''We'll see.'' Critics called it “a ‘real’ mess.”\n"
            "\"First paragraph of a long quote.\n"
            "\"Second paragraph,\" he said.")
    found = [(text[q.start:q.end], q.single, q.closed, q.continues) for q in find_quoted(text)]
    assert found == [
        ("Absolutely not,", True, True, False),      # single quotes, apostrophes ignored
        ("We will not retreat", False, True, False),  # guillemets
        ("We'll see.", False, True, False),           # doubled apostrophes (NYT style)
        ("a ‘real’ mess.", False, True, False),       # nested quote stays inside its host
        ("First paragraph of a long quote.", False, False, True),  # re-opened by the next paragraph
        ("Second paragraph,", False, True, False),
    ]


def test_sentence_selection_is_token_only(nlp: Language) -> None:
    analysis = Analysis.of("Prices rose in March. “We expect more,” he said. Exports fell.\n\n"
                           "The minister told reporters the plan was ready. Rain is expected.")
    assert not analysis.parsed
    assert quotes.sentences_to_parse(analysis) == {1, 3}


def test_tass_seeds_quotes_and_speakers(seeds: Path) -> None:
    ministry = _quotes(_seed_body(seeds / "000_25565999aa235f8f.txt"))
    # a direct quote over two sentences, framed after its closing mark
    q = _one(ministry, "We welcome the tendency")
    assert q.kind == "direct" and q.rule == "direct-trailing" and q.cue == "said"
    assert q.text.endswith("organized crime,") and q.speaker.text == "the ministry"
    # indirect speech with a described speaker
    q = _one(ministry, "Moscow has no intentions")
    assert (q.kind, q.cue, q.speaker.text) == ("indirect", "said", "a source in the Russian Foreign Ministry")
    # a partial quote inside reported speech: mixed, the clause is the content
    q = _one(ministry, "by extending sanctions")
    assert q.kind == "mixed" and '"missed a chance' in q.text and q.speaker.text.endswith("Russian Foreign Ministry")
    # "…" the source added — over three sentences (the splitter breaks at "[")
    q = _one(ministry, "We have no intentions to discuss")
    assert q.text.endswith("lift them,") and q.speaker.text == "the source" and q.cue == "added"

    lavrov = _quotes(_seed_body(seeds / "001_dd166fc27a0277c8.txt"))
    assert _one(lavrov, "It should be clear").cue == "pointed out"
    assert _one(lavrov, "It should be clear").speaker.text == "he"
    q = _one(lavrov, "Russia is not to blame")
    assert (q.kind, q.rule, q.cue, q.speaker.text) == ("indirect", "indirect-according", "According to",
                                                       "the top diplomat")
    q = _one(lavrov, "EU bureaucrats")
    assert q.kind == "mixed" and q.cue == "emphasized" and q.speaker.text == "He"
    assert _one(lavrov, "We appropriately respond").speaker.text == "the Russian foreign minister"


def test_speakers_resolve_to_actor_mentions(seeds: Path) -> None:
    """The speaker span is matched to the actors layer's mentions by offset: a pronoun resolved by
    coreference yields the actor; an unknown person keeps their name without a code."""
    text = _seed_body(seeds / "001_dd166fc27a0277c8.txt")
    he = text.index("he pointed out")
    diplomat = text.index("the top diplomat")
    mentions = [
        ActorMention("he", "RUSGOV", "RUS", "GOV", "Sergey Lavrov", he, he + 2, how="coreference"),
        ActorMention("top diplomat", "RUSGOV", "RUS", "GOV", "Sergey Lavrov", diplomat + 4, diplomat + 16,
                     how="coreference"),
    ]
    found = _quotes(text, mentions)
    for start in ("It should be clear", "Russia is not to blame"):
        speaker = _one(found, start).speaker
        assert (speaker.code, speaker.name) == ("RUSGOV", "Sergey Lavrov")
    unknown = _one(_quotes("“Nothing has changed,” said Maria Petrova, a teacher in Omsk."), "Nothing has changed")
    speaker = unknown.speaker
    assert (speaker.text, speaker.code, speaker.name) == ("Maria Petrova", None, "Maria Petrova")


@pytest.fixture(scope="module")
def reuters(shared: Path) -> dict[str, str]:
    path = shared / "data" / "reuters21578" / "reuters21578.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    wanted = {"reuters21578-28", "reuters21578-39", "reuters21578-178"}
    found = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            if item["id"] in wanted:
                found[item["id"]] = item["text"]
    return found


def test_reuters_frames_continuations_and_indirect_speech(reuters: dict[str, str]) -> None:
    tower = _quotes(reuters["reuters21578-28"][:2300])
    hess = _one(tower, "This is certification")
    assert (hess.rule, hess.cue, hess.speaker.name) == ("direct-trailing", "told", "Stephen Hess")
    cont = _one(tower, "It's as if he went")  # no frame of its own: continues Hess
    assert cont.rule == "direct-continuation" and cont.speaker == hess.speaker
    # frame before the quote, after a long apposition: "…, told a press conference, "…""
    assert _one(tower, "The president clearly").speaker.name == "John Tower"
    strategist = _one(tower, "What can we say")  # continuation holding a nested single quote
    assert strategist.speaker.text == "one Republican political strategist"
    anvil = _one(tower, "the report was like")
    assert anvil.kind == "mixed" and anvil.speaker.text == "The strategist"

    kevlar = _one(_quotes(reuters["reuters21578-39"]), "Kevlar was invented")
    assert (kevlar.rule, kevlar.speaker.text) == ("indirect-according", "the company")
    dole = _one(_quotes(reuters["reuters21578-178"]), "the report disclosed")
    assert dole.kind == "mixed" and dole.cue == "told" and dole.speaker.name == "Robert Dole"
    # a speaker the knowledge base does not know keeps a person's name, never a firm's
    named = _quotes("Texas Commerce Bancshares Inc said it filed an application. "
                    "Brafman said the deal was off.")
    assert [(q.speaker.text, q.speaker.name) for q in named] == [
        ("Texas Commerce Bancshares Inc", None), ("Brafman", "Brafman")]


def test_frames_in_every_position() -> None:
    text = (
        "Peskov told reporters: \"The Kremlin has nothing to add. We have said everything.\n\n"
        "\"Our position has not changed.\"\n\n"
        "The minister said: «We will not retreat». He added — “Never.”\n\n"
        "“Go back to Univision,” Trump barked, and a guard escorted Ramos out.\n\n"
        "By extending sanctions, the EU \"missed a chance to break out of the vicious circle\", he said.\n\n"
        "Foreign Minister Sergei Lavrov was quoted as saying that Moscow would respond.\n\n"
        "Kasich: 'We Are Going To Go All The Way To Cleveland.'\n\n"
        "''Can we win Illinois?'' Mr. Manafort asked. ''I don't know.''\n\n"
        "Blumenthal was asked, “Would you have told her?” He answered, “I have no idea.”\n\n"
        "Cruz said,“Look at the record.”\n\n"
        "The film, “Trainwreck,” opened in July. Critics called the ending “a mess,” and she praised its “honesty.”"
    )
    found = _quotes(text)
    q = _one(found, "The Kremlin has nothing")
    assert (q.rule, q.speaker.text) == ("direct-leading", "Peskov")
    q = _one(found, "Our position")  # the wire-style next paragraph re-opens the quote
    assert q.rule == "direct-continuation" and q.speaker.text == "Peskov"
    assert _one(found, "We will not retreat").speaker.text == "The minister"
    assert _one(found, "Never.").speaker.text == "He"  # after a dash
    q = _one(found, "Go back to Univision")  # a frame verb outside the lexicon, named speaker
    assert (q.rule, q.speaker.text) == ("direct-trailing-verb", "Trump")
    q = _one(found, "By extending sanctions")  # a partial quote: mixed, the whole clause is the content
    assert q.kind == "mixed" and q.text.endswith('circle"') and q.speaker.text == "he"
    q = _one(found, "Moscow would respond")
    assert q.kind == "indirect" and q.speaker.name == "Sergei Lavrov"
    assert _one(found, "We Are Going").rule == "direct-colon-label"
    assert _one(found, "We Are Going").speaker.text == "Kasich"
    assert _one(found, "Can we win").speaker.text == "Mr. Manafort"
    assert _one(found, "I don't know").speaker.text == "Mr. Manafort"
    # a passive question has no speaker; the answer's frame is not the question's
    assert not [q for q in found if q.text.startswith("Would you")]
    assert _one(found, "I have no idea").speaker.text == "He"
    assert _one(found, "Look at the record").speaker.text == "Cruz"  # no space after the comma
    # a title after a comma and a word praised are not quotes; a quoted description is
    assert not [q for q in found if q.text.startswith(("Trainwreck", "honesty"))]
    q = _one(found, "a mess")
    assert (q.kind, q.rule, q.cue, q.speaker.text) == ("direct", "direct-fragment", "called", "Critics")
    assert all(text[q.start:q.end] == q.text and q.sentence is not None for q in found)


def test_cue_lexicon_is_checked(tmp_path: Path) -> None:
    lex = load_cues()
    assert {"said", "told", "according", "pointed"} <= lex.surface_forms
    assert lex.is_speech("point", "out") and not lex.is_speech("point", None)
    bad = tmp_path / "cues.yaml"
    bad.write_text("speech: [say, say]\n", encoding="utf-8")
    with pytest.raises(CueLexiconError, match="twice"):
        load_cues.__wrapped__(bad)
