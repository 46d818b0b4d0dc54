"""The event coder on real sentences: each phenomenon the field gets wrong, one sentence each.

Sentences come from the two sample articles, the Reuters-21578 stories (ids given) and the
bundled sample. Assertions are on what a careful human coder would code.
"""

from __future__ import annotations

from detente.coder import code


def _events(text: str, date: str = "2017-07-10"):
    return code(text, date=date).events


def _dyads(events, status=None):
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo_root)
            for e in events if status is None or e.status == status}


def _country(actor):
    return actor.country if actor else None


def test_negated_cooperation_is_a_refusal_never_cooperation(nlp):
    evs = _events("Moscow will not make unilateral gestures of goodwill to the European Union, "
                  "Russian Foreign Minister Sergey Lavrov said.", "2020-11-03")
    assert evs, "the refusal must be coded"
    assert all(e.cameo_root not in ("03", "05", "08") or e.status == "negated" for e in evs)
    refusal = [e for e in evs if e.cameo_root == "12"]
    assert refusal and _country(refusal[0].source) == "RUS" and refusal[0].target.code == "IGOEUREEC"
    assert refusal[0].speaker is not None and refusal[0].speaker.code == "RUSGOV"

    evs = _events("Moscow has no intentions to discuss the conditions for the lifting of sanctions, "
                  "a source in the Russian Foreign Ministry said.")
    assert any(e.cameo == "125" for e in evs)
    assert not any(e.cameo_root in ("03", "04") for e in evs), "'no intentions to discuss' is no intent to meet"


def test_denial_of_blame(nlp):
    evs = _events("According to the top diplomat Sergey Lavrov, Russia is not to blame for the current "
                  "crisis in relations with the EU.", "2020-11-03")
    assert any(e.cameo == "016" and _country(e.source) == "RUS" for e in evs)
    assert not any(e.cameo_root == "11" and _country(e.source) == "RUS" and e.status == "asserted"
                   and e.rule.startswith("verb:blame") for e in evs)


def test_historical_event_is_dated_when_it_happened(nlp):
    evs = _events("In 2014, the European Union and the United States imposed sanctions on Moscow "
                  "over the situation in Ukraine.")
    sanctions = [e for e in evs if e.cameo_root == "16"]
    # compound source: one event per actor, target from the 'on' phrase (not Ukraine)
    assert {e.source.code for e in sanctions} >= {"IGOEUREEC", "USA"}
    assert all(_country(e.target) == "RUS" for e in sanctions)
    assert all(e.event_date == "2014" and e.status == "historical" and e.date_basis == "explicit"
               for e in sanctions)


def test_relative_date_and_future_meeting(nlp):
    evs = _events("Russia’s top diplomat Sergey Lavrov and EU foreign policy chief Federica Mogherini "
                  "will discuss in Brussels on Tuesday the prospects of bilateral relations.")
    meet = [e for e in evs if e.cameo_root in ("03", "04")]
    assert meet and all(e.status == "future" for e in meet)
    assert {(e.source.code, e.target.code) for e in meet} >= {("RUSGOV", "IGOEUREEC"), ("IGOEUREEC", "RUSGOV")}
    assert {e.event_date for e in meet} == {"2017-07-11"} and meet[0].date_basis == "relative"
    assert meet[0].location == "Brussels"


def test_past_visit_with_explicit_date(nlp):
    evs = _events("Mogherini visited Moscow on April 24.")
    # no role learned in this one-sentence text: Mogherini's dated role comes from the knowledge base
    visit = [e for e in evs if e.cameo == "042"]
    assert visit and visit[0].target.code == "RUS" and visit[0].event_date == "2017-04-24"
    assert visit[0].source.code == "IGOEUREEC" and visit[0].status == "historical"


def test_demand_in_a_speakers_words(nlp):
    evs = _events("Moscow has no intentions to discuss the conditions for the lifting of sanctions, as it is "
                  "the EU that should remove restrictions, a source in the Russian Foreign Ministry said.")
    demand = [e for e in evs if e.cameo_root == "10"]
    assert demand and _country(demand[0].source) == "RUS" and demand[0].target.code == "IGOEUREEC"


