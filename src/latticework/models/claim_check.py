"""The claims found in a text (:mod:`latticework.text.claims`), each checked against the store.

A claim is a statement about a figure (military spending, spending as a share of GDP, world rank
by spending, US troops hosted, a yearly count of exercises, a national defence budget in its own
currency, a spending target or multi-year plan total, vessels provided, an arms deal), about an agreement (that
it was signed, is in force, or exists, with its year when the text gives one), or a first-time
claim ("the first trilateral summit"), with an actor and a year. Each gets a verdict:

- ``supported``: the store's figure is within the tolerance (table below) or a ledger record /
  dataset tie states the agreement for that year;
- ``partly``: within the wider tolerance, or the agreement exists but with another date or status;
- ``contradicted``: outside it, or the record gives the agreement a different year, or the ledger
  states another figure for the same target, or holds an earlier event for a "first";
- ``not_checkable``: no figure to compare with (a year past the dataset's coverage, a currency the
  store does not hold, no actor or year, no record), with the reason.

| claim | compared with | supported | partly |
|---|---|---|---|
| spending (US$) | SIPRI ``milex_current_usd`` | within ±5 % | within ±15 % |
| % of GDP | SIPRI ``milex_gdp_share`` × 100 | within ±0.1 point | within ±0.3 point |
| world rank | SIPRI ``milex_rank`` | exact | ±1 |
| US troops hosted | troopdata ``troops`` | within ±10 % | within ±25 % |
| exercises per year | ledger aggregate ``EXERCISE`` record | exact | within ±10 % |
| budget in national currency | ledger ``DEFENSE_BUDGET`` record of that fiscal year | within ±2 % | within ±10 % |
| target, % of GDP | ledger ``DEFENSE_BUDGET`` quantity for the same target year | within ±0.05 point | — |
| plan total (money) | ledger ``DEFENSE_BUDGET`` plan for the same period | within ±2 % | within ±10 % |
| vessels provided | ledger ``SECURITY_ASSISTANCE`` / ``ARMS_TRANSFER`` records | exact | — |
| arms deal (count, year) | SIPRI trade register ``arms_deals`` | exact | ±10 % or another year |
| first-time | ledger records of the type with the same states | — | — (an earlier record contradicts) |
| agreement | ledger records (``events``), ATOP defence ties, DCAD ties | record with that year | record with another status |

A ledger figure (exercise count, budget, target, plan, vessels) serves as a reference only when
its record has a primary or established source (:func:`reference_quality`); a record resting only
on other pages is set aside and named in the ``not_checkable`` reason. Where sources disagree the
record gives each figure, and the claim is compared with the closest.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache

import pandas as pd

from latticework.errors import UnknownState
from latticework.ledger.coverage import source_class
from latticework.text.claims import event_claims, find_claims, is_money, reference_claims
from latticework.text.document import describe
from latticework.views import queries as Q
from latticework.vocabulary import ORGANISATIONS
from latticework.views import panels

__all__ = ["check_text", "check_file", "TOLERANCES", "EVENT_GROUPS"]

_ORGS = set(ORGANISATIONS)

TOLERANCES = {
    "military_spending": {"supported": 0.05, "partly": 0.15, "kind": "relative"},
    "spending_share_gdp": {"supported": 0.1, "partly": 0.3, "kind": "points"},
    "spending_rank": {"supported": 0, "partly": 1, "kind": "ranks"},
    "us_troops": {"supported": 0.10, "partly": 0.25, "kind": "relative"},
    "exercise_count": {"supported": 0, "partly": 0.10, "kind": "relative"},
    # a stated target is a round figure: the same target or another one
    "budget_target_share": {"supported": 0.05, "partly": 0.05, "kind": "points"},
    # a plan total in a national currency ("about ¥43 trillion"): rounding only
    "budget_target_money": {"supported": 0.02, "partly": 0.10, "kind": "relative"},
    "vessels_provided": {"supported": 0, "partly": 0, "kind": "relative"},
    # a yearly national budget in its own currency against the ledger's record of that fiscal year
    "budget_level_money": {"supported": 0.02, "partly": 0.10, "kind": "relative"},
}


def check_text(db, text: str, doc: str = "text", document_date: str | None = None,
               title: str | None = None, offsets: str = "text") -> list[dict]:
    """The checkable claims of a text, each with a verdict and what it was compared with.

    Parameters
    ----------
    db : Store
        The open store.
    text : str
        The text (a header block ended by a line of ``=`` signs and YAML front matter are handled
        as in :func:`latticework.text.extract.extract_text`).
    offsets : {"text", "body"}
        Whether ``start``/``end`` count from the start of ``text`` as given (default: what a page
        highlighting the pasted text needs) or from the body after the header.
    doc : str
        The document's identifier, written into the rows (default ``"text"``).
    document_date : str, optional
        ISO date relative times are read against (default: the header's, else the latest dated
        reference in the text; see :func:`latticework.text.document.describe`).
    title : str, optional
        Title naming the issuing states (default: from the header or the first line).

    Returns
    -------
    list of dict
        ``claim`` (the claim in words), ``kind``, ``sentence``, ``start``/``end`` (the claim's
        span), ``sentence_start``/``sentence_end``, ``verdict`` (``supported``, ``partly``,
        ``contradicted``, ``not_checkable``), ``compared_with`` (figure, year, measure, difference,
        tolerance; or the record), ``source`` (dataset and version, or ledger record id),
        ``reason``, and ``document_date`` with ``document_date_basis`` (where the date that
        relative times were read against comes from: the header, or the latest dated reference).
    """
    meta, body = describe(text, doc=doc, document_date=document_date, title=title)
    shift = meta.body_start if offsets == "text" else 0
    claims = find_claims(body, document_date=meta.date, title=meta.title)
    out = []
    group_of = lambda t: next((i for i, g in enumerate(EVENT_GROUPS) if t in g), t)  # noqa: E731
    named_facts = set()  # (sentence, group) a named instrument's record already states
    for c in claims:
        res = _check(db, c)
        if res is None:  # a named instrument no ledger record holds (see _check_named)
            continue
        if c.get("named") and res.get("record_type"):
            named_facts.add((c["sentence_start"], group_of(res["record_type"])))
        if c["kind"] == "arms_deal":  # the deal the register holds is the sentence's arms transfer
            named_facts.add((c["sentence_start"], group_of("ARMS_TRANSFER")))
        row = {"claim": res.pop("claim"), "kind": c["kind"], "sentence": c["sentence"],
               "start": c["start"] + shift, "end": c["end"] + shift,
               "sentence_start": c["sentence_start"] + shift, "sentence_end": c["sentence_end"] + shift}
        row.update(res)
        out.append(row)
    # a sentence that already holds a claim (a figure, an agreement, a "first") is checked by it:
    # an event read from the same sentence would state the same fact twice; an alliance named or
    # dated in passing ("the 70th anniversary of the U.S.-ROK Alliance") is not the sentence's only
    # fact, so its events are still read
    # (an arms deal is a figure of one deal, and most of its candidates are words no deal names:
    # it leaves the sentence's events to be read)
    taken = {c["sentence_start"] for c in claims if c["kind"] not in ("alliance_age", "arms_deal")
             and not (c["kind"] == "agreement" and (c.get("name") == "alliance" or c.get("named")))}
    ledger = None  # read once per text, and only when there is an event claim to check
    # an alliance named in the sentence is already its defence-pact claim, and a named instrument
    # its record's: an event of the same group (and states) read from that sentence would state it
    # twice
    seen = {(c["sentence_start"], group_of(c["agreement_type"]), frozenset(c["actors"])) for c in claims
            if c["kind"] == "agreement" and c.get("name") == "alliance"}
    # a past event named in passing with its date ("since Russia's February 2022 invasion of
    # Ukraine") is a fact of its own, unless the sentence states a "first" (whose "since 2004" is
    # not an event); an event of its group and year read from the whole sentence is that same fact,
    # so the reference (with its narrower span and its month) replaces it
    firsts = {c["sentence_start"] for c in claims if c["kind"] == "first_time"}
    refs = [rc for rc in reference_claims(body, meta.date, meta.title) if rc["sentence_start"] not in firsts]
    ref_keys = {(rc["sentence_start"], group_of(rc["type"]), rc["year"]) for rc in refs}
    for ev in event_claims(body, meta.date, meta.title, taken):
        # one fact per sentence, group of types and actors: "signed a defence agreement" read as
        # both an access and a security agreement is checked against the same records once
        key = (ev["start"], group_of(ev["type"]), frozenset(ev["actors"]))
        if key in seen or key[:2] in named_facts or (ev["start"], key[1], ev["year"]) in ref_keys:
            continue
        seen.add(key)
        ledger = panels.events(db) if ledger is None else ledger
        out.append(_event_row(ev, _check_event(ledger, ev, db), shift))
    read = set()  # one reference per sentence and group
    for rc in refs:
        key = (rc["sentence_start"], group_of(rc["type"]))
        if key in read:
            continue
        read.add(key)
        ledger = panels.events(db) if ledger is None else ledger
        out.append(_event_row(rc, _check_event(ledger, rc, db), shift))
    for row in out:  # every claim says what date "this year", "now" and undated ranks were read against
        row["document_date"], row["document_date_basis"] = meta.date, meta.date_basis
    return out


def _event_row(c: dict, res: dict, shift: int) -> dict:
    """The output row of event claim ``c`` (:func:`~latticework.text.claims.event_claims` or
    :func:`~latticework.text.claims.reference_claims`) checked as ``res``: its span and its
    sentence's (an event claim's span is its sentence), moved by ``shift`` characters."""
    res = dict(res)
    return {"claim": res.pop("claim"), "kind": "event", "sentence": c["sentence"],
            "start": c["start"] + shift, "end": c["end"] + shift,
            "sentence_start": c.get("sentence_start", c["start"]) + shift,
            "sentence_end": c.get("sentence_end", c["end"]) + shift, **res}


#: event types that describe the same kind of fact: an event stated as one may be recorded as another
EVENT_GROUPS = [{"DEFENSE_PACT", "ACCESS_AGREEMENT", "SECURITY_AGREEMENT", "COMMITMENT", "ECONOMIC_SECURITY"},
                {"DIALOGUE"}, {"EXERCISE", "FORCE_POSTURE"}, {"SECURITY_ASSISTANCE", "ARMS_TRANSFER"},
                {"DEFENSE_POLICY", "DEFENSE_BUDGET"}, {"COERCION"}]


def _members(codes) -> set:
    from latticework.text.actors import MEMBERS

    out = set(codes)
    for c in codes:
        out |= set(MEMBERS.get(c, ()))
    return out


#: words too common in ledger summaries and statements to tie a sentence to a record
_STOP = frozenset("""the a an and or of to in on for with by at from as its their his her our we they this that
these those is are was were be been will would has have had it not no new first also after before between
into over under more most than which who about all both other such said says two three one states state""".split())


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Words of the gazetteer's names, demonyms and capitals of states (lower case): the actors are
    matched on their own, so "united", "korean" or "tokyo" shared by a sentence and a record say
    nothing about whether they state the same fact (an organisation's name, "AUKUS", does)."""
    from latticework.text.actors import gazetteer

    return frozenset(w for code, kind, form in gazetteer()
                     if code != "-" and code not in _ORGS and kind in ("name", "demonym", "capital")
                     for w in re.findall(r"[a-z][a-z-]{3,}", form.lower()))


