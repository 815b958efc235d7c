"""A short, neutral briefing for each story in which every sentence cites every article supporting it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix

try:  # sklearn's own kernel behind normalize(norm="l2"); not a public name, so kept behind a fallback
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2
except ImportError:  # pragma: no cover - a scikit-learn that moved it
    from sklearn.preprocessing import normalize

    def inplace_csr_row_normalize_l2(matrix: csr_matrix) -> None:
        """L2-normalise a CSR matrix's rows in place (what the faster kernel does)."""
        normalize(matrix, norm="l2", copy=False)


from ..records import DISPUTED, Article, BriefingSentence, Fact, FactValue, OriginGroup, Story
from ..settings import Settings
from ..text import Span, normalise, sentence_spans, stop_words, words
from .support import ArticleIndex, evidence, stem, supporting_articles

# Candidate filter. Lines shorter than MIN_WORDS are headings, captions, bylines or buttons; lines
# longer than MAX_WORDS are run-together page text (checked on the demo corpus and Multi-News).
MIN_WORDS = 6
MAX_WORDS = 70
# Lines where more than TITLE_CASE_MAX of the words are capitalised are headlines, menus or photo
# credits, not sentences (a normal sentence stays well under half).
TITLE_CASE_MAX = 0.6
_CLUTTER = re.compile(
    r"(?i)(\bclick\b|\bsubscribe|\bsign up\b|newsletter|\bcookies?\b|advertisement|all rights reserved|"
    r"copyright|\bfollow us\b|\bshare (this|on)\b|\bread more\b|\brelated:|^photo:|getty images|©|"
    r"https?://|www\.|\S+@\S+\.\w+|\bemail us\b|\bcomments?\b.*\bbelow\b|\bjavascript\b|"
    r"may not be (re)?published|contributed to this report|\bfollow \w+( \w+)? on (twitter|facebook)|"
    r"\bon twitter\b|&amp;|"
    # web-archive crawl notes and in-page promos left in archived copies of pages
    r"\bthis crawl\b|wayback machine|\bwarc files?\b|story continued below|loading video|"
    r"\bcrawls\b|webcrawl|\bcrawl data\b|no more 404|"
    # embedded-tweet boilerplate, paywall prompts, text-size controls
    r"tweet with a location|add your thoughts about any tweet|continue reading|\btext size\b)"
)
# _CLUTTER cannot match a line holding none of these (lower-cased) pieces: each of its
# alternatives contains one. Most lines hold none, and a substring test is ~20x cheaper than the
# search. Lines with characters that the regex's case folding equates with ASCII letters but
# str.lower() does not (dotless i, long s, dotted capital I) always get the full search.
_CLUTTER_PIECES = ("click", "subscribe", "sign up", "newsletter", "cookie", "advertisement", "all rights reserved",
                   "copyright", "follow", "share ", "read more", "related:", "photo:", "getty images", "©", "http",
                   "www.", "@", "email us", "comment", "javascript", "published", "contributed to this report",
                   "on twitter", "&amp;", "crawl", "wayback machine", "warc file", "story continued below",
                   "loading video", "no more 404", "tweet", "continue reading", "text size")
# A photo caption: it ends with the day the picture was taken ("..., Thursday, March 17, 2011.").
# A report gives a date inside the sentence, not as a trailing ", Month D, YYYY." (checked on the
# first 600 Multi-News dev clusters: 50 such lines, nearly all captions and video credits).
_CAPTION_DATE = re.compile(
    r"(?i),\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s+)?"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2},\s+\d{4}\.$")
