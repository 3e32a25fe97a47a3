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


def test_ambiguous_or_historical_names_follow_the_year(real_db):
    """'Korea' is the Republic of Korea today and the Korean Empire in 1900; the others are listed."""
    today = real_db.state("Korea")
    assert today.ccode == 732 and any("COW 730" in a for a in today.alternatives)
    assert any("COW 731" in a for a in today.alternatives)
    assert real_db.state("Korea", 1900).ccode == 730
    assert real_db.state("Germany").ccode == 255 and real_db.state("Germany", 1970).ccode == 260
    assert real_db.state("Yemen", 1980).ccode == 678 and real_db.state("Yemen").ccode == 679
    assert real_db.state("Japan").alternatives == ()
    assert real_db.state(730).ccode == 730  # a code is taken as given
