"""The evaluation harness: readers on the real gold sets, scoring on hand-made Records (where the
right answer is known), reports, and a regression guard on the real coder's accuracy."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from detente.evaluate import evaluate, score
from detente.evaluate.metrics import main_events, quad_of_root, sentence_quad
from detente.evaluate.readers import GoldDoc, is_direct, load, locate, read_conflibert_actors
from detente.evaluate.report import to_text, write_markdown
from detente.evaluate.splits import hashed_part
from detente.learned import sentence_quad as sentence_quad_model
from detente.record import Actor, ActorMention, Article, Event, Evidence, Quote, Record, Sentence

DATA = Path(__file__).parent / "data"
QUAD_CODE = {0: "010", 1: "040", 2: "070", 3: "111", 4: "190"}


def _event(doc: Article, start: int, end: int, src: str | None, tgt: str | None, code: str,
           status: str = "asserted", date: str = "", confidence: float = 0.9,
           src_text: str | None = None, tgt_text: str | None = None, plover: str | None = None) -> Event:
    def actor(c: str | None, t: str | None) -> Actor | None:
        return Actor(t or c, c, c[:3]) if c else None

    return Event(0, Evidence(start, end, doc.text[start:end]), actor(src, src_text), actor(tgt, tgt_text),
                 code, code[:2], "hand-made", plover, quad_of_root(code) or 0, 0.0, status,  # type: ignore[arg-type]
                 date or (doc.date or ""), "publication", None, None, confidence, "hand-made")


def _record(doc: Article, events: list[Event], quotes: list[Quote] = (), actors: list[ActorMention] = (),
            model: tuple[int, float] | None = None) -> Record:
    """A hand-made record of one parsed sentence; ``model``: what the learned model said of it."""
    sentence = Sentence(0, len(doc.text), True, None, None, *(model or (None, None)))
    return Record(doc.id, doc.external_id, doc.date, None, None, None, list(events), list(quotes), list(actors),
                  [sentence], [], 0.0)


def oracle(gold: list[GoldDoc]) -> Iterator[Record]:
    """A coder that reads the answers: every metric must come out perfect."""
    for d in gold:
        a = d.article
        events = [_event(a, g.evidence.start, g.evidence.end, g.source, g.target, g.cameo, g.status or "asserted",
                         g.event_date or "", plover=g.plover) for g in d.events]
        if d.quad is not None:
            events.append(_event(a, 0, 5, "AAA", "BBB", QUAD_CODE[d.quad]))
        mentions = []
        if d.actor_spans:
            src, tgt = d.actor_spans["source"], d.actor_spans["target"]
            mentions = [ActorMention(s.text, f"X{i:02d}", None, None, None, s.start, s.end)
                        for i, s in enumerate(src + tgt)]
            codes = {(m.start, m.end): m.code for m in mentions}
            events += [_event(a, 0, len(a.text), codes[(s.start, s.end)], codes[(t.start, t.end)], "190",
                              src_text=s.text, tgt_text=t.text) for s, t in zip(src, tgt)]
            events += [_event(a, 0, len(a.text), codes[(s.start, s.end)], None, "190", src_text=s.text)
                       for s in src[len(tgt):]]
            events += [_event(a, 0, len(a.text), None, codes[(t.start, t.end)], "190", tgt_text=t.text)
                       for t in tgt[len(src):]]
        quotes = [Quote(q.start, q.end, a.text[q.start:q.end], "direct" if q.direct else "indirect", None,
                        Actor(q.source.text, None) if q.source else None) for q in d.quotes]
        model = sentence_quad_model([a.text])[0] if d.quad is not None else None  # the coder runs it
        yield _record(a, events, quotes, mentions, model)


def test_gold_readers_and_splits(shared: Path) -> None:
    seeds = load("seeds", "validation")  # the seeds are in every split
    assert [len(d.events) for d in seeds.docs] == [15, 13]
    first = seeds.docs[0]
    assert first.article.text.startswith("Russia’s top diplomat Sergey Lavrov") and first.article.date == "2017-07-10"
    for d in seeds.docs:
        for g in d.events:
            assert d.article.text[g.evidence.start:g.evidence.end] == g.evidence.text

    quad = load("conflibert-quad", "all").docs
    assert len(quad) == 1349 and {d.quad for d in quad} == {0, 1, 2, 3, 4}
    dev, val = load("conflibert-quad", "dev").docs, load("conflibert-quad", "validation").docs
    assert len(dev) + len(val) == 1349 and 0.22 < len(val) / 1349 < 0.28
    # the split follows the sentence, not the file: the tokenised copy in the actor file agrees
    actors = read_conflibert_actors()
    assert len(actors) == 1153
    car_bomb = actors[0]
    assert car_bomb.article.text == ("In September, a car bomb in Kiev killed another ethnic Chechen who had "
                                     "fought on the Ukrainian side.")
    assert [s.text for s in car_bomb.actor_spans["source"]] == ["a car bomb"]
    assert [s.text for s in car_bomb.actor_spans["target"]] == ["another ethnic Chechen"]
    assert hashed_part(car_bomb.article.text) == hashed_part(quad[0].article.text)
    assert "Baghdad’s forces" in actors[2].article.text

    polnear = load("polnear", "validation").docs
    assert len(polnear) == 84 and all(d.part == "validation" for d in polnear)
    post = next(d for d in polnear if d.article.external_id.startswith("breitbart_2016-09-12_stealth"))
    assert post.article.date == "2016-09-12"
    first_q = post.quotes[0]
    assert first_q.speaker == "The New York Post" and not first_q.direct  # mixed: only its end is verbatim
    assert first_q.content[0].text.startswith("that Hillary Clinton’s team avoided")
    direct = [q for d in polnear for q in d.quotes if q.direct]
    assert 0.1 < len(direct) / sum(len(d.quotes) for d in polnear) < 0.3
    text = "He said: “We will not give in.” And: “Never,” he added."
    assert is_direct(text, [locate(text, "“We will not give in.”")]) and not is_direct(text, [locate(text, "We will")])


def test_scoring_on_hand_made_records(shared: Path, tmp_path: Path) -> None:
    for name in ("seeds", "conflibert-quad", "conflibert-actors", "polnear"):
        gold = load(name, "validation")
        docs = gold.docs[:40]
        found = score(gold, docs, list(oracle(docs)))
        if name == "conflibert-quad":  # the learned model has its say in the combined class
            assert found.summary["macro-F1 (rules only)"] == 1.0
            assert found.summary["macro-F1 (model only)"] > 0.6 and found.summary["sentences not parsed"] == 0
            assert found.summary["macro-F1"] >= found.summary["macro-F1 (model only)"]
            continue
        if name == "conflibert-actors":  # so does the span model in the combined spans
            for s in found.scores:
                assert found.summary[f"{s.field} F1 (rules only)"] == 1.0
                assert found.summary[f"{s.field} F1 (model only)"] > 0.3 and s.f1 > 0.3
            continue
        for s in found.scores:
            if s.gold:
                assert s.f1 == pytest.approx(1.0), (name, s)
        assert found.summary.get("must_not violations", 0) == 0

    # now a coder that gets things wrong in known ways, on the seeds
    gold = load("seeds", "all")
    docs = gold.docs
    d0 = docs[0]
    rec = next(oracle([d0]))
    bad = rec.events[:10]  # drops the last 5 gold events
    a = d0.article
    g = d0.events[4]  # "Moscow has no intentions to discuss …": must not be 036
    bad[4] = _event(a, g.evidence.start, g.evidence.end, "RUS", "IGOEUREEC", "036", "negated")
    bad.append(_event(a, 0, 8, "RUS", "USA", "190"))  # an event the gold does not have
    recs = [_record(a, bad), next(oracle([docs[1]]))]
    found = score(gold, docs, recs)
    s = {x.field: x for x in found.scores}
    assert s["event found"].gold == 28 and s["event found"].tp == 22 and s["event found"].pred == 24
    assert s["CAMEO root"].tp == 22 and s["source actor"].tp == 23 and s["status"].tp == 22
    assert found.summary["must_not violations"] == 1 and found.summary["unmatched predicted events"] == 1
    assert found.summary[f"unmatched predicted events: {a.external_id or a.id}"] == 1

    # sentence class: the most confident event decides, no event means "statement"
    sent = Article(text="Rebels attacked the town after talks failed.")
    assert sentence_quad(_record(sent, [])) == 0
    both = [_event(sent, 0, 16, "REB", "TWN", "190", confidence=0.8), _event(sent, 0, 16, "REB", "TWN", "040", confidence=0.5)]
    assert sentence_quad(_record(sent, both)) == 4 and len(main_events(_record(sent, both))) == 1


def test_own_jsonl_format_and_reports(tmp_path: Path) -> None:
    path = DATA / "gold_example.jsonl"
    gold = load(str(path), "all")
    assert gold.tasks == ("events", "quotes") and len(gold.docs) == 3
    assert [d.part for d in gold.docs] == ["dev", "validation", "dev"]
    q = gold.docs[0].quotes[0]
    assert q.direct and q.source is not None and q.source.text == "Maria Zakharova"

    def half_right(articles: Iterable[Article]) -> Iterator[Record]:
        for rec, d in zip(oracle(gold.docs), gold.docs):
            rec.events = rec.events[:1]
            for quote in rec.quotes:
                quote.speaker = Actor("Zakharova", "RUSGOV", "RUS", "GOV", "Maria Zakharova")
            yield rec

    report = evaluate(str(path), "all", coder=half_right)
    assert report.score("event found").recall == pytest.approx(3 / 6)
    assert report.score("event found").precision == 1.0
    assert report.score("quote speaker (all)").f1 == 1.0
    text = to_text(report, worst=3)
    assert "event found" in text and "Ankara has demanded" in text
    md = write_markdown(report, tmp_path, worst=3)
    assert md.name == "gold-example-all.md"
    body = md.read_text()
    assert "| event found |" in body and "![" in body
    for png in tmp_path.glob("*.png"):
        assert png.read_bytes()[:4] == b"\x89PNG"
    assert len(list(tmp_path.glob("*.png"))) == 2  # scores + CAMEO root confusion


# --- regression guard on the real coder ---------------------------------------------------------------

FLOORS = json.loads((DATA / "eval_floors.json").read_text())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["sets"]))
def test_accuracy_floors(shared: Path, name: str, tmp_path: Path) -> None:
    """Accuracy on a small slice must not fall below the recorded floor (tests/data/eval_floors.json)."""
    spec = FLOORS["sets"][name]
    report = evaluate(name, spec["split"], spec.get("limit"))
    assert report.items > 0 and report.scores
    def value(field: str) -> float:
        return report.summary[field] if field in report.summary else report.score(field).f1

    for field, floor in spec["floors"].items():
        assert value(field) >= floor, f"{name} {field}: {value(field):.3f} < floor {floor}\n{to_text(report, worst=5)}"
    for field, ceiling in spec.get("ceilings", {}).items():
        assert value(field) <= ceiling, f"{name} {field}: {value(field)} > {ceiling}\n{to_text(report, worst=5)}"
    assert write_markdown(report, tmp_path, worst=5).exists()