def _words(text: str) -> set[str]:
    """Content words of a text, each as its root (:func:`_root`, so "visit" and "visits",
    "defense" and "defence" are one): lower case, four letters or more, not in ``_STOP`` and not a
    word of a state's name (:func:`_name_words`)."""
    names = _name_words()
    return {_root(w) for w in re.findall(r"[a-z][a-z-]{3,}", str(text).lower()) if w not in _STOP and w not in names}


def _root(word: str) -> str:
    """A word without an inflexion ending (-ing, -ed, -es, -s, leaving four letters or more),
    cut to five letters (:func:`_stem`): "sign", "signs", "signed" and "signing" are one root."""
    w = re.sub(r"(?:ing|ed|es|s)$", "", word)
    return _stem(w if len(w) >= 4 else word)


#: content words (:func:`_words`) a ledger record of the claim's states, group of types and year
#: must share with the sentence to support it (unless it falls in the month the text gives)
EVENT_COMMON_WORDS = 1
#: a content word in more than this many of the ledger's summaries is generic (:func:`_generic_words`;
#: about 1 % of the 1,257 records; a small ledger has no generic word)
GENERIC_RECORDS = 12
#: how far back an event the text states without a date is looked for (years before the document)
UNDATED_YEARS = 10
#: over a span of years (an undated event, "since 2020"), the states and the type are not enough
#: to tie a record to the sentence: it must also share this many content words with it
SPAN_COMMON_WORDS = 2
_SINCE = re.compile(r"\b[Ss]ince (?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+ )?((?:19|20)\d{2})\b")


def _rank(records: pd.DataFrame, c: dict, words: set[str], latest: bool = False) -> pd.DataFrame:
    """Candidate records for an event claim, best first: the claim's own type before the other
    types of its group, then the most of ``words`` (the sentence's distinctive content words)
    shared, then the most actors shared, then the earliest (or, with ``latest``, the latest) date."""
    if not len(records):
        return records
    out = records.assign(same_type=records["type"].eq(c["type"]),
                         common=records["summary"].map(lambda t: len(_words(t) & words)))
    return out.sort_values(["same_type", "common", "shared", "date_start"], ascending=[False, False, False, not latest])


def _span_record(ledger: pd.DataFrame, group: set, c: dict, need: int, y0: int, y1: int, latest: bool):
    """The best ledger record (:func:`_rank`) of the claim's group of types from ``y0`` to ``y1``
    (calendar years, both included) sharing ``need`` of its states (or an organisation it names)
    and ``SPAN_COMMON_WORDS`` content words with its sentence; None when there is none."""
    actors = _members(c["actors"])
    back = ledger[ledger["type"].isin(group) & ledger["year"].between(y0, y1)]
    sh = back["actors"].map(lambda a: len(_members(list(a)) & actors))
    og = back["actors"].map(lambda a: bool(set(a) & set(c["actors"]) & set(ORGANISATIONS)))
    back = _rank(back.assign(shared=sh)[(sh >= need) | og], c, _words(c.get("sentence", "")), latest=latest)
    back = back[back["common"] >= SPAN_COMMON_WORDS] if len(back) else back
    return back.iloc[0] if len(back) else None


def _generic_words(ledger: pd.DataFrame) -> frozenset[str]:
    """Content words (:func:`_words`) found in more than ``GENERIC_RECORDS`` of the ledger's record
    summaries ("minister", "announce", "defence"): sharing one says nothing about whether a sentence
    and a record state the same fact. Computed once per ledger frame (kept in its ``attrs``)."""
    if "generic_words" not in ledger.attrs:
        counts: dict[str, int] = {}
        for t in ledger["summary"]:
            for w in _words(t):
                counts[w] = counts.get(w, 0) + 1
        ledger.attrs["generic_words"] = frozenset(w for w, n in counts.items() if n > GENERIC_RECORDS)
    return ledger.attrs["generic_words"]


def rec_of(r) -> dict:
    """The fields of a ledger record a verdict shows: id, date, type, actors, summary."""
    return {"record": r["event_id"], "date": str(r["date"]), "type": r["type"], "actors": list(r["actors"]),
            "summary": r["summary"]}


