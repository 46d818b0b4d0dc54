"""Dependency patterns over parsed sentences: triggers with their arguments become CAMEO events.

Source and target always come from the trigger's own clause (subject, object, the preposition
the lexicon names), never from an unrelated sentence; where a rule does reach outside the clause
(a passive without a by-phrase, a target that is only in the context) the event's ``rule`` says
so and its ``confidence`` is lower.  Each event carries its evidence span, its trigger and the
rule that produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from detente.events import transform
from detente.events.cameo import cameo
from detente.events.dates import EventDate, event_date, parse_iso
from detente.events.lexicon import Lexicon, Sense, choose_sense, load_lexicon
from detente.events.modality import Modality, analyse, is_negated, words
from detente.nlp import Analysis, with_entities
from detente.record import Actor, ActorMention, Article, Event, Evidence, Quote
from detente.topics import sentence_topics

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_OBJ = ("dobj", "obj", "dative", "attr", "oprd")
_DEFAULT_TARGET_PREPS = ("to", "with", "on", "against", "toward", "towards", "at", "for", "from", "into")
_INHERIT = ("xcomp", "conj", "advcl", "pcomp", "prep", "acl", "relcl", "ccomp")
_LINKING = {"be", "remain", "become", "continue", "seem", "stay", "appear"}
_SUPPORT_VERBS = {"maintain", "keep", "develop", "expand", "strengthen", "deepen", "boost", "promote",
                  "continue", "resume", "establish", "step", "pursue", "seek", "start", "begin", "intensify"}
_RELATIVE = {"that", "which", "who", "whom"}


@dataclass
class Candidate:
    """An event before its final code and status are fixed."""

    sentence: int
    anchor: Token  # the token whose clause holds the event (verb, or the light verb of a noun)
    trigger: Token
    sense: Sense
    sources: list[Actor]
    targets: list[Actor]
    rule: str
    confidence: float
    modality: Modality
    source_by: str = "subject"
    target_by: str = "object"


@dataclass
class ArticleContext:
    """What the coder remembers while reading one article (never across articles)."""

    analysis: Analysis
    mentions: list[ActorMention]
    quotes: list[Quote]
    pub: dt.date | None
    lex: Lexicon
    wrappers: dict[str, str]
    recent: list[tuple[int, Actor]] = field(default_factory=list)  # (sentence, actor) as read
    paragraph_date: EventDate | None = None
    last_sources: list[Actor] = field(default_factory=list)


class SentenceView:
    """One parsed sentence with the article's actor mentions mapped onto its tokens."""

    def __init__(self, ctx: ArticleContext, i: int, doc: Doc):
        self.ctx, self.i, self.doc = ctx, i, doc
        self.base = ctx.analysis.sents[i].start_char
        self.end = ctx.analysis.sents[i].end_char
        self.token_mention: dict[int, ActorMention] = {}
        for m in ctx.mentions:
            if m.end <= self.base or m.start >= self.end:
                continue
            span = doc.char_span(m.start - self.base, m.end - self.base, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.token_mention[t.i] = m

    def speaker(self, tok: Token | None = None) -> Actor | None:
        """Who is speaking at this token (or over most of the sentence): from the quotes."""
        pos = self.base + tok.idx if tok is not None else (self.base + self.end) // 2
        for q in self.ctx.quotes:
            if q.speaker is not None and q.start <= pos < q.end:
                return q.speaker
        if tok is None:
            covered = [q for q in self.ctx.quotes if q.speaker and q.start < self.end and q.end > self.base]
            return covered[0].speaker if covered else None
        return None

    def actors_of(self, tok: Token, speaker: Actor | None) -> list[Actor]:
        """Actors denoted by an argument: its own mention, conjuncts, or a modifier's mention."""
        found: list[Actor] = []
        for head in [tok, *tok.conjuncts]:
            actor = self._actor_of_head(head, speaker)
            if actor is not None and all(a.code != actor.code for a in found):
                found.append(actor)
        return found

    def _actor_of_head(self, head: Token, speaker: Actor | None) -> Actor | None:
        if head.i in self.token_mention:
            return self.token_mention[head.i].actor
        if head.lower_ in words().first_person:
            return speaker
        conj_ids = {t.i for c in head.conjuncts for t in c.subtree}
        best: tuple[int, Actor] | None = None
        for t in head.subtree:
            if t.i in conj_ids or t.i not in self.token_mention or _in_clause_below(t, head):
                continue
            dist = abs(t.i - head.i)
            if best is None or dist < best[0]:
                best = (dist, self.token_mention[t.i].actor)
        if best is None:
            for t in head.subtree:
                if t.lower_ in words().first_person and speaker is not None:
                    return speaker
        return best[1] if best else None

    def all_actors(self) -> list[tuple[Token, Actor]]:
        seen: dict[str, tuple[Token, Actor]] = {}
        for ti, m in sorted(self.token_mention.items()):
            seen.setdefault(m.code, (self.doc[ti], m.actor))
        return list(seen.values())


def _in_clause_below(t: Token, head: Token) -> bool:
    """True when ``t`` sits in a relative or complement clause under ``head`` (not its own phrase)."""
    node = t
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "ccomp", "advcl"):
            return True
        node = node.head
    return False


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, inherited through xcomp/conj/pcomp/acl chains ("seek to use",
    "by extending …, the EU", "has no intentions to discuss"); passive only for its own subject."""
    node = verb
    for _ in range(6):
        subj = next((c for c in node.children if c.dep_ in _SUBJ), None)
        if subj is not None and not (subj.lower_ in _RELATIVE and node.dep_ == "relcl"):
            return subj, subj.dep_ == "nsubjpass" and node.i == verb.i
        if node.dep_ == "relcl":  # "the EU that should remove …": the relative's antecedent
            return node.head, False
        if node.head.i == node.i or (node.dep_ not in _INHERIT and node.pos_ not in ("NOUN", "PROPN")):
            return None, False
        node = node.head
    return None, False


def _object_control(verb: Token) -> Token | None:
    """For 'urge X to V' the subject of V is X (the object of the governing verb)."""
    if verb.dep_ == "xcomp":
        for c in verb.head.children:
            if c.dep_ in ("dobj", "obj"):
                return c
    return None


def _objects(tok: Token) -> list[Token]:
    objs = [c for c in tok.children if c.dep_ in _OBJ]
    return objs + [cj for o in objs for cj in o.conjuncts]


def _preps(tok: Token) -> dict[str, Token]:
    """Prepositional children: preposition -> its object."""
    out: dict[str, Token] = {}
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent"):
            pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                out.setdefault(c.lower_, pobj)
    return out


def sentences_to_parse(analysis: Analysis, mentions: list[ActorMention]) -> set[int]:
    """Sentences worth the full parse: an actor and a trigger word, both found on tokens alone."""
    forms = load_lexicon().surface_forms
    with_actor = {analysis.sentence_of(m.start) for m in mentions}
    wanted = set()
    for i in with_actor:
        if any(t.lower_ in forms for t in analysis.sents[i]):
            wanted.add(i)
    return wanted


def extract_events(analysis: Analysis, mentions: list[ActorMention], quotes: list[Quote],
                   article: Article) -> list[Event]:
    ctx = ArticleContext(analysis, mentions, quotes, parse_iso(article.date), load_lexicon(),
                         {k: v["wrap"] for k, v in load_lexicon().modifiers.items() if "wrap" in v})
    events: list[Event] = []
    paragraph_break = _paragraph_starts(analysis)
    for i, sent in enumerate(analysis.sents):
        if i in paragraph_break:
            ctx.paragraph_date = None
        if i in analysis.parsed:
            view = SentenceView(ctx, i, analysis.parsed[i])
            found = _dedupe(list(_sentence_events(ctx, view)))
            events.extend(found)
            if found:
                ctx.last_sources = [e.source for e in found if e.source]
        ctx.recent.extend((i, m.actor) for m in mentions if sent.start_char <= m.start < sent.end_char)
    return events


def _paragraph_starts(analysis: Analysis) -> set[int]:
    return {i for i, s in enumerate(analysis.sents)
            if i == 0 or "\n" in analysis.text[analysis.sents[i - 1].end_char - 1: s.start_char + 1]}


def _dedupe(events: list[Event]) -> list[Event]:
    seen, out = set(), []
    for e in events:
        key = (e.source and e.source.code, e.target and e.target.code, e.cameo_root, e.status)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _sentence_events(ctx: ArticleContext, view: SentenceView) -> Iterable[Event]:
    consumed: set[int] = set()
    produced: list[Event] = []
    for tok in view.doc:
        if tok.i in consumed:
            continue
        for cand in _candidates(ctx, view, tok, consumed):
            produced.extend(_finalise(ctx, view, cand))
    produced.extend(_speech_acts(ctx, view, produced))
    produced.extend(_told_to_know(ctx, view))
    return produced


def _candidates(ctx: ArticleContext, view: SentenceView, tok: Token, consumed: set[int]) -> Iterable[Candidate]:
    lemma = tok.lemma_.lower()
    if tok.dep_ in ("amod", "compound") or (tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN")) \
            or _adjectival_participle(tok):
        return  # "pressing issues": a participle used as an adjective
    if tok.pos_ in ("VERB", "AUX") and (lemma in ctx.lex.verbs or lemma in ctx.lex.light_verbs or lemma in _SUPPORT_VERBS):
        yield from _verb_candidates(ctx, view, tok, consumed)
    elif tok.pos_ in ("NOUN", "PROPN") and lemma in ctx.lex.nouns:
        cand = _noun_candidate(ctx, view, tok)
        if cand is not None:
            yield cand


def _adjectival_participle(tok: Token) -> bool:
    """ "the prospects of relations and pressing international issues": an -ing form right after a
    determiner, an adjective or a conjunction, hanging from a noun, describes rather than acts."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return tok.tag_ == "VBG" and tok.dep_ == "acl" and prev is not None and (
        prev.pos_ in ("DET", "ADJ", "CCONJ"))


