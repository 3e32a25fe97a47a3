"""The ledger coverage report (issue 20): source classes by host and counts on a tiny ledger."""
import datetime as dt
import json

import pandas as pd

from latticework.ledger.coverage import coverage_report, source_class


def test_source_classes_by_host():
    assert source_class("https://www.mofa.go.jp/press/release/page1e_000001.html") == "primary"
    assert source_class("https://www.defense.gov/News/Releases/") == "primary"
    assert source_class("https://www.gov.uk/government/news/x") == "primary"
    assert source_class("https://www.nato.int/cps/en/natohq/news.htm") == "primary"
    assert source_class("https://www.reuters.com/world/asia-pacific/x") == "established"
    assert source_class("https://english.kyodonews.net/news/x") == "established"
    assert source_class("https://thediplomat.com/2023/01/x/") == "other"
    assert source_class("https://en.wikipedia.org/wiki/X") == "other"
    assert source_class("not a url") == "other"
    # public broadcasters, national papers and the defence press of record; the DoD's own service
    assert source_class("https://www.polskieradio.pl/395/9766/artykul/1") == "established"
    assert source_class("https://feeds.bbci.co.uk/news/live/x") == "established"
    assert source_class("https://www.defensenews.com/global/x") == "established"
    assert source_class("https://www.dvidshub.net/news/484408/x") == "primary"
    # a party paper and a trade blog stay "other"
    assert source_class("https://japan-press.co.jp/s/news/?id=6791") == "other"
    assert source_class("https://americanmilitarynews.com/2024/03/x") == "other"
    # the test states' governments and papers of record (2026-12-04): Norway, Spain, Israel, Pakistan
    assert source_class("https://www.regjeringen.no/en/aktuelt/x/id1/") == "primary"
    assert source_class("https://www.lamoncloa.gob.es/x") == "primary"
    assert source_class("https://www.idf.il/en/x") == "primary"
    assert source_class("https://www.dawn.com/news/1") == "established"
    assert source_class("https://www.timesofisrael.com/x/") == "established"


def _rec(i, date, actors, urls, sdate):
    return {"event_id": f"r{i}", "type": "EXERCISE", "date": date, "date_start": dt.date.fromisoformat(date[:4] + "-01-01"),
            "year": int(date[:4]), "actors": actors,
            "sources": json.dumps([{"publisher": "p", "title": "t", "date": sdate, "url": u} for u in urls])}


def test_counts_and_shares_worked_by_hand():
    ev = pd.DataFrame([
        _rec(1, "1995-05-01", ["JPN", "USA"], ["https://www.mofa.go.jp/a"], "1995-05-02"),      # primary, near
        _rec(2, "2015-05-01", ["JPN"], ["https://www.reuters.com/a"], "2015-07-15"),            # established, 75 days
        _rec(3, "2020-01-01", ["TWN"], ["https://example.org/a", "https://x.blog/b"], "2020"),  # other only
        _rec(4, "2021", ["JPN"], ["https://www.gov.uk/a"], "2021"),                             # primary, no full date
        _rec(5, "1960", ["JPN"], ["https://www.gov.uk/b"], "1960"),                             # before the bands
    ])
    r = coverage_report(ev, today=dt.date(2026, 12, 3))
    assert r["total"] == 5
    # 1960 is counted apart, not in 1990-2009 (it was: the first band began in 1945)
    assert r["by_state"]["JPN"] == {"before-1990": 1, "1990-2009": 1, "2010-today": 2}
    assert r["by_state"]["TWN"] == {"before-1990": 0, "1990-2009": 0, "2010-today": 1}
    assert r["balance"]["TWN"] == {"since_2010": 1, "reaches_30": False}
    assert r["sources"]["primary_share"] == 0.6          # records 1, 4 and 5
    assert r["sources"]["qualifying_share"] == 0.8       # 1, 2, 4 and 5
    assert r["sources"]["near_event_known"] == 2 and r["sources"]["near_event_share"] == 0.5
    assert r["sources"]["only_other"] == ["r3"]
    assert r["sources"]["not_near"] == ["r2"]            # 75 days; r1 is near, r3-r5 have no full dates
    # the latest record per state: JPN's is r4 (2021), TWN's r3, a state without records None
    assert r["latest_by_state"]["JPN"] == "2021-01-01" and r["latest_by_state"]["TWN"] == "2020-01-01"
    assert r["latest_by_state"]["USA"] == "1995-01-01" and r["latest_by_state"]["KOR"] is None
    # more states on request (the CLI passes the strategy reference coding's)
    r = coverage_report(ev, today=dt.date(2026, 12, 3), states=["TWN", "BRA"])
    assert r["latest_by_state"]["BRA"] is None and r["latest_by_state"]["TWN"] == "2020-01-01"
    assert list(r["latest_by_state"]).count("TWN") == 1


def test_reference_figures_are_the_records_the_claim_checker_compares_with():
    from latticework.ledger.coverage import is_reference_figure

    def rec(i, typ, q, attrs, url):
        r = _rec(i, "2023-05-01", ["JPN"], [url], "2023-05-02")
        return {**r, "type": typ, "quantities": json.dumps(q), "attributes": json.dumps(attrs)}

    money = [{"value": 6.8e12, "unit": "JPY"}]
    ev = pd.DataFrame([
        rec(1, "DEFENSE_BUDGET", money, {}, "https://www.mod.go.jp/a"),                          # ref, primary
        rec(2, "DEFENSE_BUDGET", money, {}, "https://example.org/a"),                            # ref, other
        rec(3, "EXERCISE", [{"value": 56, "unit": "count"}], {"aggregate": True}, "https://x.blog/b"),  # ref, other
        rec(4, "EXERCISE", [{"value": 25000, "unit": "troops"}], {}, "https://x.blog/c"),        # a named exercise
        rec(5, "SECURITY_ASSISTANCE", [{"value": 10, "unit": "vessels"}], {}, "https://www.reuters.com/a"),
        rec(6, "DEFENSE_BUDGET", [], {}, "https://example.org/b"),                               # no figure
    ])
    assert [is_reference_figure(r) for r in ev.to_dict("records")] == [True, True, True, False, True, False]
    r = coverage_report(ev, today=dt.date(2026, 12, 3))
    assert r["reference_figures"] == {"records": 4, "qualifying": 2, "unqualified": ["r2", "r3"]}


def test_a_source_dated_to_the_events_own_month_is_near():
    """A source dated "2003-10" for an event of 13 October 2003 was published within 30 days of it;
    one dated "2003-11" may not have been, and a full date 40 days later is not near."""
    ev = pd.DataFrame([
        _rec(1, "2003-10-13", ["IND"], ["https://pib.gov.in/a"], "2003-10"),
        _rec(2, "2003-10-13", ["IND"], ["https://pib.gov.in/b"], "2003-11"),
        _rec(3, "2003-10-13", ["IND"], ["https://pib.gov.in/c"], "2003-11-22"),
    ])
    r = coverage_report(ev, today=dt.date(2026, 12, 3))
    assert r["sources"]["near_event_known"] == 2 and r["sources"]["not_near"] == ["r3"]