def _check_event(ledger: pd.DataFrame, c: dict, db=None) -> dict:
    """An event claim against the ledger: a record of the same group of types (``EVENT_GROUPS``)
    sharing at least two of the claim's actors (one when it names one) in the claim's year, and
    naming something the sentence names (``EVENT_COMMON_WORDS`` content words not generic in the
    ledger, :func:`_generic_words`) or dated in the month the text gives, is ``supported`` (an
    organisation the claim and the record both name is enough for the actors: a NATO summit is
    NATO's); records of those states and year that name nothing of the sentence leave it
    ``not_checkable``, listed in the reason; such a record in another year within two years, when the text dates the event,
    is ``partly`` (the record's date given); none is ``not_checkable`` — the ledger is a selection,
    so a missing record never contradicts. A planned event is checked by its announcement: a
    record in the document's year. An event the text gives no date for (its year is the
    document's) is supported by such a record in the ``UNDATED_YEARS`` years to the document's
    year, and one stated "since" a year by such a record from that year to the document's; over
    such a span the record must also share ``SPAN_COMMON_WORDS`` content words with the sentence.
    ``ledger`` is the store's ledger (``panels.events(db)``)."""
    group = next((g for g in EVENT_GROUPS if c["type"] in g), {c["type"]})
    actors = _members(c["actors"])
    need = min(2, len(set(c["actors"])))
    year = c["doc_year"] if c["planned"] and c["doc_year"] else c["year"]
    claim = f"{', '.join(c['actors'])}: {c['type'].lower().replace('_', ' ')}" + (f" in {c['year']}" if c["year"] else "")
    base = {"claim": claim, "actors": c["actors"], "year": c["year"], "event_type": c["type"]}
    if year is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "the text gives no date and the document has none"}
    ev = ledger
    if not len(ev):
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None, "reason": "the store holds no ledger"}
    ev = ev[ev["type"].isin(group) & ev["year"].between(year - 2, year + 2)]
    shared = ev["actors"].map(lambda a: len(_members(list(a)) & actors))
    # an organisation's event (a NATO summit) is identified by the organisation alone
    org = ev["actors"].map(lambda a: bool(set(a) & set(c["actors"]) & set(ORGANISATIONS)))
    ev = ev.assign(shared=shared)[(shared >= need) | org]
    # the states, the type and the year are not enough: a record must also name something the
    # sentence names (a content word, ``EVENT_COMMON_WORDS``) or fall in the month the text gives,
    # else "two squadrons of F-35s to the United Kingdom" is "supported" by RIMPAC, which both
    # states joined that year
    words = _words(c.get("sentence", "")) - _generic_words(ledger)
    given = str(c.get("date") or "")
    month = given[:7] if len(given) >= 7 else None
    ev = ev.assign(common=ev["summary"].map(lambda t: len(_words(t) & words)),
                   in_month=ev["date_start"].astype(str).str[:7].eq(month) if month else False)
    # (a record of exactly the claim's states and type was also tried as enough on its own: ten
    # more agreeing verdicts on the labeller's record, but 57 more supports, most of them wrong —
    # a youth summit "supported" by a 2+2, energy purchases by a critical-minerals framework)
    unnamed = ev[ev["year"] == year]["event_id"].tolist()
    ev = ev[ev["in_month"] | (ev["common"] >= EVENT_COMMON_WORDS)]
    same = ev[ev["year"] == year]
    # "since 2020, the two countries have entered into..." names the start of a span that runs to
    # the document: a record in any year of the span supports it; an event stated without a date
    # ("the three countries have established a secretariat") happened at some time up to the
    # document: a record in the ten years to the document's year supports it (the latest shown)
    since = _SINCE.search(c.get("sentence", ""))
    if not len(same) and since and c["year_from"] == "text" and int(since.group(1)) == year and c.get("doc_year"):
        r = _span_record(ledger, group, c, need, year, int(c["doc_year"]), latest=False)
        if r is not None:
            return {**base, "verdict": "supported", "compared_with": rec_of(r), "source": f"ledger {r['event_id']}",
                    "reason": f"the text says since {year}; the ledger records such an event between these "
                              f"states in {r['year']}"}
    if not len(same) and c["year_from"] != "text" and not c["planned"]:
        r = _span_record(ledger, group, c, need, year - UNDATED_YEARS, year, latest=True)
        if r is not None:
            return {**base, "verdict": "supported", "compared_with": rec_of(r), "source": f"ledger {r['event_id']}",
                    "reason": f"the text gives no date; the ledger records such an event between these states in "
                              f"{r['year']}, before the document ({year})"}
    rec = rec_of
    if len(same):
        # a month the text gives ("met at Camp David in August 2023") picks that month's record
        # first, then the record naming most of what the sentence names
        r = same.sort_values(["in_month", "common", "shared", "date_start"], ascending=[False, False, False, True]).iloc[0]
        return {**base, "verdict": "supported", "compared_with": rec(r), "source": f"ledger {r['event_id']}",
                "reason": ("the ledger records its announcement" if c["planned"] else None)}
    # the same fact recorded under a type of another group (a pact's ratification recorded as its
    # entry into force, AUKUS's launch as a security agreement): a record of the claim's states in
    # the claim's year whose summary shares at least three content words with the sentence
    other = ledger[(ledger["year"] == year) & ~ledger["type"].isin(group)]
    if len(other):
        sh = other["actors"].map(lambda a: len(_members(list(a)) & actors))
        other = other.assign(shared=sh)[sh >= need]
        words = _words(c.get("sentence", ""))
        other = other.assign(common=other["summary"].map(lambda t: len(_words(t) & words)))
        other = other[other["common"] >= 3]
        if len(other):
            r = other.sort_values(["common", "shared"], ascending=False).iloc[0]
            return {**base, "verdict": "supported", "compared_with": {**rec(r), "common_words": int(r["common"])},
                    "source": f"ledger {r['event_id']}",
                    "reason": f"recorded as {r['type'].lower().replace('_', ' ')} in {year} (the sentence and the "
                              f"record share {int(r['common'])} content words)"}
    # a defence pact the ledger does not hold may be in ATOP (1816-2018): an alliance of these
    # states beginning in the claim's year
    if db is not None and c["type"] == "DEFENSE_PACT" and len(set(c["actors"]) - set(ORGANISATIONS)) >= 2:
        at = _atop(db, {"actors": [a for a in c["actors"] if a not in ORGANISATIONS], "year": year})
        if at is not None and at["verdict"] == "supported":
            return {**base, **at}
    if len(ev) and c["year_from"] == "text" and not c["planned"]:
        r = ev.assign(gap=(ev["year"] - year).abs()).sort_values(["gap", "shared"], ascending=[True, False]).iloc[0]
        return {**base, "verdict": "partly", "compared_with": rec(r), "source": f"ledger {r['event_id']}",
                "reason": f"the ledger records such an event between these states in {r['year']}, not {year}"}
    kinds = '/'.join(sorted(group)).lower()
    listed = ", ".join(unnamed[:3]) + (", …" if len(unnamed) > 3 else "")
    reason = (f"the ledger holds {len(unnamed)} record(s) of {kinds} events between {', '.join(c['actors'])} in {year} "
              f"({listed}), none naming what the sentence names or dated in its month" if unnamed else
              f"no ledger record of a {kinds} event between {', '.join(c['actors'])} around {year}")
    return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
            "reason": reason + "; the ledger is a selection, so this is not a contradiction"}


def check_file(db, path) -> list[dict]:
    """Check the claims of a file (offsets relative to the body, as for extraction).

    Parameters
    ----------
    db : Store
        The open store.
    path : str or path-like
        A UTF-8 text, Markdown or HTML file, read whole with
        :func:`~latticework.text.document.read_document` (its header's ``DATE`` / ``TITLE`` or
        front matter give the document date and title).

    Returns
    -------
    list of dict
        The rows of :func:`check_text` (claim, kind, sentence, offsets in characters from the start
        of the body, verdict, compared_with, source, reason), each with ``doc`` (the file name).

    Raises
    ------
    InvalidInput
        The file is missing, empty, binary or not UTF-8.
    """
    from latticework.text.document import read_document

    meta, body = read_document(path)
    rows = check_text(db, body, doc=meta.doc, document_date=meta.date, title=meta.title, offsets="body")
    for r in rows:
        r["doc"] = meta.doc
    return rows


def _verdict(claimed: float, actual: float, tol: dict) -> tuple[str, float]:
    if tol["kind"] == "relative":
        diff = (claimed - actual) / actual if actual else math.inf
    else:
        diff = claimed - actual
    a = abs(diff)
    if a <= tol["supported"] + 1e-9:
        return "supported", diff
    if a <= tol["partly"] + 1e-9:
        return "partly", diff
    return "contradicted", diff


def _tol_text(kind: str) -> str:
    t = TOLERANCES[kind]
    if t["kind"] == "relative":
        return f"supported within ±{t['supported']:.0%}, partly within ±{t['partly']:.0%}"
    if t["kind"] == "points":
        return f"supported within ±{t['supported']} point, partly within ±{t['partly']} point"
    return "supported if exact, partly within ±1"


def _source_label(db, name: str) -> str:
    row = db.sources[db.sources["name"] == name]
    if row.empty:
        return name
    return f"{row['title'].iloc[0]} ({row['version'].iloc[0]})"


def _check(db, c: dict) -> dict | None:
    if c["kind"] == "agreement":
        return _check_agreement(db, c)
    if c["kind"] == "budget_target":
        return _check_budget_target(db, c)
    if c["kind"] == "vessels_provided":
        return _check_vessels(db, c)
    if c["kind"] == "arms_deal":
        return _check_arms_deal(db, c)
    if c["kind"] == "first_time":
        return _check_first(db, c)
    if c["kind"] == "alliance_age":
        return _check_alliance_age(db, c)
    return _check_figure(db, c)


def age_verdict(age: int, years: int, bound: str, decades: bool) -> tuple[str, str]:
    """Verdict on a stated alliance age (``years``, with its ``bound``: "over", "nearly", "about"
    or "exact") against the ``age`` in years (the document's year minus the alliance's first
    year), and the tolerance used, in words. A number given in decades is a round figure, so it
    allows more (docs/text.md, "Alliance claims"):

    * over N: supported when age ≥ N (the statement is true, however much the number undersells
      it); partly when the age is up to 3 years short of N;
    * nearly N: supported when N − 10 < age ≤ N (decades) or N − 5 ≤ age ≤ N; partly up to 2 years
      above N or 10 below;
    * about N / exactly N (an anniversary): supported within ±5 years (decades) or ±1, partly
      within ±10 or ±3; contradicted outside all of these.
    """
    if bound == "over":
        tol = f"supported when age ≥ {years}, partly up to 3 years short"
        if age >= years:
            return "supported", tol
        return ("partly" if age >= years - 3 else "contradicted"), tol
    if bound == "nearly":
        lo = years - (9 if decades else 5)
        tol = f"supported when {lo} ≤ age ≤ {years}, partly up to 2 years above or 10 below"
        if lo <= age <= years:
            return "supported", tol
        return ("partly" if years - 10 <= age <= years + 2 else "contradicted"), tol
    sup, part = (5, 10) if decades else (1, 3)
    tol = f"supported within ±{sup} years, partly within ±{part}"
    d = abs(age - years)
    return ("supported" if d <= sup else "partly" if d <= part else "contradicted"), tol


