"""Finding checkable claims in a text (no store needed): figures (military spending, share of
GDP, world rank, US troops, exercise counts, budgets in a national currency, spending targets and
plan totals, vessels provided), agreements with their status and year, "first-time" claims, and
every event the extractor reads as an event claim. Each claim has its span, a normalised subject,
value, unit and year (resolved against the document's date) and its kind.

Checking them against the store is :mod:`latticework.models.claim_check`.
"""
from __future__ import annotations

import re

from latticework.text.actors import find_actors
from latticework.text.document import describe
from latticework.vocabulary import ORGANISATIONS

__all__ = ["find_claims", "event_claims", "is_money"]

_SPENDING = re.compile(r"(defen[cs]e|military|security)\s+(spending|budgets?|expenditures?|outlays?|spender)"
                       r"|budget\s+for\s+(its\s+)?defen[cs]e|spen(ds?|t|ding)\b.{0,40}\b(on\s+)?(defen[cs]e|the\s+military|military)", re.I)
_TARGET = re.compile(r"\b(target\w*|plans?|planned|pledg\w+|aim\w*|goal|will|intend\w*|seek\w*|by\s+(?:J?FY|fiscal)?\s*\d{4}|reach)\b", re.I)
_US_TROOPS = re.compile(r"(?<!\w)(U\.S\.|US|American|United States)(?!\w)")
_AGREEMENTS = [
    ("ACCESS_AGREEMENT", re.compile(r"reciprocal\s+access\s+agreement|\bRAA\b|status[- ]of[- ]forces\s+agreement|\bSOFA\b"
                                    r"|visiting\s+forces\s+agreement|enhanced\s+defen[cs]e\s+cooperation\s+agreement|\bEDCA\b", re.I)),
    ("SECURITY_AGREEMENT", re.compile(r"acquisition\s+and\s+cross[- ]servicing\s+agreement|\bACSA\b|\bGSOMIA\b"
                                      r"|general\s+security\s+of\s+military\s+information\s+agreement"
                                      r"|(defen[cs]e\s+)?equipment\s+and\s+technology\s+transfer\s+agreement"
                                      r"|agreement\s+(?:concerning|on)\s+the\s+transfer\s+of\s+defen[cs]e\s+equipment\s+and\s+technology"
                                      r"|information\s+security\s+agreement|agreement\s+on\s+the\s+security\s+of\s+information"
                                      r"|special\s+measures\s+agreement|\bSMA\b|trilateral\s+security\s+cooperation\s+framework"
                                      r"|joint\s+declaration\s+on\s+security\s+cooperation", re.I)),
    ("DEFENSE_PACT", re.compile(r"mutual\s+defen[cs]e\s+treaty|treaty\s+of\s+mutual\s+cooperation\s+and\s+security"
                                r"|\b(security|defen[cs]e|alliance)\s+treaty|\bANZUS\b"
                                r"|(?<=Article\sV\sof\s)the\s+Treaty\b|(?<=Article\s5\sof\s)the\s+Treaty\b", re.I)),
]
_STATUS = [("in_force", re.compile(r"(entered|enter|entry)\s+into\s+force|\bin\s+force\b|\bratif\w+", re.I)),
           ("signed", re.compile(r"\bsign(ed|ing|s)?\b|\bconclu(ded|de|sion)\b", re.I))]
_INCREMENT = re.compile(r"\b(additional|extra|more|increase\s+of|boost\s+of|rise\s+of|increment\s+of|further)\s+(?:\w+\s+)?$", re.I)
_ORGS = set(ORGANISATIONS)
_FROM = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|just\s+)?(?:the\s+)?$", re.I)
_TO = re.compile(r"\s*(?:percent\s+|per\s+cent\s+)?to\s", re.I)


# -- finding claims --------------------------------------------------------------------------
#: a sentence whose figure belongs to a group of states ("three Allies", "member states"), so the
#: title's state is not its subject
_GROUP_SUBJECT = re.compile(r"\b(Allies|allies|members|member states|partners|countries|nations)\b")


