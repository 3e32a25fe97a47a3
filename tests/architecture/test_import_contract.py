"""The import contract: modules import only from their own layer or the layers below it.

The one-way flow of DESIGN.md, as ranks (a module may import from ranks <= its own):

    0  errors, config, years, vocabulary           shared basics
    1  sources, ledger, states, events             acquisition and normalisation
    2  build, store                                the store
    3  views                                       every query of the store
    4  measures, text                              measures; finding things in a text
    5  models                                      models (strategy, scenarios)
    5.5 the package root (``import latticework``)   the public API, re-exporting 0-5
    6  present                                     report, charts, web app: formatting only
    7  cli                                         the command line

Imports inside functions count. The backward imports that exist today are listed in KNOWN with
the reason; a new one fails the test, and so does a listed one that has been removed (delete its
line), so the list can only shrink. Issue 21 asks for each to be fixed.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "latticework"

RANK = {"errors": 0, "config": 0, "years": 0, "vocabulary": 0,
        "sources": 1, "ledger": 1, "states": 1, "events": 1,
        "build": 2, "store": 2,
        "views": 3,
        "measures": 4, "text": 4,
        "models": 5,
        "<root>": 5.5,
        "present": 6,
        "cli": 7}

#: (importing file, imported unit) -> why it is still there.
KNOWN: dict[tuple[str, str], str] = {}


def unit_of(module: str) -> str:
    """The layer unit of a dotted module name inside the package: its first component after
    ``latticework`` (``latticework.views.panels`` -> ``views``), or ``<root>`` for the package itself."""
    parts = module.split(".")
    if parts[0] != "latticework":
        raise ValueError(f"{module} is not in the latticework package")
    return parts[1] if len(parts) > 1 else "<root>"


def imported_units(source: str) -> set[str]:
    """Units of the package that a module's source imports (absolute imports, anywhere in the file)."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        out |= {unit_of(n) for n in names if n == "latticework" or n.startswith("latticework.")}
    return out


def backward_imports(package: Path = PACKAGE) -> set[tuple[str, str]]:
    """(file relative to the package, imported unit) for every import of a higher-ranked unit."""
    found = set()
    for f in sorted(package.rglob("*.py")):
        rel = f.relative_to(package).as_posix()
        own = "<root>" if rel == "__init__.py" else rel.split("/")[0].removesuffix(".py")
        if own not in RANK:
            raise AssertionError(f"{rel}: unit {own!r} has no rank in the import contract; add it to RANK")
        for dst in imported_units(f.read_text(encoding="utf-8")):
            if dst not in RANK:
                raise AssertionError(f"{rel} imports unit {dst!r}, which has no rank; add it to RANK")
            if RANK[dst] > RANK[own]:
                found.add((rel, dst))
    return found


def test_rules_on_a_hand_made_module():
    src = ("import os\nimport latticework as lw\nfrom latticework.views.panels import x\n"
           "def f():\n    from latticework.cli._app import print_frame\n")
    assert imported_units(src) == {"<root>", "views", "cli"}
    assert unit_of("latticework.measures.structure") == "measures"


def test_no_new_backward_import_and_known_ones_still_listed_only_while_present():
    found = backward_imports()
    new = found - set(KNOWN)
    gone = set(KNOWN) - found
    assert not new, ("backward imports (a lower layer importing a higher one): "
                     + "; ".join(f"{f} imports {u}" for f, u in sorted(new)))
    assert not gone, f"fixed, remove from KNOWN: {sorted(gone)}"


def test_only_views_and_the_store_query_the_store():
    """Issue 21: views own every query. No module outside ``views/`` and ``store.py`` calls
    ``.sql(``, ``.arrow(`` or reaches the Store's connection or lock (``.con``, ``._lock``); the
    build, which writes the store, is exempt."""
    exempt = {"store.py", "build.py"}
    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(PACKAGE)
        if rel.parts[0] == "views" or str(rel) in exempt:
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("sql", "arrow", "con", "_lock"):
                offenders.append(f"{rel}:{node.lineno} .{node.attr}")
    assert not offenders, offenders


def test_one_vocabulary():
    """Issue 21: the event types and the organisations are listed once, in ``vocabulary.py`` (they
    had diverged: CSTO and SCO were in three of the five lists). A literal collection elsewhere that
    copies most of either list fails; a rule's short subset (the agreement types, the types that
    count as leadership) is a rule, not a copy."""
    from latticework.vocabulary import EVENT_TYPES, ORGANISATIONS

    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        if f.name == "vocabulary.py":
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                if len(words & set(EVENT_TYPES)) >= 8 or len(words & set(ORGANISATIONS)) >= 6:
                    offenders.append(f"{f.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, offenders


def test_no_private_helper_is_imported_across_modules():
    """Issue 21: a helper another module needs is public and documented (``tie_contributions``,
    ``names_to_iso3`` were imported as private names)."""
    offenders = []
    for f in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("latticework"):
                for a in node.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        offenders.append(f"{f.relative_to(PACKAGE)}:{node.lineno} {node.module}.{a.name}")
    assert not offenders, offenders
