"""Train the extractor's sentence model on the development documents and the ledger, choose its
two thresholds by leave-one-document-out cross-validation, and write the shipped model
(``src/latticework/text/sentence_model.json``); see :mod:`latticework.text.sentence_model`.

Only ``split: dev`` gold files are read: the test documents are never opened here.

Usage::

    python scripts/train_sentence_model.py [--corpus ../shared/corpus] [--out PATH] [--check]

``--check`` trains and compares with the shipped file instead of writing it (exit 1 if they
differ), for the test that holds the shipped model to its recipe.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from latticework.ledger import events_frame, load_ledger  # noqa: E402
from latticework.text.document import describe  # noqa: E402
from latticework.text.extract import extract_file  # noqa: E402
from latticework.text.sentence_model import CONTEXT, SentenceModel, train, with_context  # noqa: E402
from latticework.text.sentences import split_sentences  # noqa: E402

GOLD = REPO / "data" / "gold" / "extraction"
OUT = REPO / "src" / "latticework" / "text" / "sentence_model.json"
KEEP_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: never add


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", REPO / "benchmarks" / "bench_extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dev_documents(corpus: Path) -> list[dict]:
    """The development gold files, each with its document's path, sentences and sentence labels."""
    out = []
    for f in sorted(GOLD.glob("*.yaml")):
        g = yaml.safe_load(f.read_text(encoding="utf-8"))
        if g.get("split") != "dev":
            continue
        path = (REPO / g["corpus"] if g.get("corpus") else corpus) / g["doc"]
        meta, body = describe(path.read_text(encoding="utf-8"), doc=g["doc"])
        spans = split_sentences(body, meta.text_start, len(body))
        events = g.get("events") or []
        labels = [{e["type"] for e in events if e["start"] < b and a < e["end"]} for a, b in spans]
        out.append({"doc": g["doc"], "path": path, "gold": events,
                    "sentences": [body[a:b] for a, b in spans], "labels": labels})
    return out


def ledger_examples(ids: list[str] | None = None) -> tuple[list[str], list[set], list[str]]:
    """Each ledger record's summary, labelled with its type, and the record ids (sorted); only the
    records ``ids`` names when given (the shipped model's list: records added later do not make
    it stale)."""
    ev = events_frame(load_ledger()).sort_values("event_id")
    if ids is not None:
        missing = set(ids) - set(ev["event_id"])
        if missing:
            raise SystemExit(f"the model was trained on ledger records that are gone: {sorted(missing)[:5]}; "
                             "retrain it: python scripts/train_sentence_model.py")
        ev = ev[ev["event_id"].isin(set(ids))]
    return ([" ".join(str(s).split()) for s in ev["summary"]], [{t} for t in ev["type"]], list(ev["event_id"]))


def _fit(docs: list[dict], ledger: tuple, thresholds=None, meta=None, context: bool = CONTEXT) -> SentenceModel:
    """The model fitted on the sentences of ``docs`` (each with the sentence before it when the
    model reads ``context``) and the ledger's summaries (which have none)."""
    texts = [s for d in docs for s in (with_context(d["sentences"]) if context else d["sentences"])] + ledger[0]
    labels = [lab for d in docs for lab in d["labels"]] + ledger[1]
    return train(texts, labels, thresholds, meta, context=context)


def cross_validate(docs: list[dict], ledger, context: bool = CONTEXT) -> dict:
    """Leave-one-document-out: micro precision, recall and F1 over the development documents for
    each (keep, add) pair, and for the rules alone; each entry also keeps its counts per event type
    (``by_type``: {type: Counter(matched, extracted, gold)}), from which :func:`per_type_add` picks
    an "add" threshold per type."""
    match = _bench().match
    counts = {k: Counter() for k in [(kp, ad) for kp in KEEP_GRID for ad in ADD_GRID] + ["rules"]}
    by_type = {k: {} for k in counts}
    for d in docs:
        m = _fit([x for x in docs if x is not d], ledger, context=context)
        for key, c in counts.items():
            if key == "rules":
                events = extract_file(d["path"], model=False)
            else:
                m.thresholds = {"keep": key[0], "add": key[1]}
                events = extract_file(d["path"], model=m)
            hit, hits, ext, gold = match(events, d["gold"])
            c.update({"matched": hit, "extracted": sum(ext.values()), "gold": sum(gold.values())})
            for t in set(ext) | set(gold):
                by_type[key].setdefault(t, Counter()).update(
                    {"matched": hits[t], "extracted": ext[t], "gold": gold[t]})
    out = {}
    for key, c in counts.items():
        out[key] = {**_prf(c), "by_type": by_type[key]}
    return out


