"""Who is a state's main rival in a year: read from strategic rivalries and disputes.

Rule (documented in docs/data.md, "Main rival"), for state S in year t:

1. Candidates are the states in an ongoing strategic rivalry with S in t: Thompson–Sakuwa–Suhas
   (TSS) to 2020, Thompson–Dreyer (TD) to 2010. TSS codes a rivalry still ongoing in 2020 as
   ending in 2020 because the data end there, so for t > 2020 the rivalries ongoing in 2020 are
   carried forward and the row says so (``carried_from`` = 2020).
2. Among candidates: a TSS principal rivalry first (``principal`` or ``aprin``); then the most
   militarized-dispute years with S in the ten years to t; then the larger capability (COW
   CINC, last value to t).
   Dispute years: GML MIDs, which end in 2010; after 2010 the MIDs of 2001–2010 stay in the
   window (so nothing drains out of it because the data stopped) and the ledger's ``COERCION``
   records of the ten years to t are added (one dispute year per pair of states named together
   in a coercion record of that year: the Scarborough Shoal stand-off of 2012, the water-cannon
   incidents of 2023). Each year has one source — MIDs up to their end, the ledger after it — so
   no year is counted twice, and disputes after 2010 can make or keep a rival instead of the
   window freezing on 2001–2010.
3. A state with no rivalry has a main rival only if it had two or more dispute years with one
   state in the ten years to t (``rule`` = "disputes"; last year's rival is kept while it still
   has two, so small counts do not flip it); otherwise none. Years before a state's entry count
   nothing (Japan's wartime disputes end with its 1945 exit).

The result names the rule that decided, so a reader can see why.
"""
from __future__ import annotations

import pandas as pd

from latticework.errors import UnknownState
from latticework.years import accepts_years

__all__ = ["main_rival", "RIVAL_DATA_END"]

#: years computed before a span so that the "disputes" rule's memory of last year's rival is
#: the same whatever span is asked (a rival needs two dispute years in ten to be kept)
WARM_UP = 10

#: Last year each input covers (TSS rivalries, GML MIDs).
RIVAL_DATA_END = {"tss": 2020, "mids": 2010}


def ledger_disputes(db, state) -> pd.DataFrame:
    """Dispute years from the ledger after the MIDs end: for each year after
    ``RIVAL_DATA_END["mids"]``, each state named with ``state`` in a ``COERCION`` record of that
    year counts once (``rival`` COW code, ``year``, ``n`` = 1), whoever coerced whom.

    Parameters
    ----------
    db : Store
        The open store (its ``events`` table: the ledger).
    state : State
        The state, as ``db.state`` resolves it (its ``code`` is matched against the actors).

    Returns
    -------
    pandas.DataFrame
        Columns ``rival`` (COW code), ``year`` (calendar year), ``n`` (1 per pair and year).
        Organisations and codes the store does not know as states are left out (they are not
        rivals); empty when the store holds no ledger.
    """
    rows = []
    if "events" not in db.table_names():  # a store built without the ledger (a hand-built one)
        return pd.DataFrame(rows, columns=["rival", "year", "n"]).astype("int64")
    ev = db.sql("""SELECT DISTINCT year, unnest(actors) AS other FROM events
                   WHERE type = 'COERCION' AND year > ? AND list_contains(actors, ?)""",
                [RIVAL_DATA_END["mids"], state.code])
    for year, other in ev.itertuples(index=False):
        if other == state.code:
            continue
        try:
            code = db.state(other).ccode
        except UnknownState:  # an organisation (NATO, UN...) is not a rival
            continue
        if code is not None and int(code) != int(state.ccode):
            rows.append({"rival": int(code), "year": int(year), "n": 1})
    return (pd.DataFrame(rows, columns=["rival", "year", "n"]).drop_duplicates(["rival", "year"])
            .astype({"rival": "int64", "year": "int64", "n": "int64"}))


