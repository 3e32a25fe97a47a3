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
    """The documented test-split figures (docs/text.md): 6 documents of the thirteenth round (three
    White House documents, three State Department releases), labelled on 2026-12-05 before they
    were scored (57 gold events), and the extractor's micro F1 there (cue rules and the sentence
    model retrained on the 108 development documents) 0.724, scored once. Later the same session
    nine development documents were added and the sanctions rule applied to the development labels,
    and the model retrained on the 117 gives 0.708 there (a second look, decided on before it was
    taken; P 0.714, R 0.702). The test holds 0.70 and the gold count, so a lost event or a dropped
    label fails."""
    q = bench.quality("test")
    assert q["documents"] == 6 and q["overall"]["gold"] >= 57
    assert q["overall"]["f1"] >= 0.70
    lo, hi = q["overall"]["f1_interval"]  # resampling documents: 0.620-0.768 at the second look
    assert lo <= q["overall"]["f1"] <= hi


def test_a_second_labelling_is_scored_against_the_first_by_the_same_rule():
    """Worked by hand: the first labeller has three events, the second two, one of which agrees
    (same type, a shared actor, overlapping span): P 1/2, R 1/3, F1 0.4; swapping who is 'gold'
    swaps P and R and keeps F1."""
    first = [{"type": "DIALOGUE", "actors": ["USA", "JPN"], "start": 0, "end": 50},
             {"type": "COMMITMENT", "actors": ["USA", "JPN"], "start": 0, "end": 50},
             {"type": "COERCION", "actors": ["CHN"], "start": 60, "end": 90}]
    second = [{"type": "DIALOGUE", "actors": ["JPN"], "start": 0, "end": 50},
              {"type": "DEFENSE_PACT", "actors": ["USA", "JPN"], "start": 0, "end": 50}]
    a = bench.score({"doc": (bench.as_found(second), first)})["overall"]
    b = bench.score({"doc": (bench.as_found(first), second)})["overall"]
    assert (a["matched"], a["extracted"], a["gold"]) == (1, 2, 3)
    assert round(a["precision"], 3) == round(b["recall"], 3) == 0.5
    assert round(a["f1"], 3) == round(b["f1"], 3) == 0.4


def test_labeller_agreement_on_the_doubly_labelled_documents_holds():
    """docs/text.md, "How far two labellers agree": 14 development documents (four per genre of
    joint statements and fact sheets, three news texts, three CRS reports) were labelled a second
    time on 2026-12-05, blind to their first labels; the second labelling agrees with the first at
    F1 0.819 (176 of 217 and 213 events; 0.72-0.90 resampling documents). Once the guidelines
    settled how sanctions are typed and one labeller applied that rule to both labellings (same
    day), they agree at F1 0.870 (188 of 220 and 212; 0.83-0.91). The test holds the documented
    figure and the counts, so a lost or changed label fails."""
    a = bench.agreement()
    o = a["overall"]
    assert a["documents"] == 14 and (o["matched"], o["extracted"], o["gold"]) == (188, 212, 220)
    assert round(o["f1"], 3) == 0.870
