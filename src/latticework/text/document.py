"""Reading a text file: bad input, the header block, YAML front matter, HTML, sentence-aligned chunks.

Offsets everywhere in :mod:`latticework.text` are Python string offsets into the document
*body*: the text after the header block's closing line of ``=`` signs (after its newline), or
the whole text when there is no header. White House copies carry YAML front matter between
``---`` lines at the top of the body; it is skipped for extraction, and offsets stay relative to
the body start. HTML input is reduced to its text first; offsets then refer to that stripped text.
"""
from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from latticework.errors import InvalidInput

__all__ = ["Document", "describe", "split_header", "front_matter_end", "strip_html", "looks_html",
           "read_document", "iter_body_chunks", "CHUNK_CHARS"]

CHUNK_CHARS = 1 << 20  # about 1 MB of text per extraction pass
_READ_BYTES = 1 << 20
_HEADER_RULE = re.compile(r"^={10,}[ \t]*\r?\n", re.M)
_HEADER_KEY = re.compile(r"^([A-Z][A-Z /_-]{1,40}):[ \t]*(.*)$", re.M)
_FRONT = re.compile(r"\A[ \t\r\n]*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_MONTHS = ("January February March April May June July August September October November December").split()
_UPDATED = re.compile(r"\b(?:Updated|Published|Issued|Dated)\s+(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s+(\d{4})")
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|table|td|tr|section|article|body|head)\b[^>]*>", re.I)


@dataclass
class Document:
    """A document's identity and its body's metadata.

    Attributes: ``doc`` (identifier, the file name), ``title``, ``date`` (ISO date of the
    document or None), ``header`` (the header block's key/value pairs), ``body_start`` (offset of
    the body in the file's decoded text), ``text_start`` (offset in the body where extraction
    starts: after the front matter), ``html`` (whether tags were stripped).
    """

    doc: str
    title: str | None = None
    date: str | None = None
    #: where ``date`` comes from: "given", "header DATE", "front matter date", "'Updated' line", or
    #: "inferred from the latest dated reference in the text: '<phrase>'"; None without a date
    date_basis: str | None = None
    header: dict = field(default_factory=dict)
    #: the state whose institutions the document speaks of without naming it ("the Army", "Congress"
    #: in a CRS report): ISO3 from the header's PUBLISHER (:func:`home_state`), or None
    home: str | None = None
    body_start: int = 0
    text_start: int = 0
    html: bool = False


def split_header(text: str) -> tuple[dict, int]:
    """The header block's fields and the offset where the body starts (0 when there is no header).

    A header is a run of ``KEY: value`` lines at the very top of the text (blank lines allowed;
    an indented line continues the value above it, as in a list of sources) ended by a line of
    at least ten ``=`` signs; the body starts at the first character after that
    line's newline. A block of that shape further down is body text, never a header: taking it for
    one would drop every sentence above it.

    Parameters
    ----------
    text : str
        The whole decoded text; the closing line is looked for in its first 20,000 characters.

    Returns
    -------
    tuple of (dict, int)
        The fields (``{"TITLE": ..., "DATE": ...}``: upper-case keys and values as written,
        stripped) and the body's start offset in ``text``; ``({}, 0)`` when there is no header.
    """
    m = _HEADER_RULE.search(text, 0, 20_000)
    if not m:
        return {}, 0
    head = text[:m.start()]
    lines = [ln.rstrip("\r") for ln in head.splitlines() if ln.strip()]
    if not lines or not _HEADER_KEY.fullmatch(lines[0]):
        return {}, 0
    fields: dict[str, str] = {}
    key = None
    for ln in lines:
        km = _HEADER_KEY.fullmatch(ln)
        if km:
            key = km.group(1).strip()
            fields[key] = km.group(2).strip()
        elif ln[:1] in (" ", "\t") and key is not None:
            # a folded value: an indented line continues the field above (a list of sources)
            fields[key] = (fields[key] + "\n" + ln.strip()).strip()
        else:
            return {}, 0
    return fields, m.end()