_FOLD_SPECIAL = frozenset("\u0131\u017f\u0130")
# Words of a fact's claim too general to tie a sentence to it ("day of the sinking" -> sinking).
_GENERIC_CLAIM_WORDS = frozenset({"day", "date", "name", "number", "age", "people", "time", "speaker", "person"})
# A sentence that is nothing but a quotation has no speaker: out of context it misleads.
_BARE_QUOTE = re.compile(r"""^["'][^"]*[.!?,]?["']$""")
# A sentence opening with a personal pronoun, a demonstrative or a connective leans on the sentence
# before it ("They warned that the alternative was sanctions.", "But the ministry denied it.", "The
# news comes as..."): out of context it names nobody, or answers nothing. It is chosen only right
# after that sentence of its own article (see _select, _in_reading_order). On the first 300
# Multi-News dev clusters pronoun-led sentences share 0.15 of their bigrams with the reference
# against 0.19 for the rest; the rule costs 0.1 ROUGE-2 there and nothing on the held-out clusters
# (benchmarks/summary.py).
_DANGLING = re.compile(r"^[\"'“‘(]?(?:He|She|They|It|His|Her|Their|Its|Him|Them|This|That|These|Those|"
                       r"But|However|Yet|Still|Meanwhile|Also|And|Instead|Nevertheless|Nonetheless|Moreover|"
                       r"Furthermore|Besides|Thus|Therefore)\b"
                       # "The news comes as...", "The move came after...": refers back to what was just said
                       r"|^(?:The|Such) (?:news|move|decision|announcement|development|statement|step|offer|"
                       r"remarks?|comments?|report|call|warning)s? (?:comes?|came)\b")
# A quotation mark or a reporting verb: the sentence says who says what (Weights.attribution).
_ATTRIBUTED = re.compile(r"""["“”]|\b(?:said|says|say|told|according to)\b""", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"""(?<![.…])[.!?]["'”’)\]]*$""")  # not an ellipsis: teasers, cut text
# Page furniture glued to the start of a sentence, not part of what it says: a dateline naming a
# news agency ("PARIS (AP) —", "Dubai (Reuters) -", "(CNN)"), a photo credit in parentheses, an
# "Advertisement" tag or a video player's notice left by the page layout. Stripped (repeatedly)
# before the clutter filter, so the sentence behind it is kept and its words go to content.
_AGENCY = (r"ap|the associated press|associated press|reuters|afp|cnn|upi|dpa|xinhua|bloomberg|"
           r"[a-z0-9.]{0,20}(?:news|tv|wire|newyork)[a-z0-9.]{0,10}|[a-z0-9-]{2,30}\.(?:com|org|net)")
_FURNITURE = re.compile(
    r"(?i)^(?:"
    # the agency in parentheses, or place and date (up to six words), the agency and a dash or colon
    rf"\(\s*(?:{_AGENCY})\s*\)\s*[-—–:]*\s*"
    rf"|(?:[^\s()]+\s+){{1,6}}?\(\s*(?:{_AGENCY})\s*\)\s*[-—–:]+\s*"
    # a one-word place before the agency needs no dash ("Washington (CNN) The senate ...")
    rf"|[A-Z][\w.'’-]*,?\s+\(\s*(?:{_AGENCY})\s*\)\s*"
    # a credit or caption in parentheses: "(Photo: ...)", "(Credit: ...)", "(Image via ...)"
    r"|\(\s*(?:photo|image|credit|video|pictured|file photo)\b[^()]{0,100}\)\s*"
    # a promo tag or a video player's notice run into the sentence that follows it
    r"|advertisement\s+(?=\S)|continue reading the main story\s+"
    r"|media playback is (?:un|not )supported on (?:your|this) device\s+"
    r")"
)
# Longest quotation (in sentences) kept together with its speaker; longer ones are cut as usual
# (a quotation mark left open by mistake must not swallow the rest of the article).
QUOTE_SENTENCES = 3
# A closing quotation mark set off by a space, then who said it and nothing more, in lower case:
# '" the mayor said.', '" she told reporters on monday.' (at most 12 words).
_REPORTING_VERB = (r"said|says|say|told|tells|tweeted|wrote|writes|added|adds|asked|asks|explained|explains|"
                   r"according to|continued|recalled|recalls|noted|notes|insisted|insists|concluded|states|stated")
