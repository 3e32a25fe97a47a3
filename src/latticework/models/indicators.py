"""Strategy indicators per state-year, each a documented function of store data scaled to [0, 1].

Every indicator returns its value, the raw components it was built from, and the components that
were missing. A missing component is reported, never imputed: the indicator is the mean of the
components that exist, and NULL when none does.

============================  ==================================================================
indicator                     definition (components → transform → [0, 1])
============================  ==================================================================
self_reliance                 mean of: SIPRI military spending share of GDP / 3 % (capped at 1);
                              world rank score (30 − rank) / 29 (rank 1 → 1, 30th or lower → 0);
                              5-year trend of constant-US$ spending, 0.5 + change / 100 % (capped)
patron_dependence             the asymmetry measure's dependence of the state on its main patron
                              (``dependence_b_on_a``, 0–1); 0 with a note when it has no patron
partner_breadth               distinct non-patron partners with security ties (defence/offence/
                              consultation obligations, defence cooperation, access and security
                              agreements, exercises, assistance) in the trailing five years;
                              1 − exp(−n / 10)  (10 partners → 0.63, 20 → 0.86)
regional_leadership           mean of: share of world arms exports (SIPRI TIV) / 5 % (capped);
                              recipients of its security assistance in five years, 1 − exp(−n/5);
                              initiatives it leads (ledger records with it as first actor of
                              DIALOGUE, SECURITY_ASSISTANCE, DEFENSE_PACT, ACCESS_AGREEMENT,
                              SECURITY_AGREEMENT) in five years, 1 − exp(−n / 10)
economic_activism             mean of: trade openness (WDI trade % of GDP / 100, capped);
                              economic-security agreements and initiatives in the ledger in five
                              years, 1 − exp(−n / 5)
global_engagement             mean of: ODA as % of GNI / 0.7 % (the UN target; capped);
                              IGO full memberships / the most any state holds that year (COW IGO)
============================  ==================================================================

Non-aggression and neutrality obligations are left out of partner breadth: region-wide treaties
(e.g. the Treaty of Amity and Cooperation) would count every neighbour, rivals included.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

INDICATORS = ["self_reliance", "patron_dependence", "partner_breadth", "regional_leadership",
              "economic_activism", "global_engagement"]

SECURITY_LAYERS = ["atop_defense", "atop_offense", "atop_consul", "dca", "mme_exercise", "ledger_defense_pact",
                   "ledger_access", "ledger_security_agreement", "ledger_exercise", "ledger_assistance"]
LEAD_TYPES = ["DIALOGUE", "SECURITY_ASSISTANCE", "DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT"]
MAJOR_POWERS = [2, 365, 710, 200, 220]  # USA, Russia/USSR, China, UK, France
WINDOW = 5


def _cap(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(min(max(x, 0.0), 1.0))


def _mean(parts: dict) -> float | None:
    vals = [v for v in parts.values() if v is not None]
    return float(np.mean(vals)) if vals else None


@dataclass
class StateData:
    """Everything the indicators read for one state, fetched once from the store's views."""

    state: object
    caps: pd.DataFrame
    ties: pd.DataFrame
    events: pd.DataFrame
    economy: pd.DataFrame
    igo_max: pd.Series
    arms_world: pd.Series
    patrons: dict


def load_state_data(db, state, y0: int, y1: int) -> StateData:
    """Fetch the views the indicators need for ``state`` over [y0 − 5, y1]."""
    s = db.state(state)
    caps = db.capabilities(s, y0 - WINDOW, y1).set_index("year")
    ties = db.sql("SELECT * FROM ties WHERE (a = ? OR b = ?) AND start_year <= ?", [s.ccode, s.ccode, y1])
    ev = db.events(actor=s.code)
    econ = db.sql("SELECT e.year, e.trade_gdp_pct, e.oda_gni_pct, e.igo_full, a.tiv_exports FROM economy e "
                  "FULL JOIN arms_trade a USING (ccode, year) WHERE coalesce(e.ccode, a.ccode) = ?", [s.ccode])
    econ = econ.groupby("year").first()
    igo_max = db.sql("SELECT year, max(igo_full) AS m FROM economy GROUP BY year").set_index("year")["m"]
    arms_world = db.sql("SELECT year, sum(tiv_exports) AS w FROM arms_trade GROUP BY year").set_index("year")["w"]
    return StateData(s, caps, ties, ev, econ, igo_max, arms_world, {})


