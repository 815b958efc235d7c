"""Sentence splitting: titles, initials and abbreviations do not end a sentence; a new sentence after them does."""

import pytest

from crosswire.text import sentence_spans


@pytest.mark.parametrize(("text", "expected"), [
    ("Directed by J.J. Abrams, the film opens on Friday. Critics were kind.",
     ["Directed by J.J. Abrams, the film opens on Friday.", "Critics were kind."]),
    ("Det. Sam Reyes of the harbour police said so. Then he left.",
     ["Det. Sam Reyes of the harbour police said so.", "Then he left."]),
    ("The ferry left at 3 a.m. The fire spread within minutes.",
     ["The ferry left at 3 a.m.", "The fire spread within minutes."]),
    ("Talks were held in the U.S. They ended without a deal.",
     ["Talks were held in the U.S.", "They ended without a deal."]),
    ("Mr. Okafor met Dr. Lindqvist at 9 a.m. on Monday.", ["Mr. Okafor met Dr. Lindqvist at 9 a.m. on Monday."]),
    ("The mayor, W.P. Hallam, spoke first. Nobody else did.",
     ["The mayor, W.P. Hallam, spoke first.", "Nobody else did."]),
])
def test_sentence_spans_split_at_real_sentence_ends(text, expected):
    assert [s.text for s in sentence_spans(text)] == expected
