"""Precision rules of the extractor (hand-written sentences): weak cues need a concrete object,
vetoes, the coercer must be a named state, one event per distinct participant group."""
import pytest

from latticework.text.extract import _rules, extract_text

TITLE = "Joint Statement of the United States and Japan"


def events(text, **kw):
    kw.setdefault("title", TITLE)
    kw.setdefault("document_date", "2024-04-10")
    kw.setdefault("model", False)  # the cue rules alone; the sentence model has its own tests
    return extract_text(text, **kw)


def of_type(text, name, **kw):
    return [e for e in events(text, **kw) if e["type"] == name]


@pytest.mark.parametrize("text", [
    "We will build resilient and reliable supply chains among like-minded partners.",
    "We have deepened cooperation on critical and emerging technologies.",
    "Our ministers discussed economic security and development.",
])
def test_topic_without_a_concrete_object_is_not_economic_security(text):
    assert of_type(text, "ECONOMIC_SECURITY") == []


@pytest.mark.parametrize("text", [
    "We intend to launch a semiconductor workforce development initiative with the Philippines.",
    "We welcome that the IPEF Supply Chain Agreement has now entered into force.",
    "The United States and Japan will cooperate on critical minerals projects.",
])
def test_topic_with_a_concrete_object_is_economic_security(text):
    assert of_type(text, "ECONOMIC_SECURITY")


def test_tariffs_are_trade_not_economic_security():
    assert of_type("The deal set limits for tariffs on semiconductors from Japan.", "ECONOMIC_SECURITY") == []


def test_trade_talks_are_not_a_security_dialogue():
    assert of_type("These actions prompted new trade talks with South Korea.", "DIALOGUE") == []
    assert of_type("The foreign ministers of Japan and Australia met in Tokyo in July.", "DIALOGUE")


def test_meeting_todays_challenges_is_not_a_meeting():
    assert of_type("We will train a new generation to meet today’s challenges.", "DIALOGUE") == []


def test_treaty_as_legal_basis_is_not_a_pact_event_but_a_dated_treaty_is():
    assert of_type("The United States reiterated its commitment to the defense of Japan under Article V of the "
                   "Treaty of Mutual Cooperation and Security.", "DEFENSE_PACT") == []
    assert of_type("Seoul and Washington have been allies bound by the 1953 U.S.-ROK Mutual Defense Treaty.",
                   "DEFENSE_PACT")


def test_coercion_needs_a_named_coercer_not_a_grouping():
    assert of_type("We address economic coercion through the G7 Coordination Platform on Economic Coercion.",
                   "COERCION") == []
    (ev,) = of_type("We oppose China's dangerous use of coast guard vessels and water cannon.", "COERCION")
    assert ev["actors"] == ["CHN"]


def test_armed_attack_in_treaty_language_is_not_coercion():
    assert of_type("The allies committed to defend each other against armed attack from North Korea.", "COERCION") == []


def test_missile_programmes_are_not_coercive_acts_but_launches_are():
    assert of_type("We will address the dangers of North Korea's nuclear and missile program.", "COERCION") == []
    assert of_type("North Korea must give up its illegal ballistic missile and weapons of mass destruction programs.",
                   "COERCION") == []
    assert of_type("We condemn North Korea's ballistic missile launches.", "COERCION")


def test_diplomatic_presence_is_not_force_posture():
    assert of_type("We are expanding U.S. diplomatic presence in the Pacific Islands.", "FORCE_POSTURE") == []


def test_hyphenated_compound_is_its_own_participant_group():
    evs = of_type("After the U.S.-Australia pledge to co-fund subsea cables, the United States and "
                  "Japan plan to provide subsea cables in the Pacific.", "ECONOMIC_SECURITY")
    assert [e["actors"] for e in evs] == [["USA", "JPN"], ["USA", "AUS"]]


def test_compound_of_the_issuing_states_is_one_group():
    evs = of_type("The U.S.-Japan Alliance held a bilateral exercise in July.", "EXERCISE")
    assert len(evs) == 1


def test_both_x_and_y_gives_one_event_each():
    evs = of_type("The President again affirms that America's alliance commitments to both Japan and the "
                  "Philippines remain ironclad.", "COMMITMENT", title="Joint Vision Statement from the Leaders of Japan, the "
                  "Philippines, and the United States")
    assert [e["actors"] for e in evs] == [["USA", "JPN"], ["USA", "PHL"]]


def test_training_provided_is_security_assistance():
    assert of_type("Japan and the United States plan to provide maritime law enforcement training to the Philippines.",
                   "SECURITY_ASSISTANCE")


def test_weak_cues_are_declared_with_concrete_patterns():
    for name, rule in _rules()["types"].items():
        assert (rule["weak"] is None) == (rule["concrete"] is None), name


@pytest.mark.parametrize("text", [
    "Australia will train Papua New Guinea security forces personnel in 2025.",
    "Japan announced new security assistance to the Philippines.",
    "The United Kingdom pledged military aid to Ukraine.",
])
def test_security_assistance_cues(text):
    assert of_type(text, "SECURITY_ASSISTANCE", title="Statement")


