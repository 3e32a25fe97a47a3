"""Ingest event files (GDELT 1.0/2.0, ICEWS, POLECAT) into a Parquet event store.

``ingest(paths)`` streams each file (plain, ``.gz`` or ``.zip``) through a validating parser into
Parquet files partitioned by the event's year and month under ``<cache>/events/``::

    <cache>/events/year=2015/month=2/r<run>-f<k>-<i>.parquet   stored events
    <cache>/events/_rejects/<file>.<id>.rejects.tsv            rejected lines: file, line, reason
    <cache>/events/_ingested.jsonl                              one line per ingested file
    <cache>/events/_meta.json                                   store flags (synthetic or real)

Counts (per file and in total; ``read = stored + rejected + duplicate``):

- ``read``: data lines read (header lines excluded), plus one for a file-level failure (an
  unreadable, binary or truncated file), which is also ``rejected``;
- ``rejected``: lines that fail validation (wrong field count, bad date, non-numeric score, ...),
  each written to the file's reject file with its line number and the reason;
- ``duplicate``: valid events whose key is already in the store, or was already seen earlier in
  this run (the first occurrence is kept);
- ``stored``: the rest, written to the store.

Dedup key: ``(dataset, event_id, date)``. For GDELT the event id is GLOBALEVENTID, GDELT's
globally unique identifier of an event record: the same event re-emitted in another file (an
overlapping download, a 15-minute file and the daily file that repeats it, a file ingested twice)
keeps its id, while two different events never share one. Every GDELT id carries one event date,
so the date adds nothing there; it is in the key because ICEWS's "Event ID" alone is not unique
(ids repeat across distinct events with different dates; with the date they are unique), and for
POLECAT the same rule is kept. Duplicates always fall in the same year-month partition, so the
check runs partition by partition in bounded memory.

Speed: a file whose every line is well formed is parsed by pyarrow's multi-threaded CSV reader and
validated and written by DuckDB in one streaming pass. A file with any malformed line (or a
truncated or corrupt compressed stream) is re-read by an exact line-by-line reader, so every line
gets its correct number and reason. Ingest is idempotent: re-ingesting a file stores nothing new
and rewrites its reject file identically.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import logging
import os
import queue
import shutil
import threading
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from latticework.config import cache_dir as _cache_dir
from latticework.errors import UsageError
from latticework.events._lookups import CAMEO_COUNTRIES, CAMEO_EVENTS, ISO3
from latticework.events.cameo import PLOVER_QUAD
from latticework.events.formats import (
    GDELT1_COLUMNS, GDELT2_COLUMNS, GDELT_FIELD_COUNTS, POLECAT_ALIASES,
    normalize_header,
)
from latticework.events.synth import MANIFEST, is_synthetic_name
from latticework.states import names_to_iso3

__all__ = ["ingest", "IngestSummary", "FileReport", "events_dir", "STORE_SCHEMA", "Progress"]

log = logging.getLogger(__name__)

#: Columns of the stored events (plus the partition columns ``year`` and ``month``).
STORE_SCHEMA: dict[str, str] = {
    "dataset": "VARCHAR",        # gdelt | icews | polecat
    "event_id": "VARCHAR",       # GLOBALEVENTID / Event ID
    "date": "DATE",              # day the event took place (GDELT SQLDATE, ICEWS/POLECAT Event Date)
    "a": "VARCHAR",              # ISO3 of actor 1 (initiator), None if not a state
    "b": "VARCHAR",              # ISO3 of actor 2 (target), None if not a state
    "actor1_code": "VARCHAR",    # GDELT Actor1Code; ICEWS Source Name; POLECAT Actor Name
    "actor1_country": "VARCHAR",  # as in the file (CAMEO country code, or country name)
    "actor1_type": "VARCHAR",    # CAMEO Actor1Type1Code (ICEWS: MIL/GOV from the sectors)
    "actor2_code": "VARCHAR",
    "actor2_country": "VARCHAR",
    "actor2_type": "VARCHAR",
    "event_code": "VARCHAR",     # CAMEO code (GDELT, ICEWS) or PLOVER event type (POLECAT)
    "quad_class": "TINYINT",     # 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    "goldstein": "DOUBLE",       # Goldstein score, -10..10 (POLECAT: Event Intensity)
    "num_mentions": "INTEGER",   # GDELT only
    "num_sources": "INTEGER",    # GDELT only: distinct sources reporting the event
    "num_articles": "INTEGER",   # GDELT only
    "avg_tone": "DOUBLE",        # GDELT only
    "is_root": "BOOLEAN",        # GDELT only
    "action_country": "VARCHAR",  # GDELT ActionGeo_CountryCode (FIPS 10-4); ICEWS/POLECAT Country
    "action_lat": "DOUBLE",
    "action_lon": "DOUBLE",
    "date_added": "TIMESTAMP",   # GDELT DATEADDED
    "source_url": "VARCHAR",     # GDELT SOURCEURL (58- and 61-field rows)
    "format": "VARCHAR",         # gdelt1-historical | gdelt1-daily | gdelt2 | icews | polecat
    "source_file": "VARCHAR",    # the ingested file (archive:member for zip members)
    "source_line": "BIGINT",     # its line number (1-based, header lines counted)
    "reject_reason": "VARCHAR",  # used during ingest only; always null in the store
}

_GDELT_NEED = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent", "EventCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "DATEADDED", "SOURCEURL",
)
_ICEWS_NEED = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
               "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country",
               "Country", "Latitude", "Longitude")
_POLECAT_NEED = tuple(POLECAT_ALIASES)  # normalized names
_POLECAT_REQUIRED = ("event id", "event date", "event type", "actor country", "recipient country")
_SNIFF_BYTES = 1 << 16
_BLOCK = 8 << 20
_EXACT_BATCH = 50_000

#: progress(source, bytes_done, bytes_total) — called while a file is read.
Progress = Callable[[str, int, int | None], None]


def events_dir(cache=None) -> Path:
    """The event store folder, ``<cache>/events`` (see :func:`latticework.config.cache_dir`).

    Parameters
    ----------
    cache : str or path-like, optional
        The cache folder (default: ``LATTICEWORK_CACHE`` or the platform's cache folder), resolved
        by :func:`latticework.config.cache_dir`.

    Returns
    -------
    pathlib.Path
        ``<cache>/events`` (not created here; :func:`ingest` creates it).
    """
    return _cache_dir(cache) / "events"


@dataclass
class FileReport:
    """What happened to one ingested file (or zip member)."""

    source: str
    format: str
    read: int = 0
    stored: int = 0
    rejected: int = 0
    duplicate: int = 0
    reader: str = "fast"          # fast (pyarrow multi-threaded) or exact (line by line)
    reject_file: str | None = None


@dataclass
class IngestSummary:
    """Totals of an ingest run; ``read = stored + rejected + duplicate``."""

    read: int
    stored: int
    rejected: int
    duplicate: int
    files: list[FileReport] = field(default_factory=list)
    events_dir: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int]:
        """The four counts (the CLI's ``--json`` output).

        Returns
        -------
        dict of str to int
            ``read``, ``stored``, ``rejected``, ``duplicate`` (event lines; ``read = stored +
            rejected + duplicate``).
        """
        return {"read": self.read, "stored": self.stored, "rejected": self.rejected,
                "duplicate": self.duplicate}


# -------------------------------------------------------------------------------------------
# sources: files, zip members, counting readers
# -------------------------------------------------------------------------------------------
@dataclass
class _Source:
    name: str                 # shown in reports and stored as source_file
    path: Path
    member: str | None = None  # zip member
    size: int | None = None   # bytes to read (compressed size for .gz, member size for zip)
    error: str | None = None  # file-level failure found while listing


class _Counting(io.RawIOBase):
    """A binary reader that reports bytes read to a progress callback.

    Kept rather than rich's ``Progress.wrap_file`` (issue 21 asked): ``ingest`` is a library
    function called from the CLI, from Python and from worker threads, and reports progress to a
    plain callback (``Progress``) so that nothing below the CLI depends on a terminal display;
    ``wrap_file`` needs a live rich ``Progress`` and task id. The CLI renders the callback with rich
    (``cli/events.py``). The reader also sits under Arrow's gzip stream and zip members, where it
    counts compressed bytes against the compressed size.
    """

    def __init__(self, raw, name, total, progress):
        self.raw, self.name_, self.total, self.progress, self.done = raw, name, total, progress, 0
        self._last = 0.0

    def readable(self):
        return True

    def readinto(self, b):
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self._count(n)
        return n

    def read(self, size=-1):
        data = self.raw.read(size)
        self._count(len(data))
        return data

    def _count(self, n):
        self.done += n
        if self.progress:
            now = time.monotonic()
            if now - self._last > 0.2 or n == 0:
                self._last = now
                self.progress(self.name_, self.done, self.total)

    def close(self):
        try:
            self.raw.close()
        finally:
            super().close()


def _expand(paths: Iterable) -> list[_Source]:
    out: list[_Source] = []
    for p in paths:
        p = Path(p).expanduser()
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder", "check the path")
        files = sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")) if p.is_dir() else [p]
        for f in files:
            if f.name == MANIFEST:
                continue
            f = f.resolve()
            if f.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(f) as z:
                        members = [i for i in z.infolist() if not i.is_dir()]
                        if not members:
                            out.append(_Source(str(f), f, error="zip archive holds no file"))
                        for i in members:
                            out.append(_Source(f"{f}:{i.filename}", f, i.filename, i.file_size))
                except (zipfile.BadZipFile, OSError) as exc:
                    out.append(_Source(str(f), f, error=f"not a readable zip archive ({exc})"))
            else:
                out.append(_Source(str(f), f, size=f.stat().st_size))
    return out


def _open(src: _Source, progress: Progress | None = None):
    """A binary stream of the source's decompressed bytes (a Python file object)."""
    if src.member is not None:
        z = zipfile.ZipFile(src.path)
        raw = z.open(src.member)
        return _Counting(raw, src.name, src.size, progress)
    raw = open(src.path, "rb")
    counted = _Counting(raw, src.name, src.size, progress)
    if src.path.suffix.lower() == ".gz":
        return gzip.GzipFile(fileobj=io.BufferedReader(counted, 1 << 20), mode="rb")
    return counted


def _arrow_stream(src: _Source, progress: Progress | None):
    """An Arrow input stream of the decompressed bytes (Arrow's own gzip decoder for .gz)."""
    if src.member is None and src.path.suffix.lower() == ".gz":
        raw = _Counting(open(src.path, "rb"), src.name, src.size, progress)
        return pa.CompressedInputStream(pa.PythonFile(raw, mode="r"), "gzip")
    return pa.PythonFile(_open(src, progress), mode="r")


# -------------------------------------------------------------------------------------------
# sniffing
# -------------------------------------------------------------------------------------------
@dataclass
class _Sniff:
    kind: str                  # gdelt | icews | polecat | binary | empty | error
    fields: int = 0            # field count of the first line (gdelt)
    header: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)   # wanted name -> header name
    clean: bool = True         # sample is valid UTF-8 without NUL: fast reader may try
    detail: str = ""


def _sniff(src: _Source, forced: str) -> _Sniff:
    try:
        with _open(src) as f:
            sample = f.read(_SNIFF_BYTES)
    except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
        return _Sniff("error", detail=f"cannot read the file ({type(exc).__name__}: {exc})")
    if not sample:
        return _Sniff("empty")
    if b"\x00" in sample:
        # A binary file has NUL bytes on most lines; a text file with a stray NUL byte is read line
        # by line like any other, the line (or field) with the NUL rejected with its reason.
        sample_lines = sample.split(b"\n")
        if 2 * sum(b"\x00" in ln for ln in sample_lines) > len(sample_lines):
            at = sample.index(b"\x00")
            return _Sniff("binary", detail=f"binary file, not tab-separated text (NUL byte at offset {at})")
    cut = sample.rfind(b"\n")
    head = sample[: cut + 1] if cut >= 0 else sample
    try:
        head.decode("utf-8")
        clean = True
    except UnicodeDecodeError:
        clean = False
    first = sample.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    cells = first.split("\t")
    if {"event id", "event date"} & {normalize_header(c) for c in cells}:  # a header line (ICEWS, POLECAT):
        while len(cells) > 1 and not cells[-1].strip():  # real POLECAT files end it with excess tabs
            cells.pop()
    norm = [normalize_header(c) for c in cells]
    if forced in ("auto", "icews") and {"event id", "event date", "cameo code", "source country",
                                          "target country"} <= set(norm):
        cols = {c: cells[norm.index(normalize_header(c))] for c in _ICEWS_NEED if normalize_header(c) in norm}
        return _Sniff("icews", len(cells), cells, cols, clean)
    if forced in ("auto", "polecat"):
        cols = {}
        for want, alts in POLECAT_ALIASES.items():
            for alt in alts:
                if alt in norm:
                    cols[want] = cells[norm.index(alt)]
                    break
        if all(r in cols for r in _POLECAT_REQUIRED):
            return _Sniff("polecat", len(cells), cells, cols, clean)
        if forced == "polecat":
            missing = [r for r in _POLECAT_REQUIRED if r not in cols]
            return _Sniff("error", detail=f"not a POLECAT file: header lacks {missing}")
    if forced == "icews":
        return _Sniff("error", detail="not an ICEWS file: the header lacks Event ID, Event Date, "
                                      "CAMEO Code, Source Country or Target Country")
    return _Sniff("gdelt", len(cells), [], {}, clean)


# -------------------------------------------------------------------------------------------
# actor countries -> ISO3
# -------------------------------------------------------------------------------------------
_CAMEO_KEYS = pa.array(sorted(set(CAMEO_COUNTRIES) | ISO3))
_CAMEO_VALS = pa.array([CAMEO_COUNTRIES[k][1] if k in CAMEO_COUNTRIES else k for k in _CAMEO_KEYS.to_pylist()],
                       type=pa.string())


def _map_cameo(col: pa.Array) -> pa.Array:
    return pc.take(_CAMEO_VALS, pc.index_in(col, value_set=_CAMEO_KEYS))


def _map_names(col: pa.Array) -> pa.Array:
    """ISO3 codes of a column of country names (:func:`latticework.states.names_to_iso3`)."""
    uniq = [u for u in pc.unique(col).to_pylist() if u]
    iso = names_to_iso3(uniq)
    keys = pa.array(uniq, type=pa.string())
    vals = pa.array([iso[u] for u in uniq], type=pa.string())
    return pc.take(vals, pc.index_in(col, value_set=keys))


# -------------------------------------------------------------------------------------------
# batch producers: fast (pyarrow CSV, multi-threaded) and exact (line by line)
# -------------------------------------------------------------------------------------------
def _batch_columns(kind: str) -> list[str]:
    if kind == "gdelt":
        return list(_GDELT_NEED)
    if kind == "icews":
        return list(_ICEWS_NEED)
    return list(_POLECAT_NEED)


def _finish(kind: str, cols: dict[str, pa.Array], lines: np.ndarray, fmt, pre, source: str) -> pa.RecordBatch:
    """Assemble a batch: the raw string columns plus _line, _format, _pre_reason, _a, _b, _source."""
    names = _batch_columns(kind)
    n = len(lines)
    arrays = [cols[c] if c in cols else pa.array([""] * n, type=pa.string()) for c in names]
    if kind == "gdelt":
        a, b = _map_cameo(cols["Actor1CountryCode"]), _map_cameo(cols["Actor2CountryCode"])
    elif kind == "icews":
        a, b = _map_names(cols["Source Country"]), _map_names(cols["Target Country"])
    else:
        a, b = _map_names(cols["actor country"]), _map_names(cols["recipient country"])
    fmt_arr = pa.array([fmt] * n, type=pa.string()) if isinstance(fmt, str) else pa.array(fmt, type=pa.string())
    pre_arr = pa.nulls(n, type=pa.string()) if pre is None else pa.array(pre, type=pa.string())
    src_arr = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([source]))
    arrays += [pa.array(lines, type=pa.int64()), fmt_arr, pre_arr, a, b, src_arr]
    return pa.RecordBatch.from_arrays(arrays, names=names + ["_line", "_format", "_pre_reason", "_a", "_b", "_source"])