def find_claims(text: str, document_date=None, title: str | None = None, lo: int | None = None):
    """Claims in a body (no store needed): a list of dicts with ``kind``, ``actor(s)``, ``value``,
    ``unit``, ``year``, ``target``, ``start``/``end`` (the claim's span), the sentence and its span.

    Parameters
    ----------
    text : str
        A document body (no header block is looked for; YAML front matter is skipped).
    document_date : str, optional
        ISO date of the document (``YYYY-MM-DD``): resolves relative dates, is the year of a figure
        the sentence does not date, and tells a target year from a past one. Default: a date
        found in the front matter or an "Updated/Published ... Month D, YYYY" line.
    title : str, optional
        The document's title; the states it names are the document's parties (the actor when a
        sentence names none). Default: from the front matter or a title-like first line.
    lo : int, optional
        Offset in ``text`` where the analysis starts (default: after the front matter).

    Returns
    -------
    list of dict
        In sentence order; offsets (``start``, ``end``, ``sentence_start``, ``sentence_end``) are
        characters into ``text``. Figure claims (``kind`` ``military_spending``,
        ``spending_share_gdp``, ``spending_rank``, ``us_troops``, ``exercise_count``,
        ``budget_target``, ``vessels_provided``) carry ``actor`` (ISO3, or ``NATO`` / ``EU`` for a
        target; None when unknown), ``actor_from`` (``"text"``, ``"title"``, or ``"group"`` when the
        sentence gives the figure for a group of states and no state is taken), ``value`` and
        ``unit`` (as :func:`~latticework.text.quantities.find_quantities`: money as the full amount
        in an ISO 4217 currency, % of GDP in percent, rank as the ordinal), ``approx``, ``year``
        and ``year_from`` (``"text"``, ``"document date"`` or ``"none"``), ``doc_year``,
        ``increment``, ``target``, ``phrase``; a target adds ``years``, ``plan``, ``doc_date``, a
        vessels claim ``recipient`` and ``year_given``. Agreement claims (``kind`` ``"agreement"``)
        carry ``agreement_type``, ``actors`` (ISO3 codes), ``status`` (``"signed"``,
        ``"in_force"`` or None), ``name`` and ``year``. First-time claims (``kind``
        ``"first_time"``) carry ``event_type``, ``what``, ``actors``, ``since`` (year or None) and
        ``before`` (the document date, or None). Alliance claims: an alliance named by its members
        is an ``agreement`` claim (DEFENSE_PACT, no status); an alliance's age is ``alliance_age``
        (``actors``, ``years``, ``bound``, ``decades``, ``doc_year``; :func:`_alliance_claims`).
    """
    from latticework.text.extract import analyse, parties_of

    meta, body = describe(text, document_date=document_date, title=title, header=False)  # a body: no header
    parties = parties_of(meta.title)
    an = analyse(body, meta.text_start if lo is None else lo, len(body), meta.date)
    doc_year = int(meta.date[:4]) if meta.date else None
    out = []
    for i, (s, e) in enumerate(an.sentences):
        sentence = body[s:e]
        states = [a for a in an.actors[i] if a[2] not in _ORGS]
        quantities = an.quantities[i]
        dates = [d for d in an.dates[i] if d["value"]]
        spending = _SPENDING.search(sentence)
        for qi, q in enumerate(quantities):
            nxt = quantities[qi + 1] if qi + 1 < len(quantities) else None
            # "from 1.1% to 2.2% of GDP": the first figure shares the second's unit
            if q["unit"] == "pct" and nxt is not None and nxt["unit"] == "pct_gdp" \
                    and _TO.match(body[q["end"]:nxt["start"]]):
                q = {**q, "unit": "pct_gdp"}
            # the "from" side of a change ("from 9th to 3rd by 2027") is the state at the
            # document's date, never the target year the sentence gives for the other side
            from_side = bool(_FROM.search(body[max(s, q["start"] - 25):q["start"]]))
            kind = None
            if from_side:
                pass
            elif spending and q["unit"] == "pct_gdp" and _is_target(q, dates, doc_year, sentence):
                kind = "budget_target"
            elif spending and is_money(q["unit"]) and (_PLAN.search(sentence) or _is_target(q, dates, doc_year, sentence)):
                kind = "budget_target"
            elif q["unit"] == "vessels" and _PROVIDE.search(sentence):
                kind = "vessels_provided"
            elif spending and q["unit"] == "rank":
                kind = "spending_rank"
            elif spending and q["unit"] == "pct_gdp":
                kind = "spending_share_gdp"
            elif spending and len(q["unit"]) == 3 and q["unit"].isupper():
                kind = "military_spending"
            elif q["unit"] == "troops" and _US_TROOPS.search(sentence):
                kind = "us_troops"
            elif q["unit"] == "count" and (q.get("what") or "").lower() == "exercises":
                kind = "exercise_count"
            if kind is None and from_side:
                kind = ("spending_rank" if q["unit"] == "rank" else "spending_share_gdp" if q["unit"] == "pct_gdp"
                        else "military_spending" if is_money(q["unit"]) else None) if spending else None
            if kind is None:
                continue
            year, year_from = _year_for(q, dates, doc_year, s)
            if from_side and doc_year:
                year, year_from = doc_year, "document date (the starting point of a stated change)"
            if kind == "us_troops":
                actor = _host(states, q, parties)
            elif kind == "vessels_provided":
                actor = _donor(states, q, sentence, s, parties)
            elif kind == "budget_target":
                actor = _subject([a for a in an.actors[i] if a[2] not in _ORGS or a[2] in ("NATO", "EU")], q, parties)
            else:
                actor = _subject(states, q, parties)
            span_s = min([q["start"]] + ([actor[0]] if actor and actor[0] is not None else []))
            span_e = q["end"]
            for d in dates:
                if d["start"] >= q["end"] and d["start"] - q["end"] <= 40:
                    span_e = max(span_e, d["end"])
                    break
            increment = bool(_INCREMENT.search(body[max(s, q["start"] - 30):q["start"]]))
            extra = {}
            if kind == "budget_target":
                extra = {"years": _claim_years(q, dates), "plan": bool(_PLAN.search(sentence)), "doc_date": meta.date}
            elif kind == "vessels_provided":
                rec = _recipient(states, q, actor[1] if actor else None)
                extra = {"recipient": rec, "year_given": year_from == "text"}
            actor_from = "text" if actor and actor[0] is not None else "title"
            if actor_from == "title" and _GROUP_SUBJECT.search(sentence):
                # "only three Allies were spending two percent of GDP": a figure of a group of
                # states, not of the state the title names
                actor, actor_from = None, "group"
            out.append({**extra, "kind": kind, "doc_year": doc_year, "increment": increment,
                        "actor_from": actor_from,
                        "actor": actor[1] if actor else None, "value": q["value"], "unit": q["unit"],
                        "approx": q["approx"], "year": year, "year_from": year_from,
                        "target": bool(_TARGET.search(sentence)), "phrase": body[span_s:span_e],
                        "start": span_s, "end": span_e, "sentence": sentence, "sentence_start": s, "sentence_end": e})
        for atype, rx in _AGREEMENTS:
            m = rx.search(sentence)
            if not m:
                continue
            codes = []
            near = [a for a in an.actors[i] if s + m.start() - 80 <= a[0] <= s + m.end() + 60] or an.actors[i]
            for a in near:
                if a[2] not in codes and a[2] not in _ORGS:
                    codes.append(a[2])
            if an.parties[i]:
                codes += [p for p in parties if p not in codes]
            for status, year in _agreement_statuses(sentence, s, dates, m):
                out.append({"kind": "agreement", "agreement_type": atype, "actors": codes, "status": status,
                            "name": m.group(0), "year": year, "phrase": " ".join(m.group(0).split()),
                            "start": s + m.start(), "end": s + m.end(), "sentence": sentence,
                            "sentence_start": s, "sentence_end": e})
        out += _arms_claims(an, i, body, parties, doc_year)
        out += _named_claims(an, i, body, parties, [c for c in out if c["sentence_start"] == s])
        out += _first_claims(an, i, body, parties, meta.date)
        out += _alliance_claims(an, i, body, parties, doc_year)
    return out