def _check_alliance_age(db, c: dict) -> dict:
    """An alliance's stated age against ATOP: the first year of a defence obligation between the
    claim's states (every pair of up to four must have one), subtracted from the document's year."""
    actors = c["actors"]
    claim = f"{'–'.join(actors) or '?'} alliance: {c['phrase']} (as of {c['doc_year']})"
    base = {"claim": claim, "actors": actors, "year": c["doc_year"], "value": c["years"], "bound": c["bound"]}
    if len(actors) < 2:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "fewer than two states named for the alliance"}
    got = _atop(db, {**c, "year": None})
    if got is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": "atop",
                "reason": f"ATOP records no defence obligation between every pair of {', '.join(actors)}"}
    info = got["compared_with"]
    first = min(info["begin_years"] or [info["tie_start_year"]])
    age = int(c["doc_year"]) - first
    verdict, tol = age_verdict(age, int(c["years"]), c["bound"], bool(c.get("decades")))
    return {**base, "verdict": verdict, "source": got["source"], "tolerance": tol,
            "compared_with": {**info, "first_year": first, "age": age},
            "reason": f"ATOP's first defence obligation between {info['dyad']} begins {first}: "
                      f"{age} years before {c['doc_year']}, against '{c['phrase']}'"}


_MEASURES = {"military_spending": ("sipri_milex", "milex_current_usd", "military spending, current US$"),
             "spending_share_gdp": ("sipri_milex", "milex_gdp_share", "military spending, % of GDP"),
             "spending_rank": ("sipri_milex", "milex_rank", "world rank by military spending"),
             "us_troops": ("troopdata", "troops", "US troops hosted"),
             "exercise_count": ("ledger", None, "exercises in the year")}


def _fmt(kind: str, v: float) -> str:
    if kind == "military_spending":
        return f"US${v / 1e9:,.1f} billion"
    if kind == "spending_share_gdp":
        return f"{v:.2f}% of GDP"
    if kind == "spending_rank":
        return f"rank {int(v)}"
    return f"{v:,.0f}"


def _check_figure(db, c: dict) -> dict:
    from latticework.errors import LatticeworkError

    kind = c["kind"]
    source_name, column, measure = _MEASURES[kind]
    shown = _fmt(kind, c["value"]) if kind != "military_spending" else f"{c['unit']} {c['value'] / 1e9:,.1f} billion"
    if kind == "military_spending" and c["unit"] != "USD":
        shown, measure = _fmt_q(c["value"], c["unit"]), "defence budget"
    claim = f"{c['actor'] or '?'}: {measure} {shown}" + (f" in {c['year']}" if c["year"] else "")
    base = {"claim": claim, "actor": c["actor"], "year": c["year"], "value": c["value"], "unit": c["unit"]}
    if c["actor"] is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": ("the figure is about a group of states (Allies, members, partners), not one state"
                           if c.get("actor_from") == "group" else "no state named for the figure")}
    if c["year"] is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "no year in the sentence and no document date"}
    if c.get("increment") and kind in ("military_spending", "us_troops", "spending_share_gdp"):
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": _source_label(db, source_name),
                "reason": "the figure is an increment (\"additional\", \"more\"), not a level the data hold"}
    if kind == "military_spending" and c["unit"] != "USD":
        # a national budget in its own currency: the ledger's DEFENSE_BUDGET records of that fiscal year
        got = _ledger_budget(db, c["actor"], c["unit"], c["value"], [c["year"]], plan=False, doc_date=None,
                             tkey="budget_level_money")
        if got is not None:
            verdict, info, reason, rid = got
            return {**base, "verdict": verdict, "compared_with": info, "source": f"ledger record {rid}", "reason": reason}
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": _source_label(db, source_name),
                "reason": f"no ledger DEFENSE_BUDGET record of {c['actor']} gives a {c['unit']} budget for {c['year']}, and "
                          f"the store holds SIPRI spending in US$ only (no exchange rates in the store)"}
    if kind == "exercise_count":
        return {**base, **_check_exercises(db, c)}
    first, last = db.coverage(source_name)
    if not first <= c["year"] <= last:
        latest = None
        try:
            latest = _figure(db, kind, c["actor"], last)
        except LatticeworkError:
            latest = None
        doc_year = c.get("doc_year")
        future = c["year"] > (doc_year or last)
        what = "a target for" if (c["target"] and future) else ("a future year," if future else "a figure for")
        return {**base, "verdict": "not_checkable",
                "compared_with": None if latest is None else {"measure": measure, "year": last, "value": latest,
                                                              "shown": _fmt(kind, latest),
                                                              "note": "latest year covered, not compared"},
                "source": _source_label(db, source_name),
                "reason": f"{what} {c['year']}, past {source_name}'s coverage ({first}–{last})"}
    try:
        actual = _figure(db, kind, c["actor"], c["year"])
    except LatticeworkError as exc:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": _source_label(db, source_name),
                "reason": exc.one_line()}
    if actual is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": _source_label(db, source_name),
                "reason": f"{source_name} has no {measure} for {c['actor']} in {c['year']}"}
    claimed = c["value"]
    verdict, diff = _verdict(claimed, actual, TOLERANCES[kind])
    compared = {"measure": measure, "year": c["year"], "value": actual, "shown": _fmt(kind, actual),
                "difference": diff, "difference_unit": {"relative": "fraction of the figure", "points": "percentage points",
                                                         "ranks": "ranks"}[TOLERANCES[kind]["kind"]],
                "tolerance": _tol_text(kind)}
    reason = f"claimed {_fmt(kind, claimed)}, {source_name} has {_fmt(kind, actual)} for {c['actor']} in {c['year']}"
    if c.get("actor_from") == "title":
        reason += f" (state {c['actor']} taken from the document title)"
    if c["year_from"] == "document date":
        reason += " (year taken from the document date)"
    return {**base, "verdict": verdict, "compared_with": compared, "source": _source_label(db, source_name), "reason": reason}


def _figure(db, kind: str, actor: str, year: int):
    if kind == "us_troops":
        st = db.state(actor)
        df = Q.troops_hosted(db, st.ccode, year, year)
        return None if df.empty or pd.isna(df["troops"].iloc[0]) else float(df["troops"].iloc[0])
    cap = panels.capabilities(db, actor, year, year)
    col = _MEASURES[kind][1]
    if cap.empty or pd.isna(cap[col].iloc[0]):
        return None
    v = float(cap[col].iloc[0])
    return v * 100 if kind == "spending_share_gdp" else v


def reference_quality(r) -> bool:
    """Whether a ledger record may serve as a reference figure: at least one of its sources is
    primary (a government, parliament or international organisation) or established (a wire, a
    newspaper of record, a public broadcaster), by ``latticework.ledger.coverage.source_class``.
    A figure resting only on other pages (a blog, an aggregator, a trade site) is set aside, and
    the verdict says so, rather than deciding a claim (docs/text.md, "Checking")."""
    return bool({source_class(s.get("url", "")) for s in (_json(r["sources"]) or [])} & {"primary", "established"})


def _gives(r, unit: str) -> bool:
    """Whether a ledger record states a figure in ``unit`` among its quantities: only such a record
    is named as set aside when its sources do not qualify (one whose figure was moved to its
    attributes gives none)."""
    return any(q.get("unit") == unit for q in _json(r["quantities"]) or [])


def _set_aside_reason(ids: list) -> str:
    return (f"; set aside: ledger record(s) {', '.join(ids)} give a figure but rest only on sources that are "
            "neither primary nor established") if ids else ""


def _check_exercises(db, c: dict) -> dict:
    ev = panels.events(db, actor=c["actor"], type="EXERCISE", start=c["year"], end=c["year"])
    aside = []
    for _, r in ev.iterrows():
        attrs = _json(r["attributes"])
        if not attrs.get("aggregate"):
            continue
        if not reference_quality(r):
            if _gives(r, "count"):
                aside.append(r["event_id"])
            continue
        for q in _json(r["quantities"]) or []:
            if q.get("unit") == "count":
                verdict, diff = _verdict(c["value"], float(q["value"]), TOLERANCES["exercise_count"])
                return {"verdict": verdict, "source": f"ledger record {r['event_id']}",
                        "compared_with": {"measure": "exercises in the year", "year": c["year"], "value": q["value"],
                                          "difference": diff, "tolerance": "supported if exact, partly within ±10%",
                                          "record": r["event_id"]},
                        "reason": f"ledger record {r['event_id']} counts {q['value']:.0f}"}
    return {"verdict": "not_checkable", "compared_with": None, "source": "ledger",
            "reason": f"no ledger record counts {c['actor']}'s exercises in {c['year']}" + _set_aside_reason(aside)}


