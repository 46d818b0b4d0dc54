"""CAMEO's parallel families: the same action intended, appealed for, demanded, refused or threatened.

CAMEO is built so that one kind of action (meet, give aid, ease sanctions, …) reappears under
several roots with the same last digits: 036 *express intent to meet*, 026 *appeal to meet*,
106 *demand meeting*, 125 *reject proposal to meet*.  Coding "Moscow has no intentions to
discuss" as 125, or "the EU should lift sanctions" as 1054, is therefore a transformation of the
action's own code, not a separate dictionary entry.  This module holds that table, so the coder
needs one trigger per action and gets every modality of it.
"""

from __future__ import annotations

from typing import Literal

Wrapper = Literal["intent", "appeal", "demand", "reject", "threaten"]

# action family -> code under each wrapper (from the CAMEO codebook's parallel structure)
_FAMILIES: dict[str, dict[Wrapper, str]] = {
    "cooperate": {"intent": "030", "appeal": "020", "demand": "100", "reject": "120", "threaten": "130"},
    "material": {"intent": "031", "appeal": "021", "demand": "101", "reject": "121", "threaten": "131"},
    "material.econ": {"intent": "0311", "appeal": "0211", "demand": "1011", "reject": "1211", "threaten": "131"},
    "material.mil": {"intent": "0312", "appeal": "0212", "demand": "1012", "reject": "1212", "threaten": "131"},
    "material.jud": {"intent": "0313", "appeal": "0213", "demand": "1013", "reject": "1213", "threaten": "131"},
    "material.intel": {"intent": "0314", "appeal": "0214", "demand": "1014", "reject": "121", "threaten": "131"},
    "diplomatic": {"intent": "032", "appeal": "022", "demand": "102", "reject": "120", "threaten": "130"},
    "aid": {"intent": "033", "appeal": "023", "demand": "103", "reject": "122", "threaten": "1311"},
    "aid.econ": {"intent": "0331", "appeal": "0231", "demand": "1031", "reject": "1221", "threaten": "1311"},
    "aid.mil": {"intent": "0332", "appeal": "0232", "demand": "1032", "reject": "1222", "threaten": "1311"},
    "aid.hum": {"intent": "0333", "appeal": "0233", "demand": "1033", "reject": "1223", "threaten": "1311"},
    "aid.protect": {"intent": "0334", "appeal": "0234", "demand": "1034", "reject": "1224", "threaten": "1311"},
    "reform": {"intent": "034", "appeal": "024", "demand": "104", "reject": "123", "threaten": "130"},
    "reform.leader": {"intent": "0341", "appeal": "0241", "demand": "1041", "reject": "1231", "threaten": "130"},
    "reform.policy": {"intent": "0342", "appeal": "0242", "demand": "1042", "reject": "1232", "threaten": "130"},
    "reform.rights": {"intent": "0343", "appeal": "0243", "demand": "1043", "reject": "1233", "threaten": "130"},
    "reform.regime": {"intent": "0344", "appeal": "0244", "demand": "1044", "reject": "1234", "threaten": "130"},
    "yield": {"intent": "035", "appeal": "025", "demand": "105", "reject": "124", "threaten": "130"},
    "yield.admin": {"intent": "0351", "appeal": "0251", "demand": "1051", "reject": "1241", "threaten": "130"},
    "yield.dissent": {"intent": "0352", "appeal": "0252", "demand": "1052", "reject": "1242", "threaten": "130"},
    "yield.release": {"intent": "0353", "appeal": "0253", "demand": "1053", "reject": "1243", "threaten": "130"},
    "yield.econ": {"intent": "0354", "appeal": "0254", "demand": "1054", "reject": "1244", "threaten": "130"},
    "yield.involve": {"intent": "0355", "appeal": "0255", "demand": "1055", "reject": "1245", "threaten": "130"},
    "yield.deescalate": {"intent": "0356", "appeal": "0256", "demand": "1056", "reject": "1246", "threaten": "130"},
    "meet": {"intent": "036", "appeal": "026", "demand": "106", "reject": "125", "threaten": "134"},
    "settle": {"intent": "037", "appeal": "027", "demand": "107", "reject": "127", "threaten": "130"},
    "mediate": {"intent": "039", "appeal": "028", "demand": "108", "reject": "126", "threaten": "135"},
    # conflictual actions: they can be threatened (and demanded of a third party, rarely)
    "reduce": {"intent": "1313", "appeal": "020", "demand": "100", "reject": "120", "threaten": "1313"},
    "sanction": {"intent": "1312", "appeal": "020", "demand": "100", "reject": "120", "threaten": "1312"},
    "coerce": {"intent": "137", "appeal": "020", "demand": "100", "reject": "120", "threaten": "137"},
    "admin": {"intent": "132", "appeal": "020", "demand": "100", "reject": "120", "threaten": "132"},
    "force": {"intent": "138", "appeal": "020", "demand": "100", "reject": "120", "threaten": "138"},
    "blockade": {"intent": "1381", "appeal": "020", "demand": "100", "reject": "120", "threaten": "1381"},
    "occupy": {"intent": "1382", "appeal": "020", "demand": "100", "reject": "120", "threaten": "1382"},
}

# longest prefix of an action code -> its family
_CODE_FAMILY: dict[str, str] = {
    "04": "meet", "045": "mediate", "046": "meet",
    "05": "diplomatic", "057": "settle",
    "06": "material", "061": "material.econ", "062": "material.mil", "063": "material.jud", "064": "material.intel",
    "07": "aid", "071": "aid.econ", "072": "aid.mil", "073": "aid.hum", "074": "aid.protect", "075": "aid.protect",
    "08": "yield", "081": "yield.admin", "082": "yield.dissent", "083": "reform", "0831": "reform.leader",
    "0832": "reform.policy", "0833": "reform.rights", "0834": "reform.regime", "084": "yield.release",
    "085": "yield.econ", "086": "yield.involve", "087": "yield.deescalate",
    "16": "reduce", "163": "sanction", "17": "coerce", "172": "admin",
    "15": "force", "18": "force", "19": "force", "191": "blockade", "192": "occupy", "20": "force",
    # intents, appeals, demands already carry their family in the last digit
    "030": "cooperate", "031": "material", "0311": "material.econ", "032": "diplomatic", "033": "aid",
    "034": "reform", "0341": "reform.leader", "0342": "reform.policy",
    "0343": "reform.rights", "0344": "reform.regime", "035": "yield", "0354": "yield.econ", "036": "meet", "037": "settle", "039": "mediate",
}


def family(code: str) -> str | None:
    """The action family of a CAMEO code (longest matching prefix), or None."""
    for n in range(len(code), 1, -1):
        fam = _CODE_FAMILY.get(code[:n])
        if fam:
            return fam
    return None


def wrap(code: str, wrapper: Wrapper) -> str | None:
    """The code of ``wrapper`` applied to the action ``code``: wrap("042", "reject") == "125"."""
    fam = family(code)
    return _FAMILIES[fam][wrapper] if fam else None