#: the head noun of a named instrument, institution or policy ("the U.S.-Japan Guidelines for
#: Defense Cooperation", "Japan's 2015 Legislation for Peace and Security", "a Comprehensive
#: Partnership", "the U.S.-ROK Nuclear Consultative Group"); capitalised, as a name is
_NAMED_HEAD = (r"Agreement|Treaty|Guidelines|Legislation|Declaration|Partnership|Framework|Group|Dialogue|"
               r"Initiative|Arrangement|Accord|Pact|Act|Law|Mechanism|Charter|Compact|Roadmap|Strategy|Review")
_NAMED = re.compile(
    r"(?:(?:[A-Z][\w.’'&-]*|\d{2,4})\s+){1,6}(?:" + _NAMED_HEAD + r")\b"
    r"(?:\s+(?:for|on|of)\s+(?:(?:the|and)\s+)?(?:[A-Z][\w.’'-]*\s?){1,4}(?:and\s+[A-Z][\w.’'-]*)?)?")
_NAMED_HEADS = set(_NAMED_HEAD.lower().split("|"))
#: a named exercise or operation: the kind word comes first ("Exercise Talisman Sabre 25",
#: "Operation Rising Lion", "RIMPAC 2024" is read by the event rules)
_NAMED_PREFIX = re.compile(r"\b(?:Exercise|Operation)\s+(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|\d{2}|\d{4})){0,3}")
#: words of a name that do not single it out: a name made of these and the head noun alone ("the
#: Joint Statement", "a New Strategy") names nothing the ledger can look up
_NAME_GENERIC = {"the", "a", "an", "this", "that", "our", "their", "its", "new", "joint", "and", "of", "for", "on",
                 "national", "bilateral", "trilateral", "security", "defense", "defence", "cooperation",
                 "strategic", "leaders", "leaders’", "leaders'", "president", "prime", "minister", "we", "in",
                 "u.s.", "us", "united", "states", "america", "american", "first", "second", "annual", "2+2",
                 "indo-pacific", "january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december", "today", "since", "with", "under", "through"}


def _named_claims(an, i: int, body: str, parties: list[str], have: list[dict]) -> list[dict]:
    """Named instruments, institutions and policies mentioned as facts ("since signing the Enhanced
    Defense Cooperation Agreement in 2014", "the U.S.-India 123 Civil Nuclear Agreement", "the
    Nuclear Consultative Group (NCG)", "a Comprehensive Partnership established in 2013"): kind
    ``agreement`` with ``named`` True, ``agreement_type`` None (any record type), the name's
    ``actors`` (the states inside it, else those of the sentence, else the document's parties;
    one state is enough: a law or a white paper has one), ``status`` and ``year`` (a year inside
    the name or just after it). A name already read as an agreement claim (:data:`_AGREEMENTS`) is
    not read twice."""
    s, e = an.sentences[i]
    sentence = body[s:e]
    out = []
    matches = list(_NAMED.finditer(sentence))
    matches += [m for m in _NAMED_PREFIX.finditer(sentence)
                if not any(x.start() < m.end() and m.start() < x.end() for x in matches)]
    for m in matches:
        a0, a1 = s + m.start(), s + m.end()
        if any(c["kind"] == "agreement" and c["start"] < a1 and a0 < c["end"] for c in have):
            continue
        words = [w.strip(".,;:()").lower() for w in m.group(0).split()]
        head = next((w for w in words[::-1] if w in _NAMED_HEADS), None) or words[0]
        specific = [w for w in words if w not in _NAME_GENERIC and w != head and not find_actors(w.title())
                    and not find_actors(w.upper()) and not re.fullmatch(r"\d{4}|u\.s\.-\S+|\S+-u\.s\.", w)]
        if not specific:
            continue
        codes = []
        for a in an.actors[i]:
            if a0 <= a[0] < a1 and a[2] not in codes and a[2] not in _ORGS:
                codes.append(a[2])
        if not codes:
            # "Japan's 2015 Legislation": the state right before the name
            codes = [a[2] for a in an.actors[i] if a1 - 80 <= a[0] < a0 and a[2] not in _ORGS][-1:]
        if not codes:
            codes = [a[2] for a in an.actors[i] if a[2] not in _ORGS][:2] or list(parties)
        year = None
        inner = re.search(r"\b((?:19|20)\d{2})\b", m.group(0))
        short = re.search(r"\s(\d{2})$", m.group(0)) if m.group(0).startswith(("Exercise", "Operation")) else None
        if inner:
            year = int(inner.group(1))
        elif short:  # "Talisman Sabre 25": the exercise's two-digit year
            year = 2000 + int(short.group(1))
        else:
            after = [d for d in an.dates[i] if d["value"] and 0 <= d["start"] - a1 <= 30]
            year = _last_year(after[0]["value"]) if after else None
        status = next((k for k, rx in _STATUS if rx.search(body[max(s, a0 - 40):min(e, a1 + 40)])), None)
        out.append({"kind": "agreement", "agreement_type": None, "named": True, "actors": codes, "status": status,
                    "name": " ".join(m.group(0).split()), "year": year, "phrase": " ".join(m.group(0).split()),
                    "start": a0, "end": a1, "sentence": sentence, "sentence_start": s, "sentence_end": e})
    return out


