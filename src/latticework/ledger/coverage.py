"""How far the ledger reaches: records per state and year band, the share resting on primary or
established sources, sources published near the event, and the latest date (issue 20).

Source classes, by the address's host (lists below, kept here and tested):

* **primary** — governments, parliaments, militaries and international organisations
  (``*.gov``, ``*.gov.uk``, ``*.go.jp``, ``*.gouv.fr``, ``*.mil``, ``nato.int``, ``un.org``, …);
* **established** — wire services, newspapers of record and public broadcasters (Reuters, AP,
  AFP, Kyodo, Yonhap, the BBC, The Guardian, The New York Times, Nikkei, The Straits Times,
  Polish Radio, Deutschlandfunk, KBS, …) and the defence press of record (Defense News, Janes,
  USNI News, Flight Global);
* **other** — everything else (think tanks, trade press, blogs, aggregators).

A record *qualifies* when at least one of its sources is primary or established.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pandas as pd

__all__ = ["PRIMARY_PATTERNS", "ESTABLISHED_HOSTS", "source_class", "coverage_report", "BALANCE_STATES",
           "is_reference_figure"]

#: Host patterns of governments, parliaments, militaries and international organisations.
PRIMARY_PATTERNS = [
    r"(^|\.)gov$", r"(^|\.)gov\.[a-z]{2}$", r"(^|\.)go\.(jp|kr|th|id|ke|ug|tz)$", r"(^|\.)gouv\.fr$", r"(^|\.)mil$",
    r"(^|\.)mil\.[a-z]{2}$", r"(^|\.)gc\.ca$", r"(^|\.)canada\.ca$", r"(^|\.)nic\.in$", r"(^|\.)gov\.in$",
    r"(^|\.)europa\.eu$", r"(^|\.)nato\.int$", r"(^|\.)un\.org$", r"(^|\.)unmissions\.org$", r"(^|\.)iaea\.org$",
    r"(^|\.)osce\.org$", r"(^|\.)asean\.org$", r"(^|\.)g7[a-z]*\.", r"(^|\.)bundesregierung\.de$",
    r"(^|\.)bmvg\.de$", r"(^|\.)auswaertiges-amt\.de$", r"(^|\.)bundestag\.de$", r"(^|\.)bundeswehr\.de$",
    r"(^|\.)esteri\.it$", r"(^|\.)difesa\.it$", r"(^|\.)governo\.it$", r"(^|\.)parliament\.uk$",
    r"(^|\.)aph\.gov\.au$", r"(^|\.)defence\.gov\.au$", r"(^|\.)dfat\.gov\.au$", r"(^|\.)pm\.gov\.au$",
    r"(^|\.)mofa\.go\.jp$", r"(^|\.)mod\.go\.jp$", r"(^|\.)kantei\.go\.jp$", r"(^|\.)shugiin\.go\.jp$",
    r"(^|\.)sangiin\.go\.jp$", r"(^|\.)mindef\.gov\.sg$", r"(^|\.)mfa\.gov\.sg$", r"(^|\.)pmo\.gov\.sg$",
    r"(^|\.)senate\.gov\.ph$", r"(^|\.)dfa\.gov\.ph$", r"(^|\.)pna\.gov\.ph$", r"(^|\.)mofa\.gov\.tw$",
    r"(^|\.)president\.gov\.tw$", r"(^|\.)mnd\.gov\.tw$", r"(^|\.)elysee\.fr$", r"(^|\.)defense\.gouv\.fr$",
    r"(^|\.)diplomatie\.gouv\.fr$", r"(^|\.)gov\.pl$", r"(^|\.)sejm\.gov\.pl$", r"(^|\.)beehive\.govt\.nz$",
    r"(^|\.)govt\.nz$", r"(^|\.)mea\.gov\.in$", r"(^|\.)pib\.gov\.in$", r"(^|\.)mod\.gov\.in$", r"(^|\.)kremlin\.ru$",
    r"(^|\.)mid\.ru$", r"(^|\.)fmprc\.gov\.cn$", r"(^|\.)mod\.gov\.cn$", r"(^|\.)mofa\.go\.kr$", r"(^|\.)mnd\.go\.kr$",
    r"(^|\.)korea\.kr$", r"(^|\.)whitehouse\.gov$", r"(^|\.)congress\.gov$", r"(^|\.)crsreports\.congress\.gov$",
    r"(^|\.)gao\.gov$", r"(^|\.)marines\.mil$", r"(^|\.)navy\.mil$", r"(^|\.)army\.mil$", r"(^|\.)af\.mil$",
    r"(^|\.)govinfo\.gov$", r"(^|\.)federalregister\.gov$", r"(^|\.)sipri\.org$", r"(^|\.)oecd\.org$",
    r"(^|\.)worldbank\.org$", r"(^|\.)imf\.org$", r"(^|\.)wto\.org$",
    # the US Defense Department's own distribution service; the French government's legal-information office
    r"(^|\.)dvidshub\.net$", r"(^|\.)vie-publique\.fr$",
    # the governments, parliaments and armed forces of the test states of the strategy coding
    # (Spain's and Argentina's gob.es / gob.ar; Brazil, Israel, Egypt, Pakistan, Malaysia, South
    # Africa and Saudi Arabia are under gov.xx above)
    r"(^|\.)gob\.[a-z]{2}$", r"(^|\.)regjeringen\.no$", r"(^|\.)stortinget\.no$", r"(^|\.)forsvaret\.no$",
    r"(^|\.)government\.se$", r"(^|\.)regeringen\.se$", r"(^|\.)riksdagen\.se$", r"(^|\.)forsvarsmakten\.se$",
    r"(^|\.)defensie\.nl$", r"(^|\.)rijksoverheid\.nl$", r"(^|\.)government\.nl$", r"(^|\.)tweedekamer\.nl$",
    r"(^|\.)fmn\.dk$", r"(^|\.)forsvaret\.dk$", r"(^|\.)um\.dk$", r"(^|\.)ft\.dk$", r"(^|\.)idf\.il$",
]
#: Wire services and newspapers of record (host suffixes).
ESTABLISHED_HOSTS = [
    "reuters.com", "apnews.com", "ap.org", "afp.com", "france24.com", "bbc.co.uk", "bbc.com", "theguardian.com",
    "nytimes.com", "washingtonpost.com", "wsj.com", "ft.com", "economist.com", "latimes.com", "bloomberg.com",
    "politico.com", "politico.eu", "npr.org", "cnn.com", "cbsnews.com", "nbcnews.com", "abcnews.go.com",
    "japantimes.co.jp", "kyodonews.net", "english.kyodonews.net", "asahi.com", "mainichi.jp", "yomiuri.co.jp",
    "nikkei.com", "asia.nikkei.com", "nhk.or.jp", "www3.nhk.or.jp", "en.yna.co.kr", "yna.co.kr", "koreaherald.com",
    "koreatimes.co.kr", "koreajoongangdaily.joins.com", "joongang.co.kr", "straitstimes.com", "channelnewsasia.com",
    "scmp.com", "taipeitimes.com", "focustaiwan.tw", "abc.net.au", "smh.com.au", "theage.com.au",
    "theaustralian.com.au", "rnz.co.nz", "nzherald.co.nz", "stuff.co.nz", "inquirer.net", "philstar.com",
    "mb.com.ph", "gmanetwork.com", "abs-cbn.com", "rappler.com", "bangkokpost.com", "nationthailand.com",
    "thejakartapost.com", "antaranews.com", "vnexpress.net", "thehindu.com", "hindustantimes.com",
    "indianexpress.com", "timesofindia.indiatimes.com", "ndtv.com", "lemonde.fr", "lefigaro.fr", "spiegel.de",
    "dw.com", "faz.net", "sueddeutsche.de", "zeit.de", "corriere.it", "repubblica.it", "ansa.it", "notesfrompoland.com",
    "cbc.ca", "theglobeandmail.com", "ctvnews.ca", "thetimes.co.uk", "telegraph.co.uk", "independent.co.uk",
    "euronews.com", "voanews.com", "rferl.org", "aljazeera.com", "upi.com", "stripes.com", "csmonitor.com",
    # public broadcasters
    "bbci.co.uk", "polskieradio.pl", "tvn24.pl", "deutschlandfunk.de", "tagesschau.de", "orf.at", "kbs.co.kr",
    "radio-canada.ca", "rcinet.ca", "rai.it", "rfi.fr", "francetvinfo.fr",
    # national and regional newspapers of record
    "tagesspiegel.de", "rp-online.de", "handelsblatt.com", "chicagotribune.com", "orlandosentinel.com",
    "nydailynews.com", "seattletimes.com", "staradvertiser.com", "yorkshirepost.co.uk", "thestar.com.my",
    "business-standard.com", "deccanherald.com", "newindianexpress.com", "financialexpress.com", "ltn.com.tw",
    "hurriyetdailynews.com", "arabnews.com", "phnompenhpost.com", "donga.com", "ekathimerini.com",
    "thedailystar.net", "koreatimes.com", "japantimes.com", "ilsole24ore.com", "rp.pl", "mathrubhumi.com",
    "corriere.it", "lastampa.it", "wyborcza.pl", "taiwannews.com.tw", "todayonline.com", "thenationalnews.com", "firstpost.com", "rthk.hk",
    # newspapers of record, public broadcasters and national wires of the test states of the
    # strategy coding (Israel, Pakistan, South Africa, Malaysia, Egypt, the Nordic states, the
    # Netherlands, Spain, Greece, Brazil) and North America
    "timesofisrael.com", "jpost.com", "haaretz.com", "ynetnews.com", "dawn.com", "thenews.com.pk",
    "tribune.com.pk", "nation.com.pk", "dailymaverick.co.za", "mg.co.za", "news24.com", "businessday.co.za",
    "bernama.com", "thesun.my", "freemalaysiatoday.com", "egyptindependent.com", "svd.se", "dn.se", "nrk.no",
    "aftenposten.no", "nos.nl", "elpais.com", "folha.uol.com.br", "g1.globo.com", "estadao.com.br",
    "agenciabrasil.ebc.com.br", "correiobraziliense.com.br", "tovima.com", "tanea.gr", "usatoday.com",
    "nationalpost.com",
    # the defence press of record
    "defensenews.com", "news.usni.org", "janes.com", "flightglobal.com", "breakingdefense.com", "navalnews.com",
    "shephardmedia.com", "defenceweb.co.za",
]
#: States whose balance issue 20 asks for (≥ 30 records since 2010 each).
BALANCE_STATES = ["KOR", "PHL", "AUS", "IND", "GBR", "FRA", "DEU", "ITA", "CAN", "NZL", "SGP", "VNM", "IDN",
                  "THA", "POL", "TWN", "CHN", "RUS"]
_PRIMARY = [re.compile(p) for p in PRIMARY_PATTERNS]


def source_class(url: str) -> str:
    """``"primary"``, ``"established"`` or ``"other"`` for a source address (by its host).

    Parameters
    ----------
    url : str
        A source address (``https://www.mofa.go.jp/...``); any value is turned into text first.
        The host is lower-cased and a leading ``www.`` dropped.

    Returns
    -------
    str
        ``"primary"`` when the host matches one of :data:`PRIMARY_PATTERNS` (checked first),
        ``"established"`` when it is, or is a subdomain of, one of :data:`ESTABLISHED_HOSTS`, else
        ``"other"`` (also for an address without a host).
    """
    host = (urlsplit(str(url)).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if any(p.search(host) for p in _PRIMARY):
        return "primary"
    if any(host == h or host.endswith("." + h) for h in ESTABLISHED_HOSTS):
        return "established"
    return "other"


def is_reference_figure(row) -> bool:
    """Whether a ledger record is one the claim checker compares figures with (docs/text.md,
    "Checking"): a ``DEFENSE_BUDGET`` record with quantities (budgets, spending shares, targets,
    plan totals), an aggregate ``EXERCISE`` count (``attributes.aggregate``), or a record counting
    vessels (``SECURITY_ASSISTANCE`` / ``ARMS_TRANSFER`` with unit ``vessels``).

    Parameters
    ----------
    row : mapping
        A record with ``type``, ``quantities`` and ``attributes`` (each a JSON string or already
        parsed, as ``ledger.events_frame`` or the YAML gives them).

    Returns
    -------
    bool
    """
    def parsed(v, empty):
        if isinstance(v, str):
            return json.loads(v) if v else empty
        return empty if v is None or (isinstance(v, float) and pd.isna(v)) else v
    q = parsed(row.get("quantities"), [])
    if not q:
        return False
    attrs = parsed(row.get("attributes"), {})
    return (row.get("type") == "DEFENSE_BUDGET"
            or (row.get("type") == "EXERCISE" and bool(attrs.get("aggregate")))
            or any(x.get("unit") == "vessels" for x in q))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text and len(str(text)) == 10 else None
    except ValueError:
        return None


def coverage_report(events: pd.DataFrame, today: dt.date | None = None, states=None) -> dict:
    """Counts and shares over the ledger's records (``events`` as ``ledger.events_frame`` gives it).

    Returns a mapping with ``total``; ``latest_date``; ``by_state`` (per actor: records in
    1990–2009 and in 2010–today); ``balance`` (the issue-20 states with their count since 2010 and
    whether it reaches 30); ``by_type``; ``by_year``; ``sources`` — ``primary_share`` (records
    with ≥ 1 primary source), ``qualifying_share`` (≥ 1 primary or established source),
    ``near_event_share`` (records with a full date that have a source published within 31 days
    of it, or one dated only to the event's own month, among those whose sources carry such
    dates), ``not_near`` (the ids of the others),
    ``only_other`` (ids of records resting only on other sources); ``latest_by_state`` (each
    balance state's, Japan's, Türkiye's and the United States' latest record date, and that of each
    state in ``states``).

    Parameters
    ----------
    events : pandas.DataFrame
        The ledger's rows with at least ``event_id``, ``type``, ``date``, ``date_start``, ``year``,
        ``actors`` (list of ISO3 / organisation codes) and ``sources`` (JSON list of
        ``{publisher, title, date, url}``).
    today : datetime.date, optional
        The end of the ``by_year`` scan for thin years (default: today's date).
    states : iterable of str, optional
        More ISO3 codes whose latest record ``latest_by_state`` reports (the CLI passes the states
        of the strategy reference coding: issue 20 asks the ledger to be current for each).

    Returns
    -------
    dict
        ``{"total": 0}`` alone for an empty frame. Otherwise: ``total`` (records); ``latest_date``
        (the latest ``date_start``, as text); ``by_state`` ({actor: {"before-1990": records,
        "1990-2009": records, "2010-today": records}}, actors by descending total); ``balance`` ({ISO3 of :data:`BALANCE_STATES`: {"since_2010": records,
        "reaches_30": bool}}); ``latest_by_state`` ({ISO3: "YYYY-MM-DD"} for ``JPN``, ``USA``, ``TUR``,
        :data:`BALANCE_STATES` and ``states``, None for a state without records); ``by_type`` ({type: records}); ``by_year`` ({"YYYY": records});
        ``by_actor`` ({actor: records}); ``thin_years`` (years from 2010 to ``today``'s year with
        no record or fewer than a third of the median per year); ``thin_actors`` (actors with fewer
        than 5 records, sorted); ``sources``: ``primary_share`` and ``qualifying_share`` (share 0–1
        of records, 3 decimals), ``near_event_share`` (share 0–1, None when no record qualifies for
        the test), ``near_event_known`` (count of records tested), ``not_near`` (sorted ids of the
        tested records without such a source) and ``only_other`` (sorted ids); ``reference_figures``:
        the records the claim checker compares figures with (:func:`is_reference_figure`):
        ``records``, ``qualifying`` (with a primary or established source; counts) and
        ``unqualified`` (sorted ids of the others).
        A record with several actors counts once for each of them in ``by_state`` and ``by_actor``.
    """
    today = today or dt.date.today()
    if events.empty:
        return {"total": 0}
    ev = events.copy()
    ev["_sources"] = ev["sources"].map(json.loads)
    classes = ev["_sources"].map(lambda ss: {source_class(s.get("url", "")) for s in ss})
    ev["_primary"] = classes.map(lambda c: "primary" in c)
    ev["_qual"] = classes.map(lambda c: bool(c & {"primary", "established"}))

    def near(row) -> bool | None:
        d = _date(row["date"])
        dates = [x for x in (_date(s.get("date")) for s in row["_sources"]) if x]
        # a source dated only to the event's own month ("2003-10" for 13 October 2003) was
        # published within that month: at most 30 days from the event
        same_month = any(re.fullmatch(r"\d{4}-\d{2}", str(s.get("date") or "")) and str(s.get("date")) == str(row["date"])[:7]
                         for s in row["_sources"])
        if d is None or not (dates or same_month):
            return None
        return same_month or any(abs((x - d).days) <= 31 for x in dates)

    ev["_near"] = ev.apply(near, axis=1)
    ev["_ref"] = ev.apply(lambda r: is_reference_figure(r), axis=1) if "quantities" in ev.columns else False
    long = ev.explode("actors")
    band = pd.cut(long["year"], [1944, 1989, 2009, 9999], labels=["before-1990", "1990-2009", "2010-today"])
    by_state = long.groupby(["actors", band], observed=False).size().unstack(fill_value=0)
    by_state = by_state.loc[by_state.sum(axis=1).sort_values(ascending=False).index]
    since = by_state.get("2010-today", pd.Series(dtype=int))
    near_known = ev["_near"].dropna()
    latest = long.groupby("actors")["date_start"].max()
    by_actor = long["actors"].value_counts()
    recent = {y: int((ev["year"] == y).sum()) for y in range(2010, today.year + 1)}
    median = float(pd.Series(list(recent.values())).median()) if recent else 0.0
    return {
        "total": int(len(ev)),
        "latest_date": str(max(ev["date_start"])),
        "by_state": {a: {k: int(v) for k, v in r.items()} for a, r in by_state.iterrows()},
        "balance": {s: {"since_2010": int(since.get(s, 0)), "reaches_30": bool(since.get(s, 0) >= 30)}
                    for s in BALANCE_STATES},
        "latest_by_state": {s: (str(latest[s]) if s in latest.index else None)
                            for s in dict.fromkeys(["JPN", "USA", "TUR", *BALANCE_STATES, *(states or [])])},
        "by_type": {k: int(v) for k, v in ev["type"].value_counts().items()},
        "by_year": {str(k): int(v) for k, v in ev["year"].value_counts().sort_index().items()},
        "by_actor": {k: int(v) for k, v in by_actor.items()},
        "thin_years": [y for y, n in recent.items() if n == 0 or n < median / 3],
        "thin_actors": sorted(a for a, n in by_actor.items() if n < 5),
        "sources": {"primary_share": round(float(ev["_primary"].mean()), 3),
                    "qualifying_share": round(float(ev["_qual"].mean()), 3),
                    "near_event_share": round(float(near_known.mean()), 3) if len(near_known) else None,
                    "near_event_known": int(len(near_known)),
                    "not_near": sorted(ev.loc[near_known.index[~near_known.astype(bool)], "event_id"]),
                    "only_other": sorted(ev.loc[~ev["_qual"], "event_id"])},
        "reference_figures": {"records": int(ev["_ref"].sum()),
                              "qualifying": int((ev["_ref"] & ev["_qual"]).sum()),
                              "unqualified": sorted(ev.loc[ev["_ref"] & ~ev["_qual"], "event_id"])},
    }
