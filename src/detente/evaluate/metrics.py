"""Scoring: gold annotations against the coder's Records, field by field.

Every scorer aligns predictions to gold items one-to-one (greedy, best agreement first) and counts,
per field, the predictions whose value is right (``tp``), all predictions (``pred``) and all gold
items (``gold``): precision = tp/pred, recall = tp/gold.  A field value only counts when the event or
quote it belongs to was found, so a field's recall is never above the recall of finding the item.
The matching rules for each gold set are documented in docs/evaluation.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from detente.evaluate.readers import GoldDoc, GoldEvent, GoldQuote, Span
from detente.learned import Spans, main_event, quad_of_root
from detente.record import Actor, Event, Quote, Record, Sentence

QUAD_NAMES = ("statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


def actor_key(code: str | None) -> str | None:
    """What must agree for an actor: its country (first 3 letters); IGOs by their 9-letter code."""
    if not code:
        return None
    return code[:9] if code.startswith("IGO") else code[:3]


# --- report data -----------------------------------------------------------------------------------

@dataclass
class Score:
    field: str
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class Confusion:
    title: str
    labels: list[str]
    matrix: list[list[int]]  # rows: gold, columns: ours


@dataclass
class Example:
    """One thing the coder got wrong, with what it saw and which rule fired."""

    text: str
    gold: str
    ours: str
    rule: str
    weight: float  # how bad: sorts the worst first
    where: str = ""


@dataclass
class Findings:
    scores: list[Score] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)
    confusions: list[Confusion] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)

    def extend(self, other: Findings) -> None:
        self.scores += other.scores
        self.summary.update(other.summary)
        self.confusions += other.confusions
        self.examples += other.examples


def greedy_match(pairs: Iterable[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one alignment: take (score, gold, pred) pairs best first; returns gold -> pred."""
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, g, p in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if g not in used_g and p not in used_p:
            used_g[g] = p
            used_p.add(p)
    return used_g


def _sentence(record: Record, text: str, at: int) -> str:
    for s in record.sentences:
        if s.start <= at < s.end:
            return text[s.start:s.end].strip()
    return text[max(0, at - 100):at + 200].strip()


def _fmt_actor(a: Actor | None) -> str:
    return a.code or a.text if a else "—"


def _fmt_event(e: Event) -> str:
    return (f"{_fmt_actor(e.source)}→{_fmt_actor(e.target)} {e.cameo} {e.cameo_name} "
            f"[{e.status}, {e.event_date}] “{e.evidence.text}”")


def _fmt_gold(g: GoldEvent) -> str:
    alt = f" (alt {','.join(g.alt)})" if g.alt else ""
    return f"{g.source or '—'}→{g.target or '—'} {g.cameo}{alt} [{g.status}, {g.event_date or '—'}] “{g.evidence.text}”"


# --- events (seeds, our JSON Lines format) ----------------------------------------------------------

def _event_fields(g: GoldEvent) -> dict[str, Callable[[Event], bool] | None]:
    """Per field: the test a predicted event must pass, or None when the gold leaves it open."""
    quads = {quad_of_root(r) for r in g.roots}
    return {
        "CAMEO root": lambda e: e.cameo_root[:2] in g.roots,
        "PLOVER type": (lambda e: (e.plover or "").upper() == g.plover.upper()) if g.plover else None,
        "quad class": lambda e: quad_of_root(e.cameo_root) in quads,
        "source actor": (lambda e: actor_key(e.source and e.source.code) == actor_key(g.source)) if g.source else None,
        "target actor": (lambda e: actor_key(e.target and e.target.code) == actor_key(g.target)) if g.target else None,
        "status": (lambda e: e.status == g.status) if g.status else None,
        "event date": (lambda e: (e.event_date or "").startswith(g.event_date)) if g.event_date else None,
    }


def _found(g: GoldEvent, e: Event) -> bool:
    tests = _event_fields(g)
    return all(t is None or t(e) for k, t in tests.items() if k in ("CAMEO root", "source actor", "target actor"))


_CODE = re.compile(r"\b\d{2,4}\b")
_COOPERATIVE = ("03", "04", "05", "06", "07", "08")