def _sense_for(ctx: ArticleContext, senses: list[Sense], tok: Token) -> Sense | None:
    objs = _objects(tok)
    obj_lemmas = [o.lemma_.lower() for o in objs]
    if objs and all(o.pos_ == "PRON" for o in objs):  # "lift them": the nouns the pronoun may stand for
        obj_lemmas += [t.lemma_.lower() for t in tok.doc[:tok.i] if t.pos_ == "NOUN"]
    obj_lemmas += [g.lemma_.lower() for o in objs for g in o.children if g.dep_ in ("compound", "amod")]
    preps = _preps(tok)
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    xcomp = [c.lemma_.lower() for c in tok.children if c.dep_ == "xcomp"]
    pobj_lemmas = [o.lemma_.lower() for o in preps.values()]
    return choose_sense(senses, obj_lemmas + pobj_lemmas, preps.keys(), particle, xcomp)


def _verb_candidates(ctx: ArticleContext, view: SentenceView, verb: Token, consumed: set[int]) -> Iterable[Candidate]:
    lemma = verb.lemma_.lower()
    sense = _sense_for(ctx, ctx.lex.verbs.get(lemma, []), verb)
    trigger = verb
    if sense is None:
        # a light or support verb carries the event of its object noun: "make gestures of goodwill"
        for obj in _objects(verb):
            noun = _event_noun(ctx, obj)
            if noun is not None:
                sense = _sense_for(ctx, ctx.lex.nouns[noun.lemma_.lower()], noun) or ctx.lex.nouns[noun.lemma_.lower()][0]
                trigger = noun
                consumed.update(t.i for t in obj.subtree if t.lemma_.lower() in ctx.lex.nouns)
                break
        if sense is None:
            return
    else:
        if _defers(ctx, verb, sense):
            return
        consumed.update(o.i for o in _objects(verb))
    speaker = view.speaker(verb)
    subj, passive = subject_of(verb)
    controller = _object_control(verb)
    source_by = "subject"
    if controller is not None and not any(c.dep_ in _SUBJ for c in verb.children):
        subj, source_by = controller, "object-control"
    sources = view.actors_of(subj, speaker) if subj is not None else []
    targets, target_by = _targets(view, verb, trigger, sense, speaker, exclude=sources)
    if passive:
        agent = _preps(verb).get("by")
        targets, target_by = (sources, "passive-subject") if sources else (targets, target_by)
        sources = view.actors_of(agent, speaker) if agent is not None else []
        source_by = "by-agent"
        if not sources and ctx.last_sources and targets:
            sources, source_by = list(ctx.last_sources), "passive-agent-from-previous-sentence"
    modality = analyse(verb, ctx.wrappers)
    # no one, "there", "it", "we", or both sides ("the parties need to cooperate") speak for the speaker
    impersonal = subj is None or subj.lower_ in ("there", "it", "parties", "sides", "both") \
        or subj.lower_ in words().first_person
    if not sources and speaker is not None and impersonal and (modality.wrapper == "intent" or modality.deontic):
        # an impersonal stance in someone's words ("there is no alternative to maintaining contacts");
        # an unnamed subject ("the one who initiated them should lift them") is someone else
        sources, source_by = [speaker], "speaker"
        if any(t.country == speaker.country for t in targets):
            targets, target_by = _targets(view, verb, trigger, sense, speaker, exclude=sources)
    rule = f"{'verb' if trigger.i == verb.i else 'light-verb+noun'}:{trigger.lemma_.lower()}"
    yield Candidate(view.i, verb, trigger, sense, sources, targets, rule, 0.8, modality, source_by, target_by)