_ATTRIBUTION_TAIL = re.compile(
    rf"""^["\u201d]\s+(?=[a-z])(?=(?:\S+\s+){{0,11}}\S+$)[^"\u201c\u201d]*\b(?:{_REPORTING_VERB})\b"""
    r"""[^"\u201c\u201d]*[.!?]$""")
# "WASHINGTON —", "New York —": one to four capitalised words and a long dash open the sentence;
# not taken when another long dash follows (then it is an aside: "Jane Doe — the mayor — said").
_DASH_DATELINE = re.compile(r"^(?:[A-Z][\w.'’]*,?\s+){0,3}[A-Z][\w.'’]*\s+(?:[—–]|--)\s+(?=\S)")


@dataclass(slots=True)
class Weights:
    """How the selection scores sentences; the defaults are the fixed, documented choice.

    Set once on the first 300 Multi-News dev clusters (ROUGE-2 at 300 words, one setting per run,
    no training) and read on the demo corpus; every alternative tried (frequency or degree
    centrality, redundancy thresholds 0.4-0.8, length limits 50-120) stayed within 0.2 ROUGE-2, and
    so did, later, a centroid weighting origins by agreement, similarity to the other origins only,
    bigram features, similarity to the leads, spreading picks over articles and filling the budget
    with cut or unfinished sentences (on those clusters even random picks among the candidates
    reach 96% of the score: the candidate filter matters more than the ranking).
    The candidate filter itself was then measured rule by rule on the same clusters (a sentence
    oracle with one rule switched off, and our selection with it off): no rule removes sentences
    that our selection could use (each within 0.1 ROUGE-2; all rules off: -0.4); the sentences
    the oracle would take back are mostly the documents' cut last sentences. Nor did a general
    repair of closing quotes set off by a space (-0.2 to -0.7: quote parity is unreliable in that
    text), splitting sentences joined without a space (-0.06), tiers of short or unfinished
    sentences used only when nothing else fits (within 0.1), swapping picks to fill the budget
    (-0.1 to -0.4), a penalty on sentences opening with a pronoun or conjunction (-0.1 to -0.2),
    or MiniLM embeddings as the centrality (16.98 alone, 17.06 mixed, against 17.11; ~12 ms a
    sentence, ~0.18 s a cluster).
    Nor does training: a scorer fitted to the references themselves over 18 sentence features, ours
    among them (benchmarks/summary_learned.py, 5-fold cross-validation over all 1,500 clusters),
    reaches at most 16.10 ROUGE-2 against 16.06 for these fixed weights, MiniLM features added or not.
    benchmarks/summary.py reports what each term contributes (ablation rows) and both oracles.
    """

    centrality: float = 1.0  # cosine to the story's centroid, each independent origin weighted once
    # Lead prior (POSITION_HALF_LIFE sentences halve it). Small: on Multi-News it costs ~0.1
    # ROUGE-2, but in a briefing the lead states what happened, which readers need first.
    position: float = 0.25
    corroboration: float = 0.3  # share of the other independent origins that support the sentence
    facts: float = 0.2  # states an agreed fact not yet covered
    # Says who says it: a quotation or a reporting verb (see _ATTRIBUTED). A neutral briefing
    # prefers attributed statements to unattributed narration, commentary or asides. Measured on
    # the first 300 Multi-News dev clusters before it was added: such sentences share 0.23 of their
    # bigrams with the reference against 0.16 for the others; 0.1 chosen there (0.05-0.4 within
    # 0.05 ROUGE-2 of each other), small beside the lead prior so the lead still opens a briefing.
    attribution: float = 0.1
    redundancy: float = 1.0  # MMR penalty: times the highest similarity to a chosen sentence


