"""Load and check the ledger; turn it into the store's ``events`` and ``ties`` rows.

Every problem names the file, the line and the field and says what is allowed; all problems in
all files are collected before the loader raises :class:`~latticework.errors.InvalidRecord`.
"""
from __future__ import annotations

import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml
from pydantic import ValidationError

from latticework.errors import InvalidRecord
from latticework.ledger.schema import AGREEMENT_TYPES, Record

__all__ = ["Problem", "Ledger", "ledger_dir", "load_ledger", "events_frame", "ties_frame",
           "nonqualifying_hosts", "awaiting_sources", "is_nonqualifying"]

LAYERS = {"DEFENSE_PACT": ("ledger_defense_pact", False), "ACCESS_AGREEMENT": ("ledger_access", False),
          "SECURITY_AGREEMENT": ("ledger_security_agreement", False),
          "ECONOMIC_SECURITY": ("ledger_economic_security", False), "EXERCISE": ("ledger_exercise", False),
          "SECURITY_ASSISTANCE": ("ledger_assistance", True), "ARMS_TRANSFER": ("ledger_arms", True)}
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Limits on one record: characters in the file, values after YAML aliases are expanded, nesting.
MAX_RECORD_CHARS = 20_000
MAX_RECORD_VALUES = 2_000
MAX_DEPTH = 12
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp",
                                                            "seq", "map"))
_HERE = Path(__file__).resolve().parent
NONQUALIFYING_HOSTS_FILE = _HERE / "nonqualifying_hosts.txt"
AWAITING_SOURCES_FILE = _HERE / "awaiting_sources.txt"


#: What to do, for pydantic's own messages that do not say it.
_FIXES = {"finite_number": "write the figure as a plain finite number (not .nan, inf or beyond 1e308)",
          "float_parsing": "write the figure as a plain number, e.g. 1.5", "float_type": "write a number, e.g. 1.5",
          "int_parsing": "write a whole number", "int_type": "write a whole number",
          "string_type": "write text (quote it)", "bool_type": "write true or false",
          "bool_parsing": "write true or false", "list_type": "write a list: [A, B] or '- item' lines",
          "dict_type": "write a mapping of key: value", "model_type": "write a mapping of key: value",
          "string_too_short": "write it out", "string_too_long": "shorten it",
          "too_short": "give at least one item", "string_pattern_mismatch": "use lower-case letters, digits and hyphens",
          "literal_error": "use one of the values listed"}


