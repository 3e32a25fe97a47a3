"""Every public name is documented (issue 21): each name a module lists in ``__all__`` exists, and
each public function and class there has a docstring; the measures' and models' public functions
state their units or the range of their values."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import latticework


def _public():
    for m in pkgutil.walk_packages(latticework.__path__, "latticework."):
        mod = importlib.import_module(m.name)
        for name in getattr(mod, "__all__", []):
            yield m.name, name, getattr(mod, name, None)


def test_every_public_name_exists_and_is_documented():
    absent = [f"{m}.{n}" for m, n, o in _public() if o is None]
    undocumented = [f"{m}.{n}" for m, n, o in _public()
                    if (inspect.isfunction(o) or inspect.isclass(o)) and not (o.__doc__ or "").strip()]
    assert not absent and not undocumented, (absent, undocumented)


UNITS = re.compile(r"unitless|units?\b|share|fraction|percent|%|\bkm\b|years?\b|count|0[–-]1|\[0, 1\]|US\$|TIV|troops|index|"
                   r"probabilit|degrees|rank", re.I)


def test_measures_and_models_state_units():
    """A measure or model that returns figures says in what unit or range they are."""
    no_figures = {"latticework.models.reference.reference_dir"}  # returns a folder
    missing = [f"{m}.{n}" for m, n, o in _public() if f"{m}.{n}" not in no_figures
               and m.startswith(("latticework.measures.", "latticework.models.")) and inspect.isfunction(o)
               and not UNITS.search(o.__doc__ or "")]
    assert not missing, missing
