"""The hand-labelled gold set stays consistent with the corpus it labels.

The checker (data/gold/check_gold.py) re-derives every document body and verifies that each
label's offsets cut out a whole sentence whose SHA-1 matches the label's ``sentence_sha1``, that
types and actors are valid, and that the dev/test split is the one in data/gold/GUIDELINES.md.
The corpus lives in ../shared/corpus (the ``corpus`` fixture).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECKER = REPO / "data" / "gold" / "check_gold.py"


def check(corpus: Path, gold: Path | None = None, *extra: str) -> subprocess.CompletedProcess:
    args = [sys.executable, str(CHECKER), "--corpus", str(corpus)] + (["--gold", str(gold)] if gold else []) + list(extra)
    return subprocess.run(args, capture_output=True, text=True, cwd=REPO)


def test_gold_set_matches_corpus(corpus):
    run = check(corpus)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "OK: no problems" in run.stdout


def test_second_labelling_matches_corpus(corpus):
    """The second, blind labelling (data/gold/second, the labeller-agreement figure of docs/text.md)
    keeps the same rules: offsets, hashes, types, actors, splits."""
    run = check(corpus, REPO / "data" / "gold" / "second", "--allow-missing")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "total events: 212 in 14 documents" in run.stdout  # 213 before the sanctions rule (2026-12-05)


def test_checker_catches_shifted_offsets(corpus, tmp_path):
    """A label whose offsets no longer cut out the labelled sentence is a problem (exit 1)."""
    gold = tmp_path / "gold"
    shutil.copytree(REPO / "data" / "gold" / "extraction", gold)
    f = gold / "wh-2023-01-13-us-japan-joint-statement.yaml"
    text = f.read_text(encoding="utf-8")
    shifted = text.replace("  start: 338\n  end: 508\n", "  start: 339\n  end: 508\n", 1)
    assert shifted != text
    f.write_text(shifted, encoding="utf-8")
    run = check(corpus, gold)
    assert run.returncode == 1 and "not the labelled sentence" in run.stdout
