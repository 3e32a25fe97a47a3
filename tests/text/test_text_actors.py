"""Actors: names, demonyms, capitals as metonyms, other names, organisations, party words."""
import pytest

from latticework.text.actors import find_actors, resolve_name
from latticework.text.extract import extract_text, parties_of


def codes(text):
    return [a[2] for a in find_actors(text)]


@pytest.mark.parametrize("text, expected", [
    ("Japanese destroyers sailed with Australian frigates.", ["JPN", "AUS"]),
    ("Tokyo and Washington agreed; Beijing objected; Manila welcomed it.", ["JPN", "USA", "CHN", "PHL"]),
    ("Moscovia and Moscow are both Russia.", ["RUS", "RUS", "RUS"]),
    ("The ROK and the PRC met the DPRK.", ["KOR", "CHN", "PRK"]),
    ("The U.S.-Japan Alliance and the U.S.-ROK alliance.", ["USA", "JPN", "USA", "KOR"]),
    ("South Korea is not North Korea.", ["KOR", "PRK"]),
    ("Japan's and China's navies.", ["JPN", "CHN"]),
    ("NATO, the EU, ASEAN, the Quad and AUKUS.", ["NATO", "EU", "ASEAN", "QUAD", "AUKUS"]),
    ("the People's Republic of China and the Republic of Korea", ["CHN", "KOR"]),
])
def test_actor_forms(text, expected):
    assert codes(text) == expected


def test_block_phrases_are_not_actors():
    assert codes("Patrols in the South China Sea and the East China Sea near the Korean Peninsula.") == []
    assert codes("peace across the Taiwan Strait") == []


def test_names_across_a_hard_line_break():
    assert codes("the United\nStates and the Republic of\nKorea") == ["USA", "KOR"]


def test_resolve_name_any_case():
    assert resolve_name("Moscovia") == "RUS"
    assert resolve_name("tokyo") == "JPN"
    assert resolve_name("South China Sea") is None
    assert resolve_name("Atlantis") is None


def test_parties_from_titles():
    assert parties_of("Joint Statement of the United States and Japan") == ["USA", "JPN"]
    assert parties_of("Joint Leaders Statement on AUKUS") == ["AUS", "GBR", "USA"]
    assert parties_of("Joint Statement of Japan, the Republic of Korea, and the United States") == ["JPN", "KOR", "USA"]


def test_we_our_leaders_alliance_resolve_to_the_issuing_states():
    title = "Joint Statement of Japan and the Philippines"
    text = "We welcome the signing of our Reciprocal Access Agreement today."
    ev = extract_text(text, title=title, document_date="2024-07-08")
    assert [e["type"] for e in ev] == ["ACCESS_AGREEMENT"]
    assert ev[0]["actors"] == ["JPN", "PHL"]
    for phrase in ("The Leaders", "The Alliance", "Our two countries"):
        ev = extract_text(f"{phrase} reaffirmed the Reciprocal Access Agreement.", title=title)
        assert ev and set(ev[0]["actors"]) == {"JPN", "PHL"}, phrase


def test_named_actors_come_before_party_words_in_reading_order():
    ev = extract_text("Australia and we held a trilateral exercise.", title="Joint Statement of the United States and Japan")
    assert ev[0]["actors"] == ["AUS", "USA", "JPN"]


def test_coercion_names_the_coercer_not_the_issuers():
    ev = extract_text("We condemn the ballistic missile launches by North Korea.",
                      title="Joint Statement of the United States and Japan")
    co = [e for e in ev if e["type"] == "COERCION"]
    assert co and co[0]["actors"] == ["PRK"]
    assert not [e for e in extract_text("We oppose coercion.", title="Joint Statement of the United States and Japan")
                if e["type"] == "COERCION"]


def test_a_word_cut_by_the_range_end_is_not_a_shorter_actor():
    from latticework.text.actors import find_actors

    text = "The Japanese navy met the Australian navy."
    cut = text.index("Japan") + len("Japan")
    assert find_actors(text, 0, cut) == []
    assert [a[2] for a in find_actors(text)] == ["JPN", "AUS"]
    assert [a[2] for a in find_actors(text, 0, text.index(" navy met"))] == ["JPN"]