def front_matter_end(body: str) -> tuple[dict, int]:
    """YAML front matter at the top of the body: its fields and the offset just after it.

    Parameters
    ----------
    body : str
        The body text; the front matter is a block between two ``---`` lines at its top (leading
        blank lines allowed).

    Returns
    -------
    tuple of (dict, int)
        The fields (keys as text; empty when the block is not a YAML mapping or is malformed,
        the block is still skipped) and the offset in ``body`` just after the closing ``---``
        line; ``({}, 0)`` when there is no front matter.
    """
    m = _FRONT.match(body)
    if not m:
        return {}, 0
    fields = {}
    try:
        import yaml

        loaded = yaml.safe_load(m.group(1))
        if isinstance(loaded, dict):
            fields = {str(k): v for k, v in loaded.items()}
    except Exception:  # malformed front matter: still skipped, its fields are just not used
        fields = {}
    return fields, m.end()


def looks_html(text: str) -> bool:
    """True when the text starts like an HTML document or carries at least five block-level tags
    (a few inline tags such as ``<span>`` or ``<sup>`` in Markdown do not make a text HTML).

    Parameters
    ----------
    text : str
        The text, or its beginning: the start is looked for in the first 2,000 characters
        (``<!doctype html``, ``<html``, ``<head``, ``<body``, or an XML declaration before
        ``<html``), the block-level tags in the first 20,000.

    Returns
    -------
    bool
    """
    if _HTML_START.match(text[:2000]):
        return True
    sample = text[:20_000]
    return len(_HTML_TAGS.findall(sample)) >= 5