class _Loader(yaml.SafeLoader):
    """Safe YAML, with unquoted dates kept as text (so 2023-02-30 is a located error, not a crash)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _word_list(path: Path) -> frozenset:
    """The entries of a one-per-line list file (``#`` starts a comment)."""
    if not path.is_file():
        return frozenset()
    return frozenset(x for x in (ln.split("#", 1)[0].strip().lower() for ln in path.read_text("utf-8").splitlines()) if x)


def nonqualifying_hosts() -> frozenset:
    """Hosts whose pages do not qualify as a record's only source (``nonqualifying_hosts.txt``)."""
    return _word_list(NONQUALIFYING_HOSTS_FILE)


def awaiting_sources() -> frozenset:
    """Record ids allowed, for now, to rest on non-qualifying sources (``awaiting_sources.txt``)."""
    return _word_list(AWAITING_SOURCES_FILE)


def is_nonqualifying(url: str, hosts: frozenset | None = None) -> bool:
    """Whether an address is on a non-qualifying host (the host or any domain above it listed).

    Parameters
    ----------
    url : str
        A source address; its host is lower-cased and a trailing dot dropped.
    hosts : frozenset of str, optional
        Lower-case host names (default: :func:`nonqualifying_hosts`, read from
        ``nonqualifying_hosts.txt`` on each call; pass it in for loops).

    Returns
    -------
    bool
        True when the host or a parent domain of it (``en.wikipedia.org`` -> ``wikipedia.org`` ->
        ``org``) is in ``hosts``; False for an address that cannot be split.
    """
    from urllib.parse import urlsplit

    hosts = nonqualifying_hosts() if hosts is None else hosts
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False
    labels = host.split(".")
    return any(".".join(labels[i:]) in hosts for i in range(len(labels)))


@dataclass
class Problem:
    """One validation problem, located."""

    file: str
    line: int
    field: str
    message: str

    level: str = "error"

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        text = "".join(ch if ch.isprintable() else " " for ch in text)
        return ("warning: " if self.level == "warning" else "") + " ".join(text.split())


@dataclass
class Entry:
    """A validated record with where it came from."""

    record: Record
    file: str
    line: int


@dataclass
class Ledger:
    """The validated records of a ledger directory."""

    directory: Path
    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        return [e.record for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)


def ledger_dir(directory: str | os.PathLike | None = None) -> Path:
    """The ledger folder: argument, ``LATTICEWORK_LEDGER``, or the repository's ``data/ledger``.

    Parameters
    ----------
    directory : str or path-like, optional
        An explicit folder, taken as given (not expanded or resolved, not checked to exist).

    Returns
    -------
    pathlib.Path
        The folder; the default is ``data/ledger`` beside ``src/`` in the source tree.
    """
    if directory:
        return Path(directory)
    if os.environ.get("LATTICEWORK_LEDGER"):
        return Path(os.environ["LATTICEWORK_LEDGER"])
    return Path(__file__).resolve().parents[3] / "data" / "ledger"


def _field_line(node: yaml.MappingNode, loc: tuple) -> int:
    """The line of the deepest node along a pydantic error location inside a record node."""
    line = node.start_mark.line + 1
    cur = node
    for part in loc:
        nxt = None
        if isinstance(cur, yaml.MappingNode):
            for k, v in cur.value:
                if k.value == part:
                    line, nxt = k.start_mark.line + 1, v
                    break
        elif isinstance(cur, yaml.SequenceNode) and isinstance(part, int) and part < len(cur.value):
            nxt = cur.value[part]
            line = nxt.start_mark.line + 1
        if nxt is None:
            break
        cur = nxt
    return line


def _too_deep(text: str, limit: int = 100) -> int:
    """The line where brackets or indentation nest past ``limit`` levels (0 if nowhere): checked
    before parsing, since the YAML parser recurses once per level and is slow to fail deep down."""
    depth, line = 0, 1
    for m in re.finditer(r"[\[\]{}\n]", text):
        ch = m.group()
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        else:
            depth = max(0, depth - 1)
    for i, ln in enumerate(text.splitlines(), 1):
        if len(ln) - len(ln.lstrip(" ")) > 4 * limit:
            return i
    return 0


def _check_node(node: yaml.Node, rel: str, problems: list[Problem]) -> bool:
    """Duplicate keys, tags, nesting, size and alias expansion of one record node; False if bad."""
    line0 = node.start_mark.line + 1
    if node.end_mark.index - node.start_mark.index > MAX_RECORD_CHARS:
        problems.append(Problem(rel, line0, "record", f"longer than {MAX_RECORD_CHARS:,} characters; "
                                "a record is one fact: split it or shorten it"))
        return False
    ok, count, checked = True, 0, set()
    rid = next((v.value for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"
                and isinstance(v, yaml.ScalarNode)), None)
    rec = f"record {rid[:100]!r}" if isinstance(rid, str) else "record"
    stack: list[tuple[yaml.Node, int, str]] = [(node, 0, "")]
    while stack:
        n, depth, path = stack.pop()
        count += 1
        where = f"{rec} field {path!r}" if path else rec
        if count > MAX_RECORD_VALUES:
            problems.append(Problem(rel, line0, "record", f"expands to more than {MAX_RECORD_VALUES:,} values "
                                    "(YAML aliases '*name' repeat whole blocks); write the values out"))
            return False
        if depth > MAX_DEPTH:
            problems.append(Problem(rel, n.start_mark.line + 1, where,
                                    f"nested more than {MAX_DEPTH} levels; flatten it"))
            return False
        if n.tag not in _PLAIN_TAGS:
            problems.append(Problem(rel, n.start_mark.line + 1, where,
                                    f"YAML tag {n.tag!r} is not allowed; remove the tag (write plain values)"))
            ok = False
            continue
        if isinstance(n, yaml.MappingNode):
            first = id(n) not in checked
            checked.add(id(n))
            keys: dict[str, int] = {}
            for k, v in n.value:
                key_line = k.start_mark.line + 1
                if not isinstance(k, yaml.ScalarNode) or k.tag not in _PLAIN_TAGS:
                    if first:
                        problems.append(Problem(rel, key_line, where, "a key must be a plain name; quote it"))
                    ok = False
                    continue
                sub = f"{path}.{k.value}" if path else str(k.value)
                if first and k.value in keys:
                    problems.append(Problem(rel, key_line, f"{rec} field {sub!r}",
                                            f"duplicate key (also at line {keys[k.value]}): YAML keeps only one "
                                            "value; delete one of them"))
                    ok = False
                keys.setdefault(k.value, key_line)
                stack.append((v, depth + 1, sub))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                stack.append((v, depth + 1, f"{path}.{i}" if path else str(i)))
    return ok


def _read_file(path: Path, rel: str, problems: list[Problem]) -> list[tuple[dict, yaml.Node]]:
    try:
        if not path.is_file():
            what = "a folder" if path.is_dir() else ("a broken link" if path.is_symlink() else "not a regular file")
            problems.append(Problem(rel, 1, "file", f"{what}, not a ledger file; remove it or rename it "
                                    "(only *.yaml files are read)"))
            return []
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(rel, 1, "file", f"larger than {MAX_FILE_BYTES // 2**20} MiB; split it by theme"))
            return []
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 1, "file", f"cannot be read ({exc.strerror or type(exc).__name__}); "
                                "check its permissions"))
        return []
    if b"\x00" in raw:
        problems.append(Problem(rel, 1, "file", "binary content; a ledger file is UTF-8 YAML text"))
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "file", "not UTF-8; save the file as UTF-8"))
        return []
    deep = _too_deep(text)
    if deep:
        problems.append(Problem(rel, deep, "yaml", f"nested too deeply; a record nests at most {MAX_DEPTH} levels"))
        return []
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(rel, (mark.line + 1) if mark else 1, "yaml",
                                f"{getattr(exc, 'problem', None) or exc}; fix the YAML syntax"))
        return []
    except RecursionError:
        problems.append(Problem(rel, 1, "yaml", f"nested too deeply; a record nests at most {MAX_DEPTH} levels"))
        return []
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode) or root.tag != "tag:yaml.org,2002:seq":
        problems.append(Problem(rel, root.start_mark.line + 1, "file", "a ledger file is a YAML list of records ('- id: ...')"))
        return []
    out = []
    loader = _Loader("")
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(rel, node.start_mark.line + 1, "record", "each list item is a mapping of fields"))
            continue
        if not _check_node(node, rel, problems):
            continue
        try:
            data = loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            mark = getattr(exc, "problem_mark", None) or node.start_mark
            problems.append(Problem(rel, mark.line + 1, "record",
                                    f"cannot be read ({getattr(exc, 'problem', None) or exc}); write plain values"))
            continue
        out.append((data, node))
    return out


