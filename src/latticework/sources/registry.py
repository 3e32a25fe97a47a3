"""The source registry: name, producer, version, addresses, checksums, citation, licence, coverage.

The registry is the YAML file ``registry.yaml`` beside this module; citations are BibTeX entries
in ``citations.bib`` keyed from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from latticework.errors import UsageError

__all__ = ["SourceFile", "Source", "Registry", "load_registry", "citations_bibtex"]

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class SourceFile:
    """One file of a source: its path in a mirror/cache, its sha256 and its download address."""

    path: str
    sha256: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Source:
    """A registered dataset."""

    name: str
    title: str
    producer: str
    version: str
    homepage: str
    coverage: str
    years: tuple[int, int]
    licence: str
    feeds: tuple[str, ...]
    citation: tuple[str, ...]
    files: tuple[SourceFile, ...] = field(default_factory=tuple)
    #: The publisher's own address for the dataset (the file urls may be copies elsewhere).
    data_home: str = ""
    data_home_note: str | None = None

    def file(self, suffix: str) -> SourceFile:
        """The file whose path ends with ``suffix``.

        Parameters
        ----------
        suffix : str
            The end of the file's registered path (``"cow_ddy.rda"``; plain string match).

        Returns
        -------
        SourceFile
            The first file, in registry order, whose path ends with it.

        Raises
        ------
        UsageError
            No file of the source ends with ``suffix``.
        """
        for f in self.files:
            if f.path.endswith(suffix):
                return f
        raise UsageError(f"source {self.name!r} has no file ending in {suffix!r}",
                         f"one of: {', '.join(f.path for f in self.files)}")

    def to_dict(self) -> dict:
        """Plain mapping (for JSON output)."""
        return {"name": self.name, "title": self.title, "producer": self.producer,
                "version": self.version, "homepage": self.homepage, "coverage": self.coverage,
                "years": list(self.years), "licence": self.licence, "feeds": list(self.feeds),
                "citation": list(self.citation), "data_home": self.data_home, "data_home_note": self.data_home_note,
                "files": [{"path": f.path, "sha256": f.sha256, "url": f.url} for f in self.files]}


class Registry:
    """An ordered collection of :class:`Source` entries, looked up by name."""

    def __init__(self, sources: list[Source]):
        self.sources = list(sources)
        self._by_name = {s.name: s for s in self.sources}

    def __iter__(self):
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, name: str) -> Source:
        try:
            return self._by_name[name]
        except KeyError:
            raise UsageError(f"unknown source {name!r}",
                             f"registered sources: {', '.join(self._by_name)}") from None

    def names(self) -> list[str]:
        """Source names in registry order."""
        return list(self._by_name)


@lru_cache(maxsize=4)
def load_registry(path: str | None = None) -> Registry:
    """Read the registry YAML (the packaged one by default)."""
    data = yaml.safe_load(Path(path or _HERE / "registry.yaml").read_text(encoding="utf-8"))
    sources = []
    for s in data["sources"]:
        files = tuple(SourceFile(**f) for f in s.pop("files"))
        sources.append(Source(years=tuple(s.pop("years")), feeds=tuple(s.pop("feeds")),
                              citation=tuple(s.pop("citation")), files=files, **s))
    return Registry(sources)


@lru_cache(maxsize=1)
def _bib_entries() -> dict[str, str]:
    text = (_HERE / "citations.bib").read_text(encoding="utf-8")
    entries = {}
    for m in re.finditer(r"@\w+\{([^,]+),.*?\n\}", text, flags=re.S):
        entries[m.group(1).strip()] = m.group(0)
    return entries


def citations_bibtex(sources: list[str] | None = None, registry: Registry | None = None) -> str:
    """BibTeX for the named sources (all registered sources by default), each entry once.

    Parameters
    ----------
    sources : list of str, optional
        Source names (default: every registered source, in registry order).
    registry : Registry, optional
        Default: :func:`load_registry`, the packaged registry.

    Returns
    -------
    str
        The entries of ``citations.bib`` for the sources' citation keys, in first-cited order,
        separated by newlines and ending in one.

    Raises
    ------
    UsageError
        An unknown source name, or a citation key missing from ``citations.bib``.
    """
    reg = registry or load_registry()
    names = sources if sources is not None else reg.names()
    keys: list[str] = []
    for name in names:
        for key in reg[name].citation:
            if key not in keys:
                keys.append(key)
    bib = _bib_entries()
    missing = [k for k in keys if k not in bib]
    if missing:  # a registry/bib mismatch is a packaging bug, caught by the tests
        raise UsageError(f"citation keys missing from citations.bib: {', '.join(missing)}")
    return "\n".join(bib[k] for k in keys) + "\n"


def citation_text(source: Source) -> str:
    """A one-line human citation: producer, title, version, homepage."""
    return f"{source.producer}. {source.title}, version {source.version}. {source.homepage}"