# Score taken off a sentence that states a disputed value: it is chosen only when it matters
# clearly more than the alternatives (typically the lead that says what happened); 0.1 set on the
# demo corpus, where the lead carries both the disputed toll and the disputed day.
DISPUTED_PENALTY = 0.1
POSITION_HALF_LIFE = 3.0  # news puts what happened in the first few sentences
REDUNDANT = 0.6  # never pick a sentence this similar (cosine) to one already chosen
# Before the exact alignment check, only sentence pairs at least this similar (TF-IDF cosine) are
# tried: alignment needs SUPPORT_MIN of the content words, far above this.
PREFILTER = 0.2
# A sentence whose TF-IDF cosine to every other sentence of the story stays below OFF_TOPIC
# shares (almost) no content word with the story: unrelated text. A floor, not a ranking: on the
# first 300 Multi-News clusters it removes 3.8% of sentences, nearly all promos, crawler notes and
# other stories (a stricter "nothing in common with the other sources" rule cost 3 ROUGE-1
# points, as one junk document then sank all the others).
OFF_TOPIC = 0.02


@dataclass(slots=True)
class Candidate:
    """A sentence of one article that may enter the briefing."""

    text: str
    article: str
    index: int  # sentence number in its article
    published: str
    words: int
    score: float = 0.0
    disputes: list[str] = field(default_factory=list)  # claims of disputed facts this sentence states


def write_briefing(story: Story, articles: list[Article], origins: list[OriginGroup],
                   facts: list[Fact], settings: Settings) -> list[BriefingSentence]:
    """The story's briefing: central, corroborated, non-redundant sentences in order, fully cited."""
    briefing = select_briefing(articles, origins, facts, settings.summary_words)
    if settings.llm_url and briefing:
        from .llm import rewrite_briefing

        briefing = rewrite_briefing(briefing, articles, settings)
    return briefing


def select_briefing(articles: list[Article], origins: list[OriginGroup], facts: list[Fact],
                    budget: int, weights: Weights | None = None) -> list[BriefingSentence]:
    """Extract the briefing within ``budget`` words (library entry point used by the benchmark)."""
    weights = weights or Weights()
    candidates = candidate_sentences(articles)
    if not candidates:
        return []
    origin_of = _origin_of(articles, origins)
    vectors = _vectors(candidates)
    sim = (vectors @ vectors.T).toarray()
    indexes = {a.id: ArticleIndex(a) for a in articles}
    _score(candidates, vectors, sim, origin_of, indexes, facts, weights)
    _exclude_disputed(candidates, facts)
    chosen = _select(candidates, sim, budget, weights)
    ordered = _in_reading_order(chosen)
    all_indexes = [indexes[a.id] for a in articles]
    return [BriefingSentence(c.text, supporting_articles(c.text, all_indexes, own=c.article), disputed=c.disputes)
            for c in ordered]


def candidate_sentences(articles: list[Article]) -> list[Candidate]:
    """Every sentence of every article that reads like a sentence of the report, not page clutter."""
    out: list[Candidate] = []
    for article in articles:
        for n, span in enumerate(briefing_spans(article.text)):
            text = strip_furniture(" ".join(span.text.split()))
            if is_clutter(text) or _furniture_only(text):
                continue
            out.append(Candidate(text, article.id, n, article.published or "", len(text.split())))
    return out


def briefing_spans(text: str) -> list[Span]:
    """``sentence_spans`` with the pieces that a stop split off the sentence they belong to put back.

    In pre-tokenised text a closing quotation mark or bracket is set off by a space
    (``"we are safe! " he said.``, ``( d-va. ) said``), so the shared splitter starts a new
    sentence at it. A piece opening with a closing bracket rejoins the sentence before it, and so
    does a short attribution opening with a closing quotation mark (see _ATTRIBUTION_TAIL); a
    quotation running over several sentences stays one (see _inside_quotation). Either way the
    quotation keeps its speaker. The pieces are consecutive text, so a citation still finds them
    verbatim. Measured on the first 300 Multi-News dev clusters: ROUGE unchanged (17.11 ROUGE-2
    before and after); the point is a briefing without unattributed quotations or fragments.
    """
    out: list[Span] = []
    spans = sentence_spans(text)
    for n, span in enumerate(spans):
        if out and "\n" not in text[out[-1].end:span.start] and (
                _closes(out[-1].text, span.text) or _inside_quotation(out[-1], span, spans[:n])):
            out[-1] = Span(out[-1].start, span.end, text[out[-1].start:span.end])
        else:
            out.append(span)
    return out