def must_not_codes(rule: str) -> tuple[str, ...]:
    """CAMEO code prefixes a ``must_not`` note forbids: the codes it names ("036", "03/04"), plus all
    cooperative roots when it forbids "a cooperative code"."""
    codes = tuple(_CODE.findall(rule))
    return codes + (_COOPERATIVE if "cooperative" in rule.lower() else ())


def _also_listed(doc: GoldDoc, preds: list[Event], match: dict[int, int]) -> set[int]:
    """Unmatched predictions that code a listed event again with the same root and evidence: the other
    direction of a symmetric event, or the other party of a compound one ("the EU and the US imposed")
    — the gold notes call these correct, so they are not counted as events the file does not list."""
    listed = [(doc.events[gi], preds[pi]) for gi, pi in match.items()]
    return {pi for pi, p in enumerate(preds) if pi not in match.values() and any(
        g.evidence.overlap(Span(p.evidence.start, p.evidence.end, "")) and p.cameo_root[:2] == e.cameo_root[:2]
        and {actor_key(p.source and p.source.code), actor_key(p.target and p.target.code)}
        & {actor_key(e.source and e.source.code), actor_key(e.target and e.target.code)}
        for g, e in listed)}


def score_events(docs: list[GoldDoc], records: list[Record]) -> Findings:
    names = ["event found", "CAMEO root", "PLOVER type", "quad class", "source actor", "target actor",
             "status", "event date"]
    scores = {n: Score(n) for n in names}
    out = Findings()
    roots: dict[tuple[str, str], int] = {}
    violations = unmatched = 0
    for doc, rec in zip(docs, records):
        text = doc.article.text
        preds = rec.events
        pairs = []
        for gi, g in enumerate(doc.events):
            for pi, e in enumerate(preds):
                ov = g.evidence.overlap(Span(e.evidence.start, e.evidence.end, ""))
                if ov:
                    agree = sum(bool(t and t(e)) for k, t in _event_fields(g).items()
                                if k in ("CAMEO root", "source actor", "target actor"))
                    pairs.append((agree + ov / max(1, len(g.evidence.text)) / 10, gi, pi))
        match = greedy_match(pairs)
        matched_preds = set(match.values())
        for n in names:
            scores[n].pred += len(preds)
        for gi, g in enumerate(doc.events):
            tests = _event_fields(g)
            e = preds[match[gi]] if gi in match else None
            found = e is not None and _found(g, e)
            scores["event found"].gold += 1
            scores["event found"].tp += found
            for k, t in tests.items():
                if t is None:  # gold leaves the field open: neither side counts it
                    scores[k].pred -= e is not None
                    continue
                scores[k].gold += 1
                scores[k].tp += bool(e is not None and t(e))
            key = (g.cameo[:2], e.cameo_root[:2] if e else "none")
            roots[key] = roots.get(key, 0) + 1
            wrong = [k for k, t in tests.items() if t is not None and not (e is not None and t(e))]
            if wrong:
                out.examples.append(Example(
                    _sentence(rec, text, g.evidence.start), _fmt_gold(g), _fmt_event(e) if e else "— (not found)",
                    e.rule if e else "—", 1.0 if not found else len(wrong) / 8,
                    f"{doc.article.origin} wrong: {', '.join(wrong)}"))
            for rule in g.must_not:
                bad = [p for p in preds if g.evidence.overlap(Span(p.evidence.start, p.evidence.end, ""))
                       and p.cameo.startswith(must_not_codes(rule))]
                violations += len(bad)
                out.examples += [Example(_sentence(rec, text, p.evidence.start), f"must not: {rule}",
                                         _fmt_event(p), p.rule, 1.2, doc.article.origin) for p in bad]
        also = _also_listed(doc, preds, match)
        for pi, p in enumerate(preds):
            if pi not in matched_preds and pi not in also:
                unmatched += 1
                roots[("none", p.cameo_root[:2])] = roots.get(("none", p.cameo_root[:2]), 0) + 1
                out.examples.append(Example(_sentence(rec, text, p.evidence.start), "— (no such event)",
                                            _fmt_event(p), p.rule, 0.6 * p.confidence, doc.article.origin))
        if len(docs) <= 10:  # per article only where that stays readable (the seeds)
            out.summary[f"unmatched predicted events: {doc.article.external_id or doc.article.id}"] = \
                len(preds) - len(matched_preds) - len(also)
    out.scores = list(scores.values())
    out.summary["must_not violations"] = violations
    out.summary["unmatched predicted events"] = unmatched
    out.confusions.append(_confusion("CAMEO root (rows gold, columns ours)", roots))
    return out