def _json(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return {}
    return v if v is not None else {}


def _check_agreement(db, c: dict) -> dict:
    actors = c["actors"]
    status = c["status"] or "exists"
    claim = f"{'–'.join(actors) or '?'}: {c['phrase']}" + (f" {status.replace('_', ' ')}" if c["status"] else " exists") + (f" ({c['year']})" if c["year"] else "")
    base = {"claim": claim, "actors": actors, "year": c["year"], "agreement_type": c["agreement_type"], "status": c["status"]}
    if c.get("named"):
        got = _check_named(db, c)
        return None if got is None else {**base, **got}
    if len(actors) < 2:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "fewer than two states named for the agreement"}
    found = _ledger_records(db, c)
    if found:
        return {**base, **found}
    if c["agreement_type"] == "DEFENSE_PACT":
        got = _atop(db, c)
        if got:
            return {**base, **got}
    got = _dcad(db, c)
    if got:
        return {**base, **got}
    return {**base, "verdict": "not_checkable", "compared_with": None, "source": "ledger; atop; dcad",
            "reason": f"no ledger record or dataset tie of type {c['agreement_type']} between {', '.join(actors)} "
                      "(the ledger is not exhaustive: absence is not evidence)"}


def _check_named(db, c: dict) -> dict:
    """A named instrument, institution or policy (:func:`latticework.text.claims._named_claims`):
    supported by a ledger record of its states (any type) whose name or summary holds every
    specific word of the name, in the year the text gives (or any year when it gives none); a
    year that differs contradicts only when the record is the instrument itself (its ``name``
    attribute holds the words), since a record that mentions an instrument in passing does not
    date it. No such record, or no state named: None, and the mention is not reported as a claim
    (a passing name the data cannot decide is not a checkable claim; the ledger is not
    exhaustive); ATOP and DCAD are not asked, because their ties do not name instruments."""
    actors = set(c["actors"])
    if not actors:
        return None
    ev = panels.events(db)
    ev = ev[ev["actors"].map(lambda a: actors <= set(a))] if len(ev) else ev
    key = _name_key(c["phrase"])
    # one distinctive word ("New START Treaty" -> "start") finds too much: then the name itself,
    # less its articles and possessives, must be written in the record
    core = _spelt(re.sub(r"^(?:the|a|an|our|their|its|[A-Z][\w.]*['’]s)\s+", "", c["phrase"], flags=re.I))
    has = lambda text, w: re.search(r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])", text) is not None  # noqa: E731
    hits = []
    for _, r in ev.iterrows():
        a = _json(r["attributes"]) or {}
        own = _spelt(str(a.get("name", "")))
        text = own + " " + _spelt(str(r["summary"]))
        ok = all(has(text, w) for w in key) if len(key) >= 2 else bool(key) and core in text
        if ok:
            hits.append((r, a, all(has(own, w) for w in key) if len(key) >= 2 else core in own))
    if not hits:
        return None  # not a claim the data can decide: a name no ledger record of these states holds
    hits.sort(key=lambda t: (not t[2], str(t[0]["date"])))
    y = c["year"]
    match = [t for t in hits if y is None or int(t[0]["year"]) == y or str(y) in str(t[0]["summary"])]
    tol = "a record naming it; its year must match the year given"
    if match:
        r, a, _ = match[0]
        return {"verdict": "supported", "source": f"ledger record {r['event_id']}", "record_type": r["type"],
                "compared_with": {**_record_info(r, a), "tolerance": tol},
                "reason": f"ledger record {r['event_id']} ({r['date']}) names it"
                          + (f" in {y}" if y else "")}
    own = [t for t in hits if t[2]]
    if own:
        r, a, _ = own[0]
        return {"verdict": "contradicted", "source": f"ledger record {r['event_id']}", "record_type": r["type"],
                "compared_with": {**_record_info(r, a), "tolerance": tol},
                "reason": f"ledger record {r['event_id']} dates it {r['date']}, not {y}"}
    r, a, _ = hits[0]
    return {"verdict": "not_checkable", "compared_with": {**_record_info(r, a), "tolerance": tol},
            "source": f"ledger record {r['event_id']}", "record_type": r["type"],
            "reason": f"ledger record {r['event_id']} ({r['date']}) mentions it but does not date it to {y}"}


def _names_all(text: str, persons: list[list[str]]) -> bool:
    """Whether ``text`` names every person: for each, any word of the name as a whole word."""
    return all(any(re.search(rf"\b{re.escape(w)}\b", text) for w in p) for p in persons)


def _spelt(text: str) -> str:
    """Lower case, with British spellings made American, so "defence" finds "defense"."""
    return re.sub(r"defence", "defense", re.sub(r"organis", "organiz", text.lower()))


def _name_key(phrase: str) -> list[str]:
    """The words that single out a named instrument: its words of four letters or more (and
    three-digit numbers, "123"; not a two-digit year, "Talisman Sabre 25"), less generic ones,
    years, state names ("Ukraine") and the head nouns "agreement"/"treaty" (spelt as
    :func:`_spelt`)."""
    from latticework.text.actors import find_actors

    generic = {"agreement", "treaty", "with", "from", "that", "this", "their", "united", "states", "america", "military",
               "exercise", "operation"}
    return [_spelt(w) for w in re.findall(r"[a-z0-9]+", phrase.lower()) if (len(w) > 3 or (w.isdigit() and len(w) == 3)) and w not in generic
            and not re.fullmatch(r"(19|20)\d{2}", w) and not find_actors(w.title())]


def _ledger_records(db, c: dict) -> dict | None:
    actors = set(c["actors"])
    ev = panels.events(db, type=c["agreement_type"])
    if ev.empty:
        return None
    ev = ev[ev["actors"].map(lambda a: actors <= set(a))]
    if ev.empty:
        return None
    name = c["phrase"].lower()
    rows = []
    for _, r in ev.iterrows():
        attrs = _json(r["attributes"])
        rows.append((r, attrs))
    # prefer records whose agreement name shares the claim's words (e.g. "reciprocal access")
    key = [_spelt(w) for w in re.findall(r"[a-z]+", name) if len(w) > 3 and w not in ("agreement", "treaty")]
    named = [(r, a) for r, a in rows if all(w in _spelt(str(a.get("name", "")) + " " + str(r["summary"])) for w in key)]
    if key and not named:
        # the claim names an agreement ("Treaty of Mutual Cooperation and Security") that no
        # ledger record of these states names: another record of theirs (the 1997 Guidelines)
        # is not evidence about it; let the datasets (ATOP, DCAD) answer instead
        return None
    rows = named or rows
    want = c["status"]

    def year_of(r, a, kind):
        if kind and a.get(kind):
            return int(str(a[kind])[:4])
        if kind is None or r["date_kind"] == kind:
            return int(r["year"])
        return None

    def record(r, a):
        srcs = _json(r["sources"]) or []
        first = srcs[0] if srcs else {}
        return {"record": r["event_id"], "date": r["date"], "date_kind": r["date_kind"], "status": a.get("status"),
                "name": a.get("name"), "summary": r["summary"], "publisher": first.get("publisher"), "url": first.get("url")}

    kinds = [want] if want else ["signed", "in_force"]
    exact, other = [], []
    for r, a in rows:
        for k in kinds:
            y = year_of(r, a, k)
            if y is None:
                continue
            (exact if c["year"] in (None, y) else other).append((r, a, y))
    if exact:
        r, a, y = exact[0]
        what = f"{'signed' if (want or 'signed') == 'signed' else 'in force'} in {y}"
        return {"verdict": "supported", "source": f"ledger record {r['event_id']}",
                "compared_with": {**record(r, a), "year": y, "tolerance": "year must match"},
                "reason": f"ledger record {r['event_id']}: {a.get('name') or c['agreement_type']} {what}"}
    if other:
        r, a, y = other[0]
        return {"verdict": "contradicted", "source": f"ledger record {r['event_id']}",
                "compared_with": {**record(r, a), "year": y, "tolerance": "year must match"},
                "reason": f"ledger record {r['event_id']} dates it {y}, not {c['year']}"}
    r, a = rows[0]
    return {"verdict": "partly", "source": f"ledger record {r['event_id']}",
            "compared_with": {**record(r, a), "tolerance": "status must match"},
            "reason": f"the ledger records the agreement as {a.get('status') or r['date_kind']}, not {want}"}