def test_issuing_states_are_left_out_of_coercion_only_in_their_own_statement():
    # in a joint statement of the United States and Japan the two are the issuers, not the coercer
    text = "Japan and the United States oppose China's dangerous use of water cannon against the Philippines."
    (ev,) = of_type(text, "COERCION")
    assert "USA" not in ev["actors"] and "JPN" not in ev["actors"]
    # in a news text whose title names China and the Philippines they are its subjects, either may act
    news = "Philippine military chief accuses China of piracy at Second Thomas Shoal"
    (ev,) = of_type("On 5 August 2023, the Chinese coast guard fired water cannon at Philippine boats.",
                    "COERCION", title=news)
    assert set(ev["actors"]) == {"CHN", "PHL"}
    # "joint" in a news headline does not make the text the states' own statement
    news = "China and the Philippines trade blame after a joint patrol is shadowed"
    (ev,) = of_type("On 5 August 2023, the Chinese coast guard fired water cannon at Philippine boats.",
                    "COERCION", title=news)
    assert set(ev["actors"]) == {"CHN", "PHL"}


def _crs(body: str, publisher: str = "Congressional Research Service (Library of Congress)") -> str:
    return (f"TITLE: The Army's Tank Modernization Program\nPUBLISHER: {publisher}\nDATE: 2026-04-23\n"
            f"{'=' * 20}\n{body}\n")


def test_a_reports_own_institutions_are_its_publishing_states():
    # "the Army" in a CRS report is the US Army: a sentence naming no state is the publisher's state's
    text = _crs("The Army plans to station 300 troops at a new base.")
    (ev,) = [e for e in extract_text(text, model=False) if e["type"] == "FORCE_POSTURE"]
    assert ev["actors"] == ["USA"]
    # without a publisher that names a state (a news text of the project) the sentence has no actor
    text = _crs("The Army plans to station 300 troops at a new base.",
                publisher="latticework project (news-style text written for the gold set)")
    assert [e for e in extract_text(text, model=False) if e["type"] == "FORCE_POSTURE"] == []


def test_a_sentence_naming_no_actor_continues_its_paragraph():
    from latticework.text.extract import analyse, carried_actors

    body = ("Poland signed contracts for K2 tanks with South Korea. The tank contract is worth about $3.4 billion.\n\n"
            "The deal was criticised. Germany held talks with France. It ended on Friday.")
    an = analyse(body)
    assert [s for s in carried_actors(an, [])] == [[], ["POL", "KOR"], [], [], ["DEU", "FRA"]]
    # with issuing states, a party word stands for them and is carried like a named actor
    an = analyse("We signed an agreement. It enters into force in May.")
    assert carried_actors(an, ["USA", "JPN"]) == [[], ["USA", "JPN"]]
    # the extractor gives the carried actors to an event stated without a name (no title states)
    text = ("TITLE: Contracts\nDATE: 2022-08-27\n" + "=" * 20 + "\n"
            "Poland held talks with South Korea in Seoul. The contract covers the purchase of 180 K2 tanks.\n")
    (arms,) = [e for e in extract_text(text, model=False) if e["type"] == "ARMS_TRANSFER"]
    assert arms["actors"] == ["POL", "KOR"] and arms["evidence"]["sentence"].startswith("The contract")


KOREA = "Fact Sheet: the United States and Korea"


@pytest.mark.parametrize("text, name, found", [
    # an airliner is not an arm; a military aircraft from an airliner maker is
    ("Korean Air will purchase 103 new Boeing aircraft valued at $36.2 billion.", "ARMS_TRANSFER", False),
    ("Boeing secured an order from Qatar Airways to acquire up to 210 Boeing 787 Dreamliner aircraft.",
     "ARMS_TRANSFER", False),
    ("Vietnam Airlines will sign a proposal to purchase 50 Boeing 737 MAX aircraft.", "ARMS_TRANSFER", False),
    ("Germany would buy 60 CH-47F Chinook heavy-lift helicopters from Boeing to replace its old fleet.",
     "ARMS_TRANSFER", True),
    ("The Korean Air Force will purchase four Boeing E-7 aircraft.", "ARMS_TRANSFER", True),
    # a company's investment is not a defence budget; money added or invested for defence is
    ("LS Group pledged to invest $3 billion by 2030 in U.S. power-grid infrastructure.", "DEFENSE_BUDGET", False),
    ("The United States also added $2.2 billion to its submarine maintenance budget.", "DEFENSE_BUDGET", True),
    ("The defence ministry of Korea will invest €10 billion in new air defence systems.", "DEFENSE_BUDGET", True),
    # a visit or a trip is a dialogue; visiting forces are not a visit
    ("President Trump completed his trip, securing deals while visiting the Republic of Korea.", "DIALOGUE", True),
    ("During the Secretary's trip to Barranquilla, Colombia, the two signed two arrangements.", "DIALOGUE", True),
    ("The Visiting Forces Agreement with Korea took effect.", "DIALOGUE", False),
])
def test_airliners_investments_and_visits(text, name, found):
    assert bool(of_type(text, name, title=KOREA)) is found