def _in_force(ties: pd.DataFrame, y0: int, y1: int) -> pd.DataFrame:
    """Ties active at some point in [y0, y1] (no end recorded: active to its coverage end, or
    later when its source shows it open at coverage end)."""
    end = ties["end_year"].astype("float")
    open_end = ties["end_year"].isna()
    cov = ties["coverage_end"].astype("float")
    eff_end = np.where(open_end, np.where(ties["open_at_coverage_end"] | cov.isna(), 9999, cov), end)
    return ties[(ties["start_year"] <= y1) & (eff_end >= y0)]


def main_patron(db, data: StateData, year: int):
    """The state's main patron in ``year``: the major power (USA, Russia, China, UK, France) with a
    defence obligation toward it (ATOP, carried forward past 2018 when open, or a ledger defence
    pact) and the larger capability; None when there is none (or the state is itself the largest)."""
    s = data.state.ccode
    t = _in_force(data.ties, year, year)
    cands = t[(t["b"] == s) & t["a"].isin(MAJOR_POWERS) & t["layer"].isin(["atop_defense"])]
    und = t[t["layer"].eq("ledger_defense_pact") & ((t["a"] == s) | (t["b"] == s))]
    codes = set(cands["a"]) | (set(und["a"]) | set(und["b"])) & set(MAJOR_POWERS)
    codes.discard(s)
    if not codes or s in MAJOR_POWERS and s == 2:
        return None
    if len(codes) == 1:
        return next(iter(codes))
    cinc = db.sql(f"SELECT ccode, cinc FROM capabilities WHERE year = ? AND ccode IN ({','.join(map(str, codes))})",
                  [min(year, 2022)])
    return int(cinc.sort_values("cinc", ascending=False)["ccode"].iloc[0]) if len(cinc) else min(codes)


def self_reliance(data: StateData, year: int) -> tuple[float | None, dict]:
    """Spending share of GDP, world rank and five-year spending trend (SIPRI)."""
    c = data.caps
    share = c["milex_gdp_share"].get(year)
    rank = c["milex_rank"].get(year)
    now, before = c["milex_constant_usd"].get(year), c["milex_constant_usd"].get(year - WINDOW)
    parts = {
        "gdp_share": _cap(share / 0.03) if pd.notna(share) else None,
        "rank": _cap((30 - float(rank)) / 29) if pd.notna(rank) else None,
        "trend_5y": _cap(0.5 + (now / before - 1.0)) if pd.notna(now) and pd.notna(before) and before > 0 else None,
    }
    raw = {"milex_gdp_share": None if pd.isna(share) else float(share), "milex_rank": None if pd.isna(rank) else int(rank)}
    led = _ledger_window(data, year)
    budget = led[led["type"].isin(["DEFENSE_BUDGET", "DEFENSE_POLICY"])
                 & led["actors"].map(lambda a: len(a) > 0 and a[0] == data.state.code)]
    return _mean(parts), parts | {"raw": raw, "events": list(budget["event_id"])}


def patron_events(data: StateData, year: int, patron_code: str | None) -> list[str]:
    """Ledger records of the trailing five years that bear on dependence on the patron: the
    patron's commitments, force posture, pacts and access agreements with the state."""
    if not patron_code:
        return []
    led = _ledger_window(data, year)
    led = led[led["type"].isin(["COMMITMENT", "FORCE_POSTURE", "DEFENSE_PACT", "ACCESS_AGREEMENT", "ARMS_TRANSFER"])
              & led["actors"].map(lambda a: patron_code in a)]
    return list(led["event_id"])