#: an alliance named by its members ("the Japan-United States Alliance", "the ROK-U.S. alliance",
#: "the alliance between the United States and the Republic of Korea") or an ally named as such
#: ("its ally Belarus"); the members are the states named inside the match
_ALLIANCE_NAMED = re.compile(
    r"\b(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})\s*[-–]\s*(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})\s+[Aa]lliances?\b"
    r"|\balliance\s+between\s+(?:the\s+)?[A-Z][^,;]{2,60}?\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s(?:of\s)?[A-Z][\w.]*){0,3}"
    r"|\b(?:its|their|his|her)\s+(?:close\s+|treaty\s+)?ally,?\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}"
    r"|\b(?:a|an|the)\s+(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*)?(?:['’]s?)?)\s+(?:treaty\s+)?ally\b")
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90}
#: an alliance's age: "over seventy years", "for more than seven decades", "the 70th anniversary of
#: our alliance"; the qualifier says how the number bounds the age
_AGE = re.compile(r"\b(?:(over|more\s+than|nearly|almost|about|some|around)\s+)?"
                  r"(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                  r"\s+(years|decades)\b|\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", re.I)
_ALLIANCE_WORD = re.compile(r"\balliance\b", re.I)


def _alliance_claims(an, i: int, body: str, parties: list[str], doc_year) -> list[dict]:
    """Claims about alliances: that an alliance between named states exists (kind ``agreement``,
    ``agreement_type`` DEFENSE_PACT, checked against the ledger and ATOP like any agreement), and
    how old it is (kind ``alliance_age``: ``years``, ``bound`` = "over" | "nearly" | "about" |
    "exact", ``doc_year``), when a sentence about an alliance gives an age in years or decades or
    an anniversary. The members are the states named inside the alliance's name, else the
    sentence's states, else (for "our alliance") the document's parties."""
    s, e = an.sentences[i]
    sentence = body[s:e]
    out = []

    def inside(a0: int, a1: int) -> list[str]:
        codes = []
        for a in an.actors[i]:
            if a0 <= a[0] < a1 and a[2] not in codes and a[2] not in _ORGS:
                codes.append(a[2])
        return codes

    named = []
    for m in _ALLIANCE_NAMED.finditer(sentence):
        codes = inside(s + m.start(), s + m.end())
        if m.group(0).split()[0].lower() in ("its", "their", "his", "her", "a", "an", "the"):
            # "Russia ... its ally Belarus", "the Philippines, a U.S. treaty ally": the state named
            # in the match and the sentence's first state before it
            before = [a[2] for a in an.actors[i] if a[0] < s + m.start() and a[2] not in _ORGS and a[2] not in codes]
            codes = before[:1] + codes
        if len(codes) < 2:
            continue
        named.append(codes)
        out.append({"kind": "agreement", "agreement_type": "DEFENSE_PACT", "actors": codes, "status": None,
                    "name": "alliance", "year": None, "phrase": " ".join(m.group(0).split()),
                    "start": s + m.start(), "end": s + m.end(), "sentence": sentence,
                    "sentence_start": s, "sentence_end": e})
    if not _ALLIANCE_WORD.search(sentence) or doc_year is None:
        return out
    ages = []
    for m in _AGE.finditer(sentence):
        if m.group(4):
            years, bound = int(m.group(4)), "exact"
        else:
            n = m.group(2).lower()
            years = int(n) if n.isdigit() else _WORD_NUMBERS[n]
            if m.group(3).lower().startswith("decade"):
                years *= 10
            q = (m.group(1) or "").lower()
            bound = ("over" if q.startswith(("over", "more")) else "nearly" if q in ("nearly", "almost")
                     else "about" if q else "exact")
        if not 5 <= years <= 120:
            continue
        # an age, not any span of years: a bare "N years" needs a qualifier ("over", "nearly") or
        # "ago" after it ("for 10 years the alliance has held exercises" is not the alliance's
        # age), and the alliance must be named within 80 characters
        if m.group(3) and m.group(3).lower() == "years" and not m.group(1) \
                and not re.match(r"\s+ago\b", sentence[m.end():], re.I):
            continue
        near = [w.start() for w in _ALLIANCE_WORD.finditer(sentence)]
        if not any(-80 <= w - m.end() <= 80 or -80 <= m.start() - w <= 80 for w in near):
            continue
        codes = named[0] if named else [a[2] for a in an.actors[i] if a[2] not in _ORGS]
        codes = list(dict.fromkeys(codes))
        if len(codes) < 2 and (an.parties[i] or not codes):
            codes += [p for p in parties if p not in codes]
        if len(codes) < 2:
            continue  # an organisation's alliance ("the 75th anniversary of the Alliance"): no dyad to date
        ages.append({"kind": "alliance_age", "actors": codes, "years": years, "bound": bound,
                     "decades": bool(m.group(3) and m.group(3).lower().startswith("decade")),
                     "doc_year": doc_year, "phrase": " ".join(m.group(0).split()),
                     "start": s + m.start(), "end": s + m.end(), "sentence": sentence,
                     "sentence_start": s, "sentence_end": e})
    # an age checked against ATOP says the alliance exists too: one claim per sentence, not two
    return ages if ages else out


#: a verb or noun of an arms deal: ordering, buying, selling, delivering, receiving, supplying
_ARMS_VERB = re.compile(r"\b(?:order(?:s|ed|ing)?|purchas\w*|bought|buy(?:s|ing)?|acqui\w+|procur\w+|sold|sell\w*|sales?|"
                        r"deliver\w*|receiv\w+|transferr?\w*|suppl(?:y|ied|ies|ying)|export\w*|import\w*|"
                        r"provid\w*|donat\w*|gave|giv(?:e|es|en|ing))\b", re.I)
#: the verbs of ``_ARMS_VERB`` that state a delivery (the others state an order or a sale)
_DELIVERY_VERB = re.compile(r"deliver|receiv|transfer|suppl|export|import|provid|donat|gave|giv", re.I)
#: a weapon designation: letters and a number ("F-35A", "Yak-130", "MQ-9B", "S-400", "M-1A1"), or a
#: capitalised name of five letters or more ("Tomahawk", "Patriot", "BrahMos", "HIMARS",
#: "Cyclone-class"); which of them name a weapon is decided by the register (a candidate no deal
#: names is not a claim)
_DESIGNATION = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z]{0,4}-?\d{1,4}(?:[A-Za-z]{1,3}\d?)?|[A-Z][A-Za-z]{4,}(?:-class)?)(?![\w-])")
_COUNT_BEFORE = re.compile(r"(?<![\w,.-])(\d{1,3}(?:,\d{3})*|\d+|" + "|".join(_WORD_NUMBERS) + r")\s+(?:[\w-]+\s+){0,3}$")
_NOT_WEAPON = frozenset("""January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday President Minister Secretary Department Ministry Defense Defence
Administration Congress Senate House Government Military Forces Force Army Navy Marine Corps Command Agency Office
Foreign Security State States United Republic Kingdom Federation Union Council Committee Program Programme Initiative
Today During Under Since Following After Before While Among Through Prime Chancellor General Admiral
Weapon Weapons Joint Global Advanced Strike Missile Missiles System Systems Naval Long Range Future National
Strategic Common Enhanced Integrated Multi Light Heavy Medium Tactical Combat Fighter Aircraft Vehicle""".split())