def _atop(db, c: dict) -> dict | None:
    """Defence obligations in ATOP between every pair of the claim's states (up to four)."""
    from itertools import combinations

    try:
        states = [db.state(x) for x in c["actors"][:4]]
    except UnknownState:  # an organisation (NATO, QUAD…) has no ATOP dyads
        return None
    ids, starts, dyads = set(), [], []
    for a, b in combinations(states, 2):
        t = panels.ties(db, layer="atop_defense", state=a.ccode)
        t = t[(t["b"] == b.ccode) | (t["a"] == b.ccode)]
        if t.empty:
            return None  # one pair has no defence obligation: ATOP cannot support the claim
        dyads.append(f"{a.code}–{b.code}")
        starts.append(int(t["start_year"].min()))
        ids |= {int(i) for ref in t["source_ref"].dropna() for i in str(ref).split(":")[-1].split(",") if i.strip().isdigit()}
    ids = sorted(ids)
    begs = Q.atop_begin_years(db, ids)
    years = sorted({int(y) for y in begs["begyr"].dropna()}) if len(begs) else sorted(set(starts))
    label = _source_label(db, "atop")
    info = {"layer": "atop_defense", "dyad": ", ".join(dyads), "atopids": ids, "begin_years": years,
            "tie_start_year": min(starts), "tolerance": "begin year of one of the ATOP alliances must match"}
    src = f"{label}, atopid {','.join(map(str, ids))}"
    if c["year"] is None:
        return {"verdict": "supported", "source": src, "compared_with": info,
                "reason": f"ATOP records defence obligations for {', '.join(dyads)}"}
    if c["year"] in years:
        return {"verdict": "supported", "source": src, "compared_with": info,
                "reason": f"ATOP records defence obligations for {', '.join(dyads)} in an alliance beginning {c['year']}"}
    return {"verdict": "partly", "source": src, "compared_with": info,
            "reason": f"ATOP records defence obligations for {', '.join(dyads)}, in alliances beginning "
                      f"{', '.join(map(str, years))}, not {c['year']}"}


def _dcad(db, c: dict) -> dict | None:
    if c["agreement_type"] == "DEFENSE_PACT":
        return None
    try:
        a, b = (db.state(x) for x in c["actors"][:2])
    except (UnknownState, ValueError):  # an organisation, or fewer than two states
        return None
    t = panels.ties(db, layer="dca", state=a.ccode)
    t = t[(t["b"] == b.ccode) | (t["a"] == b.ccode)]
    if t.empty:
        return None
    years = sorted({int(y) for y in t["start_year"].dropna()})
    info = {"layer": "dca", "dyad": f"{a.code}–{b.code}", "start_years": years,
            "records": list(t["source_ref"].dropna())[:10], "tolerance": "year must match"}
    label = _source_label(db, "dcad")
    if c["year"] in years:
        return {"verdict": "supported", "source": label, "compared_with": info,
                "reason": f"DCAD records a defence cooperation agreement {a.code}–{b.code} in {c['year']}"}
    lo, hi = db.coverage("dcad")
    if c["year"] is not None and c["year"] > hi:
        return None  # DCAD ends in 2010: it cannot speak for later years
    return {"verdict": "partly", "source": label, "compared_with": info,
            "reason": f"DCAD records defence cooperation agreements {a.code}–{b.code} in {', '.join(map(str, years))}"}


# -- budget targets and plan totals (ledger DEFENSE_BUDGET) ----------------------------------------
_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _fmt_q(value: float, unit: str) -> str:
    if unit == "pct_gdp":
        return f"{value:g}% of GDP"
    if not is_money(unit):
        return f"{value:,.0f} {unit}"
    if value >= 1e12:
        return f"{unit} {value / 1e12:,.2f} trillion"
    if value >= 1e9:
        return f"{unit} {value / 1e9:,.1f} billion"
    return f"{unit} {value:,.0f}"


def _record_info(r, a: dict, q: dict | None = None) -> dict:
    srcs = _json(r["sources"]) or []
    first = srcs[0] if srcs else {}
    info = {"record": r["event_id"], "date": r["date"], "date_kind": r["date_kind"], "summary": r["summary"],
            "publisher": first.get("publisher"), "url": first.get("url")}
    if a.get("name"):
        info["name"] = a.get("name")
    if q is not None:
        info.update({"value": q.get("value"), "unit": q.get("unit"), "what": q.get("what"),
                     "shown": _fmt_q(float(q["value"]), q["unit"])})
    return info


def _target_years(q: dict, a: dict) -> set[int]:
    years = {int(y) for y in _YEAR_IN.findall(str(q.get("what") or ""))}
    if a.get("target_year"):
        years.add(int(a["target_year"]))
    return years


def _check_budget_target(db, c: dict) -> dict:
    """A spending target ("2% of GDP in FY2027", "3.5% of GDP by 2035") or plan total ("¥43 trillion
    over five years") against the ledger's DEFENSE_BUDGET records of the same state: the same target
    is a record quantity in the same unit whose description or ``target_year`` names the claim's
    (last) year; a plan total without a year is compared with the latest multi-year plan of that
    currency recorded by the document's date."""
    unit, value, actor = c["unit"], c["value"], c["actor"]
    years = c.get("years") or []
    tkey = "budget_target_share" if unit == "pct_gdp" else "budget_target_money"
    tol_text = ("same target year; supported within ±0.05 point, else contradicted" if unit == "pct_gdp"
                else "same plan period; supported within ±2%, partly within ±10%, else contradicted")
    when = f" for {years[-1]}" if years else (" over a multi-year plan" if c.get("plan") else "")
    claim = f"{actor or '?'}: defence spending target {_fmt_q(value, unit)}{when}"
    base = {"claim": claim, "actor": actor, "year": years[-1] if years else None, "value": value, "unit": unit}
    if actor is None:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "no state named for the target"}
    if c.get("increment"):
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": "ledger",
                "reason": "the figure is an increment (\"additional\", \"more\"), not a target level"}
    got = _ledger_budget(db, actor, unit, value, years, plan=c.get("plan"), doc_date=c.get("doc_date"), tkey=tkey,
                         tol_text=tol_text)
    if got is None:
        cands = _budget_candidates(db, actor, unit)
        shown = None
        if cands:
            r, a, q, _ = sorted(cands, key=lambda x: str(x[0]["date"]))[-1]
            shown = {**_record_info(r, a, q), "note": "latest recorded figure in this unit, not the same target"}
        what = f"{years[-1]}" if years else "the period"
        aside = []
        _budget_candidates(db, actor, unit, aside)
        return {**base, "verdict": "not_checkable", "compared_with": shown, "source": "ledger",
                "reason": f"no ledger DEFENSE_BUDGET record of {actor} states a {('% of GDP' if unit == 'pct_gdp' else unit)} "
                          f"target for {what} (the ledger is not exhaustive: absence is not evidence)"
                          + _set_aside_reason(aside)}
    verdict, info, reason, rid = got
    return {**base, "verdict": verdict, "compared_with": info, "source": f"ledger record {rid}", "reason": reason}


def _budget_candidates(db, actor: str, unit: str, aside: list | None = None) -> list:
    """(record, attributes, quantity, years named) of the actor's DEFENSE_BUDGET records in ``unit``
    that may serve as references (:func:`reference_quality`); the ids of the others are appended
    to ``aside`` when a list is given."""
    ev = panels.events(db, actor=actor, type="DEFENSE_BUDGET")
    out = []
    for _, r in ev.iterrows():
        if actor not in list(r["actors"]):
            continue
        if not reference_quality(r):
            if aside is not None and r["event_id"] not in aside \
                    and _gives(r, unit):
                aside.append(r["event_id"])
            continue
        a = _json(r["attributes"])
        for q in _json(r["quantities"]) or []:
            if q.get("unit") == unit and q.get("value") is not None:
                out.append((r, a, q, _target_years(q, a)))
    return out


def _ledger_budget(db, actor, unit, value, years, plan, doc_date, tkey, tol_text=None):
    """Compare a budget figure with the ledger record quantity for the same period (see
    :func:`_check_budget_target`); None when no record gives that period."""
    tol = TOLERANCES[tkey]
    if tol_text is None:
        tol_text = (f"same fiscal year; supported within ±{tol['supported']:.0%}, partly within ±{tol['partly']:.0%}, "
                    "else contradicted")
    cands = _budget_candidates(db, actor, unit)
    same = []
    if years:
        same = [x for x in cands if years[-1] in x[3] and (len(years) == 1 or years[0] in x[3] or len(x[3]) == 1)]
        if tkey == "budget_level_money":  # a yearly level: one fiscal year named, not a plan period or an increment
            same = [x for x in same if len(x[3]) == 1 and not re.search(r"\b(increase|extra|additional|over)\b",
                                                                         str(x[2].get("what") or ""), re.I)]
    elif plan and unit != "pct_gdp":
        cutoff = str(doc_date or "9999")
        plans = [x for x in cands if len(x[3]) >= 2 and str(x[0]["date"]) <= cutoff]
        plans.sort(key=lambda x: str(x[0]["date"]))
        same = plans[-1:]
    if not same:
        return None
    best = None
    for r, a, q, _ in same:
        verdict, diff = _verdict(value, float(q["value"]), tol)
        key = ({"supported": 0, "partly": 1, "contradicted": 2}[verdict], abs(diff))
        if best is None or key < best[0]:
            best = (key, verdict, diff, r, a, q)
    _, verdict, diff, r, a, q = best
    info = {**_record_info(r, a, q), "year": years[-1] if years else None, "difference": diff,
            "difference_unit": "percentage points" if unit == "pct_gdp" else "fraction of the figure",
            "tolerance": tol_text}
    reason = (f"claimed {_fmt_q(value, unit)}; ledger record {r['event_id']} states {_fmt_q(float(q['value']), q['unit'])} "
              f"({q.get('what')})")
    if not years:
        reason += " — the latest multi-year plan recorded by the document's date"
    return verdict, info, reason, r["event_id"]