def test_conditions_and_must_know_are_demands(nlp):
    # a concession set as a condition is demanded by whoever sets it; a threatened act is not
    evs = _events("U.S. officials said Washington would lift the sanctions if Tokyo changes its trade policy.",
                  "1987-03-01")
    assert ("USAGOV", "JPN", "10") in _dyads(evs, "asserted")
    assert [e.cameo for e in evs if e.cameo_root == "10"] == ["1042"]
    evs = _events("The Iranian minister said Tehran would retaliate if Washington imposed new sanctions.", "1987-03-01")
    assert not any(e.cameo_root == "10" for e in evs)
    # telling another actor what it must understand is a demand; saying it does not understand is not
    evs = _events("Tokyo must understand that the trade surplus cannot continue, the U.S. trade representative said.",
                  "1987-03-01")
    assert ("USAGOV", "JPN", "10") in _dyads(evs)
    evs = _events("The U.S. trade representative said Tokyo does not understand that the surplus cannot continue.",
                  "1987-03-01")
    assert not any(e.cameo_root == "10" for e in evs)


def test_passive_takes_agent_from_by_phrase(nlp):
    evs = _events("Several Soviet diplomats were expelled by the United States on Friday.", "1987-03-21")
    expel = [e for e in evs if e.cameo == "174"]  # CAMEO: expel or deport individuals
    assert expel and expel[0].source.code.startswith("USA") and _country(expel[0].target) == "SUN"
    assert "by-agent" in expel[0].rule


def test_reuters_sanctions_and_threats(nlp):
    # reuters21578-5772
    evs = _events("The EC last year imposed sanctions against Syria because of its alleged role in the "
                  "attempted bombing of an Israeli airliner.", "1987-03-16")
    s = [e for e in evs if e.cameo_root == "16"]
    assert s and s[0].source.code == "IGOEUREEC" and _country(s[0].target) == "SYR"
    assert s[0].event_date == "1986"
    # reuters21578-175: a threat is coded as a threat, not as the threatened act
    evs = _events("Argentina has threatened to emulate Brazil's payments moratorium if the banks do not "
                  "grant its request.", "1987-02-26")
    assert not any(e.cameo_root in ("16", "17", "18", "19", "20") and e.status == "asserted" for e in evs)


def test_every_event_is_traceable(nlp, seeds):
    from detente.ingest import read_articles

    for article in read_articles([seeds]):
        for e in code(article).events:
            assert article.text[e.evidence.start:e.evidence.end] == e.evidence.text
            assert e.rule and 0 < e.confidence <= 1
            assert e.cameo.startswith(e.cameo_root) and e.quad_class in (1, 2, 3, 4)


def test_seed_articles_meet_the_bar(nlp, seeds):
    """Issue 4: every hand-coded event found, no must_not coding, ≤ 5 extra events per article."""
    from detente.evaluate import evaluate

    report = evaluate("seeds", split="all")
    found = report.score("event found")
    worst = "\n".join(f"{x.gold} | {x.ours} | {x.rule}" for x in report.worst(12))
    assert found.recall == 1.0, worst
    assert report.summary["must_not violations"] == 0, worst
    extra = {k: v for k, v in report.summary.items() if k.startswith("unmatched predicted events:")}
    assert len(extra) == 2 and max(extra.values()) <= 5, (extra, worst)


def test_a_date_inside_a_noun_phrase_does_not_date_the_event(nlp):
    evs = _events("The United States accused the Soviet Union on Wednesday of violating the 1972 "
                  "Anti-Ballistic Missile treaty.", "1987-05-20")
    assert evs and all(e.event_date == "1987-05-20" and e.status != "historical" for e in evs)
    accuse = [e for e in evs if e.cameo_root == "11"]
    assert accuse and accuse[0].source.code == "USA" and accuse[0].target.code == "SUN"
