"""Date expressions in text, resolved against the document date.

Explicit dates ("April 10, 2024", "10 April 2024", "July 2023", "2025", "2022-2023", "FY2027",
"Japanese Fiscal Year (JFY) 2027", "the first quarter of 2029") and relative ones ("today",
"yesterday", "this year", "last year", "next year", "in July", "last month", "over the past two
years", "the last decade") become ISO 8601 values: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or an
interval ``YYYY/YYYY``. A relative expression without a document date resolves to None.
"""
from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_dates", "DATE_RE", "NUMBER_WORDS"]

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MON = {m: i + 1 for i, m in enumerate(MONTHS)}
_MON.update({m[:3]: i + 1 for i, m in enumerate(MONTHS)})
_MON["sept"] = 9
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1,
                "several": None, "few": None}
_M = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
      r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)")
_Y = r"(?:19[4-9]\d|20\d\d|2100)"
_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|several|few)"
DATE_RE = re.compile(
    r"\b(?:"  # every alternative starts at a word boundary: lets the engine skip mid-word positions fast
    rf"(?P<mdy>(?P<mdy_m>{_M})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>{_Y}))\b"
    rf"|(?P<dmy>(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_M}),?\s+(?P<dmy_y>{_Y}))\b"
    rf"|(?P<my>(?P<my_m>{_M})(?:\s*(?:and|or|to|through|-|–)\s*{_M})?,?\s+(?:of\s+)?(?P<my_y>{_Y}))\b"
    rf"|(?P<q>(?i:(?:the\s+)?(?P<q_n>first|second|third|fourth|last)\s+quarter\s+of\s+)(?P<q_y>{_Y}))\b"
    rf"|(?P<fy>(?:Japanese\s+)?(?:J?FY|[Ff]iscal\s+[Yy]ear|[Ff]iscal)(?:\s+\(J?FY\))?\s?(?P<fy_y>{_Y}|'?\d\d)(?:[-–/](?P<fy_y2>\d{{2,4}}))?)\b"
    rf"|(?P<range>(?<![\d$.,/])(?P<r_a>{_Y})\s?[-–]\s?(?P<r_b>{_Y}|\d\d)(?![\d%/-]))"
    rf"|(?P<rel>(?i:(?:earlier\s+|later\s+)?today|this\s+(?:morning|afternoon|evening)|tonight|yesterday|tomorrow"
    rf"|(?:this|last|next|the\s+previous|the\s+past|the\s+coming)\s+(?P<rel_u>year|month|decade|week))\b)"
    rf"|(?P<span>(?i:(?:over|in|during|for|within)(?:\s+the\s+course\s+of)?\s+the\s+(?P<span_w>past|last|next|coming|previous)\s+(?P<span_n>{_N})\s+(?P<span_u>years?|months?|decades?)))\b"
    rf"|(?P<mon>(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?P<mon_m>{_M}))(?!\s*\d)(?!\s*(?:and|or|to|through|-|–)\s*{_M},?\s+(?:of\s+)?{_Y})"
    rf"|(?P<year>(?<![\d$.,#§/-])(?P<y>{_Y})(?![\d%/]|,\d|\.\d|-\d|\s?(?:percent|per cent|troops|km)))"
    r")"
)
_PLANNED = re.compile(r"(?:\bby|\buntil|\bthrough|\bin time for|\bahead of)\s*(?:the\s+)?(?:end\s+of\s+)?$", re.I)


def _month(name: str) -> int:
    return _MON[name.lower().rstrip(".")]


