"""The benchmark's matching rule (data/gold/GUIDELINES.md) on hand-made events."""
import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "bench_extraction", Path(__file__).resolve().parents[2] / "benchmarks" / "bench_extraction.py")
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)


def ev(type_, actors, start, end):
    return {"type": type_, "actors": actors, "evidence": {"start": start, "end": end}}


def test_type_actor_overlap_and_span_overlap_are_all_needed():
    gold = [{"type": "DIALOGUE", "actors": ["USA", "JPN"], "start": 0, "end": 50},
            {"type": "DIALOGUE", "actors": ["USA", "PHL"], "start": 0, "end": 50},
            {"type": "COERCION", "actors": ["CHN"], "start": 60, "end": 90}]
    extracted = [ev("DIALOGUE", ["JPN"], 10, 40),        # matches the first gold event only
                 ev("COERCION", ["RUS"], 60, 90),        # wrong actor
                 ev("EXERCISE", ["USA"], 0, 50)]         # wrong type
    m, hit, n_ext, n_gold = bench.match(extracted, gold)
    assert m == 1 and hit["DIALOGUE"] == 1
    assert sum(n_ext.values()) == 3 and sum(n_gold.values()) == 3
    p, r, f = bench.prf(m, 3, 3)
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.333, 0.333, 0.333)


def test_each_extracted_event_matches_one_gold_event():
    gold = [{"type": "DIALOGUE", "actors": ["USA"], "start": 0, "end": 10},
            {"type": "DIALOGUE", "actors": ["USA"], "start": 0, "end": 10}]
    m, *_ = bench.match([ev("DIALOGUE", ["USA"], 0, 10)], gold)
    assert m == 1
    assert bench.match([ev("DIALOGUE", ["USA"], 10, 20)], gold)[0] == 0  # touching spans do not overlap


def test_extraction_figures_on_the_test_documents_hold(corpus):
    """The documented test-split figures (docs/text.md): 7 documents of the eleventh round (two
    White House fact sheets, five State Department releases), labelled on 2026-12-05 before they
    were scored (78 gold events), and the extractor's micro F1 there (cue rules and the sentence
    model with word stems, retrained on the 95 development documents) 0.471, scored once; the test
    holds it at or above 0.47 and the gold count, so a lost event or a dropped label fails."""
    q = bench.quality("test")
    assert q["documents"] == 7 and q["overall"]["gold"] >= 78
    assert q["overall"]["f1"] >= 0.47
    lo, hi = q["overall"]["f1_interval"]  # resampling documents: 0.397-0.542 when scored
    assert lo <= q["overall"]["f1"] <= hi
