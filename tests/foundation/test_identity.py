"""Any name a user types resolves; an unknown one lists the closest matches."""
import pytest

from latticework.errors import UnknownState


@pytest.mark.parametrize("query,ccode", [
    ("Japan", 740), ("JPN", 740), (740, 740), ("740", 740), ("Republic of Korea", 732),
    ("South Korea", 732), ("ROK", 732), ("Türkiye", 640), ("Turkey", 640), ("United States", 2),
    ("USA", 2), ("UKG", 200), ("United Kingdom", 200), ("Britain", 200), ("Philippines", 840),
    ("PHL", 840), ("Soviet Union", 365), ("Russian Federation", 365), ("Burma", 775),
    ("Myanmar", 775), ("German Federal Republic", 260), ("Republic of Vietnam", 817),
    ("Taiwan", 713), ("AUS", 900), ("Australia", 900), ("AUT", 305), ("Austria", 305), ("AUL", 900), ("People's Republic of China", 710), ("Czechoslovakia", 315), ("Yugoslavia", 345),
])
def test_resolves(real_db, query, ccode):
    assert real_db.state(query).ccode == ccode


def test_unknown_state_suggests(real_db):
    with pytest.raises(UnknownState) as ei:
        real_db.state("Japna")
    assert "Japan" in " ".join(ei.value.suggestions)
    assert "did you mean" in str(ei.value)


def test_unknown_code(real_db):
    with pytest.raises(UnknownState):
        real_db.state(9999)


@pytest.mark.parametrize("junk", ["²", "¹²", "٣", "", "   ", "\x00", "A" * 500])
def test_junk_is_unknown_not_a_crash(real_db, junk):
    """Found by the API fuzzer: '²'.isdigit() is True but int('²') fails."""
    with pytest.raises(UnknownState):
        real_db.state(junk)