def _arms_claims(an, i: int, body: str, parties: list[str], doc_year) -> list[dict]:
    """Candidate arms-deal claims of sentence ``i``: a sentence with a verb of ordering, buying,
    selling, delivering or supplying and two states (the document's parties complete one), one
    claim per designation-like word (``_DESIGNATION``; not a state, month or office), with the
    count written just before it ("24 Yak-130 aircraft"), the verb nearest it and the year of the
    date nearest it. The
    checker (:func:`latticework.models.claim_check._check_arms_deal`) keeps only those the SIPRI
    register holds a deal for between two of the states: the finder needs no store, so it cannot
    tell a weapon from another capitalised word.

    Returns
    -------
    list of dict
        ``kind`` ``"arms_deal"``, ``actors`` (ISO3, in the sentence's order, parties last),
        ``designation`` (the word as written), ``count`` (int or None), ``stage`` (``"order"`` when
        the verb nearest the designation orders, buys or sells, ``"delivery"`` when it delivers,
        receives, supplies or provides), ``year`` (the year of the date nearest it, or None),
        ``year_from`` (``"text"`` or ``"none"``), ``doc_year``, the span (``start``/``end``: the
        count, when given, to the designation) and the sentence with its span.
    """
    s, e = an.sentences[i]
    sentence = body[s:e]
    verbs = [(m.start(), "delivery" if _DELIVERY_VERB.match(m.group(0)) else "order") for m in _ARMS_VERB.finditer(sentence)]
    if not verbs:
        return []
    codes = []
    for a in an.actors[i]:
        if a[2] not in _ORGS and a[2] not in codes:
            codes.append(a[2])
    if len(codes) < 2:
        codes += [p for p in parties if p not in codes and p not in _ORGS]
    if len(codes) < 2:
        return []
    named = [(a[0], a[1]) for a in an.actors[i]]
    years = [(d["start"], int(str(d["value"])[:4])) for d in an.dates[i] if d.get("value") and str(d["value"])[:4].isdigit()]
    out = []
    for m in _DESIGNATION.finditer(sentence):
        word = m.group(0)
        ws, we = s + m.start(), s + m.end()
        if word in _NOT_WEAPON or any(a <= ws < b for a, b in named) or re.fullmatch(r"(?:FY|CY)?\d+|[A-Z]{1,2}\d?", word):
            continue
        before = _COUNT_BEFORE.search(body[max(s, ws - 40):ws])
        count = None
        if before:
            n = before.group(1).replace(",", "")
            count = int(n) if n.isdigit() else _WORD_NUMBERS.get(n.lower())
            if count is not None and 1900 <= count <= 2100:  # "the 2023 Yak-130 deal": a year, not a count
                count = None
        start = ws - len(before.group(0)) if before and count is not None else ws
        # the verb and the date nearest the designation are its own ("sold M-1A1s to Egypt and, in
        # 2023, provided Ukraine with 31 M-1 Abrams": delivery, 2023)
        stage = min(verbs, key=lambda v: abs(v[0] - m.start()))[1]
        year = min(years, key=lambda y: abs(y[0] - ws))[1] if years else None
        out.append({"kind": "arms_deal", "actors": codes, "designation": word, "count": count,
                    "stage": stage,
                    "year": year, "year_from": "text" if years else "none", "doc_year": doc_year,
                    "phrase": body[start:we], "start": start, "end": we, "sentence": sentence,
                    "sentence_start": s, "sentence_end": e})
    return out


