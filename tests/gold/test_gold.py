"""The hand-labelled gold set stays consistent with the corpus it labels.

The checker (data/gold/check_gold.py) re-derives every document body and verifies that each
label's sentence is exactly ``body[start:end]``, types and actors are valid, and the dev/test
split is the one in data/gold/GUIDELINES.md. The corpus lives in ../shared/corpus.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def test_gold_set_matches_corpus():
    if not (CORPUS / "INDEX.tsv").is_file():
        msg = f"no corpus at {CORPUS}"
        if os.environ.get("LATTICEWORK_REQUIRE_DATA", "") not in ("", "0", "false", "no"):
            pytest.fail(msg + " (LATTICEWORK_REQUIRE_DATA=1 forbids skipping)")
        pytest.skip(msg)
    run = subprocess.run([sys.executable, str(REPO / "data" / "gold" / "check_gold.py"), "--corpus", str(CORPUS)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "OK: no problems" in run.stdout


def test_checker_catches_shifted_offsets(tmp_path):
    """A label whose offsets no longer cut out the labelled sentence is a problem (exit 1)."""
    if not (CORPUS / "INDEX.tsv").is_file():
        pytest.skip(f"no corpus at {CORPUS}")
    import shutil

    gold = tmp_path / "gold"
    shutil.copytree(REPO / "data" / "gold" / "extraction", gold)
    f = gold / "wh-2023-01-13-us-japan-joint-statement.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("  start: 338\n  end: 508\n", "  start: 339\n  end: 508\n", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "data" / "gold" / "check_gold.py"), "--corpus", str(CORPUS),
                          "--gold", str(gold)], capture_output=True, text=True)
    assert run.returncode == 1 and "not the labelled sentence" in run.stdout