def partner_breadth(data: StateData, year: int, patron) -> tuple[float | None, dict]:
    """Distinct non-patron security partners in the trailing five years."""
    t = _in_force(data.ties[data.ties["layer"].isin(SECURITY_LAYERS)], year - WINDOW + 1, year)
    s = data.state.ccode
    partners = (set(t["a"]) | set(t["b"])) - {s, patron}
    n = len(partners)
    led = t[t["source"].eq("ledger") & ~(t["a"].isin([patron]) | t["b"].isin([patron]))]
    events = sorted({e for ref in led["source_ref"].dropna() for e in str(ref).split(",") if e})
    return 1 - math.exp(-n / 10), {"n_partners": n, "partners": sorted(int(p) for p in partners), "events": events}


def _ledger_window(data: StateData, year: int) -> pd.DataFrame:
    e = data.events
    if e is None or e.empty:
        return pd.DataFrame(columns=["event_id", "type", "year", "actors"])
    return e[(e["year"] > year - WINDOW) & (e["year"] <= year)]


def _ledger_covers(data: StateData, year: int) -> bool:
    """Whether ledger counts for this state-year mean something: the ledger starts in 2010, and a
    state with no ledger record at all is not yet covered (its counts are unknown, not zero)."""
    return year >= 2010 and data.events is not None and len(data.events) > 0


def regional_leadership(data: StateData, year: int) -> tuple[float | None, dict]:
    """Arms-export share, assistance recipients and initiatives led."""
    code = data.state.code
    exp = data.economy["tiv_exports"].get(year) if "tiv_exports" in data.economy else None
    world = data.arms_world.get(year)
    arms = _cap((exp or 0.0) / world / 0.05) if world and world > 0 and year <= 2022 else None
    s = data.state.ccode
    t = _in_force(data.ties[data.ties["layer"].eq("ledger_assistance") & data.ties["a"].eq(s)], year - WINDOW + 1, year)
    led = _ledger_window(data, year)
    led = led[led["type"].isin(LEAD_TYPES) & led["actors"].map(lambda a: len(a) > 0 and a[0] == code)]
    has_ledger = _ledger_covers(data, year)
    parts = {"arms_export_share": arms,
             "assistance_recipients": (1 - math.exp(-t["b"].nunique() / 5)) if has_ledger else None,
             "initiatives_led": (1 - math.exp(-len(led) / 10)) if has_ledger else None}
    return _mean(parts), parts | {"events": list(led["event_id"])}


def economic_activism(data: StateData, year: int) -> tuple[float | None, dict]:
    """Trade openness and economic-security initiatives."""
    trade = data.economy["trade_gdp_pct"].get(year) if "trade_gdp_pct" in data.economy else None
    led = _ledger_window(data, year)
    econ = led[led["type"].eq("ECONOMIC_SECURITY")]
    parts = {"trade_openness": _cap(trade / 100) if trade is not None and pd.notna(trade) else None,
             "economic_security": (1 - math.exp(-len(econ) / 5)) if _ledger_covers(data, year) else None}
    return _mean(parts), parts | {"events": list(econ["event_id"])}


def global_engagement(data: StateData, year: int) -> tuple[float | None, dict]:
    """ODA share of GNI against the 0.7 % UN target, and IGO memberships against the maximum."""
    oda = data.economy["oda_gni_pct"].get(year) if "oda_gni_pct" in data.economy else None
    igo = data.economy["igo_full"].get(year) if "igo_full" in data.economy else None
    m = data.igo_max.get(year)
    parts = {"oda_gni": _cap(oda / 0.7) if oda is not None and pd.notna(oda) else None,
             "igo_share": _cap(igo / m) if igo is not None and pd.notna(igo) and m else None}
    return _mean(parts), parts