def _defers(ctx: ArticleContext, verb: Token, sense: Sense) -> bool:
    """A verb that only frames another: a speech verb with a clause ("acknowledged that …"), or a
    wrapping verb whose complement is itself a trigger ("refused to meet" is coded on meet)."""
    if sense.code.startswith("01") and any(c.dep_ == "ccomp" for c in verb.children):
        return True
    return verb.lemma_.lower() in ctx.wrappers and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in ctx.lex.verbs for c in verb.children)


def _carrier(noun: Token) -> Token:
    """The phrase an event noun stands in: "(no) gestures OF goodwill" → gestures, whose determiner
    and clause decide negation and modality."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        return noun.head.head
    return noun


def _event_noun(ctx: ArticleContext, obj: Token) -> Token | None:
    """The event noun of an object phrase: 'gestures of goodwill' -> goodwill if gesture is not one."""
    if obj.lemma_.lower() in ctx.lex.nouns:
        return obj
    for c in obj.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in ctx.lex.nouns:
                    return g
    for c in obj.children:
        if c.dep_ in ("compound", "amod") and c.lemma_.lower() in ctx.lex.nouns:
            return c
    return None


def _noun_candidate(ctx: ArticleContext, view: SentenceView, noun: Token) -> Candidate | None:
    """An event noun that no verb carries: 'open to dialogue', 'there will be no gestures',
    'Russia-EU energy cooperation remains relevant', 'the meeting between X and Y'."""
    senses = ctx.lex.nouns[noun.lemma_.lower()]
    sense = _sense_for(ctx, senses, noun) or senses[0]
    speaker = view.speaker(noun)
    noun = _carrier(noun)
    mod = analyse(noun, ctx.wrappers)
    head = noun.head
    if noun.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in ("this", "that", "it") for c in head.children):
        return None  # "This is the second meeting …": describes an event already told, not a new one
    between = _preps(noun).get("between")
    if between is not None:
        parties = view.actors_of(between, speaker)
        if len(parties) >= 2:
            return Candidate(view.i, head, noun, sense, parties[:1], parties[1:], f"noun-between:{noun.lemma_}", 0.6, mod)
        return None
    existential = head.lemma_ == "be" and any(c.dep_ == "expl" for c in head.children) and noun.dep_ in ("attr", "nsubj")
    # "cooperation remains relevant" is a stance; "sanctions remain the main irritant" is not a sanction
    linking = noun.dep_ == "nsubj" and head.lemma_ in _LINKING and cameo(sense.code).quad_class <= 2
    if not (mod.wrapper == "intent" or existential or linking) or speaker is None:
        return None
    if mod.wrapper == "intent" and mod.wrapper_token is not None:
        subj, _ = subject_of(mod.wrapper_token if mod.wrapper_token.pos_ == "VERB" else mod.wrapper_token.head)
        sources = view.actors_of(subj, speaker) if subj is not None else [speaker]
    else:
        sources = [speaker]
        mod.negated = mod.negated or is_negated(noun)
        if linking and not mod.negated:
            mod.wrapper = "intent"  # "cooperation remains relevant": the speaker's stance, not a done deed
    targets = [a for t in noun.subtree if t.i in view.token_mention
               for a in [view.token_mention[t.i].actor] if a.country != (sources[0].country if sources else None)]
    target_by = "noun-modifier"
    if not targets:
        targets, target_by = _context_target(ctx, view, sources)
    if not targets:
        return None  # a stance towards no one is not an event
    kind = "existential" if existential else "linking" if linking else "intent-governor"
    return Candidate(view.i, head, noun, sense, sources, targets[:1], f"noun-{kind}:{noun.lemma_.lower()}", 0.6, mod,
                     "speaker", target_by)


def _targets(view: SentenceView, verb: Token, trigger: Token, sense: Sense, speaker: Actor | None,
             exclude: list[Actor]) -> tuple[list[Actor], str]:
    excluded = {a.code for a in exclude}

    def keep(actors: list[Actor]) -> list[Actor]:
        return [a for a in actors if a.code not in excluded]

    preps_order = ([sense.target_prep] if sense.target_prep else []) + list(_DEFAULT_TARGET_PREPS)
    for holder in dict.fromkeys([verb, trigger]):
        for obj in _objects(holder):
            found = keep(view.actors_of(obj, speaker))
            if found:
                return found, "object"
        preps = _preps(holder)
        for p in preps_order:
            if p in preps:
                found = keep(view.actors_of(preps[p], speaker))
                if found:
                    return found, f"prep:{p}"
        for obj in _objects(holder):
            for p, pobj in _preps(obj).items():
                if p in preps_order:
                    found = keep(view.actors_of(pobj, speaker))
                    if found:
                        return found, f"object-prep:{p}"
    others = [a for t, a in view.all_actors() if a.code not in excluded
              and not (exclude and a.country == exclude[0].country)
              and not _is_speaker_mention(view, t, speaker)]
    if others:
        return others[:1], "in-sentence"
    return _context_target(view.ctx, view, exclude)


def _is_speaker_mention(view: SentenceView, tok: Token, speaker: Actor | None) -> bool:
    """The mention that names who is speaking ("Lavrov said", "according to Lavrov") is not a party."""
    if speaker is None or view.token_mention[tok.i].code != speaker.code:
        return False
    according = tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"
    return according or (tok.dep_ in _SUBJ and _is_speech(tok.head))


def _context_target(ctx: ArticleContext, view: SentenceView, sources: list[Actor]) -> tuple[list[Actor], str]:
    """The actor the article is about besides the source: the one of another country mentioned most
    often so far (the article's other side), the latest on a tie. Never the source's own country."""
    countries = {a.country for a in sources if a and a.country}
    counts: dict[str, int] = {}
    latest: dict[str, tuple[int, Actor]] = {}
    for n, (_, actor) in enumerate(ctx.recent):
        if actor.code and actor.country not in countries:
            counts[actor.country or actor.code] = counts.get(actor.country or actor.code, 0) + 1
            latest[actor.country or actor.code] = (n, actor)
    if not counts:
        return [], "none"
    best = max(counts, key=lambda c: (counts[c], latest[c][0]))
    return [latest[best][1]], "context"


def _finalise(ctx: ArticleContext, view: SentenceView, cand: Candidate) -> list[Event]:
    """Apply modality to the code and status, check the arguments, and build the events."""
    m, sense = cand.modality, cand.sense
    code, status, speaker = sense.code, "asserted", view.speaker(cand.anchor)
    sources, targets = cand.sources, cand.targets
    rule = cand.rule
    condition = _condition_demand(ctx, view, cand) if m.wrapper is None and not m.negated else None
    if condition is not None:
        code = transform.wrap(code, "demand") or code
        sources, targets, cand.source_by, cand.target_by = condition
        rule += "|condition-demand"
    elif m.wrapper in ("reject", "threaten", "appeal", "demand"):
        if m.negated:
            return []
        code = (sense.negated if m.wrapper == "reject" else None) or transform.wrap(code, m.wrapper) or code
        rule += f"|{m.wrapper}:{m.wrapper_token.lemma_ if m.wrapper_token is not None else ''}"
        if m.wrapper == "appeal" and m.wrapper_token is not None:
            gov_subj, _ = subject_of(m.wrapper_token)
            gov_src = view.actors_of(gov_subj, speaker) if gov_subj is not None else []
            if gov_src:
                sources, targets = gov_src, sources or targets
    elif m.wrapper == "intent":
        code = (sense.negated or transform.wrap(code, "reject")) if m.negated else (transform.wrap(code, "intent") or code)
        rule += f"|{'refusal' if m.negated else 'intent'}:{m.wrapper_token.lemma_ if m.wrapper_token is not None else ''}"
    elif m.deontic and speaker is not None:
        own = any(a.country == speaker.country for a in sources)
        code = transform.wrap(code, "intent" if own else "demand") or code
        if not own:  # "the EU should remove restrictions": the speaker demands it of them
            cand.target_by = "subject" if sources else "context"
            targets = sources or _context_target(ctx, view, [speaker])[0]
            sources, cand.source_by = [speaker], "speaker"
        rule += "|deontic-" + ("intent" if own else "demand")
    elif m.negated:
        if sense.negated:
            code = sense.negated
            rule += "|negated->refusal"
        else:
            status = "negated"
    if m.hypothetical and condition is None:
        status = "hypothetical"
    elif m.future and status == "asserted" and not m.negated:
        status = "future"
    if not sources or not code:
        return []
    date = event_date(cand.anchor, cand.anchor.sent, ctx.pub, ctx.paragraph_date)
    if date is not None and date.basis == "explicit" and ctx.pub is not None and date.as_date() < ctx.pub - dt.timedelta(days=7):
        ctx.paragraph_date = date
        if status == "asserted":
            status = "historical"
    elif date is not None and date is ctx.paragraph_date and status == "asserted":
        status = "historical"
        rule += "|date-from-paragraph"
    if speaker is not None and status in ("asserted", "historical") and all(a.country != speaker.country for a in sources):
        status = "reported"
    pairs = [(s, t) for s in sources for t in (targets or [None]) if t is None or s.code != t.code]
    symmetric = sense.symmetric and code[:2] == sense.code[:2]  # a refusal to meet is one-sided
    if symmetric and len(sources) > 1 and not targets:
        pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
    elif symmetric:
        pairs += [(t, s) for s, t in pairs if t is not None]
    conf = cand.confidence - (0.2 if cand.target_by in ("context", "none") else 0.0) - (
        0.2 if "previous-sentence" in cand.source_by else 0.0)
    return [_event(ctx, view, cand, code, status, s, t, date, speaker, rule, conf) for s, t in pairs]


def _condition_demand(ctx: ArticleContext, view: SentenceView, cand: Candidate
                      ) -> tuple[list[Actor], list[Actor], str, str] | None:
    """A concession set as a condition is demanded by whoever sets it: "they tell us that Russia can
    have normal relations if it changes its behaviour" (they demand that Russia change its policy),
    "we will lift sanctions if Iran halts enrichment".  Only concessions (CAMEO 08): "we will respond
    if they impose sanctions" is a threat, not a demand.  Sources, targets and how each was found,
    or None when the trigger is no such condition."""
    clause = cand.anchor
    if cand.sense.code[:2] != "08" or clause.dep_ != "advcl" or not any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children):
        return None
    speaker = view.speaker(clause)
    targets, target_by = cand.sources, "condition-subject"
    if not targets:  # "Russia can … if it changes": the pronoun stands for the main clause's subject
        subj, _ = subject_of(clause.head)
        targets, target_by = (view.actors_of(subj, speaker) if subj is not None else []), "main-clause-subject"
    if not targets:
        return None
    sources, source_by = _condition_setter(ctx, view, clause.head, speaker, targets)
    sources = [a for a in sources if a.country != targets[0].country]
    return (sources, targets, source_by, target_by) if sources else None


def _condition_setter(ctx: ArticleContext, view: SentenceView, clause: Token, speaker: Actor | None,
                      targets: list[Actor]) -> tuple[list[Actor], str]:
    """Who sets a condition: the subject of the speech verb reporting the clause ("they tell us that
    …"; an unnamed "they" is the article's other side), else the speaker."""
    node = clause
    while node.dep_ in ("ccomp", "conj", "xcomp") and not _is_speech(node):
        node = node.head
    subj = subject_of(node)[0] if _is_speech(node) else None
    if subj is None or subj.lower_ in words().first_person:
        return ([speaker] if speaker is not None else []), "speaker"
    found = view.actors_of(subj, speaker)
    if found:
        return found, "reporting-subject"
    if subj.lower_ == "they":
        return _context_target(ctx, view, targets)[0], "context"
    return [], "none"


def _told_to_know(ctx: ArticleContext, view: SentenceView) -> list[Event]:
    """Telling another actor what it must know or accept is a demand (CAMEO 100) by the speaker:
    "Washington must understand that sanctions will not work", "it should be clear to our European
    colleagues that interaction is only possible on an equal basis"."""
    events: list[Event] = []
    for tok in view.doc:
        addressee = _addressee_of_cognition(tok, ctx)
        speaker = view.speaker(tok) if addressee is not None else None
        if addressee is None or speaker is None or speaker.code is None:
            continue
        targets = [a for a in view.actors_of(addressee, speaker) if a.country != speaker.country]
        if not targets:
            continue
        rule = f"must-know:{tok.lemma_.lower()}"
        cand = Candidate(view.i, tok if tok.pos_ == "VERB" else tok.head, tok, Sense(code="100"), [speaker],
                         targets[:1], rule, 0.5, Modality(), "speaker", "addressee")
        date = event_date(cand.anchor, view.doc[:], ctx.pub, None)
        events.append(_event(ctx, view, cand, "100", "asserted", speaker, targets[0], date, speaker, rule, 0.5))
    return events


def _addressee_of_cognition(tok: Token, ctx: ArticleContext) -> Token | None:
    """Who must know: the subject of a cognition verb under a deontic modal ("X must understand that"),
    or the "to" object of "should be clear/obvious to X that"; None elsewhere (negated too, and
    without a that-clause)."""
    w = words()
    if tok.pos_ == "VERB" and tok.lemma_.lower() in w.cognition_verbs:
        holder, addressee = tok, subject_of(tok)[0]
    elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in w.cognition_adjectives:
        holder, addressee = tok.head, _preps(tok).get("to")
    else:
        return None
    if not any(c.dep_ == "ccomp" for c in holder.children):
        return None  # "banks must realize losses", "Japan should accept applications": not a view to hold
    mod = analyse(holder, ctx.wrappers)
    return addressee if mod.deontic and not mod.negated and mod.wrapper is None else None


def _evidence(view: SentenceView, cand: Candidate) -> Evidence:
    anchor = cand.anchor
    toks = [anchor, cand.trigger]
    subj, _ = subject_of(anchor)
    if subj is not None and subj.sent == anchor.sent:
        toks += [subj.left_edge, subj.right_edge]
    for c in anchor.children:
        if c.dep_ in _OBJ + ("prep", "agent", "prt", "dative", "xcomp", "npadvmod"):
            toks += [c.left_edge, c.right_edge]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    start, end = view.base + view.doc[lo].idx, view.base + view.doc[hi].idx + len(view.doc[hi].text)
    return Evidence(start, end, view.ctx.analysis.text[start:end])


def _location(anchor: Token) -> str | None:
    with_entities(anchor.doc)
    for c in anchor.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at"):
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC"):
                    return " ".join(t.text for t in g.subtree)
    return None


def _event(ctx: ArticleContext, view: SentenceView, cand: Candidate, code: str, status: str,
           source: Actor, target: Actor | None, date: EventDate | None, speaker: Actor | None,
           rule: str, confidence: float) -> Event:
    info = cameo(code)
    evidence = _evidence(view, cand)
    return Event(
        sentence=view.i, evidence=evidence, source=source, target=target, cameo=info.code,
        cameo_root=info.root, cameo_name=info.name, plover=info.plover, quad_class=info.quad_class,
        goldstein=info.goldstein, status=status,  # type: ignore[arg-type]
        event_date=date.value if date else (ctx.pub.isoformat() if ctx.pub else ""),
        date_basis=date.basis if date else "publication",  # type: ignore[arg-type]
        speaker=speaker, location=_location(cand.anchor), confidence=round(max(confidence, 0.1), 2),
        rule=f"{rule}|source:{cand.source_by}|target:{cand.target_by}", topics=sentence_topics(evidence.text),
        trigger=cand.trigger.text,
    )


def _speech_acts(ctx: ArticleContext, view: SentenceView, produced: list[Event]) -> list[Event]:
    """A speaker's criticism of another actor is itself an event: one per critical clause, coded 112
    (accuse) when the actor is the one doing the criticised thing, else 111 (criticise)."""
    speaker = view.speaker()
    if speaker is None or speaker.code is None:
        return []
    own = [e for e in produced if e.source and e.source.country == speaker.country and e.status != "reported"]
    events: list[Event] = []
    for head, cue in _critical_clauses(view).items():
        clause = view.doc[head]
        span = _clause_tokens(clause)
        start, end = view.base + view.doc[min(span)].idx, view.base + view.doc[max(span)].idx
        if any(e.evidence.start <= end and start <= e.evidence.end for e in own):
            continue
        events += _speech_act_events(ctx, view, clause, cue, span, speaker)
    return events


def _critical_clauses(view: SentenceView) -> dict[int, Token]:
    """Clause heads (token index) holding a criticism cue, each with its first cue. A clause without a
    subject of its own ("…, violating WTO rules") belongs to the clause it hangs from."""
    found: dict[int, Token] = {}
    for t in view.doc:
        if _is_cue(t):
            head = _clause_head(t)
            while head.dep_ != "ROOT" and not any(c.dep_ in _SUBJ for c in head.children) \
                    and _clause_head(head.head).pos_ in ("VERB", "AUX") and not _is_speech(head.head):
                head = _clause_head(head.head)
            found.setdefault(head.i, t)
    return found


def _is_cue(t: Token) -> bool:
    """A word of criticism used as a claim: "is absurd", "violating", "the main irritant", "anti-X";
    not a plain modifier of a topic ("illegal migration", "unfriendly actions")."""
    if t.lower_ == "anti" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-":
        return True
    if not (t.lower_ in words().criticism or t.lemma_.lower() in words().criticism):
        return False
    return not (t.pos_ == "ADJ" and t.dep_ == "amod")


def _is_speech(t: Token) -> bool:
    return t.lemma_.lower() in ("say", "add", "tell", "stress", "note", "emphasize", "point", "state", "acknowledge")


_CLAUSE_DEPS = ("ccomp", "advcl", "conj", "relcl", "parataxis", "ROOT")


def _clause_head(tok: Token) -> Token:
    """The verb heading the clause a word sits in (not the speech verb that reports it)."""
    node = tok
    while node.head.i != node.i and not (node.pos_ in ("VERB", "AUX") and node.dep_ in _CLAUSE_DEPS):
        node = node.head
    return node


def _clause_tokens(head: Token) -> set[int]:
    """A clause without the clauses nested in it ("it is absurd …, since it encourages …")."""
    nested = [c for c in head.children if c.dep_ in _CLAUSE_DEPS[:-1] and c.pos_ in ("VERB", "AUX")]
    skip = {t.i for c in nested for t in c.subtree}
    return {t.i for t in head.subtree if t.i not in skip and not t.is_punct} or {head.i}


def _speech_act_events(ctx: ArticleContext, view: SentenceView, clause: Token, cue: Token, span: set[int],
                       speaker: Actor) -> list[Event]:
    subjects = {t.i for s in (subject_of(cue)[0], subject_of(clause)[0], _object_control(cue.head))
                if s is not None for t in s.subtree}
    inside = [(t, a) for t, a in view.all_actors() if t.i in span and a.country != speaker.country
              and not _is_speaker_mention(view, t, speaker)]
    accused = [(t, a) for t, a in inside if t.i in subjects]
    by = "in-clause"
    targets = [a for _, a in accused] or [a for _, a in inside[:1]]
    if not targets:  # the main clause ("… the EU missed a chance"), never a side clause ("while contacting X")
        main = _clause_tokens(view.doc[:].root)
        targets = [a for t, a in view.all_actors() if t.i in main and a.country != speaker.country
                   and not _is_speaker_mention(view, t, speaker)][:1]
        by = "main-clause"
    if not targets:
        targets, by = _context_target(ctx, view, [speaker])
    code = "112" if accused else "111"
    rule = "speech-act:" + ("accuse" if accused else "criticize") + f":{cue.lower_}"
    cand = Candidate(view.i, clause, cue, Sense(code=code), [speaker], targets[:1], rule, 0.5, Modality(),
                     "speaker", by)
    date = event_date(clause, view.doc[:], ctx.pub, None)
    confidence = 0.55 if accused else 0.45 if by != "context" else 0.35
    return [_event(ctx, view, cand, code, "asserted", speaker, target, date, speaker, rule, confidence)
            for target in targets[:2]]