def _agreement_statuses(sentence: str, s: int, dates: list[dict], m) -> list[tuple[str | None, int | None]]:
    """(status, year) claims about one agreement: "signed in January 2022 and entered into force in
    August 2023" gives two, each with the date that follows its own verb (within 80 characters,
    before the next status verb); otherwise one, with the year of :func:`_agreement_year`."""
    marks = sorted((r.start(), r.end(), k) for k, rx in _STATUS for r in rx.finditer(sentence))
    own = []
    for j, (ks, ke, k) in enumerate(marks):
        stop = marks[j + 1][0] if j + 1 < len(marks) else len(sentence)
        d = next((d for d in dates if s + ke <= d["start"] < s + min(stop, ke + 80)), None)
        if d is not None and k not in [x[0] for x in own]:
            own.append((k, _last_year(d["value"])))
    if len(own) > 1:
        return own
    status = next((k for k, r in _STATUS if r.search(sentence)), None)
    if own and own[0][0] == status:
        return own
    return [(status, _agreement_year(dates, s + m.start(), s + m.end(), status))]


def _agreement_year(dates: list[dict], ms: int, me: int, status: str | None) -> int | None:
    """The year an agreement claim gives: a date within 60 characters after the name ("signed in
    2024", "the RAA of July 2024"), else one within 40 before it ("the 1953 Mutual Defense
    Treaty"); a date elsewhere in the sentence counts only when the sentence says signed / in force."""
    after = [d for d in dates if 0 <= d["start"] - me <= 60]
    if after:
        return _last_year(after[0]["value"])
    before = [d for d in dates if 0 <= ms - d["end"] <= 40]
    if before:
        return _last_year(before[-1]["value"])
    if status and dates:
        return _last_year(dates[0]["value"])
    return None


_FIRST = re.compile(r"\b(?:the|a|its|their|our)\s+\[?first(?:[- ]ever)?\s+((?:[\w.-]+\s+){0,3}?)"
                    r"(summit|visit|exercises?|meeting|dialogue|drills?|patrol|sail|deployments?)\b(?:\s+in\s+([A-Z][\w-]+))?"
                    r"(?:.{0,60}?\bsince\s+(\d{4}))?", re.I)
#: modifiers of a "first" that say nothing about which kind of event it is
_FIRST_GENERIC = {"trilateral", "bilateral", "multilateral", "quadrilateral", "joint", "combined", "ever", "formal",
                  "official", "new", "major", "regular", "annual", "such", "large-scale", "full-scale", "in-person",
                  "standalone", "stand-alone", "high-level", "its", "their", "our", "the", "of", "and", "to"}
_FIRST_TYPE = {"summit": "DIALOGUE", "visit": "DIALOGUE", "meeting": "DIALOGUE", "dialogue": "DIALOGUE",
               "exercise": "EXERCISE", "exercises": "EXERCISE", "drill": "EXERCISE", "drills": "EXERCISE",
               "patrol": "EXERCISE", "sail": "EXERCISE", "deployment": "FORCE_POSTURE", "deployments": "FORCE_POSTURE"}


def _first_qualifiers(modifiers: str | None, place: str | None) -> list[str]:
    """The words that say which kind of "first" is claimed: the modifiers before the head noun
    ("multi-domain" in "the first multi-domain trilateral exercise", "defense ministers" in "the
    first trilateral defense ministers meeting") without generic ones (:data:`_FIRST_GENERIC`) or
    actor names ("U.S.", "Japanese"), and the place after it ("in Tokyo"); lower case."""
    out = []
    for w in (modifiers or "").split():
        w = w.strip(".,;:").lower()
        if not w or w in _FIRST_GENERIC or find_actors(w.title()) or find_actors(w.upper()):
            continue
        out.append(w)
    return out + ([place.lower()] if place else [])  # a capital names a state too: kept as a place


#: an office-holder named with the title ("President Donald J. Trump", "Prime Minister Ishiba
#: Shigeru"): the name's capitalised words
_OFFICE = re.compile(r"\b(?:President|Vice President|Prime Minister|Premier|Chancellor|King|Queen|Emperor|"
                     r"General Secretary|Secretary(?:\s+of\s+(?:State|Defense|War))?|(?:Defen[cs]e\s+|Foreign\s+)?Minister)"
                     r"\s+((?:[A-Z][\w’'-]*\.?\s?){1,4})")


def _office_holders(text: str) -> list[list[str]]:
    """The persons a text names by title and name, each as the words of the name (initials left
    out): "President Donald J. Trump and Prime Minister Ishiba Shigeru" gives [["Donald",
    "Trump"], ["Ishiba", "Shigeru"]]."""
    out = []
    for m in _OFFICE.finditer(text):
        words = [w.strip(".") for w in m.group(1).split() if len(w.strip(".")) > 1]
        if words and words not in out:
            out.append(words)
    return out