@accepts_years()
def main_rival(db, state, years=(1946, 2024)) -> pd.DataFrame:
    """Main rival of ``state`` per year.

    Parameters
    ----------
    db : Store
        The open store.
    state : str or int
        Any name or code the store resolves (read as of today).
    years : int, (int, int), range or list
        A year or an inclusive span of calendar years (default 1946–2024; an open end takes
        1946 or 2024), or a range or list of years (:mod:`latticework.years`: every year of the
        span is computed, the result keeps those listed). Years after the store's last year
        raise :class:`~latticework.errors.PastCoverage`.

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year`` (calendar year), ``rival`` (COW code, NULL when none),
        ``rival_iso3`` (ISO3 code, else COW abbreviation; None when no rival), ``rule`` (the rule
        that decided: "principal rivalry", "only rivalry" (one rival, not principal), "rivalry,
        most disputes", "rivalry, larger capability", "disputes", "none"), ``n_rivals`` (states
        in an ongoing TSS or TD rivalry with ``state`` that year, count), ``dispute_years`` (MID
        dispute-years with the rival in the ten years to t, count; 0 when none), ``carried_from``
        (2020 when TSS rivalries ongoing in 2020 are carried past the data's end, else NULL).
        Disputes count from the state's last COW entry on or before each year; the rows are
        computed from ``WARM_UP`` years before the span, so a year's rival does not depend on the
        span asked. ``attrs["sources"]``: ``tss_rivalries``, ``ps_misc``,
        ``gml_mid``, ``cow_nmc``, ``ledger``.
    """
    s = db.state(state)
    y0, y1 = int(years[0]), int(years[1])
    riv = db.sql("""SELECT ccode2 AS rival, year, tss_rivalry, td_rivalry, coalesce(tss_principal, 0) AS principal
                    FROM rivalry_dyad_years WHERE ccode1 = ?""", [s.ccode])
    mids = db.sql("""SELECT ccode2 AS rival, year, count(DISTINCT dispnum) AS n FROM mid_dispute_years
                     WHERE ccode1 = ? GROUP BY 1, 2""", [s.ccode])
    m_last = RIVAL_DATA_END["mids"]
    mids = mids[mids["year"] <= m_last].astype({"rival": "int64", "year": "int64", "n": "int64"})
    after = ledger_disputes(db, s)
    spells = db.sql("SELECT styear, endyear FROM states WHERE ccode = ?", [s.ccode])
    entries = sorted(int(x) for x in spells["styear"]) if len(spells) else []
    cinc = db.sql("SELECT ccode, year, cinc FROM capabilities WHERE cinc IS NOT NULL")
    out, prev = [], None
    # the "disputes" rule keeps last year's rival, so a year's answer depends on the years before
    # it: the loop starts WARM_UP years before the span (the rows before y0 are dropped), so a year
    # gets the same rival whatever span it is asked in
    for t in range(y0 - WARM_UP, y1 + 1):
        # disputes count from the state's last COW entry on or before t (not before the span's end)
        entry = max((e for e in entries if e <= t), default=None)
        mids_t = mids[mids["year"] >= entry] if entry is not None else mids.iloc[0:0]
        tt = min(t, RIVAL_DATA_END["tss"])
        carried = RIVAL_DATA_END["tss"] if t > RIVAL_DATA_END["tss"] else None
        cand = riv[(riv["year"] == tt) & ((riv["tss_rivalry"] == 1) | (riv["td_rivalry"] == 1))]
        m_end = min(t, m_last)
        parts = [mids_t[(mids_t["year"] > m_end - 10) & (mids_t["year"] <= m_end)]]
        if t > m_last:  # the ledger's coercion years after the MIDs end (the MIDs of 2001-2010 stay)
            parts.append(after[(after["year"] > t - 10) & (after["year"] <= t)])
        window = pd.concat(parts, ignore_index=True).groupby("rival")["n"].sum()
        row = {"year": t, "rival": None, "rule": "none", "n_rivals": int(cand["rival"].nunique()),
               "dispute_years": 0, "carried_from": carried}
        if len(cand):
            c = cand.groupby("rival")["principal"].max().to_frame()
            c["disputes"] = window.astype(float).reindex(c.index).fillna(0.0)
            cap = cinc[(cinc["year"] <= t) & cinc["ccode"].isin(c.index)].sort_values("year").groupby("ccode")["cinc"].last()
            c["cinc"] = cap.astype(float).reindex(c.index).fillna(0.0)
            c = c.sort_values(["principal", "disputes", "cinc"], ascending=False)
            top = c.iloc[0]
            if top["principal"] > 0 and (len(c) == 1 or c.iloc[1]["principal"] == 0):
                rule = "principal rivalry"
            elif len(c) == 1 or top["disputes"] > c.iloc[1]["disputes"]:
                rule = "rivalry, most disputes" if len(c) > 1 else "only rivalry"
            else:
                rule = "rivalry, larger capability"
            row.update(rival=int(c.index[0]), rule=rule, dispute_years=int(top["disputes"]))
        elif len(window) and window.max() >= 2:
            # keep last year's rival while it still has two dispute years in the window, so
            # small counts do not flip the rival back and forth
            pick = prev if prev is not None and window.get(prev, 0) >= 2 else int(window.idxmax())
            row.update(rival=pick, rule="disputes", dispute_years=int(window[pick]))
        prev = row["rival"]
        if t >= y0:
            out.append(row)
    df = pd.DataFrame(out)
    df["rival"] = df["rival"].astype("Int32")
    df["carried_from"] = df["carried_from"].astype("Int32")
    df.insert(2, "rival_iso3", [db.identity.get(int(r)).code if pd.notna(r) else None for r in df["rival"]])
    df.attrs["sources"] = ["tss_rivalries", "ps_misc", "gml_mid", "cow_nmc", "ledger"]
    return df