_DROP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(r"<(?:/?(?:p|div|section|article|header|footer|h[1-6]|ul|ol|table|tr|blockquote|pre|main|nav)|br|hr)\b[^>]*>", re.I)
_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def strip_html(text: str) -> str:
    """The text of an HTML document: scripts, styles and comments dropped, block tags as paragraph
    breaks, list items on their own line, other tags removed, entities decoded.

    Parameters
    ----------
    text : str
        HTML source.

    Returns
    -------
    str
        Plain text: ``<li>`` items as ``* `` lines, runs of blank lines collapsed to one, stripped
        and ending in one newline. Offsets into it do not map back to the HTML.
    """
    text = _DROP.sub(" ", text)
    text = _BLOCK.sub("\n\n", text)
    text = _ITEM.sub("\n* ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return _BLANKS.sub("\n\n", text).strip() + "\n"


#: publishers of the US government whose names do not name the state
_US_GOVERNMENT = re.compile(r"\b(?:Congressional Research Service|White House|Library of Congress"
                            r"|Government Accountability Office|Department of (?:Defense|War|State)|Congress)\b")


def home_state(header: dict, front: dict | None = None) -> str | None:
    """The state a document is published in, from its header's ``PUBLISHER`` (or the front matter's
    ``publisher``): the one state the publisher's name names ("Ministry of Defense of Japan" gives
    JPN), else USA for the US government's publishers (the Congressional Research Service, the White
    House, the Departments of State and Defense, GAO), else None (a newspaper, the project's own
    texts, a body without a header). The extractor gives this state to a sentence that names none
    but speaks of "the Army", "Congress" or "the Pentagon" (:data:`latticework.text.extract.HOME_INSTITUTION`).
    """
    from latticework.text.actors import ORGS, find_actors

    pub = str(header.get("PUBLISHER") or (front or {}).get("publisher") or "")
    if not pub:
        return None
    states = {a[2] for a in find_actors(pub) if a[2] not in ORGS}
    if len(states) == 1:
        return next(iter(states))
    return "USA" if _US_GOVERNMENT.search(pub) else None


def _title_from(header: dict, front: dict, body: str, start: int) -> str | None:
    if header.get("TITLE"):
        return header["TITLE"]
    if front.get("title"):
        return str(front["title"]).replace("\u00a0", " ")
    lines = body[start:start + 2000].splitlines()
    for i, line in enumerate(lines):
        if line.strip():
            # a first line that looks like a title: short, no closing punctuation, a blank line after it
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if len(line) <= 150 and not line.rstrip().endswith((".", "?", "!", ",", ";")) and not nxt.strip():
                return line.strip().strip("*#_ ")
            return None
    return None


#: how far into the body the latest dated reference is looked for (characters)
INFER_DATE_CHARS = 500_000


def _date_from(header: dict, front: dict, body: str, start: int) -> tuple[str | None, str | None]:
    """The document's date and where it comes from (see :attr:`Document.date_basis`)."""
    for value, basis in ((header.get("DATE"), "header DATE"), (front.get("date"), "front matter date")):
        if value:
            m = _ISO_DATE.search(str(value))
            if m:
                return m.group(1), basis
    m = _UPDATED.search(body, start, start + 3000)
    if m:
        return f"{int(m.group(3)):04d}-{_MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d}", "'Updated' line"
    return _latest_reference(body, start)


def _latest_reference(body: str, start: int) -> tuple[str | None, str | None]:
    """The latest date the text refers to (a day, month or year; not a planned one, not after
    today), as the document's date when nothing else dates it: a text is written on or after the
    latest event it reports. Month and year references count from their first day."""
    import datetime as dt

    from latticework.text.dates import find_dates

    today = dt.date.today().isoformat()
    best = None
    for d in find_dates(body, start, min(len(body), start + INFER_DATE_CHARS), None):
        v = d.get("value")
        if not v or "/" in v or d.get("planned"):
            continue
        full = v + "-01-01"[len(v) - 4:] if len(v) < 10 else v
        if full > today:
            continue
        if best is None or (full, len(v)) > (best[0], len(best[1])):
            best = (full, v, " ".join(d["text"].split()))
    if best is None:
        return None, None
    return best[0], f"inferred from the latest dated reference in the text: '{best[2]}'"


def describe(text: str, doc: str = "text", document_date: str | None = None,
             title: str | None = None, header: bool = True) -> tuple[Document, str]:
    """Split a whole text into its :class:`Document` and body (header removed).

    With ``header=False`` the text is already a body: no header block is looked for.

    Parameters
    ----------
    text : str
        The whole decoded text (not HTML: strip it first with :func:`strip_html`).
    doc : str
        The document's identifier (a file name; default ``"text"``).
    document_date : str, optional
        ISO date (``YYYY-MM-DD``) to use; otherwise the header's ``DATE``, the front matter's
        ``date`` (the first ISO date in either), an "Updated/Published/Issued/Dated Month D,
        YYYY" line in the first 3,000 characters after the front matter, or else the latest date
        the text refers to (not planned, not after today; ``Document.date_basis`` says which).
    title : str, optional
        Title to use; otherwise the header's ``TITLE``, the front matter's ``title``, or a short
        first line (≤ 150 characters, no closing punctuation, a blank line after it).
    header : bool
        Look for a header block (default True).

    Returns
    -------
    tuple of (Document, str)
        The document (``html`` left False) and the body: ``text`` after the header block, front
        matter included (``Document.text_start`` is where it ends).
    """
    header, body_start = split_header(text) if header else ({}, 0)
    body = text[body_start:] if body_start else text
    front, text_start = front_matter_end(body)
    d = Document(doc=doc, header=header, body_start=body_start, text_start=text_start)
    d.title = title or _title_from(header, front, body, text_start)
    d.home = home_state(header, front)
    if document_date:
        d.date, d.date_basis = document_date, "given"
    else:
        d.date, d.date_basis = _date_from(header, front, body, text_start)
    return d, body


def _check_bytes(raw: bytes, path: Path, offset: int = 0) -> None:
    if b"\x00" in raw:
        at = raw.index(b"\x00") + offset
        raise InvalidInput(f"{path}: binary file (NUL byte at byte {at:,})",
                           "give a plain-text (UTF-8) or HTML file; convert PDFs or Word files to text first")


def _decode_error(path: Path, exc: UnicodeDecodeError, offset: int) -> InvalidInput:
    return InvalidInput(f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at byte {offset + exc.start:,})",
                        f"convert it to UTF-8, e.g. `iconv -f latin1 -t utf-8 {path.name} > {path.stem}.utf8.txt`")


