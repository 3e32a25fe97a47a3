"""Event extraction: the security events a text states, each with its evidence.

Rules and gazetteers only (see docs/text.md): the text is split into sentences; the actor
gazetteer (``actors.tsv``) runs once over a whole piece of text as one compiled regular
expression; the cue phrases of each event type (``cues.yaml``), the date and the quantity
patterns run on the sentences a plain substring pre-filter selects; every match is assigned to
its sentence. A sentence yields one event per type whose cue it contains,
provided it names an actor or speaks for the document's issuing states ("we", "our", "the
Leaders", "the Alliance"), which are read from the title. Every event carries its document,
sentence and character offsets into the document body.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from latticework.text.actors import MEMBERS, ORGS, PARTY, find_actors
from latticework.text.dates import find_dates
from latticework.text.document import Document, describe, iter_body_chunks
from latticework.text.quantities import find_quantities
from latticework.text.sentences import split_sentences
from latticework.vocabulary import EVENT_TYPES

__all__ = ["extract_text", "extract_body", "extract_file", "iter_extract_file", "parties_of", "EVENT_TYPES", "Analysis", "analyse"]




_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0-9]+")
# words that make a sentence worth running the date / quantity patterns on (besides digits)
DATE_WORDS = ("today", "tonight", "yesterday", "tomorrow", "this morning", "this afternoon", "this evening",
              "year", "month", "decade", "week", "january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december")
QUANTITY_WORDS = ("percent", "per cent", "largest", "biggest", "highest", "greatest", "-most", "top-", "top ",
                  "dozens of", "hundreds of", "thousands of", "one ", "two ", "three ", "four ", "five ", "six ",
                  "seven ", "eight ", "nine ", "ten ", "eleven ", "twelve ", "fifteen ", "twenty ", "thirty ",
                  "forty ", "fifty ", "hundred ")


@lru_cache(maxsize=4096)
def _key(needle: str) -> str:
    """The first run of letters and digits of a needle ('' when it has none, e.g. '%')."""
    m = _WORD.search(needle)
    return m.group(0) if m else ""


def _lower_same_length(text: str) -> str:
    """``text.lower()`` with tabs, returns and no-break spaces as spaces, keeping every offset
    (a few characters, e.g. 'İ', lower to two; those keep their first)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join((ch.lower() or ch)[0] for ch in text)
    return low.translate(_BLANK)


