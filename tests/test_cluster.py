"""Story clustering: same event together, look-alike events apart, streaming close to batch."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from crosswire.records import EDITED, Article, ReuseLink
from crosswire.stories.cluster import WINDOW_DAYS, best_neighbours, candidate_blocks, cluster_stories, posting_index
from crosswire.stories.similarity import build_features, entity_tokens, linked_mask, parse_day, score_pairs
from crosswire.stories.stream import StreamState, add_articles

# Two fictional protests in the fictional town of Harrowgate, a week apart, with the same mayor
# and police chief, plus an unrelated sports report. Each event is reported three times in
# different words by fictional outlets.
WATER = [
    ("w1", "2031-03-04T09:00:00", "Harrowgate residents march against water price rise",
     ("Hundreds of Harrowgate residents marched to the town hall on Tuesday to protest a 40 percent rise "
     "in water charges. Mayor Delia Marsh said the Brindle Reservoir repairs made the increase unavoidable. "
     "Police chief Tomas Brek said the march was peaceful. Protesters carried empty buckets and jugs, "
     "chanting that tap water should stay affordable for pensioners.")),
    ("w2", "2031-03-04T13:30:00", "Water bill protest fills Harrowgate town square",
     ("Carrying empty buckets, several hundred people protested in Harrowgate over a 40 percent jump in "
     "water charges. Mayor Delia Marsh defended the rise, citing repairs at the Brindle Reservoir. "
     "Tomas Brek, the police chief, reported no arrests. Pensioners said the new water tariff was unaffordable.")),
    ("w3", "2031-03-05T08:15:00", "Anger over water charges brings Harrowgate crowd to town hall",
     ("A crowd protesting higher water charges gathered outside Harrowgate town hall, many holding buckets "
     "and jugs. The 40 percent tariff rise pays for Brindle Reservoir repairs, Mayor Delia Marsh told them. "
     "Police chief Tomas Brek called the water protest calm.")),
]
SCHOOLS = [
    ("s1", "2031-03-11T10:00:00", "Parents protest Harrowgate school closure plan",
     ("Parents and teachers rallied in Harrowgate on Monday against a plan to close three primary schools. "
     "Mayor Delia Marsh said falling pupil numbers left the council no choice. Police chief Tomas Brek said "
     "the rally blocked Kettle Lane for an hour. Children carried drawings of their classrooms.")),
    ("s2", "2031-03-11T15:45:00", "Harrowgate rally against closing three primary schools",
     ("Teachers, parents and children blocked Kettle Lane in Harrowgate to oppose the closure of three primary "
     "schools. Falling pupil numbers forced the plan, Mayor Delia Marsh said. Police chief Tomas Brek "
     "said officers reopened the lane after an hour.")),
    ("s3", "2031-03-12T07:20:00", "School closures spark Harrowgate rally",
     ("A rally against the council's plan to shut three primary schools drew parents and teachers onto "
     "Kettle Lane in Harrowgate. Mayor Delia Marsh blamed falling pupil numbers; police chief Tomas Brek "
     "said the rally ended after an hour. Pupils held up drawings of their classrooms.")),
]
SPORT = [
    ("f1", "2031-03-08T20:00:00", "Orrin Rovers beat Calder Town in cup replay",
     ("Orrin Rovers won the cup replay against Calder Town 3-1, with two late goals from striker Ivo Lenz. "
     "The Rovers meet Pellham Athletic in the quarter-final next month.")),
]
EVENT = {"w": "water", "s": "schools", "f": "sport"}


def make(rows: list[tuple[str, str, str, str]], **extra: object) -> list[Article]:
    """Articles from (id, published, title, text) rows."""
    return [Article(id=i, source_path=f"{i}.txt", title=t, text=x, published=p, outlet=f"Outlet {i}", **extra)
            for i, p, t, x in rows]


def grouping(stories) -> set[frozenset[str]]:
    """The partition of article ids, independent of story ids and order."""
    return {frozenset(s.articles) for s in stories}


@pytest.fixture
def corpus() -> list[Article]:
    return make(WATER + SCHOOLS + SPORT)


def expected_grouping(articles: list[Article]) -> set[frozenset[str]]:
    """The true partition: one story per fictional event."""
    groups: dict[str, set[str]] = {}
    for article in articles:
        groups.setdefault(EVENT[article.id[0]], set()).add(article.id)
    return {frozenset(g) for g in groups.values()}


def test_same_event_together_and_lookalike_events_apart(corpus):
    stories = cluster_stories(corpus, [])
    assert grouping(stories) == expected_grouping(corpus)


def test_pair_score_ranks_same_event_above_same_people_other_event(corpus):
    features = build_features(corpus)
    index = {a.id: n for n, a in enumerate(corpus)}
    same = score_pairs(features, [index["w1"]], [index["w2"]])[0]
    lookalike = score_pairs(features, [index["w1"]], [index["s1"]])[0]
    unrelated = score_pairs(features, [index["w1"]], [index["f1"]])[0]
    assert same > lookalike > unrelated


def test_same_text_a_month_apart_scores_lower_than_same_day(corpus):
    late = replace(corpus[1], id="late", published="2031-04-20T13:30:00")
    features = build_features(corpus + [late])
    same_day = score_pairs(features, [0], [1])[0]
    month_later = score_pairs(features, [0], [len(corpus)])[0]
    assert month_later < same_day


def test_undated_article_takes_the_date_written_in_its_id(corpus):
    # Wire-service file names carry the date (KWN20310304.0012): plain-text files have no other.
    same = replace(corpus[1], id="KWN20310304.0013", published=None)
    late = replace(corpus[1], id="KWN20310420.0007", published=None)
    hashed = replace(corpus[1], id="9f20311399c0", published=None)  # digits of a hash: no date
    features = build_features([corpus[0], same, late, hashed])
    assert list(features.days[1:3] - features.days[0].round()) == [0.0, 47.0]
    assert features.days[3] != features.days[3]
    assert score_pairs(features, [0], [2])[0] < score_pairs(features, [0], [1])[0]
    assert score_pairs(features, [0], [3])[0] == score_pairs(features, [0], [1])[0]


def test_reuse_link_joins_otherwise_unlike_articles(corpus):
    rows = [("x1", "2031-03-08T09:00:00", "Short notice", "Harrowgate library opens late on Friday."),
            ("x2", "2031-03-08T10:00:00", "Opening hours", "Friday hours changed at the reading room.")]
    articles = corpus + make(rows)
    apart = grouping(cluster_stories(articles, []))
    joined = grouping(cluster_stories(articles, [ReuseLink("x1", "x2", EDITED, 0.9)]))
    assert frozenset({"x1", "x2"}) not in apart
    assert frozenset({"x1", "x2"}) in joined


def test_streaming_in_date_order_matches_batch(corpus):
    by_id = {a.id: a for a in corpus}
    stories: list = []
    for article in sorted(corpus, key=lambda a: a.published):
        stories, _ = add_articles(stories, [article], by_id, [])
    assert grouping(stories) == grouping(cluster_stories(corpus, []))


def test_add_articles_keeps_ids_and_reports_only_touched(corpus):
    first = [a for a in corpus if a.id in {"w1", "w2", "s1", "s2", "f1"}]
    by_id = {a.id: a for a in corpus}
    stories = cluster_stories(first, [])
    before = {s.id: list(s.articles) for s in stories}
    late_water = next(a for a in corpus if a.id == "w3")
    updated, touched = add_articles(stories, [late_water], by_id, [])
    water = next(s for s in updated if "w3" in s.articles)
    assert water.id in before and set(before[water.id]) == {"w1", "w2"}
    assert touched == {water.id}
    assert {s.id for s in updated} == set(before)
    assert {s.id: s.articles for s in stories} == before  # the caller's stories are not changed
    new_event = make([("n1", "2031-03-20T09:00:00", "Comet seen over Pellham",
                       "Astronomers in Pellham photographed a bright comet low in the western sky.")])
    by_id.update({a.id: a for a in new_event})
    again, touched = add_articles(updated, new_event, by_id, [])
    assert len(again) == len(updated) + 1
    assert touched == {next(s.id for s in again if "n1" in s.articles)}


def test_deterministic_for_any_input_order(corpus):
    once = [(s.id, s.articles, s.headline) for s in cluster_stories(corpus, [])]
    shuffled = list(corpus)
    random.Random(7).shuffle(shuffled)
    assert [(s.id, s.articles, s.headline) for s in cluster_stories(shuffled, [])] == once


def test_story_hint_fixes_grouping(corpus):
    hinted = [replace(a, story_hint="desk-1") if a.id in {"w1", "s1"} else a for a in corpus]
    stories = cluster_stories(hinted, [])
    desk = next(s for s in stories if s.id == "s-hint-desk-1")
    assert desk.articles == ["s1", "w1"]
    assert all(not ({"w1", "s1"} & set(s.articles)) for s in stories if s is not desk)
    late = make([("w9", "2031-03-06T09:00:00", "Desk note", "A note filed to the desk.")], story_hint="desk-1")
    updated, touched = add_articles(stories, late, {a.id: a for a in hinted + late}, [])
    assert touched == {"s-hint-desk-1"}
    assert "w9" in next(s for s in updated if s.id == "s-hint-desk-1").articles


def test_headline_id_and_time_span(corpus):
    stories = {frozenset(s.articles): s for s in cluster_stories(corpus, [])}
    water = stories[frozenset({"w1", "w2", "w3"})]
    assert water.headline in {a.title for a in corpus if a.id.startswith("w")}
    assert water.id == "s-w1"  # named after its earliest article
    assert (water.first_published, water.last_published) == ("2031-03-04T09:00:00", "2031-03-05T08:15:00")


def test_undated_articles_still_cluster(corpus):
    undated = [replace(a, published=None) for a in corpus if a.id[0] in "ws"]
    stories = cluster_stories(undated, [])
    assert grouping(stories) == expected_grouping(undated)
    assert all(s.first_published is None for s in stories)


def test_entity_proxy_and_dates():
    article = make([("e1", None, "Mayor Delia Marsh visits Kettle Lane",
                     "The mayor met residents. She said the road would reopen.")])[0]
    assert {"delia", "marsh", "kettle", "lane", "mayor"} <= set(entity_tokens(article))
    assert "the" not in entity_tokens(article)
    assert parse_day("1970-01-02") == 1.0
    assert parse_day("not a date") != parse_day("not a date")  # NaN for unreadable dates


def test_demo_corpus_groups_per_truth():
    from pathlib import Path

    from demo_truth import STORIES

    import crosswire

    demo = Path(crosswire.__file__).parent / "examples" / "demo"
    report = crosswire.analyze_paths([str(demo)])
    assert grouping(report.stories) == {frozenset(ids) for ids in STORIES}


def test_shared_neighbours_lift_weak_pairs_but_not_weak_links_of_strong_articles():
    import numpy as np

    from crosswire.stories.similarity import lift_second_order, neighbour_vectors, shared_neighbour_scores

    # Articles 0 and 2 barely match each other (0.06) but both match 1 well: the two-step path
    # 0-1-2 lifts them to the weaker of its scores. Article 3's only link, 0.08 to 1, is under
    # NEIGHBOUR_RATIO of article 1's best score (0.6), so 3 is nobody's neighbour and stays low.
    rows, cols = np.array([0, 1, 0, 1]), np.array([1, 2, 2, 3])
    first = np.array([0.6, 0.4, 0.06, 0.08])
    neighbours = neighbour_vectors(4, rows, cols, first)
    final = lift_second_order(first, shared_neighbour_scores(neighbours, rows, cols))
    assert final[2] == pytest.approx(0.4)  # 0-2 lifted to min(0.6, 0.4)
    assert final[3] == pytest.approx(0.08)  # 1-3 unchanged
    assert neighbours[3].nnz == 0


def test_index_candidates_group_like_all_pairs(corpus, monkeypatch):
    from crosswire.stories import cluster

    exact = grouping(cluster_stories(corpus, []))
    monkeypatch.setattr(cluster, "EXACT_PAIRS_MAX", 0)  # force the inverted-index candidate search
    assert grouping(cluster_stories(corpus, [])) == exact


def test_persistent_stream_state_matches_rebuilding_it(corpus):
    from crosswire.stories.stream import StreamState

    by_id = {a.id: a for a in corpus}
    ordered = sorted(corpus, key=lambda a: a.published)
    state = StreamState.start([], by_id)
    kept: list = []
    rebuilt: list = []
    for article in ordered:
        kept, _ = add_articles(kept, [article], by_id, [], state=state)
        rebuilt, _ = add_articles(rebuilt, [article], by_id, [])
    assert [(s.id, s.articles, s.headline) for s in kept] == [(s.id, s.articles, s.headline) for s in rebuilt]
    assert len(state.ids) == len(corpus)  # each article indexed once, never refitted


def test_streaming_moves_open_articles_out_of_a_wrong_story_but_never_splits_frozen_ones(corpus):
    from crosswire.records import Story

    # A story that wrongly holds both look-alike events, as an earlier run could have left it.
    by_id = {a.id: a for a in corpus}
    wrong = Story(id="s-w1", articles=["s1", "s2", "s3", "w1", "w2", "w3"])
    sport = Story(id="s-f1", articles=["f1"])
    late = make([("n1", "2031-03-20T09:00:00", "Comet seen over Pellham",
                  "Astronomers in Pellham photographed a bright comet low in the western sky.")])
    by_id.update({a.id: a for a in late})
    # 20 March: the school reports (11-12 March) are open and move out; the water reports
    # (4-5 March, more than OPEN_DAYS earlier) are frozen and keep the story's id.
    updated, touched = add_articles([wrong, sport], late, by_id, [])
    assert grouping(updated) == {frozenset({"w1", "w2", "w3"}), frozenset({"s1", "s2", "s3"}),
                                 frozenset({"f1"}), frozenset({"n1"})}
    assert next(s for s in updated if "w1" in s.articles).id == "s-w1"
    assert "s-f1" not in touched and "s-w1" in touched and len(touched) == 3
    assert len({s.id for s in updated}) == len(updated)
    # Two months on, everything before is out of the open window: a late school report may open its
    # index candidates (the school reports), but the other stories stay as they were.
    later = make([("s4", "2031-05-20T09:00:00", "Harrowgate schools closure plan shelved",
                   "The council shelved its plan to close three primary schools in Harrowgate.")])
    by_id.update({a.id: a for a in later})
    again, _ = add_articles(updated, later, by_id, [])
    assert {frozenset(s.articles) for s in again if "s4" not in s.articles} <= grouping(updated)


def test_a_report_frozen_in_a_lookalike_story_moves_when_its_own_events_reports_arrive(corpus):
    from crosswire.records import Story

    # An earlier run left the first school report in the water story (its own event's reports had
    # not come yet); it is now far outside the open window. Two months on, the other school reports
    # arrive: the old report is one of their index candidates, so it is opened and moves to them, as
    # a batch run over everything would group it. The water reports keep their story and its id.
    by_id = {a.id: a for a in corpus}
    wrong = Story(id="s-w1", articles=["s1", "w1", "w2", "w3"])
    sport = Story(id="s-f1", articles=["f1"])
    later = [replace(a, published=a.published.replace("2031-03-1", "2031-05-1")) for a in corpus
             if a.id in {"s2", "s3"}]
    by_id.update({a.id: a for a in later})
    updated, touched = add_articles([wrong, sport], later, by_id, [])
    assert grouping(updated) == {frozenset({"w1", "w2", "w3"}), frozenset({"s1", "s2", "s3"}), frozenset({"f1"})}
    assert next(s for s in updated if "w1" in s.articles).id == "s-w1"
    assert "s-w1" in touched and "s-f1" not in touched


# A report whose scraped body is only page clutter, under a headline that words the same news as
# another report's headline: the headline lift (similarity.TITLE_LIFT) is what joins them.
CLUTTER = ("Subscribe to our newsletter for the morning briefing. Most read this week. Weather forecast for the "
           "coast. Traffic and travel updates. Sign in or register to comment. Cookie settings and privacy "
           "policy. Contact the newsroom. Advertise with us. Share this page on social media. Comments are "
           "closed for this article. Download our app for alerts. Puzzles, crosswords and quizzes. Obituaries "
           "and family notices. Jobs board and property listings. Letters to the editor.")
FERRY = [
    ("h1", "2031-03-09T08:00:00", "Ferry strike halts Pellham island crossings",
     ("Crews of the Pellham island ferries walked out at dawn over unpaid overtime, stranding hundreds "
      "of commuters on the quay. The operator said talks with the crews' union would resume on Monday. "
      "Schoolchildren from the outer islands stayed home, and the mainland hospital moved appointments. "
      "Union steward Ona Varga said crews had worked double shifts all winter without extra pay.")),
    ("h2", "2031-03-09T11:00:00", "Pellham island crossings halted by ferry strike", CLUTTER),
]


def test_matching_headlines_join_a_report_whose_body_is_clutter(corpus, monkeypatch):
    from crosswire.stories import similarity

    articles = corpus + make(FERRY)
    by_id = {a.id: a for a in articles}
    streamed: list = []
    for article in sorted(articles, key=lambda a: a.published):
        streamed, _ = add_articles(streamed, [article], by_id, [])
    batch = grouping(cluster_stories(articles, []))
    assert frozenset({"h1", "h2"}) in batch
    assert grouping(streamed) == batch  # the stream state carries headline vectors too
    assert expected_grouping(corpus) <= batch  # the look-alike headlines stay under the gate
    monkeypatch.setattr(similarity, "TITLE_LIFT", 0.0)
    assert frozenset({"h1", "h2"}) not in grouping(cluster_stories(articles, []))


@pytest.mark.parametrize("semantic", [False, True], ids=["tfidf", "semantic"])
@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_lookalike_events_stay_apart_with_any_two_or_three_reports_each(corpus, dated, semantic):
    import dataclasses
    from itertools import combinations

    # Smaller corpora make the shared mayor, police chief and town weigh more: every corpus of 2-3
    # reports per protest (with and without the sports report) must still split by event, also
    # when no report carries a date (the time decay cannot help then), and with the opt-in
    # sentence-embedding signal (the two protests' leads read alike: cosine about 0.5).
    if not dated:
        corpus = [dataclasses.replace(a, published=None) for a in corpus]
    water = [a for a in corpus if a.id[0] == "w"]
    schools = [a for a in corpus if a.id[0] == "s"]
    sport = [a for a in corpus if a.id[0] == "f"]
    subsets = [list(c) for group in (water, schools) for k in (2, 3) for c in combinations(group, k)]
    for w in subsets[:4]:
        for s in subsets[4:]:
            for extra in ([], sport):
                articles = w + s + extra
                assert grouping(cluster_stories(articles, [], semantic=semantic)) == expected_grouping(articles), \
                    sorted(a.id for a in articles)


def disputes_articles() -> list[Article]:
    """The articles of our fictional gold set (benchmarks/data/disputes): 36 invented stories, 147 reports."""
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "disputes"
    return [Article(id=a["id"], source_path=str(path), title=a["title"], text=a["text"], published=a["published"],
                    outlet=a["outlet"])
            for path in sorted(folder.glob("story_*.json")) for a in json.loads(path.read_text("utf-8"))["articles"]]


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_lookalike_events_stay_apart_inside_a_larger_corpus(dated):
    from itertools import combinations

    # Among 147 other reports the town, mayor and police chief the two protests share are rare
    # words (high IDF) and would carry their cross score over the threshold on their own; only
    # the words of each event (water charges, buckets, reservoir / schools, pupils, Kettle Lane)
    # may join reports (similarity.NAME_SHARE_CAP). Undated, every pair is compared.
    others = disputes_articles()
    if not dated:
        others = [replace(a, published=None) for a in others]
    events = make(WATER + SCHOOLS)
    if not dated:
        events = [replace(a, published=None) for a in events]
    water = [a for a in events if a.id[0] == "w"]
    schools = [a for a in events if a.id[0] == "s"]
    for w in (list(c) for k in (2, 3) for c in combinations(water, k)):
        for s in (list(c) for k in (2, 3) for c in combinations(schools, k)):
            ids = {a.id for a in w + s}
            stories = cluster_stories(others + w + s, [])
            found = {frozenset(set(story.articles) & ids) for story in stories if set(story.articles) & ids}
            assert found == expected_grouping(w + s), sorted(ids)


# Two fictional central-bank decisions on one day (issue 15): one topic, two events. Their reports
# share the topic's words (central bank, interest rate, inflation, basis points, lenders), not their
# actors and places; each event is told twice in other words.
RATES = [
    ("r1", "2031-06-02T08:00:00", "Velmora central bank raises key rate to 4.5 percent",
     ("The Bank of Velmora raised its benchmark interest rate by half a point to 4.5 percent on Tuesday, "
      "its third increase this year, as inflation stayed above target. Governor Ilse Varga said housing "
      "costs and a weak lira kept prices rising. Velmora's commercial lenders said mortgage rates would follow.")),
    ("r2", "2031-06-02T11:30:00", "Velmora hikes rates again as inflation bites",
     ("Velmora's central bank lifted borrowing costs for a third time this year, taking the key rate to "
      "4.5 percent. Governor Ilse Varga blamed rents and the falling lira for stubborn inflation, and "
      "banks in the capital Orlenz said home loans would cost more from next month.")),
    ("c1", "2031-06-02T09:15:00", "Castavia central bank holds rates, signals cuts later this year",
     ("The Castavia Reserve kept its main interest rate at 3 percent on Tuesday and said it could cut in "
      "the autumn if inflation keeps easing. Chair Tomas Okafor pointed to cheaper fuel and slower wage "
      "growth. Exporters in Castavia welcomed the pause in rate rises.")),
    ("c2", "2031-06-02T14:00:00", "Castavia Reserve leaves rate at 3 percent",
     ("Castavia's central bank left borrowing costs unchanged at 3 percent, with chair Tomas Okafor saying "
      "falling fuel prices and modest pay rises gave room for a cut later in the year. Castavian exporters "
      "had lobbied for a pause.")),
]


def test_two_events_of_one_topic_on_one_day_stay_apart():
    # Clust-McMs showed the failure this pins: events of one topic (currency markets, court cases)
    # merged through their shared topic words and shared neighbours. The leads' embeddings hold them
    # apart (cross scores 0.10-0.20, same-event 0.64-0.76); the fast mode (semantic=False) still
    # merges these four, as it merges such events on Clust-McMs (benchmarks/clustering.py).
    articles = make(RATES)
    groups = grouping(cluster_stories(articles, []))
    assert groups == {frozenset({"r1", "r2"}), frozenset({"c1", "c2"})}
    stream = StreamState.start([], {a.id: a for a in articles})
    streamed: list = []
    for article in articles:  # one at a time, in file order: the same stories
        streamed, _ = add_articles(streamed, [article], {a.id: a for a in articles}, [], state=stream)
    assert grouping(streamed) == groups


def test_two_clusters_of_several_reports_need_the_higher_bar_a_lone_report_does_not():
    import numpy as np

    from crosswire.stories.cluster import GROUP_MERGE_THRESHOLD, MERGE_THRESHOLD, average_linkage

    between = (MERGE_THRESHOLD + GROUP_MERGE_THRESHOLD) / 2  # enough for a lone report, not for two stories
    # Nodes 0-1 and 2-3: two tight pairs whose four cross scores average ``between``; node 4 is a
    # lone report scoring ``between`` with both members of the first pair.
    rows = np.array([0, 2, 0, 0, 1, 1, 0, 1])
    cols = np.array([1, 3, 2, 3, 2, 3, 4, 4])
    weights = np.array([0.9, 0.9, between, between, between, between, between, between])
    found = average_linkage(5, rows, cols, weights, threshold=MERGE_THRESHOLD, group_threshold=GROUP_MERGE_THRESHOLD)
    assert found == [[0, 1, 4], [2, 3]]
    # With one bar for every merge the two pairs join (and the lone report is left out).
    assert average_linkage(5, rows, cols, weights, threshold=MERGE_THRESHOLD) == [[0, 1, 2, 3], [4]]


def test_candidate_search_through_the_turned_index_finds_the_same_neighbours() -> None:
    """best_neighbours against the whole turned-around index (posting_index) keeps exactly the
    (article, neighbour) pairs of the windowed product, dated and undated articles alike."""
    rng = np.random.default_rng(7)
    n, terms = 1500, 900  # few terms: many shared, so the NEIGHBOURS cut matters
    rows = np.repeat(np.arange(n), 12)
    index = sparse.csr_matrix((rng.random(len(rows)).astype(np.float32) + 0.01, (rows, rng.integers(0, terms, len(rows)))),
                              shape=(n, terms))
    days = rng.integers(0, int(3 * WINDOW_DAYS), n).astype(np.float64)  # span beyond the window
    days[rng.random(n) < 0.05] = np.nan
    postings = posting_index(index)
    for block, window in candidate_blocks(days):
        old, new = best_neighbours(index, block, window, days), best_neighbours(index, block, window, days, postings)
        assert np.array_equal(old[0], new[0]) and np.array_equal(old[1], new[1])
        assert len(old[0])


def test_linked_mask_finds_each_reuse_pair_in_either_order() -> None:
    """linked_mask marks a scored pair when the reuse set holds it one way round or the other."""
    rng = random.Random(3)
    for _ in range(100):
        n = rng.randint(2, 40)
        reuse = {(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(1, 15))}
        rows = np.array([rng.randrange(n) for _ in range(60)], dtype=np.int64)
        cols = np.array([rng.randrange(n) for _ in range(60)], dtype=np.int64)
        expected = [(a, b) in reuse or (b, a) in reuse for a, b in zip(rows.tolist(), cols.tolist())]
        assert linked_mask(reuse, rows, cols).tolist() == expected
    assert linked_mask({(0, 1)}, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)).tolist() == []


def test_components_join_nodes_through_chains_and_leave_lone_nodes_apart() -> None:
    """cluster.components (the blocks the Spark engine links one by one): a path, however long and
    in whatever edge order, is one component; a node in no edge is one of its own."""
    from crosswire.stories.cluster import components

    chain = [(k, k + 1) for k in range(20, 45)]
    rows, cols = np.array([(3, 9), (9, 4), (12, 11), (7, 7), (60, 2), (2, 61)] + chain[::-1]).T
    label = components(62, rows, cols)
    assert label[3] == label[9] == label[4] and label[11] == label[12] and label[60] == label[2] == label[61]
    assert len({label[k] for k in range(20, 46)}) == 1
    assert len({label[3], label[11], label[60], label[20], label[7], label[0], label[1]}) == 7


def test_a_two_article_storys_headline_is_the_lower_ids_whatever_the_float_noise():
    """Both members of a two-article story are equally close to its centroid; the tie goes to the
    lower id, not to the rounding noise of weights that unrelated articles of the batch move."""
    from crosswire.stories.cluster import headline
    from crosswire.stories.similarity import Features

    by_id = {i: Article(id=i, source_path=f"{i}.txt", title=f"Title {i}", text="x") for i in ("a1", "b2")}
    for noise in (0.0, 1e-13, -1e-13):
        body = sparse.csr_matrix(np.array([[0.6, 0.8 + noise, 0.0], [0.6, 0.0, 0.8]]))
        features = Features(ids=["b2", "a1"], body=body, title=None, entities=None, days=np.zeros(2),
                            position={"b2": 0, "a1": 1})
        assert headline(["b2", "a1"], by_id, features) == "Title a1"