def read_document(path) -> tuple[Document, str]:
    """Read a whole file (small files), checking for bad input; returns the Document and its body.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 text, Markdown or HTML file (a leading BOM is dropped; HTML is reduced to its
        text by :func:`strip_html`).

    Returns
    -------
    tuple of (Document, str)
        The document (``doc`` is the file name) and the whole body, front matter included.

    Raises
    ------
    InvalidInput
        As :func:`iter_body_chunks`.
    """
    docs = list(iter_body_chunks(path, chunk_chars=None))
    d, body = docs[0]
    return d, body[1]


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:]`` near ``start + limit`` so that no sentence is split: after a
    blank line in the last half of the piece, else after a sentence end followed by whitespace,
    else after a newline; returns an absolute index into ``text``."""
    hi, lo = start + limit, start + limit // 2
    i = text.rfind("\n\n", lo, hi)
    if i >= 0:
        return i + 2
    last = None
    for m in _SENT_END.finditer(text, max(lo, hi - 20_000), hi):
        last = m.end()
    if last is not None:
        return last
    i = text.rfind("\n", lo, hi)
    return i + 1 if i >= 0 else hi


_SENT_END = re.compile(r"[.?!][\"”’)]*\s+")


def iter_body_chunks(path, chunk_chars: int | None = CHUNK_CHARS) -> Iterator[tuple[Document, tuple[int, str]]]:
    """Yield ``(document, (offset, text))`` for sentence-aligned pieces of a file's body.

    ``offset`` is where ``text`` starts in the body. The first piece starts after the front matter
    (its offset is ``document.text_start``). With ``chunk_chars=None`` the whole body is one piece.
    The file is read in 1 MB blocks and decoded incrementally, so memory stays bounded by the
    chunk size (HTML is read whole, then stripped).

    Parameters
    ----------
    path : str or path-like
        A UTF-8 text, Markdown or HTML file.
    chunk_chars : int or None
        Target characters per piece (default :data:`CHUNK_CHARS`, about 1 MB); a piece is cut at a
        blank line in its last half, else after a sentence end, else after a newline. None reads
        the whole body as one piece, starting at offset 0 (front matter included).

    Yields
    ------
    tuple of (Document, tuple of (int, str))
        The same document each time, and ``(offset, text)``: the piece and where it starts in
        the body (characters).

    Raises
    ------
    InvalidInput
        The file is missing, empty, binary (a NUL byte), not UTF-8, or has no text after its header.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file", "give the path of a text file")
    if path.stat().st_size == 0:
        raise InvalidInput(f"{path}: empty file", "give a file that contains text")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with path.open("rb") as fh:
        first = fh.read(_READ_BYTES)
        _check_bytes(first[:65536], path)
        if first.startswith(codecs.BOM_UTF8):
            first = first[3:]
        try:
            buf = decoder.decode(first, final=len(first) < _READ_BYTES and not fh.peek(1))
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc, 0) from None
        consumed = len(first)
        is_html = looks_html(buf)

        def more() -> str | None:
            nonlocal consumed
            raw = fh.read(_READ_BYTES)
            if not raw:
                try:
                    return decoder.decode(b"", final=True) or None
                except UnicodeDecodeError as exc:
                    raise _decode_error(path, exc, consumed) from None
            _check_bytes(raw, path, consumed)
            try:
                out = decoder.decode(raw)
            except UnicodeDecodeError as exc:
                raise _decode_error(path, exc, consumed) from None
            consumed += len(raw)
            return out

        if is_html or chunk_chars is None:
            parts = [buf]
            while (piece := more()) is not None:
                parts.append(piece)
            buf = "".join(parts)
            del parts
            if is_html:
                buf = strip_html(buf)
        if not buf.strip():
            raise InvalidInput(f"{path}: empty file (only whitespace)", "give a file that contains text")
        d, body = describe(buf, doc=path.name)
        d.html = is_html
        if not body[d.text_start:].strip():
            raise InvalidInput(f"{path}: no text after the header block", "put the document text after the line of '=' signs")
        if chunk_chars is None:
            yield d, (0, body)
            return
        # stream: `pending[pos:]` is body text not yet yielded; it starts at body offset `base`
        base, pending, pos = d.text_start, body, d.text_start
        del body, buf
        eof = is_html
        while True:
            if not eof and len(pending) - pos < chunk_chars:
                parts = [pending[pos:]]
                size = len(parts[0])
                while size < chunk_chars:
                    piece = more()
                    if piece is None:
                        eof = True
                        break
                    parts.append(piece)
                    size += len(piece)
                pending, pos = "".join(parts), 0
                del parts
            if eof and len(pending) - pos <= chunk_chars:
                if pos < len(pending):
                    yield d, (base, pending[pos:])
                return
            cut = _cut(pending, pos, chunk_chars)
            yield d, (base, pending[pos:cut])
            base += cut - pos
            pos = cut