def _confusion(title: str, counts: dict[tuple[str, str], int]) -> Confusion:
    labels = sorted({a for a, _ in counts} | {b for _, b in counts}, key=lambda x: (x == "none", x))
    return Confusion(title, labels, [[counts.get((g, p), 0) for p in labels] for g in labels])


# --- sentence quad class (ConfliBERT) --------------------------------------------------------------

def main_events(record: Record) -> list[Event]:
    """The event a one-event-per-sentence gold set means: the most confident one (the earliest on a
    tie), with the events that share its evidence and trigger (compound actors: "the EU and the US")."""
    top = main_event(record.events)
    if top is None:
        return []
    return [e for e in record.events if e is top or (
        e.evidence.start == top.evidence.start and e.evidence.end == top.evidence.end and e.trigger == top.trigger
        and e.cameo == top.cameo)]


def rules_quad(record: Record) -> int | None:
    """The class of the rules' main event; None when the rules found no event."""
    main = main_events(record)
    return quad_of_root(main[0].cameo_root) if main else None


def model_quads(records: list[Record]) -> list[tuple[int, float] | None]:
    """The learned model's (class, probability) for each record, as the coder recorded it for
    :func:`_model_sentence`."""
    chosen = [_model_sentence(rec) for rec in records]
    return [(s.quad_model, s.quad_prob) if s is not None and s.quad_model is not None else None for s in chosen]


def _model_sentence(record: Record) -> Sentence | None:
    """The sentence a learned model reads in a one-item gold set: the parsed sentence holding the
    main event, else the first parsed one; None when the coder parsed none (it found no actor with
    a trigger word), as the coder itself would run no model there."""
    parsed = [s for s in record.sentences if s.parsed]
    main = main_events(record)
    at = main[0].evidence.start if main else -1
    return next((s for s in parsed if s.start <= at < s.end), parsed[0] if parsed else None)


def sentence_quad(record: Record, model: tuple[int, float] | None = None) -> int:
    """A sentence's class: :func:`detente.learned.combine` of the rules' main event and the model
    (the rules alone when ``model`` is None); a sentence with neither is a statement (0)."""
    from detente.learned import combine

    q = combine(rules_quad(record), model) if model is not None else rules_quad(record)
    return 0 if q is None else q


def _macro_f1(gold: list[int], ours: list[int]) -> float:
    from sklearn.metrics import f1_score

    return round(float(f1_score(gold, ours, labels=list(range(5)), average="macro", zero_division=0)), 4)


def _quad_example(doc: GoldDoc, rec: Record, g: int, o: int, model: tuple[int, float] | None) -> Example:
    main = main_events(rec)
    rules = "; ".join(_fmt_event(e) for e in main) if main else "no event"
    said = f"model {model[0]} (p={model[1]:.2f})" if model else "model: sentence not parsed"
    return Example(doc.article.text, f"{g} {QUAD_NAMES[g]}", f"{o} {QUAD_NAMES[o]} ← {said}; rules: {rules}",
                   main[0].rule if main else "—", model[1] if model and model[0] == o else 0.5,
                   doc.article.origin or "")