def _num(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS.get(w)


def _shift_month(d: dt.date, k: int) -> tuple[int, int]:
    m = d.month - 1 + k
    return d.year + m // 12, m % 12 + 1


def _two_digit(y: str, base: int | None = None) -> int:
    y = y.lstrip("'")
    if len(y) == 4:
        return int(y)
    century = (base // 100 * 100) if base else 2000
    return century + int(y)


def find_dates(text: str, start: int = 0, end: int | None = None,
               document_date: str | dt.date | None = None) -> list[dict]:
    """Date expressions in ``text[start:end]``.

    Parameters
    ----------
    text : str
        The text to search (years 1940–2100 are recognised).
    start, end : int
        Character offsets of the part of ``text`` to search (default: all of it).
    document_date : str or datetime.date, optional
        The date relative expressions are resolved against: a date, or ISO text ``YYYY-MM-DD``
        (longer text is cut to its first ten characters), ``YYYY-MM`` (the 1st of the month) or
        ``YYYY`` (1 January); anything else counts as no date. It also gives the century of a
        two-digit fiscal year ("FY27"; 2000s without it).

    Returns
    -------
    list of dict
        ``{"text", "start", "end", "value", "planned"}``: ``value`` is ISO 8601 (``YYYY``,
        ``YYYY-MM``, ``YYYY-MM-DD`` or an interval ``YYYY/YYYY``), None when the expression is
        relative and no document date is known; ``planned`` is True after "by"/"until" and for
        future-pointing phrases ("next year", "over the next two years"). ``start`` and ``end``
        are offsets in ``text``. An impossible day ("February 30, 2024") gives the month; a
        quarter gives its year; "over the past/next N months" gives a ``YYYY-MM/YYYY-MM`` interval.
    """
    ref = _as_date(document_date)
    end = len(text) if end is None else end
    out = []
    for m in DATE_RE.finditer(text, start, end):
        kind = m.lastgroup if m.lastgroup in ("mdy", "dmy", "my", "q", "fy", "range", "rel", "span", "mon", "year") else None
        g = m.groupdict()
        value, planned = None, False
        if g["mdy"]:
            value = _iso(int(g["mdy_y"]), _month(g["mdy_m"]), int(g["mdy_d"]))
        elif g["dmy"]:
            value = _iso(int(g["dmy_y"]), _month(g["dmy_m"]), int(g["dmy_d"]))
        elif g["my"]:
            value = f"{int(g['my_y']):04d}-{_month(g['my_m']):02d}"
        elif g["q"]:
            value = g["q_y"]
        elif g["fy"]:
            y = _two_digit(g["fy_y"], ref.year if ref else None)
            value = f"{y:04d}"
            if g["fy_y2"]:
                value = f"{y:04d}/{_two_digit(g['fy_y2'], y):04d}"
        elif g["range"]:
            a = int(g["r_a"])
            b = _two_digit(g["r_b"], a)
            value = f"{a:04d}/{b:04d}" if b > a else f"{a:04d}"
        elif g["rel"]:
            value, planned = _relative(g["rel"], g["rel_u"], ref)
        elif g["span"]:
            n = _num(g["span_n"])
            unit = g["span_u"].lower().rstrip("s")
            forward = g["span_w"].lower() in ("next", "coming")
            if ref and n:
                years = n * (10 if unit == "decade" else 1)
                if unit == "month":
                    y0, m0 = _shift_month(ref, n if forward else -n)
                    a, b = (f"{ref.year:04d}-{ref.month:02d}", f"{y0:04d}-{m0:02d}") if forward else (f"{y0:04d}-{m0:02d}", f"{ref.year:04d}-{ref.month:02d}")
                    value = f"{a}/{b}"
                else:
                    value = f"{ref.year:04d}/{ref.year + years:04d}" if forward else f"{ref.year - years:04d}/{ref.year:04d}"
            planned = forward
        elif g["mon"]:
            if ref:
                value = f"{ref.year:04d}-{_month(g['mon_m']):02d}"
        elif g["year"]:
            value = g["y"]
        if kind is None:
            continue
        planned = planned or bool(_PLANNED.search(text[max(start, m.start() - 20):m.start()]))
        if g["mon"] and g["mon"].lower().startswith("by"):
            planned = True
        out.append({"text": m.group(0), "start": m.start(), "end": m.end(), "value": value,
                    "planned": planned})
    return out


def _iso(y: int, mo: int, d: int) -> str | None:
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return f"{y:04d}-{mo:02d}"


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value)
    try:
        if len(s) >= 10:
            return dt.date.fromisoformat(s[:10])
        if len(s) == 7:
            return dt.date(int(s[:4]), int(s[5:7]), 1)
        if len(s) == 4:
            return dt.date(int(s), 1, 1)
    except ValueError:
        return None
    return None


def _relative(phrase: str, unit: str | None, ref: dt.date | None) -> tuple[str | None, bool]:
    p = " ".join(phrase.lower().split())
    if ref is None:
        return None, p.startswith(("next", "tomorrow", "the coming"))
    if p.endswith(("today", "morning", "afternoon", "evening")) or p == "tonight":
        return ref.isoformat(), False
    if p == "yesterday":
        return (ref - dt.timedelta(days=1)).isoformat(), False
    if p == "tomorrow":
        return (ref + dt.timedelta(days=1)).isoformat(), True
    which = p.split()[0] if not p.startswith("the ") else p.split()[1]
    step = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}[which]
    unit = (unit or "").lower()
    if unit == "year":
        return f"{ref.year + step:04d}", step > 0
    if unit == "month":
        y, m = _shift_month(ref, step)
        return f"{y:04d}-{m:02d}", step > 0
    if unit == "decade":
        return (f"{ref.year - 10:04d}/{ref.year:04d}" if step <= 0 else f"{ref.year:04d}/{ref.year + 10:04d}"), step > 0
    if unit == "week":
        d = ref + dt.timedelta(days=7 * step)
        return d.isoformat()[:7] if step else ref.isoformat(), step > 0
    return None, False
