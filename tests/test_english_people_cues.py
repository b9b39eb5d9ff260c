"""English people (issue 15): office verbs, possessive surnames, coordinated leaders' governments.

Sentences written for the test in the style of CRS reports and central-bank releases in English.
"""

from __future__ import annotations

from entity_helpers import found, mentions

TEXT = ("In June 2025, South Koreans elected Lee Jae Myung as president. Lee's party controls the "
        "National Assembly. The Trump and Lee governments appear to be transforming the relationship. "
        "Relations between the Trump and Lee Administrations have encountered turbulence.")


def test_office_verb_and_as_make_a_person() -> None:
    assert ("Lee Jae Myung", "PERSON") in found(TEXT)
    assert ("Chin-Long Yang", "PERSON") in found("The Board appointed Chin-Long Yang as governor in 2018.")


def test_possessive_surname_is_the_person() -> None:
    assert [t for t, label in mentions(TEXT) if label == "PERSON"].count("Lee") == 3


def test_coordinated_leaders_governments_are_the_leaders() -> None:
    persons = [t for t, label in mentions(TEXT) if label == "PERSON"]
    assert persons.count("Trump") == 2


def test_unknown_names_before_governments_stay_untagged() -> None:
    assert not any(label == "PERSON" for _, label in found("The Smith and Jones governments disagreed."))


def test_office_verb_without_as_is_no_cue() -> None:
    assert ("Federal Open", "PERSON") not in found("The committee named Federal Open Market operations.")


def test_country_and_term_open_a_national_body() -> None:
    # CRS report style: a country acronym before its legislature, the term's ordinal before Congress
    assert ("ROK National Assembly", "ORG") in found("Source: ROK National Assembly, accessed January 18, 2026.")
    assert ("119th Congress", "ORG") in found("Members of the 119th Congress have introduced bills.")