def load_ledger(directory: str | os.PathLike | None = None, strict: bool = True) -> Ledger:
    """Read and check every ``*.yaml`` file of the ledger folder.

    Files are read in sorted order, subfolders included. A record is kept only when it validates
    against the schema, its id is new, it does not rest only on non-qualifying hosts (unless its
    id is in ``awaiting_sources.txt``: then a warning) and no earlier record has the same type,
    set of actors and date.

    Parameters
    ----------
    directory : str or path-like, optional
        The ledger folder (default: :func:`ledger_dir`).
    strict : bool
        Raise on any problem. With False, problems are collected in ``Ledger.problems`` and the
        valid records returned. A missing folder raises only when ``strict`` and ``directory``
        was given; otherwise it gives an empty ledger.

    Returns
    -------
    Ledger
        ``entries`` (each record with its file and line), ``files`` (paths relative to the
        folder's grandparent, e.g. ``data/ledger/japan.yaml``), ``problems`` and ``warnings``
        (:class:`Problem` objects).

    Raises
    ------
    InvalidRecord
        Any problem (the message gives the count and the first ones; ``.problems`` lists all).
    """
    d = ledger_dir(directory)
    ledger = Ledger(d)
    problems: list[Problem] = []
    if not d.is_dir():
        if strict and directory:
            raise InvalidRecord(f"{d}: no ledger folder", "give a folder of *.yaml ledger files")
        return ledger
    seen: dict[str, tuple[str, int]] = {}
    events: dict[tuple, tuple[str, int, str]] = {}
    agreements: dict[str, tuple[str, str, int]] = {}
    hosts, awaiting = nonqualifying_hosts(), awaiting_sources()
    for path in sorted(d.rglob("*.yaml")):
        rel = str(path.relative_to(d.parent.parent) if d.parent.parent in path.parents else path)
        ledger.files.append(rel)
        for data, node in _read_file(path, rel, problems):
            line = node.start_mark.line + 1
            try:
                rec = Record.model_validate(data)
            except ValidationError as exc:
                rid = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else "?"
                rid = rid if len(rid) <= 100 else rid[:100] + "…"
                for e in exc.errors():
                    loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
                    fld = ".".join(str(x) for x in loc) or "record"
                    msg = e["msg"].removeprefix("Value error, ")
                    if e["type"] == "extra_forbidden":
                        msg = "unknown field; allowed: id, type, date, date_kind, actors, summary, quantities, attributes, sources, verified, notes"
                    elif e["type"] == "missing":
                        msg = "required field is missing"
                    elif e["type"] in _FIXES:
                        msg = f"{msg}; {_FIXES[e['type']]}"
                    problems.append(Problem(rel, _field_line(node, loc), f"record {rid!r} field {fld!r}", msg))
                continue
            if rec.id in seen:
                f0, l0 = seen[rec.id]
                problems.append(Problem(rel, line, f"record {rec.id!r} field 'id'", f"duplicate id (also at {f0}:{l0})"))
                continue
            seen[rec.id] = (rel, line)
            if rec.sources and all(is_nonqualifying(x.url, hosts) for x in rec.sources):
                shown = ", ".join(sorted({x.url.split("/")[2] for x in rec.sources}))
                what = "its figures rest" if rec.quantities else "it rests"
                p = Problem(rel, _field_line(node, ("sources",)), f"record {rec.id!r} field 'sources'",
                            f"{what} only on non-qualifying sources ({shown}: encyclopaedias, aggregators, "
                            "interested parties' state media); add a primary source, a wire or a newspaper")
                if rec.id in awaiting:
                    p.level = "warning"
                    p.message += " (listed in ledger/awaiting_sources.txt)"
                    ledger.warnings.append(p)
                else:
                    problems.append(p)
                    continue
            key = (rec.type, frozenset(rec.actors), rec.date)
            if key in events:
                f0, l0, other = events[key]
                problems.append(Problem(rel, line, f"record {rec.id!r}",
                                        f"same event as {other!r} at {f0}:{l0} (same type, actors and date); merge them"))
                continue
            events[key] = (rel, line, rec.id)
            slug = rec.attributes.get("agreement")
            if slug and rec.attributes.get("name"):
                if slug in agreements and agreements[slug][0] != rec.attributes["name"]:
                    problems.append(Problem(rel, line, f"record {rec.id!r} field 'attributes.name'",
                                            f"agreement {slug!r} is called {agreements[slug][0]!r} at {agreements[slug][1]}:{agreements[slug][2]}"))
                agreements.setdefault(slug, (rec.attributes["name"], rel, line))
            ledger.entries.append(Entry(rec, rel, line))
    if problems and strict:
        err = InvalidRecord(f"{len(problems)} ledger problem(s); first: " + "; ".join(str(p) for p in problems[:3]),
                            "run `latticework ledger check` for the full list")
        err.problems = problems
        raise err
    ledger.problems = problems
    return ledger


