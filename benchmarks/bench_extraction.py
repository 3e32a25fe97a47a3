"""Benchmark: event extraction quality against the gold set, and throughput.

Quality: precision, recall and F1 per event type and overall (micro-averaged) for the dev split,
the test split and all documents, with the matching rule of data/gold/GUIDELINES.md: an
extracted event matches a gold event when the type is the same, the actor sets share at least
one actor and the sentence spans overlap; each gold event matches at most one extracted event
(greedy, in document order).

Throughput: KB of UTF-8 input per second, single process, over repeated runs on the corpus and
over a large synthetic concatenation of the corpus written to a temporary file (streamed in
sentence-aligned chunks). Target (DESIGN.md): >= 200 KB/s per core at overall F1 >= 0.75.

Labeller agreement (``--agreement``): the second labelling of the documents in data/gold/second,
made blind to the first, scored against the first by the same rule: the ceiling the F1 is read
against (docs/text.md).

    python benchmarks/bench_extraction.py [--split dev|test|all] [--agreement] [--runs 20] [--synthetic-mb 20] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
GOLD = REPO / "data" / "gold" / "extraction"
SECOND = REPO / "data" / "gold" / "second"
sys.path.insert(0, str(REPO / "src"))

from latticework.models.resampling import cluster_interval  # noqa: E402
from latticework.text.extract import EVENT_TYPES, extract_file  # noqa: E402


def load_gold(split: str) -> dict[str, dict]:
    """Gold files of one split ("dev", "test" or "all"), by document file name."""
    out = {}
    for path in sorted(GOLD.glob("*.yaml")):
        g = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if split != "all" and g.get("split") != split:
            continue
        out[g["doc"]] = g
    return out


def match(extracted: list[dict], gold: list[dict], pairs: list | None = None) -> tuple[int, Counter, Counter, Counter]:
    """Greedy matching in document order; returns matched count and per-type matched/extracted/gold
    (matched (gold, extracted) pairs are appended to ``pairs`` when given)."""
    used = [False] * len(extracted)
    hit, n_ext, n_gold = Counter(), Counter(e["type"] for e in extracted), Counter(g["type"] for g in gold)
    for g in sorted(gold, key=lambda g: (g["start"], g["end"])):
        gs, ge, ga = g["start"], g["end"], set(g.get("actors") or [])
        for j, e in enumerate(extracted):
            if used[j] or e["type"] != g["type"]:
                continue
            ev = e["evidence"]
            if ev["start"] < ge and gs < ev["end"] and ga & set(e["actors"]):
                used[j] = True
                hit[g["type"]] += 1
                if pairs is not None:
                    pairs.append((g, e))
                break
    return sum(hit.values()), hit, n_ext, n_gold


def prf(m: int, e: int, g: int) -> tuple[float, float, float]:
    p = m / e if e else 0.0
    r = m / g if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quality(split: str) -> dict:
    """The extractor scored against the gold labels of one split."""
    gold = load_gold(split)
    # a label file may name its own corpus folder (data/corpus/claims), relative to the repository
    runs = {doc: (extract_file((REPO / g["corpus"] if g.get("corpus") else CORPUS) / doc), g.get("events") or [])
            for doc, g in gold.items()}
    return {"split": split} | score(runs)


def as_found(labels: list[dict]) -> list[dict]:
    """Gold-format events in the shape the extractor returns (``evidence`` holds the span), so that a
    second labelling can be matched against the first with :func:`match`."""
    return [{"type": e["type"], "actors": list(e.get("actors") or []), "date": e.get("date"),
             "date_kind": e.get("date_kind"), "evidence": {"start": e["start"], "end": e["end"]}} for e in labels]


def agreement() -> dict:
    """How far two labellers agree (the human ceiling of the F1 above): every document of
    ``data/gold/second/`` was labelled a second time, blind to its first labels, from the same
    guidelines; the second labelling is scored against the first with the same matching rule.
    F1 does not depend on which labelling is called the gold (precision and recall swap)."""
    first = load_gold("all")
    runs = {}
    for path in sorted(SECOND.glob("*.yaml")):
        g2 = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if g2.get("doc") not in first:
            raise ValueError(f"{path}: doc {g2.get('doc')!r} has no first labelling in {GOLD}; a second labelling "
                             "needs the first (name the document as its label file in data/gold/extraction does)")
        runs[g2["doc"]] = (as_found(g2.get("events") or []), first[g2["doc"]].get("events") or [])
    return {"split": "second labelling against the first"} | score(runs)


def score(runs: dict[str, tuple[list[dict], list[dict]]]) -> dict:
    """Micro-averaged precision, recall and F1 overall and per type, per document, the agreement of
    matched events' other fields, and a document-resampling interval of F1, for ``{doc: (found
    events, gold events)}``."""
    hit, n_ext, n_gold = Counter(), Counter(), Counter()
    per_doc = {}
    counts: list[tuple[int, int, int]] = []
    pairs: list = []
    for doc, (events, gold_events) in runs.items():
        m, h, e, n = match(events, gold_events, pairs)
        hit.update(h), n_ext.update(e), n_gold.update(n)
        per_doc[doc] = dict(zip(("precision", "recall", "f1"), prf(m, sum(e.values()), sum(n.values()))))
        per_doc[doc] |= {"matched": m, "extracted": sum(e.values()), "gold": sum(n.values())}
        counts.append((m, sum(e.values()), sum(n.values())))
    types = {}
    for t in EVENT_TYPES:
        if n_ext[t] or n_gold[t]:
            p, r, f = prf(hit[t], n_ext[t], n_gold[t])
            types[t] = {"precision": p, "recall": r, "f1": f, "matched": hit[t], "extracted": n_ext[t], "gold": n_gold[t]}
    p, r, f = prf(sum(hit.values()), sum(n_ext.values()), sum(n_gold.values()))
    k = len(pairs) or 1
    fields = {"same_actor_set": sum(set(g["actors"] or []) == set(e["actors"]) for g, e in pairs) / k,
              "same_date": sum(str(g.get("date") or "") == str(e.get("date") or "") for g, e in pairs) / k,
              "same_date_kind": sum(g.get("date_kind") == e.get("date_kind") for g, e in pairs) / k}
    # how far the micro F1 could move with other documents: resample documents (models/resampling.py)
    iv = cluster_interval(list(zip(*counts)), lambda m, e, g: prf(m.sum(), e.sum(), g.sum())[2]) if counts else None
    return {"documents": len(runs), "types": types, "per_document": per_doc, "matched_fields": fields,
            "overall": {"precision": p, "recall": r, "f1": f, "matched": sum(hit.values()),
                        "extracted": sum(n_ext.values()), "gold": sum(n_gold.values()),
                        "f1_interval": list(iv) if iv else None}}


def throughput(runs: int, synthetic_mb: float) -> dict:
    files = sorted(CORPUS.glob("*.txt"))
    size_kb = sum(f.stat().st_size for f in files) / 1024
    for f in files:  # warm-up: compile patterns, load gazetteers
        extract_file(f)
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for f in files:
            extract_file(f)
        rates.append(size_kb / (time.perf_counter() - t0))
    from latticework.text.document import describe
    from latticework.text.extract import iter_extract_file

    bodies = []
    for f in files:
        meta, body = describe(f.read_text(encoding="utf-8"), doc=f.name)
        bodies.append(body[meta.text_start:])
    unit = "\n\n".join(bodies) + "\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.txt"
        target = int(synthetic_mb * 1024 * 1024)
        with path.open("w", encoding="utf-8") as fh:
            header = "TITLE: Synthetic concatenation of the corpus bodies\nDATE: 2024-04-10\n" + "=" * 40 + "\n"
            fh.write(header)
            written = len(header)
            while written < target:
                fh.write(unit)
                written += len(unit.encode("utf-8"))
        big_kb = path.stat().st_size / 1024
        t0 = time.perf_counter()
        n = sum(1 for _ in iter_extract_file(path))
        big_rate = big_kb / (time.perf_counter() - t0)
    return {"corpus_kb": round(size_kb, 1), "runs": runs, "kb_per_s_median": statistics.median(rates),
            "kb_per_s_min": min(rates), "kb_per_s_max": max(rates),
            "synthetic_mb": round(big_kb / 1024, 1), "synthetic_events": n, "synthetic_kb_per_s": big_rate}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test", "all", "every"), default="every",
                    help="which split(s) to score (default: dev, test and all)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--synthetic-mb", type=float, default=20.0)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--agreement", action="store_true",
                    help="also score the second labelling of data/gold/second against the first (labeller agreement)")
    args = ap.parse_args(argv)
    splits = ("dev", "test", "all") if args.split == "every" else (args.split,)
    out = {"quality": [quality(s) for s in splits] + ([agreement()] if args.agreement else [])}
    if not args.no_speed:
        out["throughput"] = throughput(args.runs, args.synthetic_mb)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    for q in out["quality"]:
        o = q["overall"]
        print(f"\n== {q['split']} ({q['documents']} documents): overall P {o['precision']:.3f}  R {o['recall']:.3f}  "
              f"F1 {o['f1']:.3f}  (matched {o['matched']}, extracted {o['extracted']}, gold {o['gold']})"
              + (f"; 95% interval of F1 resampling documents {o['f1_interval'][0]:.3f}–{o['f1_interval'][1]:.3f}"
                 if o.get("f1_interval") else ""))
        print(f"{'type':<22}{'P':>7}{'R':>7}{'F1':>7}{'match':>7}{'ext':>6}{'gold':>6}")
        for t, v in q["types"].items():
            print(f"{t:<22}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['matched']:>7}{v['extracted']:>6}{v['gold']:>6}")
        mf = q["matched_fields"]
        print(f"  among matched events: same actor set {mf['same_actor_set']:.2f}, same date {mf['same_date']:.2f}, "
              f"same date_kind {mf['same_date_kind']:.2f}")
        for d, v in q["per_document"].items():
            if not v["extracted"] and not v["gold"]:  # no event, none found: right, and no ratio to give
                print(f"  {d:<58} no event in the gold and none found")
                continue
            print(f"  {d:<58} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}"
                  f"  ({v['matched']} of {v['gold']}, {v['extracted']} found)")
    if "throughput" in out:
        t = out["throughput"]
        print(f"\nthroughput, single process: corpus {t['corpus_kb']} KB x {t['runs']} runs: median "
              f"{t['kb_per_s_median']:,.0f} KB/s (min {t['kb_per_s_min']:,.0f}, max {t['kb_per_s_max']:,.0f}); "
              f"synthetic {t['synthetic_mb']} MB file: {t['synthetic_kb_per_s']:,.0f} KB/s ({t['synthetic_events']:,} events)")
        print("target: >= 200 KB/s per core at overall F1 >= 0.75")
    return 0


if __name__ == "__main__":
    sys.exit(main())