def score_quad(docs: list[GoldDoc], records: list[Record]) -> Findings:
    """Per-class and macro scores of the combined sentence class, with what each part scores alone."""
    from sklearn.metrics import confusion_matrix

    from detente.learned import sentence_quad as model_on_text

    labels = list(range(5))
    gold = [d.quad for d in docs]
    texts = [d.article.text for d in docs]
    model = model_quads(records)
    ours = [sentence_quad(r, m) for r, m in zip(records, model)]
    out = Findings()
    for c in labels:
        tp = sum(g == o == c for g, o in zip(gold, ours))
        out.scores.append(Score(f"quad class {c} {QUAD_NAMES[c]}", tp, ours.count(c), gold.count(c)))
    out.scores.append(Score("quad class (all)", sum(g == o for g, o in zip(gold, ours)), len(ours), len(gold)))
    out.scores.append(Score("event found", sum(bool(r.events) for r in records), len(records), len(records)))
    out.summary["macro-F1"] = _macro_f1(gold, ours)
    out.summary["accuracy"] = round(sum(g == o for g, o in zip(gold, ours)) / max(1, len(gold)), 4)
    out.summary["macro-F1 (rules only)"] = _macro_f1(gold, [sentence_quad(r) for r in records])
    out.summary["macro-F1 (model only)"] = _macro_f1(gold, [m[0] if m else 0 for m in model])
    out.summary["macro-F1 (model on every sentence)"] = _macro_f1(gold, [k for k, _ in model_on_text(texts)])
    out.summary["sentences without event"] = sum(not r.events for r in records)
    out.summary["sentences not parsed"] = sum(m is None for m in model)
    names = ["0 statement", "1 verb.coop", "2 mat.coop", "3 verb.conf", "4 mat.conf"]
    out.confusions.append(Confusion("quad class (rows gold, columns ours)", names,
                                    confusion_matrix(gold, ours, labels=labels).tolist()))
    out.examples += [_quad_example(d, r, g, o, m)
                     for d, r, g, o, m in zip(docs, records, gold, ours, model) if g != o]
    return out


# --- actor spans (ConfliBERT) -----------------------------------------------------------------------

def actor_span(record: Record, text: str, actor: Actor | None, near: int) -> Span | None:
    """Where an event's actor stands in the text: the record's mention of it nearest the evidence
    (same text and code, else same code), else the nearest occurrence of its text."""
    if actor is None:
        return None
    for same in (lambda m: m.text == actor.text and m.code == actor.code, lambda m: m.code == actor.code):
        cands = [m for m in record.actors if same(m)]
        if cands:
            m = min(cands, key=lambda m: abs(m.start - near))
            return Span(m.start, m.end, text[m.start:m.end])
    hits = [m.start() for m in re.finditer(re.escape(actor.text), text)] if actor.text else []
    if not hits:
        return None
    i = min(hits, key=lambda h: abs(h - near))
    return Span(i, i + len(actor.text), actor.text)


def _span_match(gold: list[Span], ours: list[Span], exact: bool) -> int:
    pairs = [(float(g.overlap(o)), gi, oi) for gi, g in enumerate(gold) for oi, o in enumerate(ours)
             if ((g.start, g.end) == (o.start, o.end) if exact else g.overlap(o) > 0)]
    return len(greedy_match(pairs))


Roles = dict[str, list[Span]]


def rules_spans(record: Record, text: str) -> Roles:
    """Where the rules put the source and target of the main event(s)."""
    main = main_events(record)
    return {role: sorted({s for e in main if (s := actor_span(record, text, getattr(e, role), e.evidence.start))},
                         key=lambda s: s.start) for role in ("source", "target")}


def model_spans(records: list[Record], texts: list[str]) -> list[Roles | None]:
    """The argument-span model's source and target spans, on the sentence the coder parsed (None:
    it parsed none)."""
    from detente.learned import argument_spans
    from detente.nlp import parse

    chosen = [_model_sentence(r) for r in records]
    found = iter(argument_spans(parse([t[s.start:s.end] for t, s in zip(texts, chosen) if s is not None])))
    return [None if sent is None else roles_of(next(found), text, sent.start) for text, sent in zip(texts, chosen)]


def model_spans_everywhere(texts: list[str]) -> list[Roles]:
    """The argument-span model on every sentence, parsed or not by the coder: the set-up of
    ConfliBERT's own figure (a model run on every test sentence), for comparison with it."""
    from detente.learned import argument_spans
    from detente.nlp import parse

    return [roles_of(found, text) for text, found in zip(texts, argument_spans(parse(texts)))]