def events_frame(ledger: Ledger) -> pd.DataFrame:
    """One row per record, in the store's ``events`` columns.

    Parameters
    ----------
    ledger : Ledger
        As :func:`load_ledger` returns it.

    Returns
    -------
    pandas.DataFrame
        One row per entry (no columns at all for an empty ledger): ``event_id``; ``origin``
        (``"ledger"``); ``type``; ``date`` (as written: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``);
        ``date_start`` and ``date_end`` (first and last day that date covers, ``datetime.date``);
        ``year`` (of ``date_start``); ``date_kind``; ``actors`` (list of ISO3 or organisation
        codes); ``actors_text`` (comma-separated); ``summary`` (whitespace collapsed);
        ``quantities``, ``attributes`` and ``sources`` (JSON text); ``verified`` (bool); ``file``
        and ``line`` (where the record starts).
    """
    rows = []
    for e in ledger.entries:
        r = e.record
        start, end = r.period
        rows.append({"event_id": r.id, "origin": "ledger", "type": r.type, "date": r.date, "date_start": start,
                     "date_end": end, "year": start.year, "date_kind": r.date_kind, "actors": list(r.actors),
                     "actors_text": ", ".join(r.actors), "summary": " ".join(r.summary.split()),
                     "quantities": json.dumps([q.model_dump() for q in r.quantities]),
                     "attributes": json.dumps(r.attributes, default=str),
                     "sources": json.dumps([s.model_dump() for s in r.sources]), "verified": r.verified,
                     "file": e.file, "line": e.line})
    return pd.DataFrame(rows)


#: the ``what`` of a quantity that counts exercises (not countries, days or people)
_EXERCISE_COUNT = re.compile(r"\b(exercises|drills)\b", re.I)


def _concluded(recs: list, attrs: dict) -> bool:
    """Whether an agreement's records show it concluded: a record dated ``signed``, ``in_force``
    or ``occurred``, or a ``signed``/``in_force`` date among its attributes; and its status is not
    ``announced`` or ``negotiating`` without a signature. An agreement only announced or under
    negotiation makes no tie (docs/ledger.md), whether or not its records share an agreement slug."""
    if attrs.get("status") in ("announced", "negotiating") and not attrs.get("signed"):
        return False
    return bool(attrs.get("signed") or attrs.get("in_force")
                or any(r.date_kind in ("signed", "in_force", "occurred") for r in recs))


