"""One reader per registered dataset: cached files in, validated tables out.

Each module defines ``read(ctx) -> dict[str, pandas.DataFrame]`` and ``SOURCES`` (the registry
names it reads). Column names, units and caveats are in each module's docstring and in
``docs/data.md``. Values are never invented: a year a dataset does not cover has no row, and the
views say "past coverage" for it.
"""
from __future__ import annotations

import importlib

#: Reader modules in build order.
READER_NAMES = ["identity", "capabilities", "atop", "troopdata", "dcad", "sipri_arms", "economy",
                "alignment", "extras", "conflict", "regime"]


def readers():
    """The reader modules, imported on demand."""
    return [importlib.import_module(f"latticework.sources.datasets.{n}") for n in READER_NAMES]
