"""The fast paths of the throughput work give exactly what the straightforward code gave."""

from __future__ import annotations

import re

import numpy as np
import pytest
from datasketch import MinHashLSH
from sklearn.feature_extraction.text import TfidfVectorizer

from crosswire.briefing import support
from crosswire.briefing import write as briefing
from crosswire.provenance import reuse as provenance
from crosswire.records import Article
from crosswire.text import _WORD, normalise, sentence_spans, words

# Fictional reports (invented town, people and figures) with a reprint, a light edit and noise.
HARBOUR = (
    "Flooding in the river town of Varnholm forced 1,200 residents from their homes on Tuesday. "
    "Mayor Ilse Korvath said the water rose faster than in 1998. "
    "\u201cWe did not expect forty-two streets to flood,\u201d she told the Harbour Gazette. "
    "Crews from Dunmere and Ostrava worked through the night; two bridges were closed. "
    "No one was hurt, officials said."
)
EDITED = HARBOUR.replace("1,200 residents", "about 1,200 people").replace("two bridges", "both bridges")
OTHER = (
    "The Varnholm council voted on Wednesday to rebuild the harbour wall. "
    "Councillor Teo Marsh said the plan would cost 3.5 million crowns. "
    "Click here to subscribe to our newsletter! "
    "Residents can comment below. \u0130stanbul-born engineer Aylin \u015eahin leads the design."
)
SENTENCES = [s.text for text in (HARBOUR, EDITED, OTHER) for s in sentence_spans(text)]


def _candidates(texts: list[str]) -> list[briefing.Candidate]:
    """Candidates for the given sentences, one fictional article each."""
    return [briefing.Candidate(" ".join(t.split()), f"a{k}", k, "", len(t.split())) for k, t in enumerate(texts)]


@pytest.mark.parametrize("texts", [SENTENCES, SENTENCES[:1], SENTENCES[::-1] + SENTENCES[:3]])
def test_tfidf_vectors_match_scikit_learn_bit_for_bit(texts):
    cands = _candidates(texts)
    ours = briefing._vectors(cands)
    theirs = TfidfVectorizer(analyzer=briefing._analyzer, sublinear_tf=True).fit_transform(
        [c.text for c in cands]).tocsr()
    assert type(ours) is type(theirs) and ours.shape == theirs.shape
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)  # exact, not approximately
    assert np.array_equal((ours @ ours.T).toarray(), (theirs @ theirs.T).toarray())


def test_tfidf_vectors_of_sentences_without_content_words():
    vectors = briefing._vectors(_candidates(["It is what it is.", "And so it was."]))
    assert vectors.shape == (2, 1) and vectors.nnz == 0


def test_column_sums_match_scipy_row_selection_sum():
    vectors = briefing._vectors(_candidates(SENTENCES))
    for rows in ([0, 2, 5], list(range(len(SENTENCES))), [len(SENTENCES) - 1]):
        expected = np.asarray(vectors[rows].sum(axis=0)).ravel()
        assert np.array_equal(briefing._column_sums(vectors, rows), expected)


def test_lsh_pairs_match_datasketch_index():
    texts = [HARBOUR, OTHER, EDITED, HARBOUR + " More to follow.", OTHER.upper(), ""]
    signatures = [provenance._minhash(provenance._shingles(words(t), provenance.WORD_SHINGLE)) if words(t) else None
                  for t in texts]
    index = MinHashLSH(threshold=provenance.WORD_THRESHOLD, num_perm=provenance.NUM_PERM)
    expected = set()
    for i, sig in enumerate(signatures):
        if sig is not None:
            expected |= {(int(j), i) for j in index.query(sig)}
            index.insert(i, sig)
    found = set(provenance._lsh_pairs(signatures, provenance.WORD_THRESHOLD))
    assert found == expected
    assert (0, 2) in found and (0, 3) in found  # the light edit and the extended reprint


def test_clutter_prefilter_agrees_with_the_full_pattern():
    lines = SENTENCES + ["Please SUBSCRIBE for updates today.", "Write to desk@gazette.example now.",
                         "\u017fubscribe to the bulletin for more.", "Share This story with friends.",
                         "Follow Teo Marsh on Twitter for updates.", "The COMMENTS section is below."]
    for line in lines:
        assert briefing._has_clutter(line) == bool(briefing._CLUTTER.search(line)), line


def test_words_fast_path_matches_per_token_lowering():
    for text in [*SENTENCES, "\u0130stanbul and DIYARBAKIR", "K\u212aelvin STRASSE \u00c9cole"]:
        assert words(text) == [m.group().lower() for m in _WORD.finditer(normalise(text))]


def test_memoised_sentence_spans_hand_out_independent_lists():
    first = sentence_spans(HARBOUR)
    first.clear()
    assert len(sentence_spans(HARBOUR)) == 5


def test_names_and_figures_as_before():
    text = 'Officials said. "Mayor Ilse Korvath arrived" with Dr Bo Lind: Forty-two boats and 1,200 people.'
    # "Mayor" and "Forty-two" open sentences (after '. "' and ': '); "Dr" is an honorific
    assert support.names(text) == frozenset({"ilse", "korvath", "bo", "lind"})
    assert support.figures(text) >= {"42", "1200"}