def _inside_quotation(prev: Span, span: Span, before: list[Span]) -> bool:
    """True while ``prev`` opens a quotation that ``span`` goes on with (at most QUOTE_SENTENCES long).

    '"We will win. Our crews are ready," she said.' is one statement with its speaker, and so is
    'The mayor declared "We are ready. Nobody needs to leave."'; cut at the first stop, the second
    sentence would stand in the briefing without one. The quotation must be open at the end of
    ``prev`` (an odd number of marks, the last one shaped as an opening mark); a quotation mark set
    off by spaces at the start of ``span`` closes it instead (pre-tokenised text, see _closes).
    """
    if not _opens_quotation(prev.text) or _quote_marks(prev.text) % 2 == 0:
        return False
    if span.text[:1] in '"\u201d' and not span.text[1:2].strip():
        return False
    return sum(1 for s in before if s.start >= prev.start) < QUOTE_SENTENCES


def _opens_quotation(text: str) -> bool:
    """True when the last double quotation mark of ``text`` opens a quotation.

    A curly opening mark, or a straight one at the start or after a space or bracket and followed
    by a word: '"We', 'declared "Listen'. A straight mark with spaces on both sides (pre-tokenised
    text) could open or close: it is not taken as opening.
    """
    at = max(text.rfind('"'), text.rfind("\u201c"), text.rfind("\u201d"))
    if at < 0 or text[at] == "\u201d":
        return False
    if text[at] == "\u201c":
        return True
    before, after = text[at - 1:at] if at else "", text[at + 1:at + 2]
    return (not before or before.isspace() or before in "([") and after.strip() != ""


def _quote_marks(text: str) -> int:
    """Number of double quotation marks in ``text``, straight or curly."""
    return text.count('"') + text.count("\u201c") + text.count("\u201d")


def _closes(prev: str, piece: str) -> bool:
    """True when ``piece`` is the end of ``prev``: its closing bracket, or its quotation's speaker."""
    if piece[:1] in ")]":
        return True
    return any(q in prev for q in '"\u201c') and _ATTRIBUTION_TAIL.match(piece) is not None


def strip_furniture(text: str) -> str:
    """``text`` without the datelines, credits and caption tags glued to its start (see _FURNITURE).

    The rest must still read as a sentence on its own (MIN_WORDS or more), else the text is
    returned unchanged and the clutter filter judges it whole. What is left after a strip starts
    with a capital letter, as the sentence it now is.
    """
    rest = text
    while True:
        match = _FURNITURE.match(rest)
        if match is None:
            match = _DASH_DATELINE.match(rest)
            if match is not None and re.search("[—–]|--", rest[match.end():]):
                match = None  # an aside between two dashes, not a dateline
        if match is None or not match.end():
            break
        rest = rest[match.end():]
    if rest is text or len(rest.split()) < MIN_WORDS:
        return text
    return rest[:1].upper() + rest[1:]


def _furniture_only(text: str) -> bool:
    """True for a line that is page furniture and a few words more: "(AP) Fargo, N.D.".

    strip_furniture keeps such a line whole (too little would be left); it is a dateline or a
    credit split off the sentence it opened, not a sentence (29 such lines in the 1,500 Multi-News
    dev clusters, all datelines and credits).
    """
    match = _FURNITURE.match(text)
    return match is not None and match.end() > 0 and len(text[match.end():].split()) < MIN_WORDS