# -- arms deals (SIPRI trade register) ---------------------------------------------------------------
#: a register count within this share of the claimed one is ``partly`` (an exact count is ``supported``)
ARMS_COUNT_PARTLY = 0.10


def weapon_keys(text: str) -> list[str]:
    """Comparable keys of a weapon designation or of a register ``weapon`` field: lower case, split
    at spaces and slashes, hyphens and a plural or possessive ending after a number dropped
    ("F-16s" -> "f16", "BGM-109 Tomahawk" -> ["bgm109", "tomahawk"], "Mi-24V/Mi-35" ->
    ["mi24v", "mi35"])."""
    keys = []
    for w in re.split(r"[\s/]+", str(text).lower()):
        w = re.sub(r"(?<=\d)(?:'?s|’s)$", "", w.strip(".,;:()\"'’"))
        w = re.sub(r"-class$", "", w).replace("-", "")
        if w:
            keys.append(w)
    return keys


def designation_matches(designation: str, weapon: str) -> bool:
    """Whether a designation written in a text names a register ``weapon``: a key of the text
    (:func:`weapon_keys`) equals a key of the register, or is its stem with a variant suffix of at
    most two letters ("F-35" names "F-35A", "BrahMos" names "PJ-10 BrahMos-A"; "F-3" does not
    name "F-35"); a numbered designation also names another variant of its family, the variant
    letters dropped from both ("MQ-9B" names "MQ-9", "P-8I" names "P-8A Poseidon"); a name without
    a number only as the register name's last word ("Tomahawk" names "BGM-109 Tomahawk", "Global"
    does not name "RQ-4A Global Hawk"; "Cyclone-class" names "Cyclone")."""
    mine = [k for k in weapon_keys(designation) if len(k) >= 2]
    theirs = weapon_keys(weapon)
    root = lambda k: re.sub(r"(?<=\d)[a-z]{1,2}$", "", k)  # noqa: E731  "p8a" -> "p8", "mq9b" -> "mq9"
    for k in mine:
        # a name without a number ("Tomahawk", "Virginia") must be the register name's last word,
        # its head: "Global" does not name the "RQ-4A Global Hawk"
        keys = theirs if re.search(r"\d", k) else theirs[-1:]
        for w in keys:
            if w == k or (w.startswith(k) and re.fullmatch(r"[a-z]{1,2}", w[len(k):]) and len(k) >= 3):
                return True
            # one family, another variant letter: "MQ-9B" names "MQ-9", "P-8I" names "P-8A"
            if re.search(r"\d", k) and re.search(r"[a-z]", root(k)) and root(k) == root(w):
                return True
    return False


def _delivery_years(value) -> set[int]:
    """The years in a register ``delivery_years`` field ("2015; 2016" -> {2015, 2016})."""
    return {int(y) for y in re.findall(r"\d{4}", str(value or ""))}


def _check_arms_deal(db, c: dict) -> dict | None:
    """An arms deal the text states ("Russia delivered 24 Yak-130 aircraft to Iran in 2023") against
    the SIPRI trade register (orders to ``REGISTER_END``): the register lines between two of the
    sentence's states, either one the supplier, whose weapon the designation names
    (:func:`designation_matches`). None when no line does: the word may not be a weapon, and the
    register holds major conventional arms only, so a missing deal is never a contradiction.

    Verdict: ``supported`` when every figure the sentence gives holds — a count equal to a line's
    ordered or delivered number (or their sums over the matching lines), a year that is an order or
    a delivery year; only the ordered numbers and order years when the verb nearest the designation
    orders, buys or sells, only the delivered ones when it delivers or receives (``stage``);
    ``partly`` when the count is within ``ARMS_COUNT_PARTLY`` or the year differs (the deal exists); ``contradicted`` when the count is further off. A year after the register's
    coverage is not compared, and a delivered count above the register's is ``partly`` when the
    sentence gives no year or one after the coverage (deliveries since); the reason says so."""
    from itertools import combinations

    if "arms_deals" not in db.table_names():
        return None
    try:
        states = [db.state(x) for x in c["actors"][:8]]
    except UnknownState:
        return None
    rows = []
    for a, b in combinations(states, 2):
        d = Q.arms_deals_between(db, a.ccode, b.ccode)
        rows += [r for _, r in d.iterrows() if designation_matches(c["designation"], r["weapon"])]
    if not rows:
        return None
    end = _register_end(db)

    def fit(r) -> tuple:  # the line the sentence most likely means: its count, then its year
        nums = {r["n_ordered"], r["n_delivered"]}
        yrs = {int(r["order_year"])} | _delivery_years(r["delivery_years"])
        return (c.get("count") is not None and float(c["count"]) in nums, c.get("year") in yrs)

    rows.sort(key=fit, reverse=True)
    first = rows[0]
    deal = f"{first['supplier']} → {first['recipient']}: {first['weapon']}"
    claim = (f"{c['count']} " if c.get("count") else "") + f"{c['designation']} ({', '.join(c['actors'])})" \
        + (f" in {c['year']}" if c.get("year") else "")
    base = {"claim": claim, "actors": c["actors"], "year": c.get("year"), "value": c.get("count"), "unit": "items"}
    lines = [{"line": int(r["line"]), "supplier": r["supplier"], "recipient": r["recipient"], "weapon": r["weapon"],
              "order_year": int(r["order_year"]), "n_ordered": None if pd.isna(r["n_ordered"]) else float(r["n_ordered"]),
              "n_delivered": None if pd.isna(r["n_delivered"]) else int(r["n_delivered"]),
              "delivery_years": str(r["delivery_years"] or "")} for r in rows]
    info = {"deals": lines, "tolerance": f"count exact (within {ARMS_COUNT_PARTLY:.0%}: partly); the year an order or a "
                                       f"delivery year (register to {end})"}
    others = f" (and {len(lines) - 1} other line(s) of that weapon)" if len(lines) > 1 else ""
    parts, verdicts = [f"the SIPRI register holds {deal}, ordered {first['order_year']}{others}"], []
    stage = c.get("stage")  # "order", "delivery" or None (either)
    fields = {"order": ("n_ordered",), "delivery": ("n_delivered",)}.get(stage, ("n_ordered", "n_delivered"))
    if c.get("count"):
        counts = {ln[f] for ln in lines for f in fields if ln[f]}
        counts |= {sum(ln[f] or 0 for ln in lines) for f in fields} - {0}
        n = float(c["count"])
        delivered = sum(ln["n_delivered"] or 0 for ln in lines)
        # a delivered count larger than the register's, for a year the register does not reach,
        # may be deliveries made since: the deal holds, the count cannot be compared
        later = stage != "order" and n > delivered and (c.get("year") is None or c["year"] > end)
        if n in counts:
            verdicts.append("supported")
        elif later:
            verdicts.append("partly")
            parts.append(f"deliveries after {end} are past the register's coverage")
        else:
            near = min(abs(x - n) / n for x in counts) if counts else math.inf
            verdicts.append("partly" if near <= ARMS_COUNT_PARTLY else "contradicted")
        what = {"order": "ordered", "delivery": "delivered"}.get(stage, "ordered or delivered")
        parts.append(f"claimed {c['count']}; the register counts {', '.join(f'{x:g}' for x in sorted(counts)) or 'no number'} "
                     f"{what}")
    if c.get("year"):
        years = ({ln["order_year"] for ln in lines} if stage != "delivery" else set()) | \
            ({y for ln in lines for y in _delivery_years(ln["delivery_years"])} if stage != "order" else set())
        if c["year"] > end:
            parts.append(f"{c['year']} is after the register's coverage ({end}): the year is not compared")
        else:
            verdicts.append("supported" if c["year"] in years else "partly")
            parts.append(f"{stage or 'order and delivery'} years {', '.join(str(y) for y in sorted(years)) or 'none'}")
    order = {"supported": 0, "partly": 1, "contradicted": 2}
    verdict = max(verdicts or ["supported"], key=order.get)
    return {**base, "verdict": verdict, "compared_with": info, "source": _source_label(db, "sipri_arms"),
            "reason": "; ".join(parts)}


