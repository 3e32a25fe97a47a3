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
    no_figures = {"latticework.models.reference.reference_dir", "latticework.models.reference.second_dir",  # folders
                  "latticework.models.reference.splits", "latticework.models.reference.states"}  # codes, no figures
    missing = [f"{m}.{n}" for m, n, o in _public() if f"{m}.{n}" not in no_figures
               and m.startswith(("latticework.measures.", "latticework.models.")) and inspect.isfunction(o)
               and not UNITS.search(o.__doc__ or "")]
    assert not missing, missing


def _documented_params(doc: str) -> set[str]:
    """Names listed in a numpydoc ``Parameters`` section (``a, b : int`` lists two)."""
    m = re.search(r"^Parameters\n-+\n(.*?)(?:^\S[^\n]*\n-+\n|\Z)", doc, re.S | re.M)
    if not m:
        return set()
    names = set()
    for line in m.group(1).splitlines():
        if line and not line.startswith(" "):
            head = line.split(" : ")[0].split(":")[0]
            names |= {n.strip().lstrip("*") for n in head.split(",") if n.strip()}
    return names


def _public_callables():
    for m, n, o in _public():
        if inspect.isfunction(o) and o.__module__ == m:
            yield f"{m}.{n}", o
        elif inspect.isclass(o) and o.__module__ == m:
            for k, v in vars(o).items():
                if inspect.isfunction(v) and not k.startswith("_"):
                    yield f"{m}.{n}.{k}", v


def test_public_functions_document_every_parameter():
    """Issue 21: public functions have numpydoc parameters. Every public function and public method
    that takes parameters has a ``Parameters`` section naming each of them (``self``, ``cls`` and
    ``*args``/``**kwargs`` of pure wrappers aside)."""
    missing = {}
    for name, f in _public_callables():
        params = [p.name for p in inspect.signature(f).parameters.values()
                  if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if not params:
            continue
        absent = [p for p in params if p not in _documented_params(inspect.getdoc(f) or "")]
        if absent:
            missing[name] = absent
    assert not missing, missing


def test_the_parameter_reader_on_a_hand_made_docstring():
    doc = "Summary.\n\nParameters\n----------\nstart, end : int\n    Years.\nlayer : str\n\nReturns\n-------\nx : int\n"
    assert _documented_params(doc) == {"start", "end", "layer"}
    assert _documented_params("No sections.") == set()