def _first_claims(an, i: int, body: str, parties: list[str], doc_date) -> list[dict]:
    """"The first trilateral summit", "the first ROK presidential visit to China since 2019": a
    first-time claim about a meeting or an exercise between the states the sentence names. "Their
    first meeting" after two office-holders named by title ("President Trump and Prime Minister
    Ishiba held their first official meeting") is a first of those persons, not of their states:
    ``persons`` holds the words of each name (empty otherwise)."""
    s, e = an.sentences[i]
    sentence = body[s:e]
    out = []
    for m in _FIRST.finditer(sentence):
        codes = []
        for a in an.actors[i]:
            if a[2] not in codes and a[2] not in _ORGS:
                codes.append(a[2])
        if an.parties[i] or len(codes) < 2:
            codes += [p for p in parties if p not in codes]
        date = None  # the claim is made as of the document's date (a "since 2019" is the bound, not the date)
        persons = _office_holders(sentence[:m.start()]) if m.group(0).split()[0].lower() in ("their", "his", "her") else []
        out.append({"kind": "first_time", "persons": persons if len(persons) >= 2 else [], "event_type": _FIRST_TYPE[m.group(2).lower()], "what": " ".join(m.group(0).split()),
                    "actors": codes, "since": int(m.group(4)) if m.group(4) else None,
                    "qualifiers": _first_qualifiers(m.group(1), m.group(3)),
                    "before": str(date or doc_date or "")[:10] or None, "phrase": " ".join(m.group(0).split()),
                    "start": s + m.start(), "end": s + m.end(), "sentence": sentence, "sentence_start": s, "sentence_end": e})
    return out


_PLAN = re.compile(r"\bover\s+(?:the\s+)?(?:next\s+|coming\s+)?(?:five|four|three|six|ten|\d+)\s+years\b|\b(?:five|\d+)-year\b"
                   r"|\bfrom\s+(?:J?FY\s*)?\d{4}\s+(?:to|through)\s+(?:J?FY\s*)?\d{4}\b|\bmid-term\b|\bmedium[- ]term\b", re.I)
_PROVIDE = re.compile(r"\b(provi\w+|deliver\w*|transfer\w*|donat\w+|hand(?:ed|s)?\s+over|gave|give[sn]?)\b", re.I)


def is_money(unit: str) -> bool:
    """Whether a quantity unit is a currency (a three-letter upper-case ISO 4217 code).

    Parameters
    ----------
    unit : str
        A quantity unit as :func:`~latticework.text.quantities.find_quantities` gives it.

    Returns
    -------
    bool
        True for any three upper-case characters (``USD``, ``JPY``); the code is not checked
        against ISO 4217.
    """
    return len(unit) == 3 and unit.isupper()


def _is_target(q: dict, dates: list[dict], doc_year, sentence: str) -> bool:
    """A spending figure is a target when its year lies after the document's ("2% of GDP in FY2027"
    in a 2024 text) or it is tied to "by <year>" / a target word."""
    after = [d for d in dates if 0 <= d["start"] - q["end"] <= 40]
    if after and (after[0].get("planned") or (doc_year and _last_year(after[0]["value"]) > doc_year)):
        return True
    return bool(re.search(r"\btarget\w*|\bgoal\b", sentence, re.I)) and not after


def _claim_years(q: dict, dates: list[dict]) -> list[int]:
    """The years a target figure is tied to: the date after it, else the nearest before it (an
    interval gives both ends)."""
    after = [d for d in dates if 0 <= d["start"] - q["end"] <= 40]
    pick = after[0] if after else ([d for d in dates if d["end"] <= q["start"]] or [None])[-1]
    if pick is None:
        return []
    return [int(p[:4]) for p in str(pick["value"]).split("/")]


def _donor(states: list, q: dict, sentence: str, s: int, parties: list[str]):
    """The state that provides: the nearest state named before the providing verb before the figure."""
    verbs = [m for m in _PROVIDE.finditer(sentence) if s + m.start() < q["start"]]
    pos = s + verbs[-1].start() if verbs else q["start"]
    before = [a for a in states if a[0] < pos]
    if before:
        return before[-1][0], before[-1][2]
    return _subject(states, q, parties)


def _recipient(states: list, q: dict, donor: str | None) -> str | None:
    after = [a for a in states if a[0] > q["start"] and a[2] != donor]
    if after:
        return after[0][2]
    others = [a for a in states if a[2] != donor]
    return others[-1][2] if others else None


def _last_year(value: str) -> int:
    return int(str(value).split("/")[-1][:4])


def _year_for(q: dict, dates: list[dict], doc_year: int | None, s: int) -> tuple[int | None, str]:
    after = [d for d in dates if d["start"] >= q["end"] and d["start"] - q["end"] <= 40]
    if after:
        return _last_year(after[0]["value"]), "text"
    before = [d for d in dates if d["end"] <= q["start"]]
    if before:
        return _last_year(before[-1]["value"]), "text"
    if dates:
        return _last_year(dates[0]["value"]), "text"
    if doc_year:
        return doc_year, "document date"
    return None, "none"


def _subject(states: list, q: dict, parties: list[str]):
    before = [a for a in states if a[0] < q["start"]]
    if before:
        return before[-1][0], before[-1][2]
    if states:
        return states[0][0], states[0][2]
    if parties:
        return None, parties[0]  # the document's subject (first state of the title)
    return None


def _host(states: list, q: dict, parties: list[str]):
    others = [a for a in states if a[2] != "USA"]
    after = [a for a in others if a[0] > q["start"]]
    if after:
        return after[0][0], after[0][2]
    if others:
        return others[-1][0], others[-1][2]
    rest = [p for p in parties if p != "USA"]
    return (None, rest[0]) if len(rest) == 1 else None


# -- checking ---------------------------------------------------------------------------------


