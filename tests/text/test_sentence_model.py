"""The learned sentence model beside the cue rules (issue 18, item 5): worked on a tiny hand-made
training set, its JSON round trip, how the extractor uses its two thresholds, and the shipped model
rebuilt from its recipe (development documents and the ledger only)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np

from latticework.text.extract import extract_text
from latticework.text.sentence_model import SentenceModel, load_model, terms, train

REPO = Path(__file__).resolve().parents[2]
TEXTS = ["The two navies held a joint exercise at sea.", "Troops trained together in a joint exercise.",
         "The ministers met for talks in Tokyo.", "Leaders held talks on trade.",
         "The weather was fine.", "Markets rose on Monday."]
LABELS = [{"EXERCISE"}, {"EXERCISE"}, {"DIALOGUE"}, {"DIALOGUE"}, set(), set()]


def test_a_tiny_model_reads_its_own_training_sentences():
    """Terms in two sentences or more only (min_df 2): 'joint exercise', 'held', 'talks' … The
    exercise sentences score highest on EXERCISE, the talks on DIALOGUE; a type without any
    positive example gets a fixed intercept of -10 (p ~ 0.00005)."""
    m = train(TEXTS, LABELS)
    assert "joint exercise" in m.vocabulary and "weather" not in m.vocabulary
    p = m.proba(TEXTS)
    ex, di, pact = m.types.index("EXERCISE"), m.types.index("DIALOGUE"), m.types.index("DEFENSE_PACT")
    assert p[:2, ex].min() > p[2:, ex].max() and p[2:4, di].min() > np.delete(p[:, di], [2, 3]).max()
    assert p[:, pact].max() < 1e-4
    assert m.proba([]).shape == (0, 13)


def test_terms_are_words_bigrams_and_five_letter_stems():
    """Worked by hand: "Japan invests, investing." has the words japan / invests / investing (the
    comma and full stop split, capitals lowered), their two bigrams, and the same over the stems
    japan / inves / inves, so the two forms of "invest" share the stem term twice."""
    t = terms("Japan invests, investing.")
    assert t[:5] == ["japan", "invests", "investing", "japan invests", "invests investing"]
    assert t[5:] == ["s:japan", "s:inves", "s:inves", "s:japan inves", "s:inves inves"]
    assert terms("Japan invests", stem=0) == ["japan", "invests", "japan invests"]
    assert terms("a I") == []  # one-letter tokens are not words (scikit-learn's pattern)


def test_the_sentence_before_is_read_as_stems_prefixed_p():
    """Worked by hand: the input of "It covers troops." after "Japan signed an access pact." is
    the sentence, U+2029 and the sentence before; its terms are the sentence's own (words, bigrams,
    stems) and the stems of the sentence before, prefixed p: (japan signe an acces pact); without
    context nothing is split (a text holding U+2029 reads whole); the first sentence has nothing
    before it."""
    from latticework.text.sentence_model import CONTEXT_SEP, with_context

    sents = ["Japan signed an access pact.", "It covers troops."]
    x = with_context(sents)
    assert x == ["Japan signed an access pact." + CONTEXT_SEP, "It covers troops." + CONTEXT_SEP + sents[0]]
    assert terms(x[1], context=True) == terms(sents[1]) + ["p:japan", "p:signe", "p:an", "p:acces", "p:pact"]
    assert terms(x[1], context=False) == terms(sents[1] + " " + sents[0])
    assert terms(x[0], context=True) == terms(sents[0])
    m = train(with_context(TEXTS), LABELS, context=True)  # a model that reads context asks for it
    assert m.context and m.inputs(sents, [1]) == [x[1]]
    assert train(TEXTS, LABELS).inputs(sents, [1]) == [sents[1]]  # the shipped recipe does not


def test_a_model_of_words_only_still_loads_and_reads_as_before():
    """A model file without a "features" entry (written before the stems) is read with words only:
    its stem is 0 and a sentence's features are the same as scikit-learn's word vectorizer gives."""
    import json

    from sklearn.feature_extraction.text import TfidfVectorizer

    m = train(TEXTS, LABELS)
    d = json.loads(m.to_json())
    assert d["features"] == {"words": [1, 2], "stem": 5, "context": False}
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(TEXTS)
    old = SentenceModel({t: int(i) for t, i in vec.vocabulary_.items()}, vec.idf_, np.zeros((13, len(vec.idf_))),
                        np.zeros(13), m.types, {"keep": 0.5, "add": 0.9})
    d_old = json.loads(old.to_json())
    del d_old["features"]
    back = SentenceModel.from_json(json.dumps(d_old))
    assert back.stem == 0 and back.context is False
    assert abs(back.features(TEXTS) - vec.transform(TEXTS)).max() < 1e-6  # IDF stored to 6 decimals


def test_json_round_trip_keeps_the_probabilities():
    m = train(TEXTS, LABELS, thresholds={"keep": 0.2, "add": 0.8}, meta={"note": "hand"})
    back = SentenceModel.from_json(m.to_json())
    assert back.thresholds == {"keep": 0.2, "add": 0.8} and back.meta == {"note": "hand"}
    assert np.allclose(back.proba(TEXTS), m.proba(TEXTS), atol=1e-5)


def test_the_extractor_keeps_drops_and_adds_by_the_thresholds():
    """A cue the model does not support is dropped below ``keep``; a type no cue found is added
    at ``add`` or above, with the model named as its cue; the rules alone ignore the model."""
    text = "Japan and Australia held a joint exercise in the Coral Sea."
    rules = {e["type"] for e in extract_text(text, title="Joint Statement", model=False)}
    assert "EXERCISE" in rules
    m = train(TEXTS, LABELS, thresholds={"keep": 0.0, "add": 2.0})
    assert {e["type"] for e in extract_text(text, title="Joint Statement", model=m)} == rules
    m.thresholds = {"keep": 1.01, "add": 2.0}  # nothing passes keep: every cue dropped
    assert extract_text(text, title="Joint Statement", model=m) == []
    m.thresholds = {"keep": 0.0, "add": 0.0}  # every type added
    added = [e for e in extract_text(text, title="Joint Statement", model=m) if e["cue"].startswith("model p=")]
    assert {e["type"] for e in added} == set(m.types) - rules


def test_the_model_cannot_drop_a_cue_it_has_no_words_for():
    """A cue none of whose words the model saw ("Zyxwv Accord") is kept whatever the model says."""
    m = load_model()
    assert m.knows("Reciprocal Access Agreement") and not m.knows("Zyxwv Qqrst")
    m = SentenceModel(m.vocabulary, m.idf, m.coef, m.intercept, m.types, {"keep": 1.01, "add": 2.0}, m.meta)
    assert extract_text("Japan and Australia signed a Reciprocal Access Agreement.", model=m) == []  # dropped
    from latticework.text import extract as X
    an = X.analyse("Japan and Australia signed the Qqrst Zyxwv.", 0, None, None)
    an.cues[0] = {"SECURITY_AGREEMENT": re.match(r"Qqrst Zyxwv", "Qqrst Zyxwv")}
    assert X._sentence_types(an, m) == [{"SECURITY_AGREEMENT": "Qqrst Zyxwv"}]  # kept: no evidence to drop it


def test_the_shipped_model_loads_and_states_its_training():
    m = load_model()
    assert m is not None and len(m.types) == 13 and 0 <= m.thresholds["keep"] <= 1
    docs = m.meta["trained_on"]["dev_documents"]
    assert len(docs) == 117 and m.meta["trained_on"]["ledger_records"] >= 1000
    import yaml
    test_docs = {yaml.safe_load(p.read_text())["doc"] for p in (REPO / "data/gold/extraction").glob("*.yaml")
                 if yaml.safe_load(p.read_text())["split"] == "test"}
    assert not test_docs & set(docs)  # never trained on a test document


def test_the_shipped_model_is_what_its_recipe_makes(corpus):
    """Retrain from the dev documents and the ledger (leave-one-document-out thresholds included)
    and compare with the shipped file: a model edited by hand, or stale after the ledger or the
    gold changed, fails here (rebuild with scripts/train_sentence_model.py)."""
    r = subprocess.run([sys.executable, str(REPO / "scripts/train_sentence_model.py"), "--corpus", str(corpus), "--check"],
                       capture_output=True, text=True, timeout=1800)  # a retraining, not a speed test
    assert r.returncode == 0, r.stdout + r.stderr


def test_per_type_add_thresholds_worked_by_hand():
    """scripts/train_sentence_model.per_type_add on hand-made cross-validated counts: at add 0.5
    DIALOGUE adds 40 events of which 10 are right (precision falls), at 0.9 it adds none; EXERCISE
    gains 8 right of 10 at 0.5. The micro F1 is best with DIALOGUE at 0.9 and EXERCISE at 0.5, so
    only DIALOGUE gets its own threshold.

    Worked out: gold 20 DIALOGUE + 20 EXERCISE; rules alone find 10 + 10, all right.
    Both at 0.9: 20 of 20 extracted right of 40 gold: P 1.00, R 0.50, F1 0.667.
    Both at 0.5: 38 right of 70: P 0.543, R 0.95, F1 0.691. DIALOGUE 0.9, EXERCISE 0.5: 28 right of
    30: P 0.933, R 0.70, F1 0.800 — the best of the four."""
    import importlib.util
    from collections import Counter

    spec = importlib.util.spec_from_file_location("tsm", REPO / "scripts" / "train_sentence_model.py")
    tsm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tsm)
    cv = {}
    for a in tsm.ADD_GRID:
        low = a <= 0.5
        cv[(0.0, a)] = {"by_type": {
            "DIALOGUE": Counter(matched=10 + (10 if low else 0), extracted=10 + (40 if low else 0), gold=20),
            "EXERCISE": Counter(matched=10 + (8 if low else 0), extracted=10 + (10 if low else 0), gold=20)}}
    by_type, tot = tsm.per_type_add(cv, 0.0, 0.5)
    assert by_type["DIALOGUE"] > 0.5 and "EXERCISE" not in by_type
    assert abs(tot["f1"] - 0.8) < 1e-9 and abs(tot["precision"] - 28 / 30) < 1e-9
