"""Acquire registered source files into the local cache, verified by sha256.

A file is fetched from a mirror folder (laid out like ``shared/data/raw``) or from its official
download address, written beside its final place under a temporary name, verified, and only then
renamed over the cached copy. A failed, partial or corrupt fetch therefore never replaces a good
cached copy, and a good cached copy is never fetched again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from latticework.config import cache_dir as _cache_dir
from latticework.errors import ChecksumMismatch, SourceUnavailable, UsageError
from latticework.sources.registry import Registry, Source, SourceFile, load_registry

__all__ = ["FileStatus", "sha256_of", "cached_path", "file_status", "source_status", "pull_file",
           "pull", "require", "exclusive", "remove_stale_parts"]

_CHUNK = 1 << 20
#: How long a pull or a build waits for another one holding the same lock before giving up.
LOCK_WAIT_SECONDS = 600.0


@contextmanager
def exclusive(lock_path: Path, what: str, wait: float | None = None):
    """Hold ``lock_path`` (a ``filelock`` lock) while one pull or one build runs.

    A second pull of the same cache (or a second build of the same store) waits for the first,
    up to ``wait`` seconds (default :data:`LOCK_WAIT_SECONDS`), instead of deleting its
    temporary files; the lock is released by the operating system if the holder is killed.

    Parameters
    ----------
    lock_path : Path
        The lock file (its folder is created if needed): ``<cache>/.pull.lock`` for pulls,
        ``<store>.lock`` for builds.
    what : str
        What is running (``"pull"``, ``"build"``), for the error message.
    wait : float, optional
        Seconds to wait for another holder (default :data:`LOCK_WAIT_SECONDS`, 600).

    Yields
    ------
    None
        The lock is held inside the ``with`` block and released on leaving it.

    Raises
    ------
    UsageError
        Another process still holds the lock after ``wait`` seconds.
    """
    from filelock import FileLock, Timeout

    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path), timeout=LOCK_WAIT_SECONDS if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(f"another {what} is using {lock_path.parent} (lock {lock_path.name})",
                         "wait for it to finish, then run this again") from None
    try:
        yield
    finally:
        lock.release()


def remove_stale_parts(cache=None) -> int:
    """Delete the ``.part-*`` files a killed pull left in the cache; returns how many.

    Call it only while holding the cache lock (:func:`pull` does): then no pull is writing them.

    Parameters
    ----------
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`); files are looked for
        anywhere under ``<cache>/sources``.

    Returns
    -------
    int
        Count of files deleted (files that cannot be deleted are left and not counted).
    """
    root = _cache_dir(cache) / "sources"
    n = 0
    if root.is_dir():
        for part in root.rglob(".part-*"):
            try:
                if part.is_file() or part.is_symlink():
                    part.unlink()
                    n += 1
            except OSError:  # another user's file, a read-only cache: leave it
                pass
    return n


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks.

    Parameters
    ----------
    path : Path
        The file (raises ``OSError`` if it cannot be read).

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def cached_path(f: SourceFile, cache: str | os.PathLike | None = None) -> Path:
    """Where a source file lives in the cache: ``<cache>/sources/<path>``.

    Parameters
    ----------
    f : SourceFile
        A registered file; its ``path`` is relative (``sipri/SIPRI-Milex-....xlsx``), as in a mirror.
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).

    Returns
    -------
    pathlib.Path
        The path, whether or not the file is there.
    """
    return _cache_dir(cache) / "sources" / f.path


@dataclass
class FileStatus:
    """Whether one file is present in the cache and matches its registered checksum."""

    source: str
    path: str
    present: bool
    verified: bool
    action: str = ""  # pull: 'kept', 'fetched', 'failed'
    error: str | None = None


def file_status(source: Source, f: SourceFile, cache=None) -> FileStatus:
    """Check one cached file against the registry.

    Parameters
    ----------
    source : Source
        The source the file belongs to (its name goes into the status).
    f : SourceFile
        The file to check.
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).

    Returns
    -------
    FileStatus
        ``present`` (the file exists) and ``verified`` (its sha256 matches; the whole file is
        read), ``action`` empty.
    """
    p = cached_path(f, cache)
    present = p.is_file()
    return FileStatus(source.name, f.path, present, present and sha256_of(p) == f.sha256)


def source_status(source: Source, cache=None) -> dict:
    """Summary for ``data status``: name, version, coverage, present, verified, files.

    Parameters
    ----------
    source : Source
        A registered source; every file of it is checked (and hashed) with :func:`file_status`.
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).

    Returns
    -------
    dict
        ``name``, ``version``, ``coverage`` (text, as registered), ``data_home`` (the publisher's
        address), ``present`` and ``verified`` (True when every file is), and ``files``: one
        ``{path, present, verified}`` per file.
    """
    files = [file_status(source, f, cache) for f in source.files]
    return {"name": source.name, "version": source.version, "coverage": source.coverage,
            "data_home": source.data_home,
            "present": all(x.present for x in files), "verified": all(x.verified for x in files),
            "files": [{"path": x.path, "present": x.present, "verified": x.verified} for x in files]}


def _fetch_url(url: str, dest: Path, timeout: float) -> None:
    import httpx

    with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as resp:
        if resp.status_code != 200:
            raise SourceUnavailable(f"{url}: HTTP {resp.status_code}",
                                    "check the address or acquire from a mirror with --from DIR")
        expected = resp.headers.get("content-length")
        n = 0
        with open(dest, "wb") as out:
            for chunk in resp.iter_bytes(_CHUNK):
                out.write(chunk)
                n += len(chunk)
        if expected is not None and n != int(expected):
            raise SourceUnavailable(f"{url}: connection dropped after {n} of {expected} bytes",
                                    "try again, or acquire from a mirror with --from DIR")


def pull_file(source: Source, f: SourceFile, mirror: Path | None = None, cache=None,
              timeout: float = 60.0) -> FileStatus:
    """Fetch one file into the cache unless a verified copy is already there.

    Parameters
    ----------
    source : Source
        The source the file belongs to (named in statuses and errors).
    f : SourceFile
        The file: its ``path`` (in the mirror and the cache), ``sha256`` and ``url``.
    mirror : Path, optional
        A folder laid out like ``shared/data/raw`` to copy from; when given, the download address
        is not tried. Default: download from ``f.url``.
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).
    timeout : float
        Network timeout in seconds for the download (default 60).

    Returns
    -------
    FileStatus
        ``present`` and ``verified`` True, ``action`` ``"kept"`` (a verified copy was there) or
        ``"fetched"``.

    Raises
    ------
    SourceUnavailable
        The mirror lacks the file, the file has no download address, or the download failed.
    ChecksumMismatch
        The fetched bytes do not match the registered sha256 (the cached copy is kept).
    """
    dest = cached_path(f, cache)
    if dest.is_file() and sha256_of(dest) == f.sha256:
        return FileStatus(source.name, f.path, True, True, "kept")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    origin = ""
    try:
        if mirror is not None:
            src = Path(mirror) / f.path
            origin = str(src)
            if not src.is_file():
                raise SourceUnavailable(f"{src}: not in the mirror (source {source.name!r})",
                                        "point --from at a folder laid out like shared/data/raw")
            shutil.copyfile(src, tmp)
        else:
            if not f.url:
                raise SourceUnavailable(
                    f"{f.path}: no download address (source {source.name!r}; {f.note or 'mirror only'})",
                    "acquire it from a mirror folder with --from DIR or LATTICEWORK_MIRROR")
            origin = f.url
            try:
                _fetch_url(f.url, tmp, timeout)
            except SourceUnavailable:
                raise
            except Exception as exc:  # network errors of any kind
                raise SourceUnavailable(f"{f.url}: download failed ({type(exc).__name__}: {exc})",
                                        "check the network, or acquire from a mirror with --from DIR") from exc
        got = sha256_of(tmp)
        if got != f.sha256:
            raise ChecksumMismatch(
                f"{origin}: sha256 {got[:12]}… does not match the registry's {f.sha256[:12]}… "
                f"(source {source.name!r}, version {source.version})",
                "the file is corrupt, partial or another version; fetch it again or fix the mirror")
        os.replace(tmp, dest)
        return FileStatus(source.name, f.path, True, True, "fetched")
    finally:
        if tmp.exists():
            tmp.unlink()


def pull(registry: Registry | None = None, names: Iterable[str] | None = None, mirror=None,
         cache=None, progress: Callable[[FileStatus], None] | None = None,
         stop_on_error: bool = False) -> list[FileStatus]:
    """Acquire every file of the named sources (all by default); return one status per file.

    Errors are recorded per file (``action='failed'``, ``error``) so one bad file does not stop
    the others, unless ``stop_on_error``.

    Parameters
    ----------
    registry : Registry, optional
        Default: :func:`~latticework.sources.registry.load_registry`, the packaged registry.
    names : iterable of str, optional
        Source names (a list, not one string); default (None or empty): every registered source.
    mirror : str or path-like, optional
        A mirror folder to copy from (``~`` expanded); default: the official addresses. The
        ``LATTICEWORK_MIRROR`` variable is not read here (the CLI reads it).
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).
    progress : callable, optional
        Called with each file's :class:`FileStatus` as it is done.
    stop_on_error : bool
        Raise the first :class:`SourceUnavailable` / :class:`ChecksumMismatch` instead of
        recording it.

    Returns
    -------
    list of FileStatus
        One per file, in registry order; a failed file keeps ``present`` / ``verified`` as its
        cached copy is.

    Raises
    ------
    UsageError
        An unknown source name, a mirror that is not a folder, or another pull holding the cache
        lock for :data:`LOCK_WAIT_SECONDS`.
    """
    reg = registry or load_registry()
    selected = [reg[n] for n in names] if names else list(reg)
    mirror_path = Path(mirror).expanduser().resolve() if mirror else None
    if mirror_path is not None and not mirror_path.is_dir():
        raise UsageError(f"mirror {mirror}: no such folder",
                         "point --from at a folder laid out like shared/data/raw")
    with exclusive(_cache_dir(cache) / ".pull.lock", "pull"):
        remove_stale_parts(cache)
        return _pull_all(selected, mirror_path, cache, progress, stop_on_error)


def _pull_all(selected, mirror_path, cache, progress, stop_on_error) -> list[FileStatus]:
    results = []
    for source in selected:
        for f in source.files:
            try:
                st = pull_file(source, f, mirror_path, cache)
            except (SourceUnavailable, ChecksumMismatch) as exc:
                if stop_on_error:
                    raise
                present = cached_path(f, cache).is_file()
                st = FileStatus(source.name, f.path, present,
                                present and sha256_of(cached_path(f, cache)) == f.sha256,
                                "failed", exc.one_line())
            results.append(st)
            if progress:
                progress(st)
    return results


def require(source: Source, f: SourceFile, cache=None, verify: bool = True) -> Path:
    """The cached path of a file, or an error saying how to acquire it.

    Parameters
    ----------
    source : Source
        The source the file belongs to (named in errors).
    f : SourceFile
        The file.
    cache : str or path-like, optional
        The cache folder (default: :func:`~latticework.config.cache_dir`).
    verify : bool
        Hash the cached file and compare it with the registered sha256 (default True).

    Returns
    -------
    pathlib.Path
        ``<cache>/sources/<path>``.

    Raises
    ------
    SourceUnavailable
        The file is not in the cache.
    ChecksumMismatch
        The cached file does not match its checksum (when ``verify``).
    """
    p = cached_path(f, cache)
    if not p.is_file():
        raise SourceUnavailable(f"{p}: source {source.name!r} is not in the cache",
                                "run `latticework data pull` (or `--from DIR` for a mirror)")
    if verify and sha256_of(p) != f.sha256:
        raise ChecksumMismatch(f"{p}: cached file does not match its registered sha256 (source {source.name!r})",
                               "run `latticework data pull` to fetch a good copy")
    return p
