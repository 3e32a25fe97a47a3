"""Load and check the ledger; turn it into the store's ``events`` and ``ties`` rows.

Every problem names the file, the line and the field and says what is allowed; all problems in
all files are collected before the loader raises :class:`~latticework.errors.InvalidRecord`.
"""
from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import yaml
from pydantic import ValidationError

from latticework.errors import InvalidRecord
from latticework.ledger.schema import AGREEMENT_TYPES, Record

__all__ = ["Problem", "Ledger", "ledger_dir", "load_ledger", "events_frame", "ties_frame"]

LAYERS = {"DEFENSE_PACT": ("ledger_defense_pact", False), "ACCESS_AGREEMENT": ("ledger_access", False),
          "SECURITY_AGREEMENT": ("ledger_security_agreement", False),
          "ECONOMIC_SECURITY": ("ledger_economic_security", False), "EXERCISE": ("ledger_exercise", False),
          "SECURITY_ASSISTANCE": ("ledger_assistance", True), "ARMS_TRANSFER": ("ledger_arms", True)}
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Problem:
    """One validation problem, located."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


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

    @property
    def records(self) -> list[Record]:
        return [e.record for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)


def ledger_dir(directory: str | os.PathLike | None = None) -> Path:
    """The ledger folder: argument, ``LATTICEWORK_LEDGER``, or the repository's ``data/ledger``."""
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


def _read_file(path: Path, rel: str, problems: list[Problem]) -> list[tuple[dict, yaml.Node]]:
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(rel, 1, "file", f"larger than {MAX_FILE_BYTES // 2**20} MiB; split it by theme"))
        return []
    raw = path.read_bytes()
    if b"\x00" in raw:
        problems.append(Problem(rel, 1, "file", "binary content; a ledger file is UTF-8 YAML text"))
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "file", "not UTF-8; save the file as UTF-8"))
        return []
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(rel, (mark.line + 1) if mark else 1, "yaml",
                                f"{getattr(exc, 'problem', None) or exc}; fix the YAML syntax"))
        return []
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        problems.append(Problem(rel, root.start_mark.line + 1, "file", "a ledger file is a YAML list of records ('- id: ...')"))
        return []
    out = []
    loader = yaml.SafeLoader("")
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            problems.append(Problem(rel, node.start_mark.line + 1, "record", "each list item is a mapping of fields"))
            continue
        out.append((loader.construct_document(node), node))
    return out


def load_ledger(directory: str | os.PathLike | None = None, strict: bool = True) -> Ledger:
    """Read and check every ``*.yaml`` file of the ledger folder.

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
    for path in sorted(d.rglob("*.yaml")):
        rel = str(path.relative_to(d.parent.parent) if d.parent.parent in path.parents else path)
        ledger.files.append(rel)
        for data, node in _read_file(path, rel, problems):
            line = node.start_mark.line + 1
            try:
                rec = Record.model_validate(data)
            except ValidationError as exc:
                rid = data.get("id", "?") if isinstance(data, dict) else "?"
                for e in exc.errors():
                    loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
                    fld = ".".join(str(x) for x in loc) or "record"
                    msg = e["msg"].removeprefix("Value error, ")
                    if e["type"] == "extra_forbidden":
                        msg = "unknown field; allowed: id, type, date, date_kind, actors, summary, quantities, attributes, sources, verified, notes"
                    elif e["type"] == "missing":
                        msg = "required field is missing"
                    problems.append(Problem(rel, _field_line(node, loc), f"record {rid!r} field {fld!r}", msg))
                continue
            if rec.id in seen:
                f0, l0 = seen[rec.id]
                problems.append(Problem(rel, line, f"record {rec.id!r} field 'id'", f"duplicate id (also at {f0}:{l0})"))
                continue
            seen[rec.id] = (rel, line)
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
    """One row per record, in the store's ``events`` columns."""
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


def ties_frame(ledger: Ledger, to_cow: Callable[[str], int | None]) -> pd.DataFrame:
    """Ties from agreement, exercise, assistance and arms records (docs/ledger.md).

    Records sharing ``attributes.agreement`` make one tie per pair, from the in-force date (else
    the signature) to the end date (none: in force today); an agreement only announced or under
    negotiation makes none. Exercise, assistance and arms records make ties only when they
    occurred (or were signed / in force), not when announced or planned. Organisations make no ties.
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
        if key[0] == "agreement":
            attrs = {}
            for r in recs:
                attrs.update({k: v for k, v in r.attributes.items() if v is not None})
            by_kind = {r.date_kind: r.period[0] for r in recs}
            start = pd.Timestamp(attrs.get("in_force") or by_kind.get("in_force") or attrs.get("signed")
                                 or by_kind.get("signed") or min(r.period[0] for r in recs))
            end = pd.Timestamp(attrs["ended"]) if attrs.get("ended") else pd.NaT
            if attrs.get("status") in ("announced", "negotiating") and not attrs.get("signed"):
                continue
        else:
            attrs = dict(r0.attributes)
            start, end = pd.Timestamp(r0.period[0]), pd.Timestamp(r0.period[1])
        weight = 1.0
        if r0.type == "EXERCISE":
            counts = [q.value for q in r0.quantities if q.unit == "count"]
            weight = float(counts[0]) if counts else 1.0
        for a, b in pairs:
            rows.append({"layer": layer, "a": a, "b": b, "directed": directed, "start_year": start.year,
                         "end_year": (end.year if pd.notna(end) else pd.NA), "start_date": start, "end_date": end,
                         "weight": weight, "unit": "exercises" if r0.type == "EXERCISE" else "agreement",
                         "attributes": json.dumps(attrs, default=str), "source": "ledger",
                         "source_ref": ",".join(r.id for r in recs), "coverage_end": pd.NA,
                         "open_at_coverage_end": False})
    return pd.DataFrame(rows)
