"""Event extraction on small hand-made texts; cue anchors; streaming in chunks."""

import pytest

from latticework.text.extract import _rules, extract_file, extract_text, iter_extract_file


def types(text, **kw):
    return [e["type"] for e in extract_text(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("Japan and Australia signed a Reciprocal Access Agreement in 2022.", "ACCESS_AGREEMENT"),
    ("Japan and the United Kingdom held a joint naval exercise in the Pacific.", "EXERCISE"),
    ("Japan raised its defense budget to 2% of GDP.", "DEFENSE_BUDGET"),
    ("Japan adopted a new National Security Strategy in 2022.", "DEFENSE_POLICY"),
    ("About 2,500 U.S. Marines are stationed in Darwin, Australia.", "FORCE_POSTURE"),
    ("Chinese coast guard ships used water cannon against Philippine vessels.", "COERCION"),
    ("Washington said again that the Senkaku Islands fall under Article V.", "COMMITMENT"),
    ("Japan will provide coast guard vessels to the Philippines under Official Security Assistance.", "SECURITY_ASSISTANCE"),
    ("Japan and the United States will co-produce interceptor missiles.", "ARMS_TRANSFER"),
    ("Japan and the Philippines held their first 2+2 meeting.", "DIALOGUE"),
    ("Japan and South Korea restored GSOMIA.", "SECURITY_AGREEMENT"),
    ("Japan and the United States agreed to cooperate on critical minerals.", "ECONOMIC_SECURITY"),
    ("The 1953 Mutual Defense Treaty binds the United States and South Korea.", "DEFENSE_PACT"),
])
def test_each_type(text, expected):
    """Each type's cue rules on a sentence that states one event of it (the rules alone: the
    sentence model may overrule a cue, see below)."""
    assert expected in types(text, model=False)


def test_the_shipped_model_keeps_the_plain_cases():
    """With the sentence model, at least 12 of the 13 plain sentences keep their type. The model
    learned from the gold set that GSOMIA is mostly mentioned in passing, so it reads "restored
    GSOMIA" as an exercise sentence (P(SECURITY_AGREEMENT) 0.14 < keep 0.2): a known miss."""
    cases = test_each_type.pytestmark[0].args[1]
    kept = [text for text, expected in cases if expected in types(text)]
    assert len(kept) >= 12, set(t for t, _ in cases) - set(kept)


def test_general_wishes_without_cues_are_not_events():
    assert extract_text("Japan and Australia will deepen their cooperation and uphold the rules-based order.") == []


def test_no_actor_no_event():
    assert extract_text("A Reciprocal Access Agreement was signed.") == []


def test_event_fields():
    (ev,) = extract_text("Japan and the Philippines signed a Reciprocal Access Agreement on July 8, 2024.", doc="t")
    assert set(ev) >= {"type", "actors", "date", "date_kind", "quantities", "evidence"}
    assert ev["actors"] == ["JPN", "PHL"] and ev["date"] == "2024-07-08" and ev["date_kind"] == "signed"
    text = "Japan and the Philippines signed a Reciprocal Access Agreement on July 8, 2024."
    assert ev["evidence"] == {"doc": "t", "sentence": text, "start": 0, "end": len(text)}


def test_budget_quantities_and_planned():
    (ev,) = [e for e in extract_text("Japan plans to raise defense spending to ¥43 trillion by FY2027.",
                                     document_date="2022-12-16") if e["type"] == "DEFENSE_BUDGET"]
    assert ev["quantities"] == [{"value": 43e12, "unit": "JPY", "approx": False}]
    assert ev["date"] == "2027" and ev["date_kind"] == "planned"


def test_every_cue_match_contains_an_anchor_of_its_type():
    texts = [
        "the Treaty of Mutual Cooperation and Security; ANZUS; a mutual defense treaty; treaty alliances",
        "Article V; extended deterrence; ironclad; unwavering commitment; committed to defend; security guarantees",
        "reciprocal access; status of forces; visiting forces agreement; EDCA; base access",
        "ACSA; GSOMIA; information-sharing; real-time data; security partnership; AUKUS; air defense architecture",
        "naval exercises; drills; joint patrol; maritime cooperative activity; RIMPAC; Exercise Talisman",
        "summit; 2+2; ministerial; ministers met; meeting; new dialogue; Official Visit; Quad; talks",
        "Official Security Assistance; military aid; coast guard capacity building; provided coast guard vessels",
        "co-development; co-production; arms sales; Tomahawk; acquire missiles; submarines; materiel",
        "defense spending; 2% of GDP; fund the Pacific Deterrence Initiative",
        "National Security Strategy; counterstrike; Joint Operations Command; command and control; OPCON",
        "troops; force posture; deployed forces; stationed; rotational; military bases; realignment; presence",
        "economic security; supply chains; semiconductors; critical minerals; IPEF; 5G; subsea cables; LNG",
        "coercion; missile launches; incursions; harassment; water cannon; war of aggression; invasion; attacks",
    ]
    for name, rule in _rules()["types"].items():
        for text in texts:
            for m in rule["cue"].finditer(text):
                low = " ".join(m.group(0).lower().split())
                assert any(a in low for a in rule["anchors"]), (name, m.group(0))


PARAGRAPH = ("Japan and Australia signed a Reciprocal Access Agreement in 2022.\n"
             "The weather in the capital was mild and the markets were calm that week, as usual.\n"
             "Japan and the United Kingdom held a joint naval exercise in the Pacific.\n\n")


def test_chunked_streaming_loses_and_duplicates_nothing(tmp_path):
    path = tmp_path / "many.txt"
    reps = 4000
    header = "TITLE: Synthetic\nDATE: 2024-01-01\n" + "=" * 20 + "\n"
    path.write_text(header + PARAGRAPH * reps, encoding="utf-8")
    body = PARAGRAPH * reps
    whole = extract_file(path)
    small = list(iter_extract_file(path, chunk_chars=10_000))
    assert len(whole) == len(small) == 2 * reps
    assert [e["evidence"]["start"] for e in whole] == [e["evidence"]["start"] for e in small]
    for e in small[::97] + small[-3:]:
        assert body[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["sentence"]


def test_offsets_hold_when_lowercasing_changes_length():
    text = "İstanbul İİ hosted talks. Japan and Australia signed a Reciprocal Access Agreement."
    (ev,) = extract_text(text)
    assert text[ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["sentence"]
    assert ev["evidence"]["sentence"].startswith("Japan")
