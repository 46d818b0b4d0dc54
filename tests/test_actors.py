"""Actors on real text: dictionary names, metonymy, dated roles, learned roles, coreference, Phoenix import."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from detente.actors import KnowledgeBase, find_mentions, read_dictionary
from detente.cli import main
from detente.ingest import read_articles
from detente.nlp import Analysis


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


def mentions(text: str, kb: KnowledgeBase, date: str | None) -> dict[str, tuple[str, str]]:
    return {m.text: (m.code, m.how) for m in find_mentions(Analysis.of(text), kb, date)}


def test_seed_articles_resolve_every_listed_actor(nlp, seeds: Path, kb: KnowledgeBase) -> None:
    gold = yaml.safe_load((seeds / "expected_events.yaml").read_text(encoding="utf-8"))
    for doc in gold:
        article = next(a for a in read_articles(seeds / doc["file"]) if hasattr(a, "text"))
        found = find_mentions(Analysis.of(article.text), kb, article.date)
        codes_by_text = {m.text.lower(): m.code for m in found}
        for actor in doc["actors"]:
            for name in actor["name"].split(" / "):
                hits = [code for text, code in codes_by_text.items() if name.lower().split()[-1] in text]
                assert actor["code"] in hits, (doc["file"], name, hits)
        for alias in doc["actors"][0].get("also_called", []):
            hits = [m for m in found if m.text.lower() == alias.lower().removeprefix("the ")]
            assert hits and all(m.code == "RUSGOV" and m.name == "Sergey Lavrov" for m in hits), alias


def test_metonymy_and_dated_roles(nlp, kb: KnowledgeBase) -> None:
    text = "Moscow has no intentions to discuss it, while Brussels bureaucrats and the Kremlin disagree."
    assert mentions(text, kb, "2017-07-10") == {
        "Moscow": ("RUS", "dictionary"), "Brussels bureaucrats": ("IGOEUREEC", "dictionary"),
        "Kremlin": ("RUSGOV", "dictionary")}
    # the same words in 1987 name the Soviet state
    assert mentions(text, kb, "1987-03-02")["Kremlin"] == ("SUNGOV", "dictionary")
    # a person's role is resolved at the article's date, never a stale one
    assert kb.lookup("Federica Mogherini", "2017-07-10")[1] == "IGOEUREEC"
    assert kb.lookup("Federica Mogherini", "2014-05-01")[1] == "ITAGOV"
    assert kb.lookup("Federica Mogherini", "2021-01-01")[1] == "ITA"
    assert kb.lookup("Sergey Lavrov", "1990-01-01")[1] == "RUS"
    # two Bushes: the one in office
    assert kb.lookup("Bush", "2003-03-20")[0].name == "George W. Bush"


def test_case_sectors_learned_roles_and_coreference(nlp, kb: KnowledgeBase) -> None:
    text = ("Ukrainian Defence Minister Oleksiy Reznikov met US officials on Monday. Reznikov told us that "
            "the talks went well. He said the ministry would publish a statement. "
            "A spokesman for the Chinese Foreign Ministry declined to comment, and the spokesman later "
            "said the Minsk agreements were dead.")
    found = mentions(text, kb, "2022-05-02")
    assert found["Ukrainian Defence Minister Oleksiy Reznikov"] == ("UKRGOVMIL", "learned-role")
    assert found["Reznikov"] == ("UKRGOVMIL", "learned-role")
    assert found["US officials"] == ("USAGOV", "dictionary")
    assert "us" not in found  # the pronoun is not the United States
    assert found["He"] == ("UKRGOVMIL", "coreference")
    assert found["spokesman for the Chinese Foreign Ministry"][0] == "CHNGOV"
    assert found["spokesman"] == ("CHNGOV", "coreference")
    assert "Minsk" not in found  # an agreement's name, not Belarus
    # "our European partners" in a text that has named the EU are the EU; European leaders are Europe's
    found = mentions("The EU extended the sanctions. Our European partners know this, and European leaders "
                     "met in Rome.", kb, "2017-07-10")
    assert found["European"] == ("IGOEUREEC", "coreference")
    assert found["European leaders"] == ("EURGOV", "dictionary")
    assert mentions("Our European partners know this.", kb, None)["European"][0] == "EUR"  # no EU named


def test_phoenix_import_with_date_restrictions(shared: Path, tmp_path: Path) -> None:
    phoenix = shared / "reference" / "phoenix"
    problems: list[str] = []
    entries = {e.name: e for e in read_dictionary(phoenix / "Phoenix.Countries.actors.txt", problems)}
    lavrov = entries["SERGEY LAVROV"]
    assert lavrov.code_at("2000-01-01") == "RUSGOV" and lavrov.code_at("1990-01-01") == "RUS"
    assert all(":" in p and "skipped" in p for p in problems)  # typos in the file are reported, not fatal

    small = tmp_path / "mine.actors.txt"
    small.write_text("JOHN_EXAMPLE_  # test\n+J._EXAMPLE\n\t[FRAGOV 19990101-20031231]\n\t[FRAMIL >20040101]\n")
    kb_file = tmp_path / "kb.jsonl"
    result = CliRunner().invoke(main, ["actors", "import", str(small), "--kb", str(kb_file)])
    assert result.exit_code == 0 and "1 entries imported" in result.output
    kb = KnowledgeBase.builtin([kb_file])
    assert kb.lookup("John Example", "2001-06-01")[1] == "FRAGOV"
    assert kb.lookup("J. Example", "2010-06-01")[1] == "FRAMIL"


def test_shared_demonyms_and_actors_without_a_country(nlp, kb: KnowledgeBase) -> None:
    # "French" is also the demonym of Saint Pierre and Miquelon: the most populous owner wins
    found = mentions("Israeli Prime Minister Benjamin Netanyahu will meet French President Emmanuel Macron "
                     "in Paris.", kb, "2018-11-25")
    assert found["French President Emmanuel Macron"] == ("FRAGOV", "learned-role")
    assert found["Israeli Prime Minister Benjamin Netanyahu"][0] == "ISRGOV"
    # armed men of no stated country are still actors, as GDELT codes them; "intelligence" is not
    found = mentions("Abu Sayyaf gunmen killed six Philippine Army soldiers in an ambush, while experts "
                     "discussed artificial intelligence.", kb, "2018-01-01")
    assert found["Abu Sayyaf gunmen"] == ("REB", "dictionary")
    assert found["Philippine Army soldiers"][0] == "PHLMIL"
    assert not any("intelligence" in text for text in found)
    # what rankings and pickers call these codes
    assert [kb.code_name(c) for c in ("REB", "PHLMIL", "IGOEUREEC", "GBR", "XXX")] == [
        "rebels (country unknown)", "Philippines: military", "European Union", "Britain", None]