def roles_of(found: Spans, text: str, at: int = 0) -> Roles:
    """The span model's output for a sentence starting at offset ``at`` of ``text`` as gold-style
    spans of the text."""
    return {role: [Span(at + a, at + b, text[at + a:at + b]) for a, b, _ in spans] for role, spans in found.items()}


def combine_spans(rules: Roles, model: Roles | None) -> Roles:
    """The model's spans (whole noun phrases, as annotators mark them) when it found any, also when
    it finds no target (a sentence without one: the rules' target there costs more than it brings on
    the development part); the rules' actor mentions when the model did not run or found nothing."""
    if model is None or not any(model.values()):
        return rules
    return {role: model[role] for role in rules}


def _span_scores(docs: list[GoldDoc], preds: list[Roles]) -> list[Score]:
    scores = {(role, how): Score(f"{role} actor ({how})") for role in ("source", "target") for how in ("exact", "overlap")}
    for doc, ours in zip(docs, preds):
        for (role, how), sc in scores.items():
            gold = doc.actor_spans.get(role, [])
            sc.tp += _span_match(gold, ours[role], how == "exact")
            sc.pred += len(ours[role])
            sc.gold += len(gold)
    both = [Score(f"source+target actor ({how})", *(sum(getattr(scores[(r, how)], k) for r in ("source", "target"))
                                                   for k in ("tp", "pred", "gold"))) for how in ("exact", "overlap")]
    return [*scores.values(), *both]


def _span_example(doc: GoldDoc, rec: Record, ours: Roles) -> Example | None:
    wrong = [role for role in ("source", "target")
             if {(g.start, g.end) for g in doc.actor_spans.get(role, [])} != {(o.start, o.end) for o in ours[role]}]
    if not wrong:
        return None
    main = main_events(rec)
    show = lambda spans: [s.text for s in spans]
    return Example(doc.article.text, "; ".join(f"{r}: {show(doc.actor_spans.get(r, []))}" for r in wrong),
                   "; ".join(f"{r}: {show(ours[r])}" for r in wrong) + (f" ({_fmt_event(main[0])})" if main else " (no event)"),
                   main[0].rule if main else "—", len(wrong) / 2, doc.article.origin or "")


def score_actor_spans(docs: list[GoldDoc], records: list[Record]) -> Findings:
    """Exact and overlapping span P/R/F1 of the combined spans, with each component's F1 alone."""
    texts = [d.article.text for d in docs]
    rules = [rules_spans(r, t) for r, t in zip(records, texts)]
    model = model_spans(records, texts)
    ours = [combine_spans(r, m) for r, m in zip(rules, model)]
    out = Findings(scores=_span_scores(docs, ours))
    for part, preds in (("rules only", rules), ("model only", [m or {"source": [], "target": []} for m in model]),
                        ("model on every sentence", model_spans_everywhere(texts))):
        out.summary.update({f"{s.field} F1 ({part})": round(s.f1, 4) for s in _span_scores(docs, preds)})
    out.examples = [e for d, r, o in zip(docs, records, ours) if (e := _span_example(d, r, o))]
    return out


# --- quotes (PolNeAR, our JSON Lines format) ---------------------------------------------------------

def _content_overlap(g: GoldQuote, q: Quote) -> float:
    """Shared characters over the shorter of the two contents (gold content may come in pieces)."""
    shared = sum(p.overlap(Span(q.start, q.end, "")) for p in g.content)
    size = min(sum(p.end - p.start for p in g.content), q.end - q.start)
    return shared / size if size > 0 else 0.0


def _surname(name: str | None) -> str | None:
    words = re.findall(r"[A-Z][\w'’-]+", name or "")
    return words[-1].lower() if words else None


def speaker_ok(g: GoldQuote, q: Quote, record: Record, text: str) -> bool:
    """Our speaker is right when it stands on the gold Source span (its text there, or a mention of
    the same actor — a resolved pronoun counts), or when both name the same person (same surname)."""
    sp = q.speaker
    if sp is None:
        return False
    if g.source is not None:
        lo, hi = g.source.start, g.source.end
        for m in record.actors:
            if m.start < hi and m.end > lo and (
                    (sp.name and m.name == sp.name) or (m.code == sp.code and m.text.lower() == sp.text.lower())):
                return True
        if sp.text:
            i = text.find(sp.text, max(0, lo - len(sp.text)))
            if 0 <= i < hi:
                return True
    ours = {_surname(sp.text), _surname(sp.name)} - {None}
    return bool(ours) and _surname(g.speaker) in ours