def is_clutter(text: str) -> bool:
    """True for lines that are not report sentences: too short or long, unfinished, menus, prompts."""
    tokens = text.split()
    if not MIN_WORDS <= len(tokens) <= MAX_WORDS or not _ENDS_SENTENCE.search(text):
        return True
    if _has_clutter(text) or _BARE_QUOTE.match(normalise(text)):
        return True
    if text[-2:-1].isdigit() and _CAPTION_DATE.search(text):
        return True
    capitalised = sum(1 for t in tokens if t[:1].isupper())
    return capitalised / len(tokens) > TITLE_CASE_MAX


def _has_clutter(text: str) -> bool:
    """``_CLUTTER.search(text)``, skipped when the line holds none of the pieces it needs."""
    lowered = text.lower()
    if not _FOLD_SPECIAL.isdisjoint(text) or any(piece in lowered for piece in _CLUTTER_PIECES):
        return _CLUTTER.search(text) is not None
    return False


def _analyzer(text: str) -> list[str]:
    """Content-word stems: the features for sentence similarity."""
    stops = stop_words()
    return [stem(w) for w in words(text) if w not in stops]


def _vectors(candidates: list[Candidate]) -> csr_matrix:
    """L2-normalised TF-IDF rows, one per candidate (IDF from this story's own sentences).

    The same numbers, bit for bit, as scikit-learn's ``TfidfVectorizer(analyzer=_analyzer,
    sublinear_tf=True)`` (checked on every story of 300 Multi-News articles and the demo), built
    directly: on a story's few dozen sentences the vectorizer's per-call overhead was ~10x the
    arithmetic. Columns are the terms in sorted order; within a row, entries stay in order of each
    term's first appearance in the story, as scikit-learn leaves them, so sums (and the cosines
    built from them) round identically.
    """
    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for c in candidates:
        row: dict[int, int] = {}
        for term in _analyzer(c.text):
            k = vocabulary.setdefault(term, len(vocabulary))
            row[k] = row.get(k, 0) + 1
        # scikit-learn sorts each row by first-appearance index before renaming the columns
        for k in sorted(row):
            columns.append(k)
            counts.append(row[k])
        indptr.append(len(columns))
    if not vocabulary:  # no content word at all
        return csr_matrix((len(candidates), 1))
    rename = np.empty(len(vocabulary), dtype=np.int32)
    for new, term in enumerate(sorted(vocabulary)):
        rename[vocabulary[term]] = new
    indices = rename.take(np.asarray(columns, dtype=np.int32))
    data = np.asarray(counts, dtype=np.float64)
    df = np.bincount(indices, minlength=len(vocabulary)).astype(np.float64)
    df += 1.0  # smooth idf: as if one more sentence held every term
    idf = np.full_like(df, fill_value=len(candidates) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(data, out=data)  # sublinear tf: 1 + log(count)
    data += 1.0
    data *= idf[indices]
    matrix = csr_matrix((data, indices, np.asarray(indptr, dtype=np.int32)),
                        shape=(len(candidates), len(vocabulary)))
    # what sklearn's normalize(norm="l2") runs on a float64 CSR matrix, without its argument
    # checks: they cost more than the arithmetic on a story's few dozen sentences (~40 % of
    # _vectors on the spark_scale corpus at 10k articles)
    inplace_csr_row_normalize_l2(matrix)
    return matrix


def _origin_of(articles: list[Article], origins: list[OriginGroup]) -> dict[str, int]:
    """Article id -> number of its origin group; an article in no group is its own origin."""
    origin_of = {aid: g for g, group in enumerate(origins) for aid in group.articles}
    for article in articles:
        origin_of.setdefault(article.id, len(origin_of) + len(origins))
    return origin_of


def _score(candidates: list[Candidate], vectors, sim: np.ndarray, origin_of: dict[str, int],
           indexes: dict[str, ArticleIndex], facts: list[Fact], weights: Weights) -> None:
    """Set each candidate's score: centrality + lead position + corroboration + agreed facts + attribution."""
    centrality = _centrality(candidates, vectors, origin_of)
    off_topic = _off_topic(candidates, sim)
    corroboration = _corroboration(candidates, sim, origin_of, indexes) if weights.corroboration else None
    agreed = _agreed_fact_texts(facts)
    for i, c in enumerate(candidates):
        if off_topic[i]:
            c.score = -np.inf  # unrelated to everything the other sources wrote: never chosen
            continue
        c.score = weights.centrality * centrality[i] + weights.position * 0.5 ** (c.index / POSITION_HALF_LIFE)
        if corroboration is not None:
            c.score += weights.corroboration * corroboration[i]
        if agreed and _states_any(c.text.lower(), agreed):
            c.score += weights.facts
        if _ATTRIBUTED.search(c.text):
            c.score += weights.attribution


def _centrality(candidates: list[Candidate], vectors, origin_of: dict[str, int]) -> np.ndarray:
    """Cosine of each sentence to the story centroid, built so that each independent origin counts once."""
    rows_by_origin: dict[int, list[int]] = {}
    for i, c in enumerate(candidates):
        rows_by_origin.setdefault(origin_of[c.article], []).append(i)
    centroid = np.zeros(vectors.shape[1])
    for rows in rows_by_origin.values():
        centroid += _unit(_column_sums(vectors, rows))
    return np.asarray(vectors @ _unit(centroid)).ravel()


def _column_sums(vectors: csr_matrix, rows: list[int]) -> np.ndarray:
    """``vectors[rows].sum(axis=0)`` as a flat array, without building the sub-matrix.

    Adds the entries row by row in stored order, as scipy does, so the sums are the same bit for bit.
    """
    out = np.zeros(vectors.shape[1])
    pieces = [np.arange(vectors.indptr[r], vectors.indptr[r + 1]) for r in rows]
    at = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)
    np.add.at(out, vectors.indices[at], vectors.data[at])
    return out


