"""Acquisition from a mirror and from a real HTTP server on 127.0.0.1.

A failed, partial or corrupt fetch never replaces a good cached copy.
"""
from __future__ import annotations

import dataclasses
import hashlib
import http.server
import threading
from pathlib import Path

import pytest

from latticework.errors import ChecksumMismatch, SourceUnavailable
from latticework.sources.acquire import cached_path, pull, pull_file, sha256_of
from latticework.sources.registry import Registry, Source, SourceFile


def _source(tmp_path: Path, files: dict[str, bytes], urls: dict[str, str] | None = None) -> Source:
    mirror = tmp_path / "mirror"
    entries = []
    for rel, data in files.items():
        p = mirror / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        entries.append(SourceFile(rel, hashlib.sha256(data).hexdigest(), (urls or {}).get(rel)))
    return Source("toy", "Toy", "us", "1", "http://example.invalid", "none", (2000, 2001), "free",
                  ("nothing",), (), tuple(entries))


def test_pull_from_mirror_then_keep(tmp_path):
    src = _source(tmp_path, {"toy/a.csv": b"x,y\n1,2\n"})
    cache = tmp_path / "cache"
    st = pull_file(src, src.files[0], tmp_path / "mirror", cache)
    assert st.action == "fetched" and st.verified
    assert pull_file(src, src.files[0], tmp_path / "mirror", cache).action == "kept"


def test_corrupt_mirror_file_never_replaces_good_copy(tmp_path):
    src = _source(tmp_path, {"toy/a.csv": b"good\n"})
    cache = tmp_path / "cache"
    pull_file(src, src.files[0], tmp_path / "mirror", cache)
    (tmp_path / "mirror" / "toy/a.csv").write_bytes(b"corrupt\n")
    cached_path(src.files[0], cache).write_bytes(b"also corrupt\n")  # force a re-fetch
    with pytest.raises(ChecksumMismatch, match=r"mirror/toy/a\.csv: sha256 .* does not match"):
        pull_file(src, src.files[0], tmp_path / "mirror", cache)
    # the bad bytes were not written over the cache, and no temp file is left behind
    assert cached_path(src.files[0], cache).read_bytes() == b"also corrupt\n"
    assert not list(cached_path(src.files[0], cache).parent.glob(".part-*"))


def test_missing_in_mirror_and_no_address(tmp_path):
    src = _source(tmp_path, {"toy/a.csv": b"a\n"})
    (tmp_path / "mirror" / "toy/a.csv").unlink()
    with pytest.raises(SourceUnavailable, match="not in the mirror"):
        pull_file(src, src.files[0], tmp_path / "mirror", tmp_path / "cache")
    with pytest.raises(SourceUnavailable, match="no download address"):
        pull_file(src, src.files[0], None, tmp_path / "cache")


def test_pull_reports_failures_per_file(tmp_path):
    src = _source(tmp_path, {"toy/a.csv": b"a\n", "toy/b.csv": b"b\n"})
    (tmp_path / "mirror" / "toy/b.csv").write_bytes(b"changed\n")
    res = pull(Registry([src]), mirror=tmp_path / "mirror", cache=tmp_path / "cache")
    assert [r.action for r in res] == ["fetched", "failed"]
    assert "does not match" in res[1].error


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def do_GET(self):  # noqa: N802
        data = self.files.get(self.path)
        if data is None:
            self.send_response(404)
            self.end_headers()
            return
        if self.path.endswith("dropped.csv"):
            # announce the full length, send half, and close: a dropped connection
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.close()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def http_mirror():
    """A real HTTP server on 127.0.0.1 serving files from memory."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_good_corrupt_dropped_and_404(tmp_path, http_mirror):
    server, base = http_mirror
    good, body = b"year,value\n2020,1\n" * 1000, b"expected content\n" * 1000
    _Handler.files = {"/good.csv": good, "/corrupt.csv": b"tampered" + good[8:], "/dropped.csv": body}
    files = {"toy/good.csv": good, "toy/corrupt.csv": good, "toy/dropped.csv": body, "toy/gone.csv": b"x"}
    urls = {k: f"{base}/{Path(k).name}" for k in files}
    src = _source(tmp_path, files, urls)
    cache = tmp_path / "cache"
    by = {f.path: f for f in src.files}
    assert pull_file(src, by["toy/good.csv"], None, cache).action == "fetched"
    assert sha256_of(cached_path(by["toy/good.csv"], cache)) == by["toy/good.csv"].sha256
    with pytest.raises(ChecksumMismatch):
        pull_file(src, by["toy/corrupt.csv"], None, cache)
    with pytest.raises(SourceUnavailable, match="dropped|download failed"):
        pull_file(src, by["toy/dropped.csv"], None, cache)
    with pytest.raises(SourceUnavailable, match="HTTP 404"):
        pull_file(src, by["toy/gone.csv"], None, cache)
    for name in ("corrupt.csv", "dropped.csv", "gone.csv"):
        assert not (cache / "sources/toy" / name).exists()
    # a good cached copy survives a later corrupt download
    _Handler.files["/good.csv"] = b"now corrupt"
    cached_path(by["toy/good.csv"], cache).write_bytes(good)
    assert pull_file(src, by["toy/good.csv"], None, cache).action == "kept"
    assert not list((cache / "sources/toy").glob(".part-*"))


def test_real_registry_served_over_http(tmp_path, http_mirror, mirror):
    """The real registry's files fetched through the download path from a local server."""
    from latticework.sources.registry import load_registry

    server, base = http_mirror
    reg = load_registry()
    src = reg["dcad"]
    f = src.files[0]
    _Handler.files = {"/" + f.path: (mirror / f.path).read_bytes()}
    local = dataclasses.replace(src, files=(dataclasses.replace(f, url=f"{base}/{f.path}"),))
    st = pull_file(local, local.files[0], None, tmp_path / "cache")
    assert st.verified and st.action == "fetched"