def _further_pieces(doc: GoldDoc, preds: list[Quote], match: dict[int, int]) -> set[int]:
    """Unmatched predictions that are another piece of an attribution already matched, with the same
    speaker: PolNeAR gives '"A," he said. "B."' as one attribution whose content comes in pieces, and
    a coder that returns each quoted piece as a quote of its own has found that one attribution, not
    one plus a false one.  Such pieces count on neither side."""
    matched_preds = set(match.values())
    pieces = set()
    for pi, q in enumerate(preds):
        if pi in matched_preds or q.end <= q.start:
            continue
        for gi, g in enumerate(doc.quotes):
            shared = sum(p.overlap(Span(q.start, q.end, "")) for p in g.content)
            if gi in match and shared / (q.end - q.start) >= 0.5 and q.speaker == preds[match[gi]].speaker:
                pieces.add(pi)
                break
    return pieces


def score_quotes(docs: list[GoldDoc], records: list[Record]) -> Findings:
    out = Findings()
    sc = {k: Score(k) for k in ("quote content (all)", "quote speaker (all)",
                                "quote content (direct)", "quote speaker (direct)")}
    for doc, rec in zip(docs, records):
        text = doc.article.text
        preds = rec.quotes
        pairs = [(ov, gi, pi) for gi, g in enumerate(doc.quotes) for pi, q in enumerate(preds)
                 if (ov := _content_overlap(g, q)) >= 0.5]
        match = greedy_match(pairs)
        back = {p: g for g, p in match.items()}
        pieces = _further_pieces(doc, preds, match)
        for pi, q in enumerate(preds):
            if pi in pieces:
                continue
            gold = doc.quotes[back[pi]] if pi in back else None
            # a gold attribution without a source leaves the speaker open: our speaker counts on neither side
            speaker_counts = q.speaker is not None and (gold is None or gold.source is not None or gold.speaker is not None)
            sc["quote content (all)"].pred += 1
            sc["quote speaker (all)"].pred += speaker_counts
            if q.kind == "direct" and (gold is None or gold.direct):  # direct on a non-direct gold: neither side
                sc["quote content (direct)"].pred += 1
                sc["quote speaker (direct)"].pred += speaker_counts
            if gold is None and q.kind == "direct":
                out.examples.append(Example(_sentence(rec, text, q.start), "— (no attribution)",
                                            f"{q.kind} quote by {_fmt_actor(q.speaker)}: “{q.text[:200]}”",
                                            q.rule or "—", 0.7, doc.article.origin or ""))
        for gi, g in enumerate(doc.quotes):
            q = preds[match[gi]] if gi in match else None
            ok = q is not None and speaker_ok(g, q, rec, text)
            for kind in ("all", "direct") if g.direct else ("all",):
                sc[f"quote content ({kind})"].gold += 1
                sc[f"quote content ({kind})"].tp += q is not None
                sc[f"quote speaker ({kind})"].gold += g.source is not None or g.speaker is not None
                sc[f"quote speaker ({kind})"].tp += ok
            if q is None and g.direct or (q is not None and not ok):
                gold_txt = f"{'direct' if g.direct else 'attribution'} by {g.speaker or '—'}: “{' … '.join(p.text for p in g.content)[:200]}”"
                ours = f"{q.kind} quote by {q.speaker.text if q.speaker else '—'} ({_fmt_actor(q.speaker)})" if q else "— (not found)"
                out.examples.append(Example(_sentence(rec, text, g.start), gold_txt, ours,
                                            (q.rule or "—") if q else "—", 1.0 if q is None else 0.9,
                                            doc.article.origin or ""))
    out.scores = list(sc.values())
    return out


SCORERS: dict[str, Callable[[list[GoldDoc], list[Record]], Findings]] = {
    "events": score_events, "quad": score_quad, "actors": score_actor_spans, "quotes": score_quotes,
}
