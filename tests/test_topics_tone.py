"""Topics and tone on real sentences: the two seed articles, Reuters 1987 stories, ConfliBERT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente import tone, topics
from detente.record import Actor, Event, Evidence


def _seed_text(seeds: Path, name: str) -> str:
    return (seeds / name).read_text(encoding="utf-8")


def _event(text: str, cameo: str, source: str, target: str) -> Event:
    """An event as the coder would emit it, with topics computed from its evidence."""
    return Event(
        sentence=0, evidence=Evidence(0, len(text), text), source=Actor(source, source),
        target=Actor(target, target), cameo=cameo, cameo_root=cameo[:2], cameo_name="",
        plover=None, quad_class=4, goldstein=-8.0, status="historical", event_date="2014",
        date_basis="explicit", speaker=None, location=None, confidence=0.9, rule="test",
        topics=topics.sentence_topics(text))


def test_seed_articles_get_the_themes_a_human_gave_them(seeds: Path) -> None:
    # expected_events.yaml: [sanctions, terrorism, drug trafficking, illegal migration, organized
    # crime, Ukraine, Minsk agreements, Crimea] -> our ids (docs/topics.md has the mapping).
    first = topics.article_topics(_seed_text(seeds, "000_25565999aa235f8f.txt"), [])
    assert first[:2] == ["diplomacy", "sanctions"] or first[:2] == ["sanctions", "diplomacy"]
    assert {"sanctions", "terrorism", "crime", "migration", "ukraine_conflict"} <= set(first)
    # "trade, financial and military restrictions were also introduced": a passing mention.
    assert "trade" not in first

    # [sanctions, trade, WTO, media, energy, crisis management, healthcare, climate, data
    # protection, artificial intelligence]
    second = topics.article_topics(_seed_text(seeds, "001_dd166fc27a0277c8.txt"), [])
    assert {"sanctions", "trade", "media", "energy", "security", "health", "environment",
            "technology"} <= set(second)
    assert second[0] in {"trade", "diplomacy"}

    evidence = {
        "sanctions remain the main irritant": ["sanctions"],
        ("Brussels bureaucrats keep taking protectionist measures, "
         "violating WTO regulations"): ["trade"],
        "European media outlets continue a large-scale anti-Russian campaign": ["media"],
        "Moscow will not make unilateral gestures of goodwill to the European Union": [],
    }
    for text, expected in evidence.items():
        assert topics.sentence_topics(text) == expected, text
    # Places are not topics; the names of a conflict are.
    assert topics.sentence_topics("Mogherini visited Moscow and Kiev on April 24.") == []
    assert "ukraine_conflict" in topics.sentence_topics(
        "it is absurd to link the sanctions issue to the implementation of the Minsk Agreements")


def test_events_lift_a_topic_the_text_only_hints_at() -> None:
    text = "Besides that, trade, financial and military restrictions were also introduced."
    assert topics.article_topics(text, []) == []  # four weak words, none enough alone
    events = [_event("imposed sanctions on Moscow", "163", "IGOEUREEC", "RUS"),
              _event("imposed sanctions on Moscow", "163", "USA", "RUS")]
    assert topics.article_topics(text, events) == ["sanctions"]
    bonus = topics.load_taxonomy().thresholds["event"]
    with_events, without = topics.topic_scores(text, events), topics.topic_scores(text)
    # once per event, whether the topic comes from its evidence, its CAMEO code or both
    assert with_events["sanctions"] - without.get("sanctions", 0.0) == pytest.approx(2 * bonus)


def test_reuters_stories_precision_guards(shared: Path) -> None:
    path = shared / "data" / "reuters21578" / "reuters21578.jsonl"
    stories = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            stories[story["id"]] = story["text"]
    def found(number: int) -> set[str]:
        return set(topics.article_topics(stories[f"reuters21578-{number}"], []))

    # Names and jargon that used to make false topics (Reuters 1987).
    assert "agriculture" not in found(9142)  # the Agricultural Bank of China
    assert "security" not in found(4186)  # Securities, not the plural of security
    assert "environment" not in found(3030)  # "a fairly low interest rate climate"
    assert "armed_conflict" not in found(17205)  # "a post-war low below 140 yen"
    # and what stories are about
    assert found(9342) == {"health"}  # an AIDS vaccine
    assert {"trade", "technology", "sanctions"} <= found(11461)  # the US-Japan microchip dispute
    assert {"diplomacy", "energy", "security", "armed_conflict"} <= found(17888)  # Gulf security


def test_taxonomy_is_documented_data_and_checked() -> None:
    taxonomy = topics.load_taxonomy()
    required = {"sanctions", "terrorism", "energy", "trade", "migration", "security",
                "armed_conflict", "diplomacy", "health", "environment", "technology", "media",
                "human_rights", "elections", "economy", "crime", "nuclear", "territorial_disputes"}
    assert required <= set(taxonomy.topics)
    assert all(t.label and t.description and t.family in taxonomy.families
               for t in taxonomy.topics.values())
    assert taxonomy.cameo_topics("163") == ["sanctions"]
    assert "armed_conflict" in taxonomy.cameo_topics("195")
    good = ("families: {theme: T}\nweights: {strong: 1, weak: 0.5, in_name: 0.5}\n"
            "thresholds: {sentence: 1, article: 1, words_per_mention: 500, event: 0.5}\n")
    topic = "  - {id: %s, label: L, family: %s, description: D, terms: [word]}\n"
    assert list(topics.parse_taxonomy(good + "topics:\n" + topic % ("a", "theme")).topics) == ["a"]
    with pytest.raises(topics.TopicsError, match="topic 'a': defined twice"):
        topics.parse_taxonomy(good + "topics:\n" + topic % ("a", "theme") * 2)
    with pytest.raises(topics.TopicsError, match="topic 'b': family must be one of"):
        topics.parse_taxonomy(good + "topics:\n" + topic % ("b", "place"))


SEED_TONE = [
    # (sentence from the seed articles, sign the tone must have)
    ("Moscow will not make unilateral gestures of goodwill to the European Union", -1),
    (("Moscow will not make unilateral gestures of goodwill to the European Union as EU countries "
     "should understand that dialogue is only possible when it’s honest, Russian Foreign Minister "
     "Sergey Lavrov said in an interview with the Kommersant daily."), -1),
    ("There will be no unilateral gestures of goodwill on our part.", -1),
    ("We welcome the tendency towards the EU’s growing interest in dialogue with Russia.", +1),
    ("sanctions remain the main irritant", -1),
    ("The cynicism is off the scale", -1),
    ("Russia-EU energy cooperation also remains relevant", +1),
    (("Moscow has no intentions to discuss the conditions for the lifting of sanctions, as it is the "
     "EU that should remove restrictions, a source in the Russian Foreign Ministry said."), -1),
    # Reuters 1987
    (("White House officials said no progress had been made in talks with Japan on a dispute on "
     "Japanese microchip sales."), -1),
    (("Prime Ministers Zhao Ziyang of China and Anibal Cavaco Silva of Portugal signed an agreement "
     "to end more than four centuries of Portuguese rule over the territory of Macao and return it "
     "to Chinese control in 1999."), +1),
]


def test_sentence_tone_reads_negation_and_diplomatic_vocabulary() -> None:
    for sentence, sign in SEED_TONE:
        value = tone.sentence_tone(sentence)
        assert -1.0 <= value <= 1.0
        assert value * sign > 0, (sentence, value)
    # Reversal and negation compose: lifting sanctions is conciliatory, refusing to is not.
    assert tone.sentence_tone("The EU lifted sanctions on Iran.") > 0
    assert tone.sentence_tone("The EU will not lift sanctions on Iran.") < 0
    assert tone.sentence_tone("Mogherini visited Moscow on April 24.") == 0.0


def test_cooperation_sounds_better_than_conflict_on_conflibert_dev(shared: Path) -> None:
    from detente.evaluate.readers import read_conflibert_quad

    docs = [d for d in read_conflibert_quad() if d.part == "dev" and d.quad in (1, 2, 3, 4)]
    coop = [tone.sentence_tone(d.article.text) for d in docs if d.quad in (1, 2)]
    conflict = [tone.sentence_tone(d.article.text) for d in docs if d.quad in (3, 4)]
    assert sum(coop) / len(coop) > 0 > sum(conflict) / len(conflict)
    assert tone.separation(coop, conflict) > 0.8  # measured 0.887 (docs/tone.md)
    assert tone.separation([1.0, 0.5], [0.5, -1.0]) == pytest.approx(0.875)


def test_article_tone_weights_the_sentences_that_carry_events(seeds: Path, nlp) -> None:
    from detente.nlp import Analysis

    analysis = Analysis.of(_seed_text(seeds, "000_25565999aa235f8f.txt"))
    tones = [tone.sentence_tone(s.text) for s in analysis.sents]
    plain = tone.article_tone(tones, analysis)
    assert -1.0 < plain < 0.0  # an article about sanctions, with dialogue welcomed
    irritant = next(i for i, s in enumerate(analysis.sents) if "irritant" in s.text)
    analysis.parsed[irritant] = analysis.doc  # the coder parsed it: it holds events
    assert tone.article_tone(tones, analysis) < plain
    with pytest.raises(ValueError):
        tone.article_tone(tones[:-1], analysis)