def _off_topic(candidates: list[Candidate], sim: np.ndarray) -> np.ndarray:
    """True for sentences sharing (almost) no content word with any other sentence of the story.

    Such a line is unrelated text (an appended promo, a note about another story). A sentence that
    repeats its own words elsewhere in its article is kept: one unrelated article must not make the
    others look off-topic.
    """
    if len(candidates) < 2:
        return np.zeros(len(candidates), dtype=bool)
    others = sim.copy()
    np.fill_diagonal(others, 0.0)
    return others.max(axis=1) < OFF_TOPIC


def _unit(vector: np.ndarray) -> np.ndarray:
    """``vector`` scaled to length 1 (zeros stay zeros)."""
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def _corroboration(candidates: list[Candidate], sim: np.ndarray, origin_of: dict[str, int],
                   indexes: dict[str, ArticleIndex]) -> np.ndarray:
    """Share of the other independent origins with an article that supports each sentence."""
    n_origins = len(set(origin_of.values()))
    out = np.zeros(len(candidates))
    if n_origins < 2:
        return out
    articles_of = [c.article for c in candidates]
    for i, c in enumerate(candidates):
        near = {articles_of[j] for j in np.flatnonzero(sim[i] >= PREFILTER)} - {c.article}
        if not near:
            continue
        claim = evidence(c.text)
        others: set[int] = set()
        for a in sorted(near):  # one supporting article per origin is enough: copies are skipped
            origin = origin_of[a]
            if origin != origin_of[c.article] and origin not in others and indexes[a].supports(c.text, claim):
                others.add(origin)
        out[i] = len(others) / (n_origins - 1)
    return out


def _select(candidates: list[Candidate], sim: np.ndarray, budget: int, weights: Weights) -> list[Candidate]:
    """Greedy MMR selection within the word budget, skipping excluded sentences and repeats."""
    allowed = [i for i, c in enumerate(candidates) if c.score > -np.inf]
    before = _sentence_before(candidates)
    chosen: list[int] = []
    used = 0
    while allowed:
        best, best_value = -1, -np.inf
        for i in allowed:
            if i in before and before[i] not in chosen:
                continue  # it leans on the sentence before it: only after that one
            overlap = max((sim[i, j] for j in chosen), default=0.0)
            if overlap >= REDUNDANT or used + candidates[i].words > budget:
                continue
            value = candidates[i].score - weights.redundancy * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0 and not chosen:  # no sentence fits at all: the best one alone, over budget
            best = max(allowed, key=lambda i: candidates[i].score)
            if candidates[best].score == -np.inf:
                break
        if best < 0:
            break
        chosen.append(best)
        used += candidates[best].words
        allowed.remove(best)
    return [candidates[i] for i in chosen]