#: a past event named in passing, with a date ("since Russia's February 2022 invasion of Ukraine",
#: "since their leaders met at Camp David in August 2023"): the words that name its kind, and the
#: event type whose group the checker looks up (written from the development documents, issue 18)
_REFERENCES = [
    (re.compile(r"\b(?:invasion|invaded|invade|war\s+of\s+aggression|war\s+(?:against|on|in)\s+[A-Z]|"
                r"annex(?:ation|ed)|hostilities|launched\s+(?:military\s+operations|strikes|attacks|an?\s+(?:attack|offensive)))\b"),
     "COERCION"),
    (re.compile(r"\b(?:[Ss]ummit|leaders(?:’|')?\s+meeting|met\s+(?:at|in)\s+[A-Z])"), "DIALOGUE"),
]
#: how near (characters) the date must be to the words naming the event
REFERENCE_WINDOW = 80


def reference_claims(body: str, document_date=None, title=None) -> list[dict]:
    """Past events a body names in passing with a date — an invasion, a war, an annexation,
    hostilities, launched strikes (``COERCION``); a summit or leaders' meeting (``DIALOGUE``) —
    as event claims in the form of :func:`event_claims`, so that the checker looks for the ledger's
    record of them. The date (a year, a month or a day the text gives, not the document's) must
    lie within ``REFERENCE_WINDOW`` characters of the words; the actors are the states the sentence
    names (else the title's); the claim's span runs from the words to the date. One claim per
    sentence and type (the words nearest the start); a date in a later year than the document's
    is not a past event (a later day of the document's own year is not told apart).

    Parameters
    ----------
    body : str
        A document body (after the header block).
    document_date : str, optional
        ISO date of the document (its year is ``doc_year``); a date after it is not a past event.
    title : str, optional
        The document's title (its states are the parties of sentences that name none).

    Returns
    -------
    list of dict
        As :func:`event_claims`, with ``date`` (the text's, ISO: a year, month or day),
        ``year_from`` ``"text"``, ``date_kind`` ``"occurred"``, ``planned`` False and
        ``reference`` True; ``start``/``end`` the span of the words and the
        date, ``sentence_start``/``sentence_end`` the sentence's.
    """
    from latticework.text.extract import analyse, parties_of

    meta, _ = describe(body, document_date=document_date, title=title, header=False)
    parties = parties_of(meta.title)
    an = analyse(body, meta.text_start, len(body), meta.date)
    doc_year = int(meta.date[:4]) if meta.date else None
    out = []
    for i, (s, e) in enumerate(an.sentences):
        sentence = body[s:e]
        dates = [d for d in an.dates[i] if d["value"] and not d.get("planned")]
        if not dates:
            continue
        states = [a[2] for a in an.actors[i]]
        actors = list(dict.fromkeys(states)) or list(parties)
        for rx, etype in _REFERENCES:
            if not actors:
                continue
            for m in rx.finditer(sentence):
                ws, we = s + m.start(), s + m.end()
                near = [d for d in dates if d["start"] - we <= REFERENCE_WINDOW and ws - d["end"] <= REFERENCE_WINDOW]
                if not near:
                    continue
                d = min(near, key=lambda d: min(abs(d["start"] - we), abs(ws - d["end"])))
                year = int(str(d["value"])[:4])
                if doc_year is not None and year > doc_year:
                    continue
                out.append({"type": etype, "actors": actors, "year": year, "date": str(d["value"]), "year_from": "text",
                            "date_kind": "occurred", "planned": False, "doc_year": doc_year, "reference": True,
                            "sentence": sentence, "start": min(ws, d["start"]), "end": max(we, d["end"]),
                            "sentence_start": s, "sentence_end": e})
                break
    return out


def event_claims(body: str, document_date=None, title=None, taken=()) -> list[dict]:
    """The events a body states (the extractor's, :func:`latticework.text.extract.extract_body`) as
    claims to check against the ledger: ``type``, ``actors``, ``year`` (of the event's date, else of
    the document, ``year_from`` saying which), ``planned``, ``doc_year`` and the sentence span.
    Sentences in ``taken`` (their start offsets: another claim is already there) are skipped.

    Parameters
    ----------
    body : str
        A document body (after the header block).
    document_date : str, optional
        ISO date of the document; its year is ``doc_year`` and the year of an undated event.
    title : str, optional
        The document's title (its states are the parties of sentences that name none).
    taken : collection of int
        Start offsets (in ``body``) of sentences to skip.

    Returns
    -------
    list of dict
        One per extracted event with at least one actor: ``type`` (event type), ``actors`` (ISO3
        or organisation codes), ``year`` (or None), ``year_from`` (``"text"`` or ``"document"``),
        ``date_kind``, ``planned`` (bool), ``doc_year``, ``sentence``, ``start`` and ``end`` (the
        sentence's span in ``body``, characters).
    """
    from latticework.text.extract import extract_body

    doc_year = int(str(document_date)[:4]) if document_date else None
    out = []
    for ev in extract_body(body, document_date=document_date, title=title):
        e = ev["evidence"]
        if e["start"] in taken or not ev["actors"]:
            continue
        year = int(str(ev["date"])[:4]) if ev.get("date") else doc_year
        out.append({"type": ev["type"], "actors": list(ev["actors"]), "year": year,
                    "year_from": "text" if ev.get("date") else "document", "date_kind": ev.get("date_kind"),
                    "planned": ev.get("date_kind") == "planned", "doc_year": doc_year,
                    "sentence": e["sentence"], "start": e["start"], "end": e["end"]})
    return out
