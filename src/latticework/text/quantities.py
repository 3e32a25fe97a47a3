"""Quantities in text: money with currency, % of GDP, percentages, troops, counts, ranks.

Each becomes ``{value, unit, approx}`` with the units of docs/ledger.md: an ISO 4217 code for
money (the full amount: "¥43 trillion" is ``43e12 JPY``), ``pct_gdp``, ``pct``, ``troops``,
``count``, ``vessels``, ``aircraft``, ``km``, ``rank``. ``approx`` is True after "about",
"approximately", "nearly", "over", "more than", "at least", "some", "up to", "roughly", "almost".
"""
from __future__ import annotations

import re

__all__ = ["find_quantities", "QUANTITY_RE"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a hundred|dozens of|hundreds of|thousands of"
_SCALE = r"thousand|million|billion|trillion|bn|mn|mln"
_SYMBOL = r"US\$|A\$|AU\$|AUD\$|C\$|NZ\$|S\$|HK\$|\$|¥|￥|€|£|₩|₱|₹"
_CODE = r"USD|JPY|EUR|GBP|AUD|KRW|PHP|CNY|RMB|INR|CAD|NZD|TWD|UAH|RUB"
_CUR_WORD = r"U\.S\. dollars|dollars|yen|euros?|won|pesos|pounds sterling|pounds|yuan|renminbi|rupees"
_ORD_WORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|fifteenth|twentieth"
_PEOPLE = r"troops|soldiers|service ?members|servicemembers|military personnel|personnel|Marines|sailors|airmen|forces"
_COUNTED = (r"exercises|drills|vessels|ships|boats|cutters|aircraft|fighters|jets|helicopters|missiles"
            r"|agreements|bases|submarines|patrols|units|satellites|radars|launchers|kilometers|kilometres|km|miles|destroyers|frigates")
_COUNTED_DIGITS = r"partners|countries|nations|states|members"  # counted only with digits ("20 partners", not "two countries")
QUANTITY_RE = re.compile(
    r"(?:(?=[$¥￥€£₩₱₹])|\b)(?:"  # start only at a currency sign or a word boundary (fast skipping)
    rf"(?P<money_sym>(?P<ms_cur>{_SYMBOL})\s?(?P<ms_num>{_NUM})(?:\s?(?P<ms_scale>{_SCALE})\b)?)"
    rf"|(?P<money_code>(?P<mc_cur>{_CODE})\s?(?P<mc_num>{_NUM})(?:\s?(?P<mc_scale>{_SCALE})\b)?)"
    rf"|(?P<money_word>(?<![\w.,])(?P<mw_num>{_NUM})(?:\s?(?P<mw_scale>{_SCALE}))?\s(?P<mw_cur>{_CUR_WORD})\b)"
    rf"|(?P<gdp>(?<![\w.,])(?P<g_num>{_NUM}|{_WORDNUM})\s?(?:%|percent|per cent|pct)\s+of\s+(?:(?:its|their|the|the country’s|the country's|national)\s+)?(?:GDP|gross domestic product)\b)"
    rf"|(?P<people>(?<![\w.,$])(?P<p_num>{_NUM})(?:\s(?P<p_scale>thousand|million))?\s+(?:(?:U\.S\.|US|American|Japanese|Korean|Australian|British|Chinese|Russian|North Korean|active[- ]duty|additional|more|rotational|foreign|allied|military)\s+){{0,3}}(?P<p_unit>{_PEOPLE})\b)"
    rf"|(?P<pct>(?<![\w.,])(?P<pc_num>{_NUM})\s?(?:%|percent|per cent)(?!\w))"
    rf"|(?P<rank>(?<![\w.,])(?P<rk_num>\d{{1,3}})(?:st|nd|rd|th)(?![\w])(?![- ](?:century|centuries|anniversary|birthday|Congress|edition|session|generation|floor|version|round|Amendment)))"
    rf"|(?P<rankw>(?i:(?P<rw_word>{_ORD_WORD}|top)[- ](?:largest|biggest|highest|greatest|most)))"
    rf"|(?P<count>(?<![\w.,$])(?:(?P<c_num>{_NUM}|{_WORDNUM})\s+(?:[A-Za-z-]+\s+){{0,2}}?(?P<c_unit>{_COUNTED})"
    rf"|(?P<c_num2>{_NUM})\s+(?:[A-Za-z-]+\s+){{0,2}}?(?P<c_unit2>{_COUNTED_DIGITS}))\b)"
    r")"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_SYMBOLS = {"US$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "AUD$": "AUD", "C$": "CAD", "NZ$": "NZD",
            "S$": "SGD", "HK$": "HKD", "¥": "JPY", "￥": "JPY", "€": "EUR", "£": "GBP", "₩": "KRW", "₱": "PHP", "₹": "INR"}
_CURWORDS = {"u.s. dollars": "USD", "dollars": "USD", "yen": "JPY", "euro": "EUR", "euros": "EUR", "won": "KRW",
             "pesos": "PHP", "pounds": "GBP", "pounds sterling": "GBP", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR"}
_WORDVAL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "hundred": 100, "a hundred": 100, "dozens of": 24, "hundreds of": 200, "thousands of": 2000}
_ORDVAL = {w: i + 1 for i, w in enumerate(_ORD_WORD.split("|")[:12])}
_ORDVAL.update({"fifteenth": 15, "twentieth": 20, "top": 1})
_UNIT_OF = {"vessels": "vessels", "ships": "vessels", "boats": "vessels", "cutters": "vessels", "destroyers": "vessels",
            "frigates": "vessels", "submarines": "vessels", "aircraft": "aircraft", "fighters": "aircraft",
            "jets": "aircraft", "helicopters": "aircraft", "kilometers": "km", "kilometres": "km", "km": "km"}
_APPROX = re.compile(r"(?:about|approximately|approx\.|nearly|around|roughly|almost|some|over|more than|at least|up to"
                     r"|an estimated|an additional|less than|fewer than|under|~)\s*$", re.I)


def _number(s: str) -> float:
    s = s.lower()
    if s in _WORDVAL:
        return float(_WORDVAL[s])
    return float(s.replace(",", ""))


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[dict]:
    """Quantities in ``text[start:end]``: ``{"value", "unit", "approx", "text", "start", "end", "what"}``.

    ``what`` names the counted thing ("troops", "exercises", "largest") where there is one.

    Parameters
    ----------
    text : str
        The text to search.
    start, end : int
        Character offsets of the part of ``text`` to search (default: all of it).

    Returns
    -------
    list of dict
        One per match, in text order: ``value`` (float: money as the full amount in the
        currency's unit, ``"US$1.5 billion"`` -> 1.5e9; ``pct_gdp`` and ``pct`` in percent, 2.0 for
        "2% of GDP"; ``rank`` as the ordinal, 3.0 for "third-largest"; troops and counts as
        numbers, with "dozens / hundreds / thousands of" read as 24 / 200 / 2000); ``unit`` (an
        ISO 4217 code such as ``USD``, ``JPY``; ``pct_gdp``, ``pct``, ``troops``, ``count``,
        ``vessels``, ``aircraft``, ``km``, ``rank``); ``approx`` (bool); ``text`` (the match);
        ``start``, ``end`` (offsets in ``text``); ``what`` (the counted word as written, or None).
    """
    end = len(text) if end is None else end
    out = []
    for m in QUANTITY_RE.finditer(text, start, end):
        g, kind = m.groupdict(), m.lastgroup
        what = None
        if kind == "money_sym":
            value = _number(g["ms_num"]) * _SCALES.get((g["ms_scale"] or "").lower(), 1)
            unit = _SYMBOLS[g["ms_cur"]]
        elif kind == "money_code":
            value = _number(g["mc_num"]) * _SCALES.get((g["mc_scale"] or "").lower(), 1)
            unit = {"RMB": "CNY"}.get(g["mc_cur"], g["mc_cur"])
        elif kind == "money_word":
            value = _number(g["mw_num"]) * _SCALES.get((g["mw_scale"] or "").lower(), 1)
            unit = _CURWORDS[g["mw_cur"].lower()]
        elif kind == "gdp":
            value, unit = _number(g["g_num"]), "pct_gdp"
        elif kind == "people":
            value = _number(g["p_num"]) * _SCALES.get((g["p_scale"] or "").lower(), 1)
            unit, what = "troops", g["p_unit"]
        elif kind == "pct":
            value, unit = _number(g["pc_num"]), "pct"
        elif kind == "rank":
            value, unit = float(g["rk_num"]), "rank"
            what = _after_word(text, m.end())
        elif kind == "rankw":
            value, unit = float(_ORDVAL[g["rw_word"].lower()]), "rank"
            what = m.group(0).split("-")[-1].split()[-1].lower()
        elif kind == "count":
            c_unit, c_num = (g["c_unit"], g["c_num"]) if g["c_unit"] else (g["c_unit2"], g["c_num2"])
            value, unit, what = _number(c_num), _UNIT_OF.get(c_unit.lower(), "count"), c_unit
        else:  # pragma: no cover
            continue
        approx = bool(_APPROX.search(text[max(0, m.start() - 16):m.start()]))
        if kind == "count" and (g["c_num"] or "").lower() in ("dozens of", "hundreds of", "thousands of"):
            approx = True
        out.append({"value": value, "unit": unit, "approx": approx, "text": m.group(0),
                    "start": m.start(), "end": m.end(), "what": what})
    return out


def _after_word(text: str, pos: int) -> str | None:
    m = re.match(r"[- ]?(largest|biggest|highest|greatest|most|place|in)\b", text[pos:pos + 20])
    return m.group(1) if m else None
