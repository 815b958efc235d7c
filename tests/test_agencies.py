"""Wire agencies: credited in bylines and datelines or cited in the text; no false positives."""

import pytest

from crosswire.extract.agencies import agency_names, find_agencies
from crosswire.records import Article


def _agencies(text: str, byline: str | None = None) -> list[str]:
    """Agencies found in an article with this text and byline."""
    return find_agencies(Article(id="a", source_path="a.txt", title="t", text=text, byline=byline))


@pytest.mark.parametrize(("text", "expected"), [
    ("EASTGATE (Reuters) - The water board said on Monday the dam would reopen.", ["Reuters"]),
    ("LOWMOOR, Oct 3 (AP) — Frost hit the valley orchards.", ["AP"]),
    ("\"We will not take any risk,\" the mayor told AFP on Saturday.", ["AFP"]),
    ("The figure rose to 40, according to the Associated Press.", ["AP"]),
    ("Port officials confirmed the closure, Xinhua news agency reported.", ["Xinhua"]),
    ("The ministry denied the claim, Interfax said, citing a source.", ["Interfax"]),
    ("She told Agence France-Presse the vote was rigged.", ["AFP"]),
    ("The police chief told PA Media that two men were arrested.", ["PA"]),
    ("A spokesman told the Press Trust of India the train was late.", ["PTI"]),
    ("Officials spoke to Yonhap and to Kyodo News about the talks.", ["Kyodo", "Yonhap"]),
    ("The rebels said they had taken the town, TASS reported.", ["TASS"]),
    ("Three people were hurt, UPI reported.", ["UPI"]),
    ("Reuters and AFP both reported the blast.", ["AFP", "Reuters"]),
])
def test_credited_and_cited_agencies(text, expected):
    assert _agencies(text) == expected


@pytest.mark.parametrize("text", [
    "The mayor unveiled the new APPLE orchard plan and an apparatus for pressing cider.",
    "Engineers tested the PA system in the hall before the concert.",
    "The harbour bridge reopened. Picture: PA",
    "Crowds gathered in the square (Photo: AFP / Jo Bloggs).",
    "Daniel and Anita Rupta moved to Reading, PA, last year.",
    "Payments through UPI rose sharply in October.",
    "The Palestinian Authority (PA) said it would respond.",
    "Former mayor Michael Bloomberg visited the harbour.",
    "Researchers at the Reuters Institute in Orvel surveyed 2,000 readers.",
    "Traffic on Xinhua Road in the port district was diverted for the parade.",
    "Anglers waded into the Tass at dawn to watch the salmon run.",
])
def test_no_false_positives(text):
    assert _agencies(text) == []


def test_byline_credit_counts():
    assert _agencies("The dam reopened on Monday.", byline="Marta Quell for AFP") == ["AFP"]


def test_credit_strings_are_normalised():
    assert agency_names("Associated Press and Agence France-Presse") == ["AFP", "AP"]
