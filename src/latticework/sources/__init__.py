"""Sources: the registry of external datasets, their acquisition, and one reader per dataset.

Flow: ``registry`` says what exists; ``acquire`` fetches files into the cache (from the official
address or a mirror folder) and verifies them; ``readers`` normalize cached files into validated
tables for the store. Nothing is read that is not in the registry.
"""
from latticework.sources.registry import Registry, Source, SourceFile, load_registry, citations_bibtex

__all__ = ["Registry", "Source", "SourceFile", "load_registry", "citations_bibtex"]
