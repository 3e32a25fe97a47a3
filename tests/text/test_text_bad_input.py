"""Bad input: empty, whitespace, binary, non-UTF-8, missing, header only, HTML, and a 100 MB file."""
import json
import subprocess
import sys
import time

import pytest

from latticework.errors import InvalidInput
from latticework.text.document import strip_html
from latticework.text.extract import extract_file


def one_line_error(path, *needles):
    with pytest.raises(InvalidInput) as info:
        extract_file(path)
    msg = info.value.one_line()
    assert "\n" not in msg and str(path) in msg and info.value.fix
    for n in needles:
        assert n in msg
    return msg


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    one_line_error(p, "empty")


def test_whitespace_only(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text(" \n\n\t \n")
    one_line_error(p, "empty")


def test_binary_file(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    one_line_error(p, "binary", "NUL")


def test_not_utf8(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Japan\u2019s defence budget rose to 1.4% of GDP.".encode("cp1252"))
    msg = one_line_error(p, "not UTF-8", "0x92")
    assert "iconv" in msg


def test_not_utf8_late_in_a_large_file(tmp_path):
    p = tmp_path / "late.txt"
    p.write_bytes(b"Japan and Australia held an exercise.\n\n" * 60_000 + "caf\u00e9".encode("latin1"))
    one_line_error(p, "not UTF-8")


def test_missing_file(tmp_path):
    one_line_error(tmp_path / "nope.txt", "no such file")


def test_header_without_body(tmp_path):
    p = tmp_path / "header.txt"
    p.write_text("TITLE: Something\nDATE: 2024-01-01\n" + "=" * 20 + "\n\n")
    one_line_error(p, "no text after the header")


HTML = """<!DOCTYPE html><html><head><title>t</title><style>p {color: red}</style>
<script>var s = "Japan and China held a naval exercise";</script></head>
<body><h1>Japan &amp; the Philippines</h1>
<p>Japan and the Philippines signed a <b>Reciprocal Access Agreement</b> on July 8, 2024.</p>
<ul><li>Japan will provide coast guard vessels to the Philippines.</li></ul>
<!-- Japan and Russia held an exercise --></body></html>"""


def test_html_is_stripped_and_offsets_refer_to_the_stripped_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    events = extract_file(p)
    stripped = strip_html(HTML)
    assert "<" not in stripped and "var s" not in stripped and "Russia" not in stripped
    assert {e["type"] for e in events} == {"ACCESS_AGREEMENT", "SECURITY_ASSISTANCE"}
    for e in events:
        ev = e["evidence"]
        assert stripped[ev["start"]:ev["end"]] == ev["sentence"]
        assert "CHN" not in e["actors"] and "RUS" not in e["actors"]


def test_markdown_with_a_few_inline_tags_is_not_html(tmp_path):
    p = tmp_path / "md.txt"
    text = "Japan and Australia held a joint exercise <span>today</span> <u>here</u>.\n<sup>1</sup> <span>x</span>\n"
    p.write_text(text, encoding="utf-8")
    (ev,) = extract_file(p)
    assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["sentence"]


BIG_SCRIPT = r"""
import json, resource, sys, time
from latticework.text.extract import iter_extract_file
t0 = time.perf_counter()
n = 0
last = None
for ev in iter_extract_file(sys.argv[1]):
    n += 1
    last = ev
# Peak RSS of this process image. Linux's ru_maxrss survives execve, so a child of a large
# pytest worker would report the worker's peak; VmHWM belongs to the new image alone.
try:
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"events": n, "seconds": time.perf_counter() - t0, "last": last, "maxrss_mb": hwm / 1024}))
"""
UNIT = ("Japan and Australia signed a Reciprocal Access Agreement in 2022.\n"
        "The weather in the capital was mild and the markets were calm that week, as usual.\n"
        "Japan and the United Kingdom held a joint naval exercise in the Pacific.\n\n"
        + "Officials described the occasion as constructive and said further work would follow in due "
          "course, while observers noted that the agenda remained broad and many details were still open.\n\n" * 8)


@pytest.mark.slow
def test_100_mb_file_in_bounded_memory(tmp_path):
    """A generated 100 MB file streams in sentence-aligned chunks; peak RSS stays well under 1 GB."""
    p = tmp_path / "big.txt"
    header = "TITLE: Synthetic\nDATE: 2024-01-01\n" + "=" * 20 + "\n"
    block = UNIT * 1000
    reps = -(-100 * 2**20 // len(block))
    with p.open("w", encoding="utf-8") as fh:
        fh.write(header)
        for _ in range(reps):
            fh.write(block)
    assert p.stat().st_size >= 100 * 2**20
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", BIG_SCRIPT, str(p)], capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout)
    assert out["events"] == 2 * 1000 * reps          # nothing lost or doubled at chunk boundaries
    assert out["maxrss_mb"] < 700, out["maxrss_mb"]  # bounded memory: chunks of ~1 MB, not the whole file
    last = out["last"]["evidence"]
    assert last["sentence"].startswith("Japan and the United Kingdom")
    assert last["start"] == len(UNIT) * 1000 * reps - len(UNIT) + UNIT.index("Japan and the United Kingdom")
    assert time.perf_counter() - t0 < 120


def test_header_like_blocks_below_the_top_are_body_text():
    """Issue 19: a `KEY: value` line and a rule of `=` below the top used to drop the text above it."""
    from latticework.text.claims import find_claims
    from latticework.text.document import describe, split_header

    claim = "Japan will raise its defence spending to 2% of GDP by 2027.\n\n"
    block = "NOTE: an aside\n==========\n"
    assert split_header(claim + block) == ({}, 0)
    assert split_header("TITLE: t\nDATE: 2024-01-02\n" + "=" * 12 + "\n" + claim)[0] == {"TITLE": "t", "DATE": "2024-01-02"}
    for text in (claim + block, claim + block * 3, block + claim + block):
        assert [c["kind"] for c in find_claims(text)] == ["budget_target"]
    meta, body = describe("TITLE: t\n" + "=" * 12 + "\n" + block + claim)
    assert body.startswith(block) and meta.title == "t"