def ties_frame(ledger: Ledger, to_cow: Callable[[str], int | None]) -> pd.DataFrame:
    """Ties from agreement, exercise, assistance and arms records (docs/ledger.md).

    Records sharing ``attributes.agreement`` make one tie per pair, from the in-force date (else
    the signature) to the end date (none: in force today); an agreement only announced or under
    negotiation makes none. Exercise, assistance and arms records make ties only when they
    occurred (or were signed / in force), not when announced or planned. Organisations make no ties.

    Parameters
    ----------
    ledger : Ledger
        As :func:`load_ledger` returns it.
    to_cow : callable
        ISO3 code -> COW code, or None for an actor that is no state (organisations; the build
        passes ``Crosswalk.iso3_to_cow``). A record with fewer than two mapped actors makes no tie.

    Returns
    -------
    pandas.DataFrame
        One row per pair of states (no columns at all when there is none), in the store's ``ties``
        columns: ``layer`` (``ledger_defense_pact``, ``ledger_access``, ...); ``a``, ``b`` (COW
        codes; for directed layers ``a`` is the first actor); ``directed``; ``start_year``,
        ``end_year`` (years; ``end_year`` NA while in force) and ``start_date``, ``end_date``
        (Timestamps; ``end_date`` NaT while in force); ``weight`` (1.0, or for an exercise record
        its first ``count`` quantity); ``unit`` (``"exercises"`` or ``"agreement"``);
        ``attributes`` (JSON; for an agreement the merged attributes of its records); ``source``
        (``"ledger"``); ``source_ref`` (comma-separated record ids); ``coverage_end`` (NA);
        ``open_at_coverage_end`` (False). The parties of an agreement are the actors of its first
        record.
    """
    groups: dict[tuple, list[Record]] = {}
    for e in ledger.entries:
        r = e.record
        if r.type not in LAYERS:
            continue
        if r.type not in AGREEMENT_TYPES and r.date_kind not in ("occurred", "signed", "in_force"):
            continue  # an announced or planned exercise or aid programme is not yet a tie
        key = ("agreement", r.type, r.attributes["agreement"]) if r.type in AGREEMENT_TYPES and r.attributes.get("agreement") \
            else ("record", r.id)
        groups.setdefault(key, []).append(r)
    rows = []
    for key, recs in groups.items():
        r0 = recs[0]
        layer, directed = LAYERS[r0.type]
        codes = [c for c in (to_cow(a) for a in r0.actors) if c is not None]
        if len(codes) < 2:
            continue
        pairs = [(codes[0], c) for c in codes[1:]] if directed else list(itertools.combinations(codes, 2))
        if r0.type in AGREEMENT_TYPES:
            attrs = {}
            for r in recs:
                attrs.update({k: v for k, v in r.attributes.items() if v is not None})
            if not _concluded(recs, attrs):
                continue  # only announced or under negotiation: no tie (docs/ledger.md)
            by_kind = {r.date_kind: r.period[0] for r in recs}
            start = pd.Timestamp(attrs.get("in_force") or by_kind.get("in_force") or attrs.get("signed")
                                 or by_kind.get("signed") or min(r.period[0] for r in recs))
            end = pd.Timestamp(attrs["ended"]) if attrs.get("ended") else pd.NaT
        else:
            attrs = dict(r0.attributes)
            start, end = pd.Timestamp(r0.period[0]), pd.Timestamp(r0.period[1])
        weight = 1.0
        if r0.type == "EXERCISE":
            # a count of exercises is the tie's magnitude; other counts on an exercise record
            # (participating countries, exercise-days) are not
            counts = [q.value for q in r0.quantities if q.unit == "count" and _EXERCISE_COUNT.search(q.what or "")
                      and "day" not in (q.what or "").lower()]
            weight = float(counts[0]) if counts else 1.0
        for a, b in pairs:
            rows.append({"layer": layer, "a": a, "b": b, "directed": directed, "start_year": start.year,
                         "end_year": (end.year if pd.notna(end) else pd.NA), "start_date": start, "end_date": end,
                         "weight": weight, "unit": "exercises" if r0.type == "EXERCISE" else "agreement",
                         "attributes": json.dumps(attrs, default=str), "source": "ledger",
                         "source_ref": ",".join(r.id for r in recs), "coverage_end": pd.NA,
                         "open_at_coverage_end": False})
    return pd.DataFrame(rows)
