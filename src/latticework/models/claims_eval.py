"""Scoring the claim checker against the claims gold set (issue 18, item 4).

The gold set: analysis-style public-domain documents in ``data/corpus/claims/*.txt`` (header block
and body, as in ``../shared/corpus``) and, for each, ``data/gold/claims/<doc>.yaml`` — every
statement a careful analyst could check, with its span (offsets into the body), kind, normalised
subject / predicate / value / unit / time, whether the project's data can decide it
(``checkable``) and the verdict those data give (``verdict``, ``compared_with``). The labels were
written by people who did not look at the checker's output; documents are split into ``dev`` and
``test`` before any tuning (the split is in each gold file).

Matching rule: a claim the checker found matches a gold claim when their spans overlap (each
gold claim and each found claim matched at most once, largest overlap first). Overlap alone can
pair a claim with a different fact of the same sentence (an event claim with a gold "first" or a
growth figure), so the figures are also given under a **strict rule**: the pair must also be of
compatible kinds (``COMPATIBLE_KINDS``: a figure with the same figure, a "first" with a first-time
claim, an event or agreement with an event or agreement claim), matched anew under that rule.

Figures (per split):

* ``recall`` — matched checkable gold claims / checkable gold claims (issue target ≥ 0.70);
* ``verdict_agreement`` — among matched checkable gold claims, the share whose verdict equals the
  gold verdict (target ≥ 0.80);
* ``found``, ``unmatched_found`` — claims the checker reported, and those matching no gold claim;
* per gold kind: checkable claims and how many were found;
* ``strict`` — ``matched_checkable``, ``verdict_agree``, ``recall`` and ``verdict_agreement``
  under the strict rule;
* ``evidence`` — whether an agreeing verdict rests on the record the labeller named: among matched
  checkable claims whose checker verdict equals the gold one, is not ``not_checkable``, cites a
  ledger record, and whose gold ``compared_with`` or ``notes`` names one or more ledger records,
  ``named`` counts them and ``same`` those where the checker's record is one the labeller named
  (``share`` = same / named). A verdict can agree while resting on an unrelated record; this
  figure shows how often it does not.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from latticework.errors import InvalidInput, UsageError
from latticework.models.resampling import cluster_interval

__all__ = ["GOLD_DIR", "CORPUS_DIR", "COMPATIBLE_KINDS", "load_gold", "match_claims", "evaluate"]

REPO = Path(__file__).resolve().parents[3]
GOLD_DIR = REPO / "data" / "gold" / "claims"
CORPUS_DIR = REPO / "data" / "corpus" / "claims"

#: gold claim kind -> the kinds of found claim that state the same sort of fact (the strict rule);
#: kinds the checker never finds (trade, attributions, interpretations) have none
_BUDGET = {"budget_target", "military_spending"}
COMPATIBLE_KINDS = {
    "military_spending": {"military_spending"}, "spending_share_gdp": {"spending_share_gdp"},
    "spending_rank": {"spending_rank"}, "us_troops": {"us_troops"}, "exercise_count": {"exercise_count"},
    "count_growth": {"exercise_count"}, "vessels_provided": {"vessels_provided"},
    "budget_level_money": _BUDGET, "budget_target_share": _BUDGET, "budget_target_money": _BUDGET,
    "first": {"first_time"}, "agreement": {"agreement", "event", "arms_deal"}, "event": {"event", "agreement", "arms_deal"},
    "aid_programme": {"event", "agreement"}, "institutional": {"agreement", "alliance_age"},
}


def load_gold(split: str = "test", gold_dir: Path = GOLD_DIR, corpus_dir: Path = CORPUS_DIR) -> list[dict]:
    """The gold files of ``split`` ("dev", "test" or "all"), each with its document's path (offsets count
    characters of the body); a span
    whose text no longer hashes to its ``span_sha1`` is an error naming the file and claim.

    Parameters
    ----------
    split : {"dev", "test", "all"}
        Which documents: the gold files whose ``split`` field equals it, or every file with
        ``"all"`` (any other value matches no file and gives an empty list).
    gold_dir : path-like
        The label files, ``*.yaml`` (default: the repository's ``data/gold/claims``).
    corpus_dir : path-like
        The documents the labels name (default: the repository's ``data/corpus/claims``).

    Returns
    -------
    list of dict
        One per gold file, in file-name order: the file's YAML mapping (``doc``, ``split``,
        ``claims`` with their ``start``/``end`` offsets in characters of the body, ``kind``,
        ``checkable``, ``verdict`` …) plus ``path``, the document's :class:`pathlib.Path`.

    Raises
    ------
    UsageError
        ``gold_dir`` is not a folder or holds no ``*.yaml`` file (an installed package has no
        gold set).
    InvalidInput
        A gold file names a document missing from ``corpus_dir``, or a claim's span no longer
        matches its ``span_sha1`` (first 12 hex digits of the SHA-1 of the span's UTF-8 text).
    """
    from latticework.text.document import read_document

    if not Path(gold_dir).is_dir() or not any(Path(gold_dir).glob("*.yaml")):
        # the gold set is part of the repository, not of an installed package
        raise UsageError(f"no claims gold set at {gold_dir}",
                         "run from a checkout of the repository (data/gold/claims) or pass gold_dir and corpus_dir")
    out = []
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        g = yaml.safe_load(path.read_text(encoding="utf-8"))
        if split != "all" and g.get("split") != split:
            continue
        doc = Path(corpus_dir) / g["doc"]
        if not doc.is_file():
            raise InvalidInput(f"{path}: document {g['doc']} not found in {corpus_dir}",
                               "add the document or remove the gold file")
        _, body = read_document(doc)
        for i, c in enumerate(g.get("claims") or []):
            h = hashlib.sha1(body[c["start"]:c["end"]].encode("utf-8")).hexdigest()[:12]
            if h != str(c["span_sha1"]):
                raise InvalidInput(f"{path}: claim {i} (offsets {c['start']}-{c['end']}) no longer matches its span_sha1",
                                   "re-label the span or restore the document")
        out.append({**g, "path": doc})
    return out


def match_claims(found: list[dict], gold: list[dict], strict: bool = False) -> list[tuple[int, int]]:
    """Pairs (found index, gold index) of overlapping spans, largest overlap first, one-to-one;
    with ``strict``, only pairs whose kinds are compatible (``COMPATIBLE_KINDS``).

    Parameters
    ----------
    found : list of dict
        Claims the checker reported, with ``start`` and ``end`` (character offsets into the body,
        end excluded).
    gold : list of dict
        Gold claims, with ``start`` and ``end`` in the same characters (and ``kind``, for
        ``strict``).
    strict : bool
        Whether a pair must also be of compatible kinds (found ``kind`` in
        ``COMPATIBLE_KINDS[gold kind]``).

    Returns
    -------
    list of (int, int)
        ``(found index, gold index)`` pairs whose spans overlap by at least one character
        (touching spans do not), taken largest overlap first (ties: higher indices first), each
        index used at most once; in that order.
    """
    cands = []
    for i, f in enumerate(found):
        for j, g in enumerate(gold):
            ov = min(f["end"], g["end"]) - max(f["start"], g["start"])
            if strict and f.get("kind") not in COMPATIBLE_KINDS.get(g.get("kind"), ()):
                continue
            if ov > 0:
                cands.append((ov, i, j))
    used_f, used_g, pairs = set(), set(), []
    for ov, i, j in sorted(cands, reverse=True):
        if i not in used_f and j not in used_g:
            used_f.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def evaluate(db, split: str = "test", gold_dir: Path = GOLD_DIR, corpus_dir: Path = CORPUS_DIR) -> dict:
    """Run the checker on the split's documents and score it (see the module docstring): counts of
    claims, and ``recall`` and ``verdict_agreement`` as shares (0–1).

    Parameters
    ----------
    db : Store
        The open store the checker (:func:`latticework.models.claim_check.check_file`) reads.
    split : {"dev", "test", "all"}
        Which documents (default ``"test"``), as for :func:`load_gold`.
    gold_dir, corpus_dir : path-like
        The label files and the documents, as for :func:`load_gold`.

    Returns
    -------
    dict
        ``split``; ``documents`` (count); totals over the documents, all counts of claims:
        ``gold``, ``checkable``, ``matched_checkable`` (checkable gold claims a found claim
        matched), ``verdict_agree`` (of those, the checker's verdict equals the gold one),
        ``found``, ``unmatched_found`` (found claims matching no gold claim, checkable or not);
        ``recall`` = matched_checkable / checkable and ``verdict_agreement`` = verdict_agree /
        matched_checkable, shares (0–1) rounded to 4 decimals, None when the denominator is 0;
        ``recall_interval`` and ``verdict_agreement_interval`` ([low, high], 95 % percentile
        bootstrap intervals resampling documents, None with fewer than two that count);
        ``per_document`` (the same counts per document, with ``doc``), ``per_kind`` ({kind:
        {``gold``, ``checkable``, ``found``}}, ``found`` counting matched checkable claims) and
        ``verdict_disagreements`` (``doc``, ``start``, ``kind``, ``gold`` and ``checker``
        verdicts of each matched checkable claim whose verdicts differ).
    """
    from latticework.models.claim_check import check_file
    from latticework.views import panels

    docs = load_gold(split, gold_dir, corpus_dir)
    record_ids = set(panels.events(db)["event_id"])
    evidence = {"named": 0, "same": 0}
    tot = {"gold": 0, "checkable": 0, "matched_checkable": 0, "verdict_agree": 0, "found": 0, "unmatched_found": 0}
    kinds: dict[str, dict] = {}
    per_doc, disagreements = [], []
    strict = {"matched_checkable": 0, "verdict_agree": 0}
    for g in docs:
        found = check_file(db, g["path"])
        claims = g.get("claims") or []
        pairs = match_claims(found, claims)
        matched = {j: i for i, j in pairs}
        chk = [j for j, c in enumerate(claims) if c.get("checkable")]
        mc = [j for j in chk if j in matched]
        agree = [j for j in mc if found[matched[j]]["verdict"] == claims[j]["verdict"]]
        for j in mc:
            if j not in agree:
                disagreements.append({"doc": g["doc"], "start": claims[j]["start"], "kind": claims[j]["kind"],
                                      "gold": claims[j]["verdict"], "checker": found[matched[j]]["verdict"]})
        for j in agree:
            named = named_records(claims[j], record_ids)
            cited = cited_record(found[matched[j]], record_ids)
            if named and cited and claims[j]["verdict"] != "not_checkable":
                evidence["named"] += 1
                evidence["same"] += cited in named
        for j, c in enumerate(claims):
            k = kinds.setdefault(c["kind"], {"gold": 0, "checkable": 0, "found": 0})
            k["gold"] += 1
            if c.get("checkable"):
                k["checkable"] += 1
                k["found"] += int(j in matched)
        sm = {j: i for i, j in match_claims(found, claims, strict=True)}
        strict["matched_checkable"] += sum(j in sm for j in chk)
        strict["verdict_agree"] += sum(j in sm and found[sm[j]]["verdict"] == claims[j]["verdict"] for j in chk)
        row = {"doc": g["doc"], "gold": len(claims), "checkable": len(chk), "matched_checkable": len(mc),
               "verdict_agree": len(agree), "found": len(found), "unmatched_found": len(found) - len(pairs)}
        per_doc.append(row)
        for key in tot:
            tot[key] += row[key]
    ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {"split": split, "documents": len(docs), **tot,
            "recall": ratio(tot["matched_checkable"], tot["checkable"]),
            "verdict_agreement": ratio(tot["verdict_agree"], tot["matched_checkable"]),
            "recall_interval": _doc_interval(per_doc, "matched_checkable", "checkable"),
            "verdict_agreement_interval": _doc_interval(per_doc, "verdict_agree", "matched_checkable"),
            "per_document": per_doc, "per_kind": kinds, "verdict_disagreements": disagreements,
            "strict": {**strict, "recall": ratio(strict["matched_checkable"], tot["checkable"]),
                       "verdict_agreement": ratio(strict["verdict_agree"], strict["matched_checkable"])},
            "evidence": {**evidence, "share": ratio(evidence["same"], evidence["named"])}}


_RECORD_ID = re.compile(r"[a-z0-9][a-z0-9-]{6,}")


def named_records(claim: dict, record_ids: set[str]) -> set[str]:
    """Ledger record ids a gold claim's ``compared_with`` and ``notes`` name (words of the text that
    are ids in ``record_ids``)."""
    text = f"{claim.get('compared_with') or ''} {claim.get('notes') or ''}"
    return {t for t in _RECORD_ID.findall(text) if t in record_ids}


def cited_record(row: dict, record_ids: set[str]) -> str | None:
    """The ledger record id a checker row rests on: ``compared_with['record']``, else the first id
    in ``source`` ("ledger record <id>"); None when it cites none."""
    cw = row.get("compared_with")
    if isinstance(cw, dict) and cw.get("record") in record_ids:
        return cw["record"]
    return next((t for t in _RECORD_ID.findall(str(row.get("source") or "")) if t in record_ids), None)


def _doc_interval(per_doc: list[dict], num: str, den: str) -> list[float] | None:
    """95 % bootstrap interval of sum(num) / sum(den), resampling the documents that have a
    denominator (a document without checkable claims says nothing of recall); None with fewer
    than two such documents."""
    rows = [r for r in per_doc if r[den]]
    iv = cluster_interval(([r[num] for r in rows], [r[den] for r in rows]), lambda a, b: a.sum() / b.sum())
    return [round(iv[0], 4), round(iv[1], 4)] if iv else None
