"""A state's profile for the terminal (printed by the CLI) and JSON: spending, alliances in force, US troops hosted.

The profile only arranges what the views return; it computes nothing itself.
"""
from __future__ import annotations

import pandas as pd

from latticework.views import queries as Q
from latticework.views import panels


def state_profile(db, state, start: int = 1990, end: int | None = None) -> dict:
    """Collect the profile's tables for a state (views only)."""
    s = db.state(state)
    end = end or db.latest_year
    caps = panels.capabilities(db, s, start, end)
    spend = caps[["year", "milex_constant_usd", "milex_current_usd", "milex_gdp_share", "milex_rank",
                  "milex_source", "sipri_coverage"]]
    atop_end = db.coverage("atop_ddy")[1]
    alliances = Q.alliances_in_force(db, s.ccode)
    alliances = alliances.drop_duplicates("atopid")
    ident = db.identity

    known = {x.ccode for x in ident.all()}

    def partners(members: str) -> list[str]:
        codes = [int(c) for c in members.split(",") if c and int(c) != s.ccode]
        return [ident.get(c).code if c in known else str(c) for c in codes]

    obligations = ["defense", "offense", "neutral", "nonagg", "consul"]
    alliances = pd.DataFrame({
        "atopid": alliances["atopid"], "since": alliances["begyr"],
        "obligations": [[o for o in obligations if r[o] == 1] for _, r in alliances.iterrows()],
        "asymmetric": alliances["asymm"].map({1: True, 0: False}),
        "own_defense_obligation": alliances["own_defense"],
        "partners": [partners(m) for m in alliances["members"]]})
    troops = Q.troops_hosted(db, s.ccode, start, end)
    return {"state": {"name": s.name, "iso3": s.iso3, "ccode": s.ccode}, "spending": spend,
            "alliances_in_force": alliances, "alliances_as_of": atop_end, "us_troops": troops,
            "versions": {n: db.version(n) for n in ("sipri_milex", "atop_ddy", "troopdata")}}