def _flex(pattern: str) -> str:
    """A cue with each literal space (outside character classes) matching any run of whitespace,
    so that cues match across the hard line wraps of the White House copies."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]":
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            out.append(r"\s+")
        else:
            out.append(ch)
    return "".join(out)


_BLANK = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u00a0": " "})


@lru_cache(maxsize=1)
def _rules() -> dict:
    import yaml

    raw = yaml.safe_load(resources.files("latticework.text").joinpath("cues.yaml").read_text(encoding="utf-8"))
    types = {}
    for name, spec in raw["types"].items():
        if name not in EVENT_TYPES:
            raise ValueError(f"cues.yaml: unknown event type {name!r}")
        strong = "|".join(f"(?:{_flex(c)})" for c in spec["cues"])
        weak = "|".join(f"(?:{_flex(c)})" for c in spec.get("weak", []))
        veto = "|".join(f"(?:{_flex(c)})" for c in spec.get("veto", []))
        concrete = "|".join(f"(?:{_flex(c)})" for c in spec.get("concrete", []))
        if weak and not concrete:
            raise ValueError(f"cues.yaml: type {name} has weak cues but no concrete-object patterns")
        anchors = tuple(str(a).lower() for a in spec.get("anchors", []))
        if not anchors:
            raise ValueError(f"cues.yaml: type {name} has no anchors")
        types[name] = {"cue": re.compile("|".join(x for x in (strong, weak) if x), re.I),
                       "strong": re.compile(strong, re.I),
                       "weak": re.compile(weak, re.I) if weak else None,
                       "concrete": re.compile(concrete, re.I) if concrete else None,
                       "veto": re.compile(veto, re.I) if veto else None,
                       "anchors": anchors, "needs_other_actor": bool(spec.get("needs_other_actor")),
                       "exclude_actors": tuple(spec.get("exclude_actors", ()))}
    kinds = [(k, re.compile(v, re.I)) for k, v in raw["date_kinds"].items()]
    return {"types": types, "date_kinds": kinds}


#: a state's own institutions named without the state ("the Army", "Congress", "the Pentagon",
#: "DOD", "the FY2027 NDAA"): in a document published in a state (:attr:`Document.home`) a sentence
#: that names no other actor is that state's (a CRS report: "the Army plans to field a battery")
HOME_INSTITUTION = re.compile(
    r"(?<![\w-])(?:[Tt]he (?:Army|Navy|Air Force|Marine Corps|Space Force|Pentagon|Administration|Senate|House"
    r"|Department of (?:Defense|War)|Secretary of (?:Defense|War)|Joint Chiefs)"
    r"|(?:Army|Navy|Air Force|Marine Corps)(?:'s|\u2019s)|DOD|DoD|Congress|NDAA)(?![\w-])")


#: a title that names the document as the states' own statement ("Joint Statement", "Fact Sheet",
#: "Readout", "Declaration"): its title states are the issuers, who do not coerce themselves; in a
#: report or a news text the title's states are its subjects ("Philippine military chief accuses
#: China of piracy"), and either may be the actor of any event. "Joint" alone is not a sign: a
#: news headline about "a joint exercise" or "a joint fighter jet agency" is not the states' own
#: text, and the statements that are ("Joint Statement", "Joint Vision") carry another word here
ISSUED = re.compile(r"(?i)\b(?:statement|declaration|communiqu|fact sheet|readout|vision|remarks|press release|media note"
                    r"|spirit of|memorandum|plan of action|agreement between)")


def parties_of(title: str | None) -> list[str]:
    """The issuing (or covered) states named in a document title, organisations expanded to members.

    "Joint Statement of the United States and Japan" gives ``["USA", "JPN"]``; "Joint Leaders
    Statement on AUKUS" gives ``["AUS", "GBR", "USA"]``.

    Parameters
    ----------
    title : str or None
        A document title (None or '' gives no parties).

    Returns
    -------
    list of str
        ISO3 codes in the order named, each once; organisation codes are replaced by their
        members and never returned themselves.
    """
    out: list[str] = []
    for _, _, code, _ in find_actors(title or ""):
        for c in MEMBERS.get(code, (code,)):
            if c not in out and c not in ORGS:
                out.append(c)
    return out


class Analysis:
    """Sentences of a piece of text and what the patterns found in each (positions are into ``text``)."""

    def __init__(self, text: str, lo: int, hi: int, document_date=None):
        self.text = text
        self.sentences = split_sentences(text, lo, hi)
        self._starts = [s for s, _ in self.sentences]
        n = len(self.sentences)
        self.actors: list[list] = [[] for _ in range(n)]
        self.parties: list[list[int]] = [[] for _ in range(n)]
        self.cues: list[dict] = [{} for _ in range(n)]
        self.dates: list[list] = [[] for _ in range(n)]
        self.quantities: list[list] = [[] for _ in range(n)]
        if not n:
            return
        for a in find_actors(text, lo, hi):
            i = self._index(a[0])
            if i is not None:
                self.actors[i].append(a)
        for m in PARTY.finditer(text, lo, hi):
            i = self._index(m.start())
            if i is not None:
                self.parties[i].append(m.start())
        # pre-filters: plain substring search (fast) picks the sentences each regex runs on
        low = _lower_same_length(text[lo:hi])  # offsets into `low` are offsets into the piece
        # the piece's vocabulary: a needle whose first word-part occurs in no word is not searched
        self._vocab = " ".join(set(_WORD.findall(low)))
        for name, rule in _rules()["types"].items():
            strong, weak, concrete = rule["strong"], rule["weak"], rule["concrete"]
            for i in sorted(self._hits(low, rule["anchors"], lo)):
                s, e = self.sentences[i]
                m = strong.search(text, s, e)
                # a weak cue names a topic ("supply chains"); it types the sentence only when the
                # sentence also names a concrete object (an agreement, a programme, a fund...)
                if m is None and weak is not None:
                    m = weak.search(text, s, e)
                    # the object must be named outside the cue ("Partnership for Global
                    # Infrastructure" is not its own concrete object)
                    if m is not None and concrete.search(text, s, m.start()) is None \
                            and concrete.search(text, m.end(), e) is None:
                        m = None
                if m is not None:
                    self.cues[i][name] = m
        digits = {j for j in (self._index(lo + m.start()) for m in _DIGITS.finditer(low)) if j is not None}
        for i in sorted(digits | self._hits(low, DATE_WORDS, lo)):
            s, e = self.sentences[i]
            self.dates[i] = find_dates(text, s, e, document_date)
        for i in sorted(digits | self._hits(low, QUANTITY_WORDS, lo)):
            s, e = self.sentences[i]
            self.quantities[i] = find_quantities(text, s, e)

    def _hits(self, low: str, needles, lo: int) -> set[int]:
        """Indices of the sentences in which any of ``needles`` occurs (``low`` starts at ``lo``)."""
        out: set[int] = set()
        vocab = self._vocab
        for needle in needles:
            key = _key(needle)
            if key and key not in vocab:
                continue
            j = low.find(needle)
            while j >= 0:
                i = self._index(lo + j)
                if i is not None:
                    out.add(i)
                    j = low.find(needle, self.sentences[i][1] - lo)
                else:
                    j = low.find(needle, j + 1)
        return out

    def _index(self, pos: int) -> int | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return i
        return None

    def sentence_actors(self, i: int, parties: list[str]) -> list[str]:
        """Actors of sentence ``i`` in reading order, party words replaced by the issuing states.

        Parameters
        ----------
        i : int
            Index of the sentence in :attr:`sentences`.
        parties : list of str
            The issuing states (ISO3 codes, as :func:`parties_of` gives them), put in at each
            party word ("we", "our", "the Leaders", "the Alliance").

        Returns
        -------
        list of str
            ISO3 or organisation codes, each once, in order of first mention (organisations are
            not expanded here); empty when the sentence names none.
        """
        marks = [(a[0], (a[2],)) for a in self.actors[i]] + [(p, tuple(parties)) for p in self.parties[i]]
        out: list[str] = []
        for _, codes in sorted(marks, key=lambda t: t[0]):
            for c in codes:
                if c not in out:
                    out.append(c)
        return out


def analyse(text: str, lo: int = 0, hi: int | None = None, document_date=None) -> Analysis:
    """Run every pattern over ``text[lo:hi]`` once (see :class:`Analysis`).

    Parameters
    ----------
    text : str
        The text (a document body or a piece of it).
    lo, hi : int
        Character offsets of the part to analyse (default: all of ``text``).
    document_date : str or datetime.date, optional
        The date relative dates resolve against (as :func:`~latticework.text.dates.find_dates`).

    Returns
    -------
    Analysis
        ``sentences`` (``(start, end)`` offsets into ``text``) and, per sentence, ``actors``
        (gazetteer matches ``(start, end, code, kind)``), ``parties`` (offsets of party words),
        ``cues`` ({event type: cue match}), ``dates`` (as ``find_dates``) and ``quantities`` (as
        :func:`~latticework.text.quantities.find_quantities`); all offsets are into ``text``.
    """
    return Analysis(text, lo, len(text) if hi is None else hi, document_date)


_MARKUP = re.compile(r"</?\w+>|[*_#\\]")


def _is_heading(sentence: str) -> bool:
    """A section heading ("**Strengthening our Defense and Security Cooperation**"): no closing
    punctuation, on one line unless set in markup (``*``, ``<u>``, ``#``), at most 15 words, and at least three in four words of four letters or more capitalised. Headings
    name topics, not events."""
    plain = _MARKUP.sub(" ", sentence).strip()
    if not plain or plain[-1] in ".?!;:" or ("\n" in plain.strip() and sentence.lstrip()[:1] not in "*<#"):
        return False
    words = plain.split()
    long = [w for w in words if len(w.strip(",")) > 3]
    return len(words) <= 15 and bool(long) and sum(w[0].isupper() for w in long) / len(long) >= 0.75


def _date_kind(sentence: str, dates: list[dict]) -> str:
    for kind, rx in _rules()["date_kinds"]:
        if rx.search(sentence):
            return kind
    if any(d["planned"] for d in dates):
        return "planned"
    return "occurred"


_JOINER = re.compile(r"[-–]")
_BOTH = re.compile(r"\bboth\s+(?:the\s+)?$", re.I)
_AND = re.compile(r"\s+and\s+(?:the\s+)?$", re.I)


def _participant_groups(an: Analysis, i: int, parties: list[str], actors: list[str]) -> list[list[str]]:
    """The participant groups of sentence ``i``: usually one (all its actors). A sentence that names
    a distinct group gives one event per group:

    - a hyphenated compound ("the U.S.-Australia joint funding commitment", "the U.S.-Japan-Republic
      of Korea trilateral framework") whose states are not all among the sentence's other actors is
      a group of its own, beside the other actors;
    - "both X and Y" after other actors ("commitments to both Japan and the Philippines") gives
      the other actors with X, and with Y.
    """
    mentions = an.actors[i]
    if len(mentions) < 2:
        return [actors]
    text = an.text
    # chains of mentions joined by a hyphen or dash with nothing between them
    chains, cur = [], [mentions[0]]
    for a in mentions[1:]:
        prev = cur[-1]
        if a[0] == prev[1] + 1 and _JOINER.fullmatch(text[prev[1]:a[0]]):
            cur.append(a)
        else:
            chains.append(cur)
            cur = [a]
    chains.append(cur)
    compounds = [c for c in chains if len(c) > 1]
    if compounds:
        in_compound = {id(a) for c in compounds for a in c}
        marks = [(a[0], (a[2],)) for a in mentions if id(a) not in in_compound]
        marks += [(p, tuple(parties)) for p in an.parties[i]]
        rest: list[str] = []
        for _, codes in sorted(marks, key=lambda t: t[0]):
            rest += [c for c in codes if c not in rest]
        if not rest and not an.parties[i]:
            rest = [p for p in parties]
        groups = [rest] if rest else []
        for c in compounds:
            g = list(dict.fromkeys(a[2] for a in c))
            if rest and not set(g) <= set(rest) and not set(rest) <= set(g) and g not in groups:
                groups.append(g)
        if len(groups) > 1:
            return groups
    # "both X and Y"
    for j in range(len(mentions) - 1):
        a, b = mentions[j], mentions[j + 1]
        if _BOTH.search(text, max(0, a[0] - 12), a[0]) and _AND.fullmatch(text, a[1], b[0]):
            others = [x for x in actors if x not in (a[2], b[2])]
            if others:
                return [others + [a[2]], others + [b[2]]]
    return [actors]


def _model(model):
    """The sentence model to use: ``True`` the shipped one (None if absent), ``False``/None none,
    else the given :class:`~latticework.text.sentence_model.SentenceModel`."""
    if model is True:
        from latticework.text.sentence_model import load_model

        return load_model()
    return model or None


def carried_actors(an: Analysis, parties: list[str]) -> list[list[str]]:
    """Per sentence, the actors a sentence that names none continues with: those of the nearest
    earlier sentence of the same paragraph that names any (a paragraph ends at a blank line), else
    none. "Poland signed contracts for K2 tanks with Hyundai Rotem. The tank contract is worth about
    $3.4 billion." — the second sentence is Poland's and Korea's.

    Parameters
    ----------
    an : Analysis
        The analysed text.
    parties : list of str
        The issuing states, put in at party words as :meth:`Analysis.sentence_actors` does.

    Returns
    -------
    list of list of str
        One list per sentence of ``an.sentences`` (empty where nothing is carried); a sentence that
        names actors carries its own to the next ones.
    """
    out: list[list[str]] = []
    last: list[str] = []
    prev_end = None
    for i, (s, e) in enumerate(an.sentences):
        if prev_end is not None and "\n\n" in an.text[prev_end:s]:
            last = []
        out.append(last)
        own = an.sentence_actors(i, parties)
        if own:
            last = own
        elif "\n\n" in an.text[s:e]:  # a sentence running over a blank line ends its paragraph
            last = []
        prev_end = e
    return out


def _sentence_types(an: Analysis, model, home: str | None = None, readable=None) -> list[dict]:
    """Per sentence, {event type: cue text}: the cue rules' types, filtered and completed by the
    sentence model when there is one (module docstring of :mod:`latticework.text.sentence_model`).
    The model reads the sentences that can make an event: those naming an actor or a party word,
    those with a cue when the model may drop cues, those naming an institution of the ``home``
    state (:data:`HOME_INSTITUTION`) and those ``readable`` marks (a sentence with no actor of its
    own that takes its paragraph's or the title's states, :func:`carried_actors`)."""
    out = [{name: m.group(0) for name, m in cues.items()} for cues in an.cues]
    if model is None or not an.sentences:
        return out
    keep, add = model.thresholds["keep"], model.thresholds["add"]
    # only sentences that can make an event are read: those naming an actor or speaking for the
    # issuing states, and (when the model may drop cues) those with a cue
    rows = [i for i in range(len(out)) if an.actors[i] or an.parties[i] or (keep > 0 and out[i])
            or (home and HOME_INSTITUTION.search(an.text, *an.sentences[i])) or (readable and readable[i])]
    if not rows:
        return out
    texts = [an.text[a:b] for a, b in an.sentences]
    probs = model.proba(model.inputs(texts, rows))
    by_type = model.thresholds.get("add_by_type") or {}
    for k, name in enumerate(model.types):
        add_t = by_type.get(name, add)  # a per-type threshold where the recipe chose one
        for r, i in enumerate(rows):
            found = out[i]
            p = probs[r, k]
            if name in found and p < keep and model.knows(found[name]):
                del found[name]
            elif name not in found and p >= add_t:
                found[name] = f"model p={p:.2f}"
    return out


def _events(an: Analysis, meta: Document, parties: list[str], base: int, model=None) -> Iterator[dict]:
    rules = _rules()["types"]
    text = an.text
    # the issuers a "needs other actor" type (coercion) leaves out: the title's states when the
    # document is their own statement, none when it is a report or news text about them
    issuers = parties if ISSUED.search(meta.title or "") else []
    # a sentence naming no actor continues its paragraph's actors, else the title's states
    carried = carried_actors(an, parties)
    readable = [bool(c or parties) for c in carried]
    for i, cues in enumerate(_sentence_types(an, model, getattr(meta, "home", None), readable)):
        if not cues:
            continue
        s, e = an.sentences[i]
        sentence = text[s:e]
        actors = an.sentence_actors(i, parties)
        if not actors:
            # "the Army plans to ..." in a CRS report: the publishing state's own institution
            home = getattr(meta, "home", None)
            actors = [home] if home and HOME_INSTITUTION.search(sentence) else list(carried[i] or parties)
        if not actors:
            continue
        if _is_heading(sentence):
            continue
        dates = an.dates[i]
        date = next((d["value"] for d in dates if d["value"]), None)
        kind = _date_kind(sentence, dates)
        quantities = [{"value": q["value"], "unit": q["unit"], "approx": q["approx"]} for q in an.quantities[i]]
        groups = _participant_groups(an, i, parties, actors)
        for name in EVENT_TYPES:
            cue = cues.get(name)
            if cue is None:
                continue
            rule = rules[name]
            if rule["veto"] is not None and rule["veto"].search(sentence):
                continue
            for who in groups:
                if rule["exclude_actors"]:
                    who = [a for a in who if a not in rule["exclude_actors"]]
                if rule["needs_other_actor"]:
                    who = [a for a in who if a not in issuers]
                if not who:
                    continue
                yield {"type": name, "actors": list(who), "date": date, "date_kind": kind,
                       "quantities": quantities, "cue": cue,
                       "evidence": {"doc": meta.doc, "sentence": sentence, "start": base + s, "end": base + e}}


def extract_text(text: str, doc: str = "text", document_date: str | None = None,
                 title: str | None = None, model=True) -> list[dict]:
    """The events stated in a text.

    Parameters
    ----------
    text : str
        The document. A header block ended by a line of ``=`` signs is read for the title and
        date and cut off: offsets then count from the first character after that line. YAML
        front matter at the top of the body is skipped (offsets stay relative to the body).
    doc : str
        The document identifier written into each event's evidence.
    document_date : str, optional
        ISO date relative dates resolve against (default: the header's or front matter's date,
        or an "Updated <date>" line).
    title : str, optional
        Title naming the issuing states (default: from the header, front matter or first line).
    model : bool or SentenceModel
        The sentence model that filters and completes the cue rules' types (True: the shipped
        one, :mod:`latticework.text.sentence_model`; False: the rules alone).

    Returns
    -------
    list of dict
        One dict per event: ``type``, ``actors`` (ISO3 or organisation codes), ``date`` (ISO 8601
        or None), ``date_kind``, ``quantities`` (``{value, unit, approx}``), ``cue`` (the phrase
        that gave the type) and ``evidence`` (``doc``, ``sentence``, ``start``, ``end``: offsets
        into the body, end exclusive, ``body[start:end] == sentence``).
    """
    meta, body = describe(text, doc=doc, document_date=document_date, title=title)
    an = analyse(body, meta.text_start, len(body), meta.date)
    return list(_events(an, meta, parties_of(meta.title), 0, _model(model)))


def extract_body(body: str, document_date: str | None = None, title: str | None = None, doc: str = "text",
                 model=True) -> list[dict]:
    """The events of a document body that has no header (as :func:`extract_text` returns them;
    offsets count from the start of ``body``): the claim checker's entry point.

    Parameters
    ----------
    body : str
        The body text (no header block is looked for; YAML front matter at its top is skipped).
    document_date : str, optional
        ISO date relative dates resolve against (default: the front matter's date or an "Updated
        <date>" line).
    title : str, optional
        Title naming the issuing states (default: from the front matter or the first line).
    doc : str
        The document identifier written into each event's evidence (default ``"text"``).
    model : bool or SentenceModel
        As for :func:`extract_text` (default: the shipped sentence model).

    Returns
    -------
    list of dict
        As :func:`extract_text`: ``type``, ``actors``, ``date``, ``date_kind``, ``quantities``,
        ``cue``, ``evidence`` (``doc``, ``sentence``, ``start``, ``end``: characters into ``body``).
    """
    meta, body = describe(body, doc=doc, document_date=document_date, title=title, header=False)
    an = analyse(body, meta.text_start, len(body), meta.date)
    return list(_events(an, meta, parties_of(meta.title), 0, _model(model)))


def iter_extract_file(path, chunk_chars: int | None = None, model=True) -> Iterator[dict]:
    """Events of a file, streamed piece by piece (bounded memory for large files).

    The file is checked for bad input (empty, binary, not UTF-8: :class:`~latticework.errors.InvalidInput`
    naming the file), HTML is reduced to its text, and the body is processed in sentence-aligned
    pieces of about ``chunk_chars`` characters (default 1 MB).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 text, Markdown or HTML file.
    chunk_chars : int, optional
        Target characters per piece (default, also for 0: :data:`~latticework.text.document.CHUNK_CHARS`).
        Pieces end at a paragraph or sentence boundary; the title's parties are read once.
    model : bool or SentenceModel
        As for :func:`extract_text` (default: the shipped sentence model).

    Yields
    ------
    dict
        Events as :func:`extract_text` gives them; ``evidence.doc`` is the file name and
        ``evidence.start`` / ``end`` count characters from the start of the body (of the stripped
        text for HTML).

    Raises
    ------
    InvalidInput
        The file is missing, empty, binary, not UTF-8, or has no text after its header (raised
        when iteration starts).
    """
    from latticework.text.document import CHUNK_CHARS

    parties = None
    model = _model(model)
    for meta, (base, piece) in iter_body_chunks(Path(path), chunk_chars=chunk_chars or CHUNK_CHARS):
        if parties is None:
            parties = parties_of(meta.title)
        an = analyse(piece, 0, len(piece), meta.date)
        yield from _events(an, meta, parties, base, model)
        del an


def extract_file(path, model=True) -> list[dict]:
    """The events of one file (see :func:`extract_text` and :func:`iter_extract_file`).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 text, Markdown or HTML file.
    model : bool or SentenceModel
        As for :func:`extract_text` (default: the shipped sentence model).

    Returns
    -------
    list of dict
        Every event of :func:`iter_extract_file` (default piece size), in file order.

    Raises
    ------
    InvalidInput
        The file is missing, empty, binary, not UTF-8, or has no text after its header.
    """
    return list(iter_extract_file(path, model=model))
