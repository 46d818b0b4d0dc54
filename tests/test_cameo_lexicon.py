"""The CAMEO/PLOVER table and the trigger lexicon, checked against the reference files and on
real sentences (the seed articles and ConfliBERT's coded news sentences)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from detente.events.cameo import all_codes, cameo
from detente.events.lexicon import LexiconError, Sense, choose_sense, load_lexicon, parse_lexicon

ROOT = Path(__file__).resolve().parents[1]


def test_cameo_table_facts_and_freshness(shared: Path) -> None:
    codes = {c.code: c for c in all_codes()}
    assert {c.root for c in codes.values()} == {f"{r:02d}" for r in range(1, 21)}
    assert all(c.code.startswith(c.root) for c in codes.values())
    s = cameo("163")
    assert (s.name, s.goldstein, s.quad_class) == ("Impose embargo, boycott, or sanctions", -8.0, 4)
    assert (s.plover, s.plover_mode, s.plover_context) == ("COERCE", "restrict", "diplomatic")  # as PLOVER 2021 maps it
    assert cameo("036").quad_class == 1 and cameo("036").plover == "AGREE"
    assert cameo("0874").plover_mode == "disarm" and cameo("0874").quad_class == 2
    assert cameo("112").quad_class == 3 and cameo("141").quad_class == 3 and cameo("150").quad_class == 4 and cameo("2042").goldstein == -10
    assert cameo("0254").plover == "REQUEST"  # inherited from root 02
    assert cameo("010").plover is None  # PLOVER does not code plain statements
    with pytest.raises(KeyError, match="999"):
        cameo("999")
    # the committed table is exactly what the build script makes from the reference files
    spec = importlib.util.spec_from_file_location("build_cameo_table", ROOT / "scripts/build_cameo_table.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)  # type: ignore[union-attr]
    rows, _ = build.build(shared / "reference")
    assert build.render(rows) == (ROOT / "src/detente/events/data/cameo.tsv").read_text(encoding="utf-8")


def test_lexicon_covers_every_root_with_valid_codes() -> None:
    lex = load_lexicon()
    per_root: dict[str, set[str]] = {}
    for lemma, senses in {**lex.verbs, **{f"n:{k}": v for k, v in lex.nouns.items()}}.items():
        for s in senses:
            for code in filter(None, (s.code, s.negated)):
                assert cameo(code).code == code, (lemma, code)
            per_root.setdefault(s.code[:2], set()).add(lemma)
    assert all(len(per_root.get(f"{r:02d}", ())) >= 3 for r in range(1, 21)), per_root.keys()
    assert len(lex.verbs) + len(lex.nouns) >= 400
    assert {"imposed", "imposes", "imposing", "sanctions", "visited", "shelled", "talks", "ceasefires"} <= lex.surface_forms
    assert "say" not in lex.verbs and "said" not in lex.surface_forms
    assert {"make", "hold", "launch"} <= lex.light_verbs
    assert lex.modifiers["refuse"]["wrap"] == "reject" and lex.modifiers["call"]["prep"] == "on"
    assert lex.verbs["discuss"][0].negated == "125" and lex.verbs["meet"][0].symmetric
    assert lex.nouns["goodwill"][0].negated == "124"


def test_choose_sense_rules() -> None:
    lex = load_lexicon()
    impose, call, release = lex.verbs["impose"], lex.verbs["call"], lex.verbs["release"]
    assert choose_sense(impose, ["sanction", "new"], "on", None, []).code == "163"
    assert choose_sense(impose, ["curfew"], None, None, []).code == "1723"
    assert choose_sense(impose, ["tax"], None, None, []) is None  # not an event by itself
    assert choose_sense(call, ["release"], ["for", "in"], None, []).code == "0253"
    assert choose_sense(call, ["government"], "on", None, []).code == "020"
    assert choose_sense(call, ["strike"], None, "off", []).code == "082"
    assert choose_sense(release, ["statement"], None, None, []) is None
    assert choose_sense(release, ["prisoner"], None, None, []).code == "0841"
    assert choose_sense(lex.verbs["lift"], ["sanction"], None, None, []).negated == "1244"
    # equal specificity: the earlier sense wins; more constraints beat fewer
    a, b, c = Sense("040"), Sense("046", obj=("deal",)), Sense("057", obj=("deal",), prep="with")
    assert choose_sense([a, b, c], ["deal"], "with", None, []) is c
    assert choose_sense([a, b], ["deal"], None, None, []) is b
    assert choose_sense([b, Sense("061", obj=("deal",))], ["deal"], None, None, []) is b


def test_senses_on_parsed_news_sentences(nlp, seeds: Path) -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("00[01]_*.txt")))
    sentences = {
        "In 2014, the European Union and the United States imposed sanctions on Moscow.": ("impose", "163"),
        "Mogherini visited Moscow on April 24.": ("visit", "042"),
        "Japan on Friday lifted sanctions on Iran.": ("lift", "085"),
        "Indian authorities have imposed a curfew in parts of Kashmir.": ("impose", "1723"),
        "Brazil's truck drivers called off a four-day strike.": ("call", "082"),
        "Russia said on Friday it had expelled diplomats from Poland.": ("expel", "161"),
        "The Taliban threatened to attack U.S. troops.": ("threaten", "130"),
    }
    assert "imposed sanctions on Moscow" in text and "visited Moscow on April 24" in text
    lex = load_lexicon()
    for sentence, (lemma, code) in sentences.items():
        doc = nlp(sentence)
        verb = next(t for t in doc if t.lemma_ == lemma)
        objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "attr")]
        obj_lemmas = [o.lemma_ for o in objs] + [g.lemma_ for o in objs for g in o.children if g.dep_ in ("compound", "amod")]
        preps = [c.lower_ for c in verb.children if c.dep_ == "prep"]
        obj_lemmas += [g.lemma_ for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        xcomp = [c.lemma_ for c in verb.children if c.dep_ == "xcomp"]
        sense = choose_sense(lex.verbs[lemma], obj_lemmas, preps, particle, xcomp)
        assert sense is not None and sense.code == code, (sentence, obj_lemmas, preps, particle, sense)


def test_surface_filter_recall_on_conflibert(shared: Path) -> None:
    """The cheap token filter must let through nearly every sentence that ConfliBERT codes as an event."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    forms = load_lexicon().surface_forms
    rows = [ln.rpartition("\t") for ln in (shared / "data/conflibert/quadclass_train.tsv").read_text(encoding="utf-8").splitlines()]
    events = [text for text, _, label in rows if label.strip() in {"1", "2", "3", "4"}]
    recall = sum(any(t.lower_ in forms for t in tokenizer(s)) for s in events) / len(events)
    assert len(events) > 1000 and recall >= 0.97


def test_bad_lexicon_errors_name_file_and_line() -> None:
    good = "verbs:\n  meet: [{code: \"040\"}]\n"
    assert parse_lexicon(good + "  call: [{code: \"020\", prep: on}]\n").verbs["call"][0].prep == "on"
    cases = {
        good + "  visit: [{code: \"999\"}]\n": r"x\.yaml:3: verbs\.visit\[0\]\.code: '999' is not a CAMEO code",
        good + "  meet: [{code: \"042\"}]\n": r"x\.yaml:3: 'meet' is defined twice",
        good + "  visit: [{code: \"042\", colour: red}]\n": r"x\.yaml:3: .*unknown field",
        good + "  Visit: [{code: \"042\"}]\n": r"x\.yaml:3: .*one lowercase word",
        good + "modifiers:\n  refuse: {wrap: deny}\n": r"x\.yaml:4: modifiers\.refuse",
        good + "  visit: [{group: travel}]\n": r"x\.yaml:3: .*unknown group",
    }
    for text, message in cases.items():
        with pytest.raises(LexiconError, match=message):
            parse_lexicon(text, "x.yaml")