def _sentence_before(candidates: list[Candidate]) -> dict[int, int]:
    """Dangling candidate (see _DANGLING) -> the candidate it leans on, its article's previous sentence.

    -1 when that sentence is not a candidate (clutter, too short...): the dangling one is never chosen.
    """
    position = {(c.article, c.index): i for i, c in enumerate(candidates)}
    return {i: position.get((c.article, c.index - 1), -1) for i, c in enumerate(candidates) if _DANGLING.match(c.text)}


def _in_reading_order(chosen: list[Candidate]) -> list[Candidate]:
    """Chosen sentences by position in their articles (what happened first), a dangling one right after
    the sentence it leans on."""
    ordered: list[Candidate] = []
    for c in sorted(chosen, key=lambda c: (c.index, c.published, c.article)):
        if _DANGLING.match(c.text):
            at = next((k for k, o in enumerate(ordered) if o.article == c.article and o.index == c.index - 1), None)
            if at is not None:
                ordered.insert(at + 1, c)
                continue
        ordered.append(c)
    return ordered


def _states_any(text: str, statements: list[str]) -> bool:
    """True when ``text`` and one of ``statements`` (both lower-cased) contain one another."""
    return any(s in text or text in s for s in statements)


def _exclude_disputed(candidates: list[Candidate], facts: list[Fact]) -> None:
    """Mark sentences stating a disputed value and lower their score by DISPUTED_PENALTY.

    They are not ruled out: the lead sentence that says what happened often carries the disputed
    toll or day, and a briefing without it does not say what happened. A chosen one is shown with
    its disputed claims flagged, and the "Disputed" section says who says what.
    """
    if not any(f.status == DISPUTED for f in facts):
        return
    for c in candidates:
        c.disputes = _disputed_claims(c.text, facts)
        if c.disputes and c.score > -np.inf:
            c.score -= DISPUTED_PENALTY


def _disputed_claims(text: str, facts: list[Fact]) -> list[str]:
    """Claims of the disputed facts whose values ``text`` states (by its sentence or its figures)."""
    return [f.claim for f in facts if f.status == DISPUTED and any(states_value(text, f, v) for v in f.values)]


def states_value(text: str, fact: Fact, value: FactValue) -> bool:
    """True when ``text`` gives ``value`` of ``fact``: it is the value's own sentence, or it shares
    a specific word of the claim ("people killed" -> killed) and states the value's figures or dates
    ("mourning for the 37 people killed" gives 37 of a toll reported as 37 and 40)."""
    lowered = normalise(text).lower()
    if value.text and _states_any(lowered, [normalise(value.text).lower()]):
        return True
    ev = evidence(text)
    if not (evidence(fact.claim).stems - _GENERIC_CLAIM_WORDS) & ev.stems:
        return False
    stated = evidence(value.value)
    return bool((stated.figures and stated.figures <= ev.figures) or (stated.calendar and stated.calendar <= ev.calendar))


def _agreed_fact_texts(facts: list[Fact]) -> list[str]:
    """Lower-cased sentences stating agreed, corroborated facts (a bonus for covering them)."""
    return [normalise(v.text).lower() for f in facts
            if f.status != DISPUTED and f.independent_sources > 1 for v in f.values if v.text]


__all__ = ["Candidate", "Weights", "briefing_spans", "candidate_sentences", "is_clutter", "select_briefing", "states_value",
           "strip_furniture", "write_briefing"]