def _prf(c) -> dict:
    p = c["matched"] / c["extracted"] if c["extracted"] else 0.0
    r = c["matched"] / c["gold"] if c["gold"] else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def per_type_add(cv: dict, keep: float, add: float, rounds: int = 3) -> tuple[dict, dict]:
    """An "add" threshold per event type, by coordinate ascent on the cross-validated micro F1.

    Matching never crosses types, so with ``keep`` fixed the counts of one type depend only on that
    type's threshold: starting from every type at ``add``, each type in turn takes the grid value
    that raises the micro F1 most (ties: the higher threshold, fewer added events), for ``rounds``
    passes. Returns ({type: threshold} for the types that differ from ``add``, the micro
    precision/recall/F1 of the result). The choice is made on the same cross-validation it is
    scored with, so that figure is optimistic; the test documents say what holds."""
    types = sorted({t for a in ADD_GRID for t in cv[(keep, a)]["by_type"]})
    pick = {t: add for t in types}

    def total(choice):
        c = Counter()
        for t, a in choice.items():
            c.update(cv[(keep, a)]["by_type"].get(t, Counter()))
        return _prf(c)

    for _ in range(rounds):
        for t in types:
            best = max(ADD_GRID, key=lambda a: (round(total({**pick, t: a})["f1"], 6), a))
            pick[t] = best
    return {t: a for t, a in pick.items() if a != add}, total(pick)


def build(corpus: Path, ledger_ids: list[str] | None = None, context: bool = CONTEXT) -> SentenceModel:
    """Cross-validate, pick the thresholds with the best F1 (ties: the fewer added events), then an
    "add" threshold per type (:func:`per_type_add`); fit on every development document and the
    ledger (all of it, or the records ``ledger_ids`` names)."""
    docs = dev_documents(corpus)
    ledger = ledger_examples(ledger_ids)
    cv = cross_validate(docs, ledger, context)
    grid = {k: v for k, v in cv.items() if k != "rules"}
    best = max(grid, key=lambda k: (round(grid[k]["f1"], 4), k[1], -k[0]))
    by_type, tuned = per_type_add(cv, best[0], best[1])
    strip = lambda v: {k: round(x, 4) for k, x in v.items() if k != "by_type"}  # noqa: E731
    meta = {"trained_on": {"dev_documents": [d["doc"] for d in docs],
                           "sentences": sum(len(d["sentences"]) for d in docs),
                           "ledger_records": len(ledger[0]), "ledger_ids": ledger[2]},
            "cross_validation": {"method": "leave one development document out",
                                 "rules_only": strip(cv["rules"]),
                                 "with_model": strip(grid[best]),
                                 "with_model_add_by_type": strip(tuned)}}
    thresholds = {"keep": best[0], "add": best[1]}
    if by_type:
        thresholds["add_by_type"] = by_type
    return _fit(docs, ledger, thresholds, meta, context)


def main(argv=None) -> int:
    """Command line (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus",
                    help="the evaluation corpus holding the gold files without a corpus: of their own")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare with the shipped model instead of writing")
    ap.add_argument("--context", choices=("on", "off"), default="on" if CONTEXT else "off",
                    help="whether the model reads the sentence before (default: the recipe's, sentence_model.CONTEXT)")
    args = ap.parse_args(argv)
    ids = None
    if args.check:
        ids = SentenceModel.from_json(args.out.read_text(encoding="utf-8")).meta["trained_on"]["ledger_ids"]
    model = build(args.corpus, ids, args.context == "on")
    cv = model.meta["cross_validation"]
    tb = cv.get("with_model_add_by_type", cv["with_model"])
    print(f"thresholds keep {model.thresholds['keep']}, add {model.thresholds['add']}, per type "
          f"{model.thresholds.get('add_by_type', {})}; leave-one-document-out on "
          f"{len(model.meta['trained_on']['dev_documents'])} dev documents: rules alone F1 {cv['rules_only']['f1']:.3f} "
          f"(P {cv['rules_only']['precision']:.3f} R {cv['rules_only']['recall']:.3f}), with the model F1 "
          f"{cv['with_model']['f1']:.3f} (P {cv['with_model']['precision']:.3f} R {cv['with_model']['recall']:.3f}), "
          f"with per-type add thresholds F1 {tb['f1']:.3f} (P {tb['precision']:.3f} R {tb['recall']:.3f}; chosen on "
          f"this cross-validation, so optimistic)")
    if args.check:
        shipped = SentenceModel.from_json(args.out.read_text(encoding="utf-8"))
        same = (shipped.thresholds == model.thresholds and shipped.vocabulary == model.vocabulary
                and np.allclose(shipped.coef, model.coef, atol=1e-5) and np.allclose(shipped.idf, model.idf, atol=1e-5))
        print("shipped model matches its recipe" if same else "shipped model differs from its recipe")
        return 0 if same else 1
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