class _FastFailed(Exception):
    pass


def _prefetch(gen: Iterator[pa.RecordBatch], depth: int = 2) -> Iterator[pa.RecordBatch]:
    """Run a batch generator in a thread, ``depth`` batches ahead (parsing overlaps writing)."""
    q: queue.Queue = queue.Queue(depth)
    stop = threading.Event()
    end = object()

    def put(x) -> bool:
        while not stop.is_set():
            try:
                q.put(x, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run():
        try:
            for b in gen:
                if not put(b):
                    return
            put(end)
        except BaseException as exc:  # handed to the consumer
            put(exc)
        finally:
            gen.close()

    threading.Thread(target=run, daemon=True, name="lw-events-reader").start()
    try:
        while True:
            x = q.get()
            if x is end:
                return
            if isinstance(x, BaseException):
                raise x
            yield x
    finally:
        stop.set()


def _fast_batches(src: _Source, sn: _Sniff, progress, holder: dict) -> Iterator[pa.RecordBatch]:
    """pyarrow's CSV reader; any malformed line aborts (the exact reader then takes over)."""

    def on_invalid(row):
        holder["invalid"] = f"{row.actual_columns} fields where {row.expected_columns} were expected"
        return "error"

    if sn.kind == "gdelt":
        fmt = GDELT_FIELD_COUNTS[sn.fields]
        names = list(GDELT2_COLUMNS if sn.fields == 61 else GDELT1_COLUMNS[: sn.fields])
        include = [c for c in _GDELT_NEED if c in names]
        rename = {c: c for c in include}
        skip, first_line = 0, 1
    else:
        fmt = sn.kind
        names = [h if h else f"_x{i}" for i, h in enumerate(sn.header)]
        if len(set(names)) != len(names):
            names = [f"{h}__{i}" for i, h in enumerate(names)]
        include = [names[sn.header.index(v)] for v in sn.columns.values()]
        rename = {names[sn.header.index(v)]: k for k, v in sn.columns.items()}
        skip, first_line = 1, 2
    ro = pacsv.ReadOptions(column_names=names, skip_rows=skip, block_size=_BLOCK, use_threads=True)
    po = pacsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False, double_quote=False,
                            newlines_in_values=False, ignore_empty_lines=False, invalid_row_handler=on_invalid)
    co = pacsv.ConvertOptions(column_types={c: pa.string() for c in include}, include_columns=include,
                              strings_can_be_null=False, check_utf8=True, quoted_strings_can_be_null=False)
    off = first_line
    try:
        reader = pacsv.open_csv(_arrow_stream(src, progress), read_options=ro, parse_options=po,
                                convert_options=co)
        for rb in reader:
            n = rb.num_rows
            cols = {rename[c]: rb.column(c) for c in include}
            if any(pc.any(pc.match_substring(col, "\x00")).as_py() for col in cols.values()):
                raise ValueError("NUL byte in a field")  # the exact reader rejects that line with its reason
            yield _finish(sn.kind, cols, np.arange(off, off + n, dtype=np.int64), fmt, None, src.name)
            off += n
    except Exception as exc:  # malformed line, bad UTF-8, truncated stream: use the exact reader
        holder["error"] = holder.get("invalid") or f"{type(exc).__name__}: {exc}"
        raise _FastFailed(holder["error"]) from exc