def test_article_index_builds_windows_only_when_needed():
    index = support.ArticleIndex(Article("h", "h.txt", "", HARBOUR))
    assert index.supports(SENTENCES[1])  # verbatim: answered from the flat text
    assert index._windows is None
    assert index.supports("Mayor Ilse Korvath said that the water rose faster than in 1998.")
    assert index._windows is not None
    assert not index.supports("Mayor Ilse Korvath said the water rose faster than in 1999.")


def test_support_score_with_known_vocabulary_equals_plain_score():
    windows = [support.evidence(s) for s in SENTENCES]
    for claim_text in SENTENCES:
        claim = support.evidence(claim_text)
        for window in windows:
            assert support._support_score(claim, window, support._vocabulary(window)) == \
                support.support_score(claim, window)


def test_word_pattern_is_shared_with_text_module():
    assert support._WORD is _WORD and isinstance(_WORD, re.Pattern)


def test_near_word_runs_answer_as_the_word_patterns():
    """lineup's plain-word comparison (ASCII sentences) finds what the compiled patterns find."""
    from crosswire.facts import lineup

    texts = SENTENCES + ["Witnesses saw the witness; a Witness said WITNESSES left.",
                         "The bridges_2 and bridge_2s, bridgess and bridgeses stood.",
                         "Korvath's crews met Korvathes and the korvath team at Korvath-on-Sea."]
    for sentence in texts:
        tokens = {w.lower() for w in re.findall(r"\w+", sentence)}
        for word in tokens | {t[:-1] for t in tokens if len(t) > 3} | {"witne", "korvath", "don't", "bridge_2"}:
            runs = lineup._ascii_runs(sentence)
            found = lineup._written_forms(word).search(sentence)
            assert lineup._written_form(word, sentence, runs) == (found.group() if found else None), (word, sentence)
            assert lineup._named(word, sentence, runs) == lineup._named(word, sentence), (word, sentence)
    assert lineup._ascii_runs("\u0130stanbul ferry") is None  # not ASCII: the patterns answer


def test_capital_test_and_plain_context_as_before():
    """The ASCII shortcut of lineup's capital test and statements' context words give the plain answers."""
    from crosswire.facts import lineup, statements
    from crosswire.text import content_words

    skip = statements._CONTEXT_SKIP
    for text in SENTENCES + ["all lower case here.", "A", "", "\u01c5ungla crew\u2019s boats", "the \u0130zmir pier"]:
        assert lineup._capital_past_first(text) == any(c.isupper() for c in text[1:]), text
        plain = frozenset(statements._POSSESSIVE.sub("", w).rstrip("s") for w in content_words(text)
                          if not w[0].isdigit() and w not in skip)
        assert statements._plain_context(text) == plain, text
    assert statements._plain_context("Korvath's crews and the harbour\u2019s wall") >= {"korvath", "harbour"}


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern split at the ``|`` outside any group."""
    parts, depth, start = [], 0, 0
    for k, c in enumerate(pattern):
        if c == "(" and pattern[k - 1:k] != "\\":
            depth += 1
        elif c == ")" and pattern[k - 1:k] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
    return parts + [pattern[start:]]


def test_every_event_cue_holds_one_of_the_pieces_its_prefilter_looks_for():
    """statements._cues skips an ASCII clause without any of _CUE_PIECES: each alternative of
    EVENTS must write one of them literally (a new cue word needs its piece)."""
    from crosswire.facts import statements

    for name, pattern in statements.EVENTS.items():
        for alternative in _top_level_alternatives(pattern):
            literal = re.sub(r"\\b|\(\?:|\(\?!|\)", "", alternative).lower()
            assert any(piece in literal for piece in statements._CUE_PIECES), (name, alternative)
    texts = SENTENCES + ["Crews rescued 40 people after the ferry capsized; 3 died.", "The council met on Monday.",
                        "Nothing of note here, 12 streets and 3 bridges.", "The \u212aILLED count: 7 (Kelvin sign).",
                        "POLICE ARRESTED 12 PROTESTERS AT THE RALLY; Rescuers said 3 Were Hurt.",
                        "Harbour Spokeswoman Mira Dunne said the Mayor of Varnholm, Teo Marsh, would resign."]
    for pattern in (statements._ANY_EVENT.pattern, statements._ROLE_WORD.pattern):  # the lower-case copies' premise
        assert not re.search(r"[A-Z]", pattern.replace("(?P<", "")), pattern
    for text in texts:
        full = tuple((m.lastgroup or "", m.start(), m.end()) for m in statements._ANY_EVENT.finditer(text)
                     if not statements._SPEAKER_AFTER.match(text, m.end()))
        assert statements._cues(text) == full, text
        roles = bool(statements._ROLE_WORD_LOWER.search(text.lower())) if text.isascii() else None
        assert roles in (None, bool(statements._ROLE_WORD.search(text))), text