def _register_end(db) -> int:
    """The last order year the SIPRI trade register covers: the store's ``sources`` row for
    ``sipri_arms`` (``last_year``), else the register's end as the source module states it."""
    from latticework.sources.datasets.sipri_arms import REGISTER_END

    row = db.sources[db.sources["name"] == "sipri_arms"]
    return int(row["last_year"].iloc[0]) if len(row) and pd.notna(row["last_year"].iloc[0]) else REGISTER_END


# -- vessels provided (ledger SECURITY_ASSISTANCE / ARMS_TRANSFER) ---------------------------------
def _check_vessels(db, c: dict) -> dict:
    donor, rec, value, year = c["actor"], c.get("recipient"), c["value"], c["year"]
    claim = f"{donor or '?'} → {rec or '?'}: {value:.0f} vessels provided" + (f" ({year})" if c.get("year_given") else "")
    base = {"claim": claim, "actor": donor, "recipient": rec, "year": year, "value": value, "unit": "vessels"}
    if not donor or not rec:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "no providing and receiving state named for the vessels"}
    if c.get("increment"):
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": "ledger",
                "reason": "the vessels are additional or planned ones, not a count the ledger holds"}
    rows, aside = [], []
    for t in ("SECURITY_ASSISTANCE", "ARMS_TRANSFER"):
        ev = panels.events(db, actor=donor, type=t)
        for _, r in ev.iterrows():
            acts = list(r["actors"])
            if rec not in acts or (acts and acts[0] != donor):
                continue
            if not reference_quality(r):
                if _gives(r, "vessels"):
                    aside.append(r["event_id"])
                continue
            for q in _json(r["quantities"]) or []:
                if q.get("unit") == "vessels":
                    rows.append((r, q))
    if c.get("year_given"):
        rows = [(r, q) for r, q in rows if int(r["year"]) == year] or rows
    if not rows:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": "ledger",
                "reason": f"no ledger record counts vessels provided by {donor} to {rec} "
                          "(the ledger is not exhaustive: absence is not evidence)" + _set_aside_reason(aside)}
    total = sum(float(q["value"]) for _, q in rows)
    exact = [(r, q) for r, q in rows if float(q["value"]) == value]
    r, q = exact[0] if exact else rows[-1]
    ok = bool(exact) or total == value
    info = {**_record_info(r, _json(r["attributes"]), q), "records": [x["event_id"] for x, _ in rows],
            "total": total, "tolerance": "exact count (one record, or the sum of the records)"}
    return {**base, "verdict": "supported" if ok else "contradicted", "compared_with": info,
            "source": f"ledger record {r['event_id']}",
            "reason": f"claimed {value:.0f}; the ledger counts {total:.0f} vessels from {donor} to {rec} "
                      f"in {len(rows)} record(s)"}


# -- first-time claims (ledger records of the type, before the date) -------------------------------
def _flat(text: str) -> str:
    """Lower case without hyphens: "Multi-Domain" and "multidomain" read alike."""
    return str(text).lower().replace("-", "")


def _stem(word: str) -> str:
    """The first five letters of a word, flattened (:func:`_flat`): "defense" and "defence" share one."""
    return _flat(word)[:5]


def _check_first(db, c: dict) -> dict:
    actors, etype, before, since = c["actors"], c["event_type"], c.get("before"), c.get("since")
    claim = f"{'–'.join(actors) or '?'}: {c['what']}" + (f" (before {before})" if before else "")
    base = {"claim": claim, "actors": actors, "event_type": etype, "year": int(before[:4]) if before else None}
    if len(actors) < 2 or not before:
        return {**base, "verdict": "not_checkable", "compared_with": None, "source": None,
                "reason": "a first-time claim needs two states and a date"}
    ev = panels.events(db, type=etype)
    ev = ev[ev["actors"].map(lambda a: set(actors) <= set(a))] if len(ev) else ev
    earlier = ev[(ev["date"].astype(str) < before[:10]) & ((ev["year"] >= since + 1) if since else True)] if len(ev) else ev
    # an earlier record that only announces or plans such events ("state their intention to hold
    # multi-domain exercises every year") is not an earlier event
    if len(earlier):
        plan = earlier["date_kind"].eq("planned") | (earlier["date_kind"].eq("announced") & earlier["summary"].str.contains(
            r"\b(?:intention|intend|plans? to|will hold|to hold|agree[sd]? to)\b", case=False, regex=True))
        earlier = earlier[~plan]
    # a first at a level (a leaders' summit; a stand-alone one) is contradicted only by an earlier
    # event at that level: a defence ministers' meeting is not an earlier summit
    if len(earlier) and re.search(r"summit|leaders", c["what"], re.I):
        earlier = earlier[earlier["summary"].str.contains(r"summit|leaders|president|prime minister", case=False)]
    if len(earlier) and re.search(r"stand-?alone", c["what"], re.I):
        earlier = earlier[~earlier["summary"].str.contains(r"sidelines|margins|on the side", case=False)]
    # a first of named office-holders ("President Trump and Prime Minister Ishiba held their first
    # meeting") is contradicted only by an earlier record naming both: their states' earlier
    # meetings are other persons' (the record of the meeting itself names them)
    persons = c.get("persons") or []
    if persons and len(ev):
        ev = ev[ev["summary"].fillna("").map(lambda t: _names_all(t, persons))]
        earlier = earlier[earlier.index.isin(ev.index)] if len(earlier) else earlier
    # a first of a kind ("the first multi-domain trilateral exercise", "the first trilateral defense
    # ministers meeting in Tokyo") is contradicted only by an earlier record described with the
    # same words (a five-letter stem each, so "defense" finds "defence")
    quals = [_stem(q) for q in c.get("qualifiers") or []]
    if len(earlier) and quals:
        text = (earlier["summary"].fillna("") + " " + earlier["attributes"].astype(str)).map(_flat)
        earlier = earlier[text.map(lambda t: all(q in t for q in quals))]
    # the earliest such record within a year before the document is the event the text calls a
    # first ("the launch of the first multi-domain exercise, Freedom Edge", written four months
    # after it): it supports the claim; one older than that contradicts it
    if len(earlier):
        r = earlier.sort_values("date").iloc[0]
        recent = str(pd.Timestamp(before[:10]) - pd.Timedelta(days=365))[:10]
        if str(r["date"])[:10] >= recent:
            return {**base, "verdict": "supported", "source": f"ledger record {r['event_id']}",
                    "compared_with": {**_record_info(r, _json(r["attributes"])),
                                      "tolerance": "the earliest record of the kind with these states, within a year before the text"},
                    "reason": f"ledger record {r['event_id']} ({r['date']}) is the first {etype} of this kind of "
                              f"{', '.join(actors)} in the ledger (which is not exhaustive)"}
        return {**base, "verdict": "contradicted", "source": f"ledger record {r['event_id']}",
                "compared_with": {**_record_info(r, _json(r["attributes"])), "tolerance": "any earlier record of the type with these states"},
                "reason": f"ledger record {r['event_id']} ({r['date']}) is an earlier {etype} of {', '.join(actors)}"
                          + (f" after {since}" if since else "")}
    # the ledger holds the event itself (its year) and nothing earlier: supported, with the caveat
    # (data/gold/CLAIMS_GUIDELINES.md: "supported when the ledger holds the event and nothing earlier")
    itself = ev[ev["year"] == int(before[:4])] if len(ev) else ev
    if persons and not len(itself):
        # the meeting of named office-holders may be recorded by what they agreed there (a
        # commitment, an agreement): any record of the year naming both persons is the event
        alltypes = panels.events(db)
        alltypes = alltypes[alltypes["actors"].map(lambda a: set(actors) <= set(a)) & (alltypes["year"] == int(before[:4]))]
        itself = alltypes[alltypes["summary"].fillna("").map(lambda t: _names_all(t, persons))]
    if len(itself):
        r = itself.sort_values("date").iloc[0]
        return {**base, "verdict": "supported", "source": f"ledger record {r['event_id']}",
                "compared_with": {**_record_info(r, _json(r["attributes"])),
                                  "tolerance": "the event is recorded; no earlier record of the type with these states"},
                "reason": f"ledger record {r['event_id']} is the event; no earlier {etype} of {', '.join(actors)}"
                          + (f" after {since}" if since else "") + " in the ledger (which is not exhaustive)"}
    return {**base, "verdict": "not_checkable", "compared_with": None, "source": "ledger",
            "reason": f"no earlier {etype} of {', '.join(actors)} in the ledger"
                      + (f" after {since}" if since else "") + " (the ledger is not exhaustive: absence does not prove a first)"}

