"""Strategy indicators per state-year (v2, issue 17): each a documented function of store data in [0, 1].

Every indicator is a weighted mean of components that exist that year, and returns the components
it was built from. A component a source does not cover is missing, never 0, and never imputed,
with three documented exceptions that keep a series' meaning across a source's *end*: a slowly
moving stock (IGO memberships, UN voting) is carried forward from the source's last year, with
``carried`` naming it; windowed quantities (arms transfers) use the years of the window the
source covers; and after COW trade ends (2014), a state that WDI or SIPRI stops reporting keeps
its latest export share and trade orientation, named in ``carried``. Sources that *start* inside
1950–2024 without a backward splice (DCAD 1980, the MME exercises 1980, ODA 2000) are not used:
they moved the old indicators at their first year.
The ledger (1990 on, thin before 2010) enters only as a small bonus (``LEDGER_WEIGHT`` × its
component, added to the mean of the other components and capped at 1): it can tip a close call,
its absence never subtracts, and it never makes an indicator on its own.

==================  ========================================================================  =================
indicator           components (unit → transform to [0, 1]; weight)                           sources
==================  ========================================================================  =================
self_reliance       EFFORT, not size. ``effort_norm``: military spending % of GDP, s/(s+2 %)   SIPRI milex
                    (2 % → 0.5); ``effort_region``: r/(1+r), r = the state's share ÷ the
                    median share of its region's states that year (median → 0.5);
                    ``rival_balance``: own spending ÷ (own + main rival's), constant US$
                    (equal → 0.5; no rival → missing)
patron_dependence   ``guarantee_gap``: 1 if the patron owes a defence obligation (ATOP, or a      ATOP, SIPRI milex,
                    ledger defence pact) × the capability gap rival/(own + rival) spending      SIPRI arms,
                    (no rival → 0.5), 0 without a treaty patron; ``arms_share``: the patron's   troopdata, UNGA,
                    share of the state's arms imports (TIV) over five years;                    ledger (0.15)
                    ``hosted_troops``: US troops in the state, 1 − exp(−n/10 000) (US patron
                    only); ``un_followership``: percentile of the state's UN voting agreement
                    with the patron among all states that year (US, Russia/USSR, China only);
                    ``rotational_presence`` (ledger, 0.15): the patron's force-posture and
                    access records with the state in five years, 1 − exp(−n/3)
partner_breadth     ``treaty_partners``: distinct non-patron states with ATOP defence,           ATOP, ledger (0.15)
                    offence or consultation obligations in force, 1 − exp(−n/10);
                    ``ledger_partners`` (0.15): distinct non-patron partners in ledger pacts,
                    access and security agreements and exercises in five years, 1 − exp(−n/5)
regional_leadership ``arms_export_share``: share of world arms exports over five years (TIV),    SIPRI arms, ledger
                    (log10 % + 1)/2 (0.1 % → 0, 1 % → 0.5, 10 % → 1); ``ledger_lead`` (0.15):   (0.15)
                    assistance recipients and initiatives led in five years, 1 − exp(−n/5)
economic_activism   ``export_share``: share of world exports, (log10 % + 1)/2 (0.1 % → 0,        COW trade to 2014,
                    1 % → 0.5, 10 % → 1); COW goods exports over the COW world total to 2014,   WDI after (spliced),
                    then WDI exports (current US$) over the WDI world total, scaled by the      SIPRI milex
                    COW/WDI ratio of 2010–2014 so the series does not step;
                    ``trade_orientation``: the trading state (Rosecrance): exports ÷ military
                    spending, both current US$ (exports spliced as above), over the median
                    ratio of all states that year, (log10 r + 1)/2 (the median state → 0.5,
                    ten times it → 1, a tenth → 0); a national ratio against a median, so a
                    source adding a large state (SIPRI's China from 1989) does not move it;
                    ``economic_security`` (ledger, 0.15): its ECONOMIC_SECURITY records in
                    five years, 1 − exp(−n/3)
global_engagement   ``igo_share``: full IGO memberships ÷ the most any state holds that year     COW IGO
                    (COW IGO; the 2014 value carried forward after 2014)
==================  ========================================================================  =================

The patron: the major power (USA, Russia/USSR, China, UK, France) with a defence obligation toward
the state (ATOP, open obligations carried past 2018, or a ledger defence pact) and the larger
military spending; without one, the major power that supplied most of the state's arms
imports in the five years (a *supplier* patron: no guarantee). A state's predecessor codes are read
for years before its current code (West Germany 260 for Germany before 1990).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from latticework.errors import UsageError
from latticework.views import queries as Q
from latticework.views import panels
from latticework.views.ties import in_force_rows

INDICATORS = ["self_reliance", "patron_dependence", "partner_breadth", "regional_leadership",
              "economic_activism", "global_engagement"]

TREATY_LAYERS = ["atop_defense", "atop_offense", "atop_consul", "ledger_defense_pact"]
LEDGER_PARTNER_LAYERS = ["ledger_defense_pact", "ledger_access", "ledger_security_agreement", "ledger_exercise"]
LEAD_TYPES = ["DIALOGUE", "SECURITY_ASSISTANCE", "DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT"]
MAJOR_POWERS = [2, 365, 710, 200, 220]  # USA, Russia/USSR, China, UK, France
UN_AGREE = {2: "us_agree", 365: "russia_agree", 710: "china_agree"}
PREDECESSORS = {255: (260, 1990)}  # Germany: West Germany's code before 1990
WINDOW = 5
LEDGER_WEIGHT = 0.15
LEDGER_START = 1990
#: the last years of COW trade, COW IGO and the UN votes when a store does not say (the store's
#: ``sources`` table does: ``world()`` reads them from there, so a new edition moves them)
DEFAULT_ENDS = {"cow_trade": 2014, "cow_igo": 2014, "unga": 2023}
SPLICE_SPAN = 5  # the COW/WDI export ratio is the mean over COW trade's last five years

#: weights of the components inside each indicator (ledger components small, see module doc)
COMPONENT_WEIGHTS = {
    "self_reliance": {"effort_norm": 1.0, "effort_region": 1.0, "rival_balance": 1.0},
    "patron_dependence": {"guarantee_gap": 1.0, "arms_share": 1.0, "hosted_troops": 1.0, "un_followership": 1.0,
                          "rotational_presence": LEDGER_WEIGHT},
    "partner_breadth": {"treaty_partners": 1.0, "ledger_partners": LEDGER_WEIGHT},
    "regional_leadership": {"arms_export_share": 1.0, "ledger_lead": LEDGER_WEIGHT},
    "economic_activism": {"export_share": 1.0, "trade_orientation": 1.0, "economic_security": LEDGER_WEIGHT},
    "global_engagement": {"igo_share": 1.0},
}


def region(ccode: int) -> str:
    """COW region of a state code: Americas 2–199, Europe 200–399, Africa 400–599, Middle East
    600–699, Asia and Oceania 700–999."""
    c = int(ccode)
    return "americas" if c < 200 else "europe" if c < 400 else "africa" if c < 600 else "middle_east" if c < 700 else "asia"


LEDGER_COMPONENTS = {"rotational_presence", "ledger_partners", "ledger_lead", "economic_security"}


def weighted_mean(parts: dict, weights: dict) -> float | None:
    """Weighted mean of the non-ledger components that exist (``None``/NaN left out), plus each
    ledger component times its weight as a bonus (capped at 1): the ledger can add evidence of
    activity but its thinness before 2010 never subtracts, and it cannot make an indicator on its
    own — ``None`` when no non-ledger component exists."""
    num = den = bonus = 0.0
    for k, v in parts.items():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        w = weights.get(k, 1.0)
        if k in LEDGER_COMPONENTS:
            bonus += w * float(v)
            continue
        num += w * float(v)
        den += w
    return float(min(num / den + bonus, 1.0)) if den > 0 else None


def ratio_score(r: float | None) -> float | None:
    """r / (1 + r): a ratio to a reference level in [0, 1] (equal to the reference → 0.5)."""
    if r is None or not np.isfinite(r) or r < 0:
        return None
    return float(r / (1.0 + r))


def log_share_score(share: float | None) -> float | None:
    """A share of a world total (fraction) on a log scale: (log10(percent) + 1) / 2, clipped to
    [0, 1] — 0.1 % → 0, 1 % → 0.5, 10 % → 1. ``None`` for a missing or zero share (a gap)."""
    if share is None or not np.isfinite(share):
        return None
    if share <= 0:
        return None  # no state exports nothing: a zero is a gap in the source (COW codes some as 0)
    return float(min(max((math.log10(share * 100) + 1) / 2, 0.0), 1.0))


def log_ratio_score(r: float | None) -> float | None:
    """A ratio to a reference level on a log scale: (log10 r + 1) / 2, clipped to [0, 1] — the
    reference level → 0.5, ten times it → 1, a tenth of it → 0. ``None`` for a missing or
    non-positive ratio."""
    if r is None or not np.isfinite(r) or r <= 0:
        return None
    return float(min(max((math.log10(r) + 1) / 2, 0.0), 1.0))


def saturating(n: float, scale: float) -> float:
    """1 − exp(−n / scale): a count in [0, 1) (n = scale → 0.63)."""
    return float(1 - math.exp(-float(n) / scale))


# -- world cross-sections, computed once per store ----------------------------------------------
_WORLD: dict = {}


@dataclass
class World:
    """Per-year cross-sections the indicators compare a state with (all states, one store)."""

    milex: pd.DataFrame            # ccode, year, milex_gdp_share, milex (constant US$ m, current as fallback)
    region_median: pd.Series       # (region, year) -> median milex share of GDP
    export_share: pd.Series        # (ccode, year) -> spliced share of world exports
    igo_share: pd.Series           # (ccode, year) -> IGO memberships / max that year
    arms_exports: pd.DataFrame     # ccode, year, tiv_exports
    arms_dyads: pd.DataFrame       # supplier a, recipient b, year, tiv
    un_pct: dict                   # patron ccode -> Series (ccode, year) -> percentile of agreement
    us_troops: pd.Series           # (ccode, year) -> US troops
    milex_by: pd.Series = None     # (ccode, year) -> milex
    milex_share_by: pd.Series = None  # (ccode, year) -> milex share of GDP
    trade_orientation: pd.Series = None  # (ccode, year) -> exports/milex over that year's median state
    ends: dict = field(default_factory=lambda: dict(DEFAULT_ENDS))  # source -> its last year, from the store


def world(db) -> World:
    """The cross-sections, cached per store path."""
    key = db.content_key  # an overlay (a scenario's world) never gets the base store's cross-sections
    if key in _WORLD:
        return _WORLD[key]
    if len(_WORLD) >= 8:  # Monte Carlo makes one overlay per distinct world
        _WORLD.clear()
    ends = dict(DEFAULT_ENDS)
    for name in ends:
        try:
            ends[name] = db.coverage(name)[1]
        except UsageError:  # a store without that source (a hand-built one): the default stands
            pass
    cap = Q.spending_shares(db, 1945)
    cap["region"] = cap["ccode"].map(region)
    region_median = cap.dropna(subset=["milex_gdp_share"]).groupby(["region", "year"])["milex_gdp_share"].median()
    eco = Q.exports_and_igos(db, 1945)
    cow = eco.dropna(subset=["cow_exports_musd"]).sort_values(["ccode", "year"])
    # a year whose exports fall below 5 % of the state's median over the eleven years around it is a
    # gap in the source, not trade (COW has Poland at $4.5m in 1960–63, against $1.3bn in 1959)
    med = cow.groupby("ccode")["cow_exports_musd"].transform(lambda v: v.rolling(11, center=True, min_periods=3).median())
    cow = cow[cow["cow_exports_musd"] >= 0.05 * med]
    cow_share = cow.set_index(["ccode", "year"])["cow_exports_musd"] / cow.groupby("year")["cow_exports_musd"].transform("sum").to_numpy()
    wdi = eco.dropna(subset=["exports_usd"])
    wdi_share = wdi.set_index(["ccode", "year"])["exports_usd"] / wdi.groupby("year")["exports_usd"].transform("sum").to_numpy()
    b = ends["cow_trade"]
    a = b - SPLICE_SPAN + 1
    cs = cow_share[(cow_share.index.get_level_values(1) >= a) & (cow_share.index.get_level_values(1) <= b)]
    ws = wdi_share[(wdi_share.index.get_level_values(1) >= a) & (wdi_share.index.get_level_values(1) <= b)]
    both = pd.concat([cs.rename("cow"), ws.rename("wdi")], axis=1).dropna()
    both = both[(both["cow"] > 0) & (both["wdi"] > 0)]
    # a Series even when no state has both series in the splice years (groupby.apply would give an
    # empty DataFrame there, and the product below would fail)
    factor = both["cow"].groupby(level=0).mean() / both["wdi"].groupby(level=0).mean()
    late = wdi_share[wdi_share.index.get_level_values(1) > b]
    late = late * factor.astype(float).reindex(late.index.get_level_values(0)).fillna(1.0).to_numpy()
    pieces = [x for x in (cow_share[cow_share.index.get_level_values(1) <= b], late) if len(x)]
    export_share = pd.concat(pieces).sort_index() if pieces else cow_share
    trade_orientation = _trade_orientation(cap, cow, wdi, a, b)
    igo = eco.dropna(subset=["igo_full"])
    igo_share = igo.set_index(["ccode", "year"])["igo_full"] / igo.groupby("year")["igo_full"].transform("max").to_numpy()
    arms_exports = Q.arms_exports(db)
    arms_dyads = Q.arms_dyad_totals(db)
    al = Q.un_agreement(db)
    un_pct = {}
    for p, col in UN_AGREE.items():
        d = al.dropna(subset=[col])
        un_pct[p] = d.set_index(["ccode", "year"])[col].groupby(level=1).rank(pct=True)
    tr = Q.troops_all(db)
    us_troops = tr.set_index(["ccode", "year"])["troops"].astype(float)
    fast = lambda ser: {k: v for k, v in ser.items() if pd.notna(v)}  # noqa: E731 - dict look-ups are ~100x faster
    w = World(cap.drop(columns="region"), fast(region_median), fast(export_share), fast(igo_share), arms_exports,
              arms_dyads, {p: fast(v) for p, v in un_pct.items()}, fast(us_troops),
              fast(cap.groupby(["ccode", "year"])["milex"].first()),
              fast(cap.groupby(["ccode", "year"])["milex_gdp_share"].first()), fast(trade_orientation), ends)
    _WORLD.clear()
    _WORLD[key] = w
    return w


def _trade_orientation(cap: pd.DataFrame, cow: pd.DataFrame, wdi: pd.DataFrame, a: int, b: int) -> pd.Series:
    """(ccode, year) → the state's exports ÷ its military spending (both current US$ m) over the
    median of that ratio among all states with both figures that year (1.0 = the median state).

    Exports are COW's to year ``b`` (COW trade's last year), then WDI's scaled by the state's
    COW/WDI ratio over ``a``–``b``, so the series does not step where the sources meet (a state
    with no overlap keeps WDI's level). The median, unlike a world total, does not jump when a
    source adds or drops a large state.
    """
    cow_lev = cow.set_index(["ccode", "year"])["cow_exports_musd"]
    wdi_lev = wdi.set_index(["ccode", "year"])["exports_usd"] / 1e6
    yc, yw = cow_lev.index.get_level_values(1), wdi_lev.index.get_level_values(1)
    both = pd.concat([cow_lev[(yc >= a) & (yc <= b)].rename("cow"), wdi_lev[(yw >= a) & (yw <= b)].rename("wdi")],
                     axis=1).dropna()
    both = both[(both["cow"] > 0) & (both["wdi"] > 0)]
    factor = both["cow"].groupby(level=0).mean() / both["wdi"].groupby(level=0).mean()
    late = wdi_lev[yw > b]
    late = late * factor.astype(float).reindex(late.index.get_level_values(0)).fillna(1.0).to_numpy()
    exports = pd.concat([x for x in (cow_lev[yc <= b], late) if len(x)]) if len(cow_lev) or len(late) else cow_lev
    mil = cap[cap["milex_current"] > 0].groupby(["ccode", "year"])["milex_current"].first()
    ratio = (exports / mil).dropna()
    ratio = ratio[ratio > 0]
    if ratio.empty:
        return ratio
    return (ratio / ratio.groupby(level=1).transform("median")).sort_index()


@dataclass
class StateData:
    """Everything the indicators read for one state, fetched once from the store's views."""

    state: object
    world: World
    milex: pd.DataFrame          # year -> milex_gdp_share, milex (own, predecessor codes included)
    ties: pd.DataFrame
    events: pd.DataFrame
    rivals: pd.Series            # year -> rival ccode (NaN none)
    rival_notes: pd.Series       # year -> rule / carried note
    codes: dict = field(default_factory=dict)  # year -> ccode read that year
    patrons: dict = field(default_factory=dict)


def code_in(state, year: int) -> int:
    """The COW code whose records describe ``state`` in ``year`` (predecessor codes, see module doc)."""
    c = int(state.ccode)
    if c in PREDECESSORS and year < PREDECESSORS[c][1]:
        return PREDECESSORS[c][0]
    return c


def load_state_data(db, state, y0: int, y1: int) -> StateData:
    """Fetch what the indicators need for ``state`` over [y0 − 5, y1]."""
    from latticework.views.rivals import main_rival

    s = db.state(state)
    w = world(db)
    codes = {y: code_in(s, y) for y in range(y0 - WINDOW, y1 + 1)}
    allc = sorted(set(codes.values()))
    m = w.milex[w.milex["ccode"].isin(allc)]
    m = m[[codes.get(int(y)) == int(c) for c, y in zip(m["ccode"], m["year"])]].set_index("year")
    ties = Q.ties_of_states(db, allc, y1)
    for c in allc:  # read the predecessor's ties as the state's own
        if c != s.ccode:
            ties.loc[ties["a"] == c, "a"] = s.ccode
            ties.loc[ties["b"] == c, "b"] = s.ccode
    ev = panels.events(db, actor=s.code)
    ya = max(y0 - WINDOW, 1946)
    riv = main_rival(db, s, (ya, y1)).set_index("year")
    if s.ccode in PREDECESSORS and ya < PREDECESSORS[s.ccode][1]:
        pred, until = PREDECESSORS[s.ccode]
        old = main_rival(db, pred, (ya, min(until - 1, y1))).set_index("year")
        riv = pd.concat([old, riv[riv.index >= until]])
    rivals = riv["rival"].astype("float")
    notes = riv["rule"].astype(str) + np.where(riv["carried_from"].notna(), " (carried from 2020)", "")
    return StateData(s, w, m, ties, ev, rivals, notes, codes)


def _lookup(series: pd.Series, data: StateData, year: int):
    """A (ccode, year) value for the state, trying the code of that year first and then its other
    codes (Germany's 1990 figures sit under 260 in some sources and 255 in others)."""
    first = data.codes.get(year, data.state.ccode)
    for c in [first, *sorted(set(data.codes.values()) - {first})]:
        v = series.get((c, year))
        if v is not None and pd.notna(v):
            return float(v)
    return None


def _milex(data: StateData, code: int, year: int) -> float | None:
    v = data.world.milex_by.get((int(code), int(year)))
    return float(v) if v is not None and pd.notna(v) else None


def _rival_milex(data: StateData, rival: int | None, year: int) -> float | None:
    """The rival's military spending in ``year``, or its last earlier SIPRI figure when SIPRI has
    none (North Korea after 2018): a rival does not disarm when its series stops."""
    if not rival:
        return None
    for y in range(year, 1948, -1):
        v = _milex(data, rival, y)
        if v is not None:
            return v
    return None


def _own_milex(data: StateData, year: int) -> float | None:
    v = data.milex["milex"].get(year) if year in data.milex.index else None
    return float(v) if v is not None and pd.notna(v) else _lookup(data.world.milex_by, data, year)


def _rival(data: StateData, year: int) -> int | None:
    r = data.rivals.get(year)
    return int(r) if r is not None and pd.notna(r) else None


def _arms_window(data: StateData, year: int) -> pd.DataFrame:
    """Arms deliveries to the state (any code it had) in the trailing five years (SIPRI TIV)."""
    d = data.world.arms_dyads
    codes = {data.codes.get(y, data.state.ccode) for y in range(year - WINDOW + 1, year + 1)}
    return d[d["b"].isin(codes) & (d["year"] > year - WINDOW) & (d["year"] <= year)]


def main_patron(db, data: StateData, year: int) -> tuple[int | None, str]:
    """The state's patron in ``year`` and its kind: ``("treaty")`` — the major power with a defence
    obligation toward it (ATOP, carried past 2018 when open, or a ledger defence pact) and the
    larger military spending; else ``("supplier")`` — the major power that supplied most of its
    arms imports in the five years (no guarantee; its arms share and UN agreement still count, so
    the indicator does not jump when a supplier's share crosses a threshold); else ``(None, "none")``."""
    s = data.state.ccode
    if s == 2:
        return None, "none"
    t = in_force_rows(data.ties, year, year)
    cands = t[(t["b"] == s) & t["a"].isin(MAJOR_POWERS) & t["layer"].eq("atop_defense")]
    und = t[t["layer"].eq("ledger_defense_pact") & ((t["a"] == s) | (t["b"] == s))]
    codes = (set(cands["a"]) | ((set(und["a"]) | set(und["b"])) & set(MAJOR_POWERS))) - {s}
    if s in MAJOR_POWERS:
        codes &= {2}  # a major power's only possible patron is the United States
    if codes:
        if len(codes) == 1:
            return int(next(iter(codes))), "treaty"
        return max(codes, key=lambda c: _milex(data, c, min(year, 2024)) or 0.0), "treaty"
    arms = _arms_window(data, year)
    tot = arms["tiv"].sum()
    if tot > 0:
        by = arms[arms["a"].isin(MAJOR_POWERS) & (arms["a"] != s)].groupby("a")["tiv"].sum()
        if len(by) and by.max() > 0:
            return int(by.idxmax()), "supplier"
    return None, "none"


def self_reliance(data: StateData, year: int) -> tuple[float | None, dict]:
    """Defence EFFORT (SIPRI): spending % of GDP against 2 %, against the region's median and
    against the main rival's spending. Unit of each component: a ratio mapped by r/(1+r) to [0, 1]."""
    share = data.milex["milex_gdp_share"].get(year) if year in data.milex.index else None
    share = float(share) if share is not None and pd.notna(share) else None
    if share is None:
        share = _lookup(data.world.milex_share_by, data, year)
    med = data.world.region_median.get((region(data.state.ccode), year))
    own, rival = _own_milex(data, year), _rival(data, year)
    rm = _rival_milex(data, rival, year)
    parts = {"effort_norm": ratio_score(share / 0.02) if share is not None else None,
             "effort_region": ratio_score(share / med) if share is not None and med and med > 0 else None,
             "rival_balance": ratio_score(own / rm) if own is not None and rm else None}
    led = _ledger_window(data, year)
    budget = led[led["type"].isin(["DEFENSE_BUDGET", "DEFENSE_POLICY"])
                 & led["actors"].map(lambda a: len(a) > 0 and a[0] == data.state.code)]
    raw = {"milex_gdp_share": share, "region_median_share": None if med is None else float(med),
           "rival": rival, "rival_milex": rm, "own_milex": own}
    return weighted_mean(parts, COMPONENT_WEIGHTS["self_reliance"]), parts | {"raw": raw, "events": list(budget["event_id"])}


def patron_dependence(db, data: StateData, year: int, patron: int | None, kind: str) -> tuple[float | None, dict]:
    """Dependence on the patron: guarantee × capability gap, the patron's share of arms imports,
    hosted US troops, UN voting with the patron, and (small weight) rotational presence in the ledger."""
    own, rival = _own_milex(data, year), _rival(data, year)
    rm = _rival_milex(data, rival, year)
    if kind == "treaty":
        gap = (rm / (own + rm)) if own is not None and rm else 0.5
        guarantee = gap
    else:
        gap, guarantee = None, 0.0
    arms = _arms_window(data, year)
    tot = arms["tiv"].sum()
    arms_share = float(arms.loc[arms["a"].eq(patron), "tiv"].sum() / tot) if tot > 0 and patron else (0.0 if tot > 0 else None)
    troops = None
    if patron == 2:
        troops = saturating(_lookup(data.world.us_troops, data, year) or 0.0, 10000)
    un = None
    if patron in UN_AGREE:
        uy = min(year, data.world.ends["unga"])
        un = _lookup(data.world.un_pct[patron], data, uy)
    rot = None
    pcode = db.state(patron).code if patron else None
    if _ledger_covers(data, year) and pcode:
        rot = saturating(len(patron_events(data, year, pcode, ["FORCE_POSTURE", "ACCESS_AGREEMENT"])), 3)
    parts = {"guarantee_gap": guarantee, "arms_share": arms_share, "hosted_troops": troops,
             "un_followership": un, "rotational_presence": rot}
    value = weighted_mean(parts, COMPONENT_WEIGHTS["patron_dependence"])
    return value, parts | {"raw": {"patron": patron, "kind": kind, "capability_gap": gap},
                           "events": patron_events(data, year, pcode)}


def patron_events(data: StateData, year: int, patron_code: str | None, types=None) -> list[str]:
    """Ledger records of the trailing five years that bear on dependence on the patron: the
    patron's commitments, force posture, pacts, access agreements and arms transfers with the state."""
    if not patron_code:
        return []
    led = _ledger_window(data, year)
    types = types or ["COMMITMENT", "FORCE_POSTURE", "DEFENSE_PACT", "ACCESS_AGREEMENT", "ARMS_TRANSFER"]
    led = led[led["type"].isin(types) & led["actors"].map(lambda a: patron_code in a)]
    return list(led["event_id"])


def partner_breadth(data: StateData, year: int, patron) -> tuple[float | None, dict]:
    """Distinct non-patron treaty partners (ATOP defence, offence, consultation) in force, and
    (small weight) non-patron partners in the ledger's pacts, agreements and exercises."""
    s = data.state.ccode
    t = in_force_rows(data.ties[data.ties["layer"].isin(TREATY_LAYERS)], year, year)
    treaty = (set(t["a"]) | set(t["b"])) - {s, patron}
    lt = in_force_rows(data.ties[data.ties["layer"].isin(LEDGER_PARTNER_LAYERS)], year - WINDOW + 1, year)
    ledger = (set(lt["a"]) | set(lt["b"])) - {s, patron}
    parts = {"treaty_partners": saturating(len(treaty), 10),
             "ledger_partners": saturating(len(ledger), 5) if _ledger_covers(data, year) else None}
    led = lt[lt["source"].eq("ledger") & ~(lt["a"].isin([patron]) | lt["b"].isin([patron]))]
    events = sorted({e for ref in led["source_ref"].dropna() for e in str(ref).split(",") if e})
    return weighted_mean(parts, COMPONENT_WEIGHTS["partner_breadth"]), parts | {
        "n_treaty_partners": len(treaty), "n_ledger_partners": len(ledger),
        "partners": sorted(int(p) for p in treaty | ledger if pd.notna(p)), "events": events}


def _ledger_window(data: StateData, year: int) -> pd.DataFrame:
    e = data.events
    if e is None or e.empty:
        return pd.DataFrame(columns=["event_id", "type", "year", "actors"])
    return e[(e["year"] > year - WINDOW) & (e["year"] <= year)]


def _ledger_covers(data: StateData, year: int) -> bool:
    """Whether ledger counts mean something for this state-year: the ledger starts in 1990, and a
    state with no ledger record at all is not covered (its counts are unknown, not zero)."""
    return year >= LEDGER_START and data.events is not None and len(data.events) > 0


def regional_leadership(data: StateData, year: int) -> tuple[float | None, dict]:
    """Share of world arms exports over five years (log scale) and (small weight) the ledger's
    assistance recipients and initiatives led."""
    ae = data.world.arms_exports
    win = ae[(ae["year"] > year - WINDOW) & (ae["year"] <= year)]
    world_tot = win["tiv_exports"].sum()
    codes = {data.codes.get(y, data.state.ccode) for y in range(year - WINDOW + 1, year + 1)}
    own = win.loc[win["ccode"].isin(codes), "tiv_exports"].sum()
    share = own / world_tot if world_tot > 0 else None
    s, code = data.state.ccode, data.state.code
    t = in_force_rows(data.ties[data.ties["layer"].eq("ledger_assistance") & data.ties["a"].eq(s)], year - WINDOW + 1, year)
    led = _ledger_window(data, year)
    led = led[led["type"].isin(LEAD_TYPES) & led["actors"].map(lambda a: len(a) > 0 and a[0] == code)]
    parts = {"arms_export_share": (log_share_score(share) if share else 0.0) if share is not None else None,
             "ledger_lead": saturating(t["b"].nunique() + len(led), 5) if _ledger_covers(data, year) else None}
    return weighted_mean(parts, COMPONENT_WEIGHTS["regional_leadership"]), parts | {
        "raw": {"arms_export_share": None if share is None else float(share)}, "events": list(led["event_id"])}


def economic_activism(data: StateData, year: int) -> tuple[float | None, dict]:
    """Share of world exports (COW to 2014, WDI spliced after; log scale), trade orientation
    (exports ÷ military spending against the median state, log scale; see the module table) and
    (small weight) the ledger's economic-security records."""
    share = _lookup(data.world.export_share, data, year)
    tor = _lookup(data.world.trade_orientation, data, year) if data.world.trade_orientation is not None else None
    carried = []
    cow_end = data.world.ends["cow_trade"]
    if share is None and year > cow_end:
        # a state WDI does not report (Taiwan): its last COW share, carried and said so
        share = _lookup(data.world.export_share, data, cow_end)
        if share is not None:
            carried.append(f"world export share of {cow_end}")
    if tor is None and year > cow_end and data.world.trade_orientation is not None:
        # WDI lacks the state (Taiwan) or SIPRI's series stops (Viet Nam after 2018): the latest
        # figure since COW's end, carried and said so, so the indicator does not step there
        for y in range(year - 1, cow_end - 1, -1):
            tor = _lookup(data.world.trade_orientation, data, y)
            if tor is not None:
                carried.append(f"trade orientation of {y}")
                break
    led = _ledger_window(data, year)
    econ = led[led["type"].eq("ECONOMIC_SECURITY")]
    parts = {"export_share": log_share_score(share), "trade_orientation": log_ratio_score(tor),
             "economic_security": saturating(len(econ), 3) if _ledger_covers(data, year) else None}
    return weighted_mean(parts, COMPONENT_WEIGHTS["economic_activism"]), parts | {
        "raw": {"world_export_share": share, "exports_to_milex_vs_median": tor}, "events": list(econ["event_id"])} | (
        {"carried": "; ".join(carried)} if carried else {})


def global_engagement(data: StateData, year: int) -> tuple[float | None, dict]:
    """Full IGO memberships against the most any state holds that year (COW IGO; 2014 carried)."""
    igo_end = data.world.ends["cow_igo"]
    y = min(year, igo_end)
    v = _lookup(data.world.igo_share, data, y)
    v = None if v is None else float(min(max(v, 0.0), 1.0))
    parts = {"igo_share": v}
    extra = {"carried": f"IGO memberships of {igo_end}"} if year > igo_end and v is not None else {}
    return weighted_mean(parts, COMPONENT_WEIGHTS["global_engagement"]), parts | extra