def _exact_batches(src: _Source, sn: _Sniff, progress, skip_through: int = 0) -> Iterator[pa.RecordBatch]:
    """Line by line: every line gets its number; malformed lines become rejects with a reason.

    Lines up to ``skip_through`` were already emitted (by the fast reader) and are only counted.
    """
    kind = sn.kind
    names = _batch_columns(kind)
    if kind == "gdelt":
        idx = {n: {c: (GDELT2_COLUMNS if n == 61 else GDELT1_COLUMNS[:n]).index(c)
                   for c in _GDELT_NEED if c in (GDELT2_COLUMNS if n == 61 else GDELT1_COLUMNS[:n])}
               for n in GDELT_FIELD_COUNTS}
        width = None
    else:
        hidx = {k: sn.header.index(v) for k, v in sn.columns.items()}
        width = len(sn.header)
    buf: dict[str, list] = {c: [] for c in names}
    lines: list[int] = []
    fmts: list[str] = []
    pre: list[str | None] = []

    def add(line_no, values: dict | None, fmt: str, reason: str | None):
        for c in names:
            buf[c].append(values.get(c, "") if values else "")
        lines.append(line_no)
        fmts.append(fmt)
        pre.append(reason)

    def flush():
        cols = {c: pa.array(buf[c], type=pa.string()) for c in names}
        rb = _finish(kind, cols, np.array(lines, dtype=np.int64), list(fmts), list(pre), src.name)
        for c in names:
            buf[c].clear()
        lines.clear()
        fmts.clear()
        pre.clear()
        return rb

    line_no = 0
    try:
        with _open(src, progress) as f:
            stream = io.BufferedReader(f, 1 << 20) if not isinstance(f, (gzip.GzipFile, io.BufferedReader)) else f
            for raw in stream:
                line_no += 1
                if line_no <= skip_through or (kind != "gdelt" and line_no == 1):
                    continue  # already emitted, or the header
                text = raw.rstrip(b"\n").rstrip(b"\r")
                default_fmt = kind if kind != "gdelt" else "gdelt"
                if not text.strip():
                    add(line_no, None, default_fmt, "empty line")
                else:
                    try:
                        s = text.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        add(line_no, None, default_fmt, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
                    else:
                        cells = s.split("\t")
                        n = len(cells)
                        nul = "\x00" in s
                        if kind == "gdelt":
                            if n in idx and nul and any("\x00" in cells[i] for i in idx[n].values()):
                                add(line_no, None, GDELT_FIELD_COUNTS[n], "NUL byte in a field (binary data)")
                            elif n in idx:
                                add(line_no, {c: cells[i] for c, i in idx[n].items()}, GDELT_FIELD_COUNTS[n], None)
                            else:
                                add(line_no, None, "gdelt",
                                    f"{n} fields; a GDELT event row has 57 (1.0 historical), 58 (1.0 daily) or 61 (2.0)")
                        elif (n == width or (n > width and not any(x.strip() for x in cells[width:]))) and nul \
                                and any("\x00" in cells[i] for i in hidx.values()):
                            add(line_no, None, kind, "NUL byte in a field (binary data)")
                        elif n == width or (n > width and not any(x.strip() for x in cells[width:])):
                            add(line_no, {c: cells[i] for c, i in hidx.items()}, kind, None)
                        else:
                            add(line_no, None, kind, f"{n} fields; the header has {width}")
                if len(lines) >= _EXACT_BATCH:
                    yield flush()
    except (OSError, EOFError, zipfile.BadZipFile, gzip.BadGzipFile, ValueError) as exc:
        add(line_no + 1, None, kind, f"file ends early or is corrupt after line {line_no}: "
                                     f"truncated or damaged compressed data ({type(exc).__name__}: {exc})")
    if lines:
        yield flush()


def _reject_batch(kind: str, reason: str, source: str, line: int = 1) -> Iterator[pa.RecordBatch]:
    names = _batch_columns(kind)
    cols = {c: pa.array([""], type=pa.string()) for c in names}
    yield _finish(kind, cols, np.array([line], dtype=np.int64), kind, [reason], source)


# -------------------------------------------------------------------------------------------
# SQL: validate and normalize a batch stream into the store schema
# -------------------------------------------------------------------------------------------
def _q(col: str) -> str:
    return f"'''' || left(\"{col}\", 40) || ''''"


# The last columns of every format's SELECT: where the row came from, why it was rejected (NULL
# if stored), and the partition it goes to (year 0 / month 0 holds rejected rows).
_PROVENANCE_COLUMNS = """_format AS format,
  CAST(_source AS VARCHAR) AS source_file, _line AS source_line, _reason AS reject_reason,
  CASE WHEN _reason IS NULL THEN year(_d) ELSE 0 END AS year,
  CASE WHEN _reason IS NULL THEN month(_d) ELSE 0 END AS month"""


def _sql_gdelt() -> str:
    return f"""
SELECT 'gdelt' AS dataset, "GLOBALEVENTID" AS event_id, _d AS date, _a AS a, _b AS b,
  nullif("Actor1Code", '') AS actor1_code, nullif("Actor1CountryCode", '') AS actor1_country,
  nullif("Actor1Type1Code", '') AS actor1_type, nullif("Actor2Code", '') AS actor2_code,
  nullif("Actor2CountryCode", '') AS actor2_country, nullif("Actor2Type1Code", '') AS actor2_type,
  "EventCode" AS event_code, _quad AS quad_class, _gold AS goldstein, _nm AS num_mentions,
  _ns AS num_sources, _na AS num_articles, _tone AS avg_tone, "IsRootEvent" = '1' AS is_root,
  nullif("ActionGeo_CountryCode", '') AS action_country, _lat AS action_lat, _lon AS action_lon,
  _added AS date_added, nullif("SOURCEURL", '') AS source_url, {_PROVENANCE_COLUMNS}
FROM (SELECT *, coalesce(_pre_reason, CASE
    WHEN TRY_CAST("GLOBALEVENTID" AS UBIGINT) IS NULL THEN 'GLOBALEVENTID is not a non-negative integer: ' || {_q('GLOBALEVENTID')}
    WHEN _d IS NULL THEN 'SQLDATE is not a date (YYYYMMDD): ' || {_q('SQLDATE')}
    WHEN NOT regexp_full_match("EventCode", '[0-9]{{2,4}}') THEN 'EventCode is not a CAMEO code: ' || {_q('EventCode')}
    WHEN _quad IS NULL OR _quad NOT BETWEEN 1 AND 4 THEN 'QuadClass is not 1-4: ' || {_q('QuadClass')}
    WHEN _gold IS NULL OR _gold NOT BETWEEN -10 AND 10 THEN 'GoldsteinScale is not a number in [-10, 10]: ' || {_q('GoldsteinScale')}
    WHEN _nm IS NULL OR _nm < 0 THEN 'NumMentions is not a count: ' || {_q('NumMentions')}
    WHEN _ns IS NULL OR _ns < 0 THEN 'NumSources is not a count: ' || {_q('NumSources')}
    WHEN _na IS NULL OR _na < 0 THEN 'NumArticles is not a count: ' || {_q('NumArticles')}
    WHEN _tone IS NULL OR isnan(_tone) OR isinf(_tone) THEN 'AvgTone is not a finite number: ' || {_q('AvgTone')}
    WHEN "IsRootEvent" NOT IN ('0', '1') THEN 'IsRootEvent is not 0 or 1: ' || {_q('IsRootEvent')}
    WHEN "Actor1CountryCode" <> '' AND NOT regexp_full_match("Actor1CountryCode", '[A-Z]{{3}}') THEN 'Actor1CountryCode is not a CAMEO country code: ' || {_q('Actor1CountryCode')}
    WHEN "Actor2CountryCode" <> '' AND NOT regexp_full_match("Actor2CountryCode", '[A-Z]{{3}}') THEN 'Actor2CountryCode is not a CAMEO country code: ' || {_q('Actor2CountryCode')}
    WHEN "ActionGeo_Lat" <> '' AND (_lat IS NULL OR abs(_lat) > 90) THEN 'ActionGeo_Lat is not a latitude: ' || {_q('ActionGeo_Lat')}
    WHEN "ActionGeo_Long" <> '' AND (_lon IS NULL OR abs(_lon) > 180) THEN 'ActionGeo_Long is not a longitude: ' || {_q('ActionGeo_Long')}
    WHEN _added IS NULL THEN 'DATEADDED is not YYYYMMDD or YYYYMMDDHHMMSS: ' || {_q('DATEADDED')}
    ELSE NULL END) AS _reason
  FROM (SELECT *,
      CASE WHEN length("SQLDATE") = 8 THEN try_strptime("SQLDATE", '%Y%m%d')::DATE END AS _d,
      TRY_CAST("QuadClass" AS TINYINT) AS _quad, TRY_CAST("GoldsteinScale" AS DOUBLE) AS _gold,
      TRY_CAST("NumMentions" AS INTEGER) AS _nm, TRY_CAST("NumSources" AS INTEGER) AS _ns,
      TRY_CAST("NumArticles" AS INTEGER) AS _na, TRY_CAST("AvgTone" AS DOUBLE) AS _tone,
      TRY_CAST(nullif("ActionGeo_Lat", '') AS DOUBLE) AS _lat, TRY_CAST(nullif("ActionGeo_Long", '') AS DOUBLE) AS _lon,
      CASE length("DATEADDED") WHEN 14 THEN try_strptime("DATEADDED", '%Y%m%d%H%M%S')
                               WHEN 8 THEN try_strptime("DATEADDED", '%Y%m%d') END AS _added
    FROM batches))
"""


#: CAMEO event codes of 3 or 4 digits (ICEWS codes events at these levels), as an SQL list.
_CAMEO_CODES_SQL = "[" + ", ".join(f"'{c}'" for c in sorted(CAMEO_EVENTS) if len(c) in (3, 4)) + "]"


def _cameo_fix(col: str) -> str:
    # ICEWS codes read as numbers lose a leading zero ("42" for 042, "211" for 0211): put it back
    # only where that gives a real CAMEO code. Anything else stays as written and is rejected
    # ("999" is no code; it must not become 0999 in root 09).
    return (f"CASE WHEN list_contains({_CAMEO_CODES_SQL}, \"{col}\") THEN \"{col}\" "
            f"WHEN list_contains({_CAMEO_CODES_SQL}, '0' || \"{col}\") THEN '0' || \"{col}\" ELSE \"{col}\" END")


def _sql_icews() -> str:
    sector = ("CASE WHEN \"{0}\" ILIKE '%military%' THEN 'MIL' WHEN \"{0}\" ILIKE '%government%' "
              "THEN 'GOV' END")
    return f"""
SELECT 'icews' AS dataset, "Event ID" AS event_id, _d AS date, _a AS a, _b AS b,
  nullif("Source Name", '') AS actor1_code, nullif("Source Country", '') AS actor1_country,
  {sector.format('Source Sectors')} AS actor1_type, nullif("Target Name", '') AS actor2_code,
  nullif("Target Country", '') AS actor2_country, {sector.format('Target Sectors')} AS actor2_type,
  _code AS event_code,
  CAST(CASE WHEN _root BETWEEN 1 AND 5 THEN 1 WHEN _root BETWEEN 6 AND 9 THEN 2
            WHEN _root BETWEEN 10 AND 14 THEN 3 WHEN _root BETWEEN 15 AND 20 THEN 4 END AS TINYINT) AS quad_class,
  _gold AS goldstein, NULL::INTEGER AS num_mentions, NULL::INTEGER AS num_sources,
  NULL::INTEGER AS num_articles, NULL::DOUBLE AS avg_tone, NULL::BOOLEAN AS is_root,
  nullif("Country", '') AS action_country, _lat AS action_lat, _lon AS action_lon,
  NULL::TIMESTAMP AS date_added, NULL::VARCHAR AS source_url, {_PROVENANCE_COLUMNS}
FROM (SELECT *, coalesce(_pre_reason, CASE
    WHEN "Event ID" = '' THEN 'Event ID is empty'
    WHEN _d IS NULL THEN 'Event Date is not a date (YYYY-MM-DD): ' || {_q('Event Date')}
    WHEN NOT list_contains({_CAMEO_CODES_SQL}, _code) OR _root NOT BETWEEN 1 AND 20 THEN 'CAMEO Code is not a CAMEO code: ' || {_q('CAMEO Code')}
    WHEN _gold IS NULL OR _gold NOT BETWEEN -10 AND 10 THEN 'Intensity is not a number in [-10, 10]: ' || {_q('Intensity')}
    WHEN "Latitude" <> '' AND (_lat IS NULL OR abs(_lat) > 90) THEN 'Latitude is not a latitude: ' || {_q('Latitude')}
    WHEN "Longitude" <> '' AND (_lon IS NULL OR abs(_lon) > 180) THEN 'Longitude is not a longitude: ' || {_q('Longitude')}
    ELSE NULL END) AS _reason
  FROM (SELECT *, TRY_CAST(left(_code, 2) AS INTEGER) AS _root FROM (SELECT *,
      TRY_CAST(try_strptime("Event Date", '%Y-%m-%d') AS DATE) AS _d,
      {_cameo_fix('CAMEO Code')} AS _code,
      TRY_CAST("Intensity" AS DOUBLE) AS _gold,
      TRY_CAST(nullif("Latitude", '') AS DOUBLE) AS _lat, TRY_CAST(nullif("Longitude", '') AS DOUBLE) AS _lon
    FROM batches)))
"""


def _sql_polecat() -> str:
    quad = " ".join(f"WHEN '{t}' THEN {q}" for t, q in PLOVER_QUAD.items())
    return f"""
SELECT 'polecat' AS dataset, "event id" AS event_id, _d AS date, _a AS a, _b AS b,
  nullif("actor name", '') AS actor1_code, nullif("actor country", '') AS actor1_country,
  NULL::VARCHAR AS actor1_type, nullif("recipient name", '') AS actor2_code,
  nullif("recipient country", '') AS actor2_country, NULL::VARCHAR AS actor2_type,
  _type AS event_code, _quad AS quad_class, _gold AS goldstein,
  NULL::INTEGER AS num_mentions, NULL::INTEGER AS num_sources, NULL::INTEGER AS num_articles,
  NULL::DOUBLE AS avg_tone, NULL::BOOLEAN AS is_root,
  nullif("country", '') AS action_country, _lat AS action_lat, _lon AS action_lon,
  NULL::TIMESTAMP AS date_added, NULL::VARCHAR AS source_url, {_PROVENANCE_COLUMNS}
FROM (SELECT *, coalesce(_pre_reason, CASE
    WHEN "event id" = '' THEN 'Event ID is empty'
    WHEN _d IS NULL THEN 'Event Date is not a date (YYYY-MM-DD): ' || {_q('event date')}
    WHEN _type = '' THEN 'Event Type is empty'
    WHEN _quad IS NULL THEN 'Event Type is not a PLOVER type and Quad Code is not 1-4: ' || {_q('event type')}
    WHEN "event intensity" <> '' AND (_gold IS NULL OR _gold NOT BETWEEN -10 AND 10) THEN 'Event Intensity is not a number in [-10, 10]: ' || {_q('event intensity')}
    WHEN "latitude" <> '' AND (_lat IS NULL OR abs(_lat) > 90) THEN 'Latitude is not a latitude: ' || {_q('latitude')}
    WHEN "longitude" <> '' AND (_lon IS NULL OR abs(_lon) > 180) THEN 'Longitude is not a longitude: ' || {_q('longitude')}
    ELSE NULL END) AS _reason
  FROM (SELECT *, coalesce(CASE WHEN TRY_CAST("quad code" AS TINYINT) BETWEEN 1 AND 4 THEN TRY_CAST("quad code" AS TINYINT) END,
                           CAST(CASE _type {quad} END AS TINYINT)) AS _quad
    FROM (SELECT *, TRY_CAST(try_strptime(left("event date", 10), '%Y-%m-%d') AS DATE) AS _d,
        upper(trim("event type")) AS _type,
        TRY_CAST(nullif("event intensity", '') AS DOUBLE) AS _gold,
        TRY_CAST(nullif("latitude", '') AS DOUBLE) AS _lat, TRY_CAST(nullif("longitude", '') AS DOUBLE) AS _lon
      FROM batches)))
"""


_SQL = {"gdelt": _sql_gdelt, "icews": _sql_icews, "polecat": _sql_polecat}


# -------------------------------------------------------------------------------------------
# the run
# -------------------------------------------------------------------------------------------
class _Lock:
    """One ingest per cache: a ``filelock`` lock taken without waiting (portable: the fcntl lock it
    replaces made ``latticework.events`` unimportable on Windows)."""

    def __init__(self, path: Path):
        from filelock import FileLock

        self.path = path
        self.lock = FileLock(str(path), timeout=0)

    def __enter__(self):
        from filelock import Timeout

        try:
            self.lock.acquire()
        except Timeout as exc:
            raise UsageError(f"another ingest is writing to {self.path.parent}",
                             "wait for it to finish, or use another --cache") from exc
        return self

    def __exit__(self, *exc):
        self.lock.release()


def _reject_path(root: Path, source: str) -> Path:
    base = source.replace(":", "_").rsplit("/", 1)[-1]
    return root / "_rejects" / f"{base}.{hashlib.sha1(source.encode()).hexdigest()[:10]}.rejects.tsv"


def _paths(files) -> list[str]:
    """File paths as a query parameter (never spliced into SQL: a path may hold a quote)."""
    return [str(f) for f in files]


def _connect(tmp: Path, memory_limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = ?", [str(memory_limit)])
    except duckdb.Error as exc:
        raise UsageError(f"memory limit {memory_limit!r}: {exc}", "give a size such as 1GB or 500MB") from None
    con.execute("SET temp_directory = ?", [str(tmp)])
    con.execute("SET preserve_insertion_order=false")
    # flush partition buffers early: with 100+ year-month partitions open this halves the time
    # spent in the allocator and the kernel (measured on the benchmark files)
    con.execute("SET partitioned_write_flush_threshold=65536")
    if threads:
        con.execute(f"SET threads={int(threads)}")
    return con


def _source_batches(src: _Source, sn: _Sniff, kind: str, progress, rep: FileReport) -> Iterator[pa.RecordBatch]:
    """All batches of one source: the fast reader, resumed by the exact one on any malformed line."""
    emitted = 0
    if sn.kind in ("binary", "error"):
        rep.reader = "exact"
        batches = _reject_batch(kind, sn.detail, src.name)
    elif sn.kind == "empty":
        return
    else:
        if sn.clean and (sn.kind != "gdelt" or sn.fields in GDELT_FIELD_COUNTS):
            holder: dict = {}
            try:
                for b in _fast_batches(src, sn, progress, holder):
                    emitted = int(b.column("_line")[-1].as_py())
                    rep.read += b.num_rows
                    yield b
                return
            except _FastFailed as exc:
                log.info("%s: exact reader from line %d (%s)", src.name, emitted + 1, exc)
        rep.reader = "exact"
        batches = _exact_batches(src, sn, progress, skip_through=emitted)
    for b in batches:
        rep.read += b.num_rows
        yield b


def _stage(con, kind: str, items: list[tuple[_Source, _Sniff, FileReport]], run: str, stage: Path,
           progress, part: int = 0) -> None:
    """Validate and write the sources of one kind, as one stream, into stage/<kind>/year=Y/month=M
    (rejected lines into year=0/month=0)."""

    def chain():
        for src, sn, rep in items:
            yield from _source_batches(src, sn, kind, progress, rep)

    batches = _prefetch(chain())
    first = next(batches, None)
    if first is None:
        return
    reader = pa.RecordBatchReader.from_batches(first.schema, itertools.chain([first], batches))
    out = stage / f"{kind}-{part}"
    out.mkdir(parents=True, exist_ok=True)
    con.register("batches", reader)
    try:
        con.execute(f"COPY ({_SQL[kind]()}) TO ? (FORMAT parquet, COMPRESSION zstd, "
                    f"PARTITION_BY (year, month), FILENAME_PATTERN 'r{run}-{kind}{part}-{{i}}', "
                    "OVERWRITE_OR_IGNORE)", [str(out)]).fetchall()
    finally:
        con.unregister("batches")


def ingest(paths, cache=None, *, format: str = "auto", progress: Progress | None = None,
           memory_limit: str = "1GB", threads: int | None = None,
           workers: int | None = None) -> IngestSummary:
    """Ingest event files into the Parquet event store under ``<cache>/events``.

    Parameters
    ----------
    paths : path-like or list of path-like
        Files (plain, ``.gz`` or ``.zip``; every member of a zip is read) or folders (every file in
        them, recursively).
    cache : path-like, optional
        The cache folder (default :func:`latticework.config.cache_dir`).
    format : {"auto", "gdelt", "icews", "polecat"}
        ``auto`` tells ICEWS and POLECAT files by their header line and GDELT rows by their field
        count (57, 58 or 61).
    progress : callable, optional
        ``progress(source, bytes_done, bytes_total)`` while files are read.
    memory_limit : str
        DuckDB's memory limit (it spills to disk beyond it), e.g. ``"1GB"``.
    threads : int, optional
        DuckDB threads (default: all cores).
    workers : int, optional
        Files are read in this many parallel streams (default: half the cores, 1 to 4; one stream
        already keeps two cores busy).

    Returns
    -------
    IngestSummary
        ``read``, ``stored``, ``rejected``, ``duplicate`` (in lines; ``read = stored + rejected +
        duplicate``) and a :class:`FileReport` per file.

    Raises
    ------
    UsageError
        A path does not exist, ``format`` is unknown, another ingest holds the store, or synthetic
        and real files would be mixed in one store.
    """
    t0 = time.monotonic()
    workers = max(1, workers or min(4, (os.cpu_count() or 2) // 2))
    if format not in ("auto", "gdelt", "icews", "polecat"):
        raise UsageError(f"unknown format {format!r}", "use auto, gdelt, icews or polecat")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sources = _expand(paths)
    root = events_dir(cache)
    root.mkdir(parents=True, exist_ok=True)
    synthetic = {is_synthetic_name(s.path.name) for s in sources}
    if len(synthetic) > 1:
        raise UsageError("synthetic and real event files given together",
                         "ingest synthetic files into a cache of their own (--cache DIR)")
    with _Lock(root / ".lock"):
        meta_path = root / "_meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if synthetic and "synthetic" in meta and meta["synthetic"] != (True in synthetic):
            what = "synthetic" if meta["synthetic"] else "real"
            raise UsageError(f"{root} holds {what} events; these files are "
                             f"{'synthetic' if True in synthetic else 'real'}",
                             "use another --cache for synthetic data")
        if synthetic and "synthetic" not in meta:
            meta_path.write_text(json.dumps({"schema": 1, "synthetic": True in synthetic}, indent=2))
        shutil.rmtree(root / "_staging", ignore_errors=True)  # leftovers of a killed run
        run = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        stage = root / "_staging" / run
        (stage / "tmp").mkdir(parents=True)
        try:
            con = _connect(stage / "tmp", memory_limit, threads)
            reports, groups = [], {}
            for src in sources:
                sn = _Sniff("error", detail=src.error) if src.error else _sniff(src, format)
                kind = sn.kind if sn.kind in _SQL else ("gdelt" if format == "auto" else format)
                rep = FileReport(src.name, kind)
                reports.append(rep)
                groups.setdefault(kind, []).append((src, sn, rep))
            jobs = []
            for kind, items in groups.items():
                for part, share in enumerate(_split(items, workers)):
                    jobs.append((kind, share, part))
            if len(jobs) == 1:
                _stage(con, *jobs[0][:2], run, stage, progress, jobs[0][2])
            else:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(max_workers=workers) as pool:
                    futs = [pool.submit(_stage, con.cursor(), kind, share, run, stage, progress, part)
                            for kind, share, part in jobs]
                    for f in futs:
                        f.result()
            _count_staged(con, stage, reports)
            _dedup_and_commit(con, root, stage, reports)
            _write_rejects(con, root, stage, reports)
            con.close()
        finally:
            shutil.rmtree(stage, ignore_errors=True)
            try:
                stage.parent.rmdir()  # _staging, when no other run's leftovers are in it
            except OSError:
                pass
        with open(root / "_ingested.jsonl", "a") as fh:
            for r in reports:
                fh.write(json.dumps({"run": run, **asdict(r)}) + "\n")
    tot = IngestSummary(
        read=sum(r.read for r in reports), stored=sum(r.stored for r in reports),
        rejected=sum(r.rejected for r in reports), duplicate=sum(r.duplicate for r in reports),
        files=reports, events_dir=str(root), seconds=time.monotonic() - t0)
    assert tot.read == tot.stored + tot.rejected + tot.duplicate, tot
    return tot


def _split(items: list, n: int) -> list[list]:
    """Share sources among n streams, largest first to the least loaded, keeping input order."""
    if n <= 1 or len(items) <= 1:
        return [items]
    load, shares = [0] * n, [[] for _ in range(n)]
    for i in sorted(range(len(items)), key=lambda i: -(items[i][0].size or 0)):
        w = load.index(min(load))
        shares[w].append(i)
        load[w] += items[i][0].size or 1
    return [[items[i] for i in sorted(sh)] for sh in shares if sh]


def _staged(stage: Path, rejects: bool = False) -> list[Path]:
    files = sorted(stage.glob("*/year=*/month=*/*.parquet"))
    return [f for f in files if (f.parent.parent.name == "year=0") == rejects]


def _count_staged(con, stage: Path, reports: list[FileReport]) -> None:
    """Rejected lines and formats per source, from the staged files."""
    by = {r.source: r for r in reports}
    rej = _staged(stage, rejects=True)
    if rej:
        for src, n in con.execute("SELECT source_file, count(*) FROM read_parquet(?, "
                                  "hive_partitioning = false) GROUP BY 1", [_paths(rej)]).fetchall():
            by[src].rejected = int(n)
    good = _staged(stage)
    if good:
        fmts: dict[str, list[str]] = {}
        for src, fmt in con.execute("SELECT DISTINCT source_file, format FROM read_parquet(?, "
                                    "hive_partitioning = false) ORDER BY 1, 2", [_paths(good)]).fetchall():
            fmts.setdefault(src, []).append(fmt)
        for src, f in fmts.items():
            by[src].format = "+".join(f)


def _dedup_and_commit(con, root: Path, stage: Path, reports: list[FileReport]) -> None:
    """Drop duplicates partition by partition, then move the new files into the store.

    A duplicate is a valid row whose key (dataset, event_id, date) is already stored, or occurs
    earlier in this run (earlier file in the order given, then earlier line).
    """
    order = {r.source: k for k, r in enumerate(reports)}
    con.execute("CREATE OR REPLACE TEMP TABLE _order (source_file VARCHAR, k INTEGER)")
    con.executemany("INSERT INTO _order VALUES (?, ?)", list(order.items()))
    parts: dict[tuple[str, str], list[Path]] = {}
    for f in _staged(stage):
        parts.setdefault((f.parent.parent.name, f.parent.name), []).append(f)
    dups_by_source: dict[str, int] = {}
    for (y, m), files in parts.items():
        old = sorted((root / y / m).glob("*.parquet"))
        exists, params = "", [_paths(files)]
        if old:
            exists = ("OR EXISTS (SELECT 1 FROM read_parquet(?) o "
                      "WHERE o.dataset = n.dataset AND o.event_id = n.event_id AND o.date = n.date)")
            params.append(_paths(old))
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _dups AS
            SELECT filename, source_file, source_line FROM (
              SELECT filename, n0.source_file, source_line, dataset, event_id, date, row_number() OVER (
                PARTITION BY dataset, event_id, date ORDER BY k, source_line) AS rn
              FROM read_parquet(?, filename = true, hive_partitioning = false) n0
              JOIN _order USING (source_file)) n
            WHERE rn > 1 {exists}""", params)
        for src, n in con.execute("SELECT source_file, count(*) FROM _dups GROUP BY 1").fetchall():
            dups_by_source[src] = dups_by_source.get(src, 0) + int(n)
        for (fname,) in con.execute("SELECT DISTINCT filename FROM _dups").fetchall():
            tmp = Path(fname + ".dedup")
            con.execute("""COPY (SELECT * FROM read_parquet(?, hive_partitioning = false) f
                              ANTI JOIN (SELECT * FROM _dups WHERE filename = ?) d USING (source_file, source_line))
                            TO ? (FORMAT parquet, COMPRESSION zstd)""", [fname, fname, str(tmp)])
            os.replace(tmp, fname)
    for r in reports:
        r.duplicate = dups_by_source.get(r.source, 0)
        r.stored = r.read - r.rejected - r.duplicate
    for (y, m), files in parts.items():
        dest = root / y / m
        dest.mkdir(parents=True, exist_ok=True)
        for f in files:
            if _rows(f):
                os.replace(f, dest / f.name)
            else:
                f.unlink()


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _write_rejects(con, root: Path, stage: Path, reports: list[FileReport]) -> None:
    """One reject file per source with rejected lines (file, line, reason); stale ones removed."""
    (root / "_rejects").mkdir(exist_ok=True)
    rej = _staged(stage, rejects=True)
    for r in reports:
        path = _reject_path(root, r.source)
        if not r.rejected:
            path.unlink(missing_ok=True)
            r.reject_file = None
            continue
        tmp = path.with_suffix(".tmp")
        con.execute("""COPY (SELECT source_file AS file, source_line AS line, reject_reason AS reason
                              FROM read_parquet(?, hive_partitioning = false)
                              WHERE source_file = ? ORDER BY line)
                        TO ? (FORMAT csv, DELIMITER '\t', HEADER)""", [[str(x) for x in rej], r.source, str(tmp)])
        os.replace(tmp, path)
        r.reject_file = str(path)
