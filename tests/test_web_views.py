"""Issue 20: the comparison of a copy with its original, and the reuse graph's layout, as plain data."""

from crosswire.records import Article, OriginGroup, ReuseLink, Story
from crosswire.web import compare as diff
from crosswire.web import graph
from crosswire.web.render import article_href, compare_href

ORIGINAL = "The ferry left at 9 p.m. on Monday. It carried 40 people, the port said.\nAll of them were rescued."
COPY = "The ferry left at 9 p.m. on Monday. It carried 37 people, the port said.\nAll of them were rescued by boats."


def _sides(row: diff.DiffRow) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """A row as (text, kind) pairs per side."""
    return [(p.text, p.kind) for p in row.original], [(p.text, p.kind) for p in row.copy]


def test_rows_pair_sentences_and_mark_only_the_changed_words():
    found = diff.compare(ORIGINAL, COPY)
    assert len(found.rows) == 3  # "9 p.m. on" does not end a sentence
    assert _sides(found.rows[0]) == ([("The ferry left at 9 p.m. on Monday.", "same")],) * 2
    left, right = _sides(found.rows[1])
    assert ("40 ", "removed") in left and ("37 ", "added") in right
    assert [t for t, kind in left if kind == "same"] == ["It carried ", "people, the port said."]
    assert ("by boats", "added") in _sides(found.rows[2])[1]  # "rescued" and the full stop are kept
    assert found.rows[1].changed and found.rows[2].changed and not found.rows[0].changed
    assert (found.original_words, found.copy_words, found.same_words) == (20, 22, 19)  # words, not punctuation
    assert round(found.kept_share, 2) == 0.86


def test_pieces_put_back_together_give_the_texts():
    found = diff.compare(ORIGINAL, COPY)
    assert " ".join("".join(p.text for p in row.original) for row in found.rows).split() == ORIGINAL.split()
    assert " ".join("".join(p.text for p in row.copy) for row in found.rows).split() == COPY.split()
    assert "".join(diff.words("  two words\n")) == "  two words\n"


def test_a_lone_shared_word_between_two_changes_counts_as_changed():
    found = diff.compare("Harbour officials said the berths would stay shut.", "Police said nine were hurt.")
    assert _sides(found.rows[0]) == ([("Harbour officials said the berths would stay shut", "removed"), (".", "same")],
                                     [("Police said nine were hurt", "added"), (".", "same")])
    assert found.same_words == 0


def test_long_texts_are_cut_and_say_so():
    found = diff.compare("word " * (diff.MAX_WORDS + 5), "word " * 10)
    assert found.cut and found.original_words == diff.MAX_WORDS


def _story(groups: list[list[str]], links: list[tuple[str, str]]) -> tuple[Story, dict[str, Article]]:
    """A story whose article k is published k hours after midnight, with these origin groups and links."""
    ids = [a for group in groups for a in group]
    by_id = {a: Article(a, "", f"Title {a}", "text", outlet=f"Outlet {a}", published=f"2031-06-10T{k:02d}:00:00")
             for k, a in enumerate(sorted(ids))}
    reuse = [ReuseLink(a, b, "edited", 0.9) for a, b in links]
    return Story("s", ids, origins=[OriginGroup(list(g)) for g in groups], reuse=reuse), by_id


def test_graph_puts_each_origin_on_a_lane_in_time_order_and_arrows_run_rightwards():
    groups = [["a03", "a00", "a05", "a08"], ["a01", "a09"], ["a02", "a04", "a06", "a07", "a10"], ["a11"]]
    links = [("a03", "a00"), ("a05", "a00"), ("a08", "a03"), ("a09", "a01"), ("a02", "a10"), ("a04", "a06"),
             ("a06", "a07"), ("a02", "a07")]
    story, by_id = _story(groups, links)
    numbers = {a: n for n, a in enumerate(story.articles, start=1)}
    drawn = graph.reuse_graph(story, by_id, numbers, None, article_href, compare_href)
    assert [lane.title for lane in drawn.lanes] == ["Origin 1", "Origin 2", "Origin 3",
                                                    "No drawn link to another article"]
    story.origins[0].original = "a00"
    titled = graph.reuse_graph(story, by_id, numbers, None, article_href, compare_href)
    assert titled.lanes[0].title == f"Origin 1 · likely original [{numbers['a00']}]"
    assert len(drawn.nodes) == 12 and len(drawn.edges) == 8
    at = {node.number: (node.x, node.y) for node in drawn.nodes}
    assert len(set(at.values())) == 12  # no two articles on one spot
    lane1 = sorted((at[numbers[a]] for a in groups[0]), key=lambda p: p[0])
    assert [p for p in lane1] == [at[numbers[a]] for a in ["a00", "a03", "a05", "a08"]]  # earliest left
    for node in drawn.nodes:  # labels fit their column and the drawing
        assert len(node.label) <= graph.LABEL_CHARS + 5 and graph.GRAPH_MARGIN <= node.x <= drawn.width
        assert node.y + graph.GRAPH_LABELS <= drawn.height + graph.GRAPH_MARGIN
    for edge in drawn.edges:
        assert edge.directed and at[edge.source][0] < at[edge.target][0]
    first = next(e for e in drawn.edges if {e.source, e.target} == {numbers["a00"], numbers["a03"]})
    assert first.href == "/compare?original=a00&copy=a03" and first.label == "edited 0.90"


def test_graph_draws_the_strongest_links_and_counts_the_rest():
    ids = [f"a{k:02d}" for k in range(20)]
    story, by_id = _story([ids], [(a, b) for a in ids for b in ids if a < b])
    for k, link in enumerate(story.reuse):
        link.score = k / 1000
    numbers = {a: n for n, a in enumerate(story.articles, start=1)}
    drawn = graph.reuse_graph(story, by_id, numbers, None, article_href, compare_href)
    assert len(drawn.edges) == graph.GRAPH_MAX_EDGES and drawn.edges_more == 190 - graph.GRAPH_MAX_EDGES
    assert min(e.score for e in drawn.edges) == (190 - graph.GRAPH_MAX_EDGES) / 1000


def test_a_story_page_s_briefing_line_giving_an_early_toll_names_the_latest():
    """The story page, like the Markdown report, follows an early figure with the latest one."""
    from crosswire.records import UPDATED, BriefingSentence, Fact, FactValue
    from crosswire.web.render import story_view

    a = Article("a", "a.txt", "Ferry sinks", "At least four people died when the ferry sank off Port Lisk.",
                outlet="Outlet a", published="2024-05-01T08:00:00")
    b = Article("b", "b.txt", "Toll rises", "Nine people died when the ferry sank, officials said.",
                outlet="Outlet b", published="2024-05-02T09:00:00")
    toll = Fact("people died", UPDATED, 2, [FactValue("At least four", a.text, ["a"], published=a.published),
                                            FactValue("Nine", b.text, ["b"], published=b.published)])
    story = Story("s", ["a", "b"], headline="Ferry sinks", origins=[OriginGroup(["a"]), OriginGroup(["b"])],
                  facts=[toll], briefing=[BriefingSentence(a.text, ["a"]), BriefingSentence(b.text, ["b"])])
    view = story_view(story, {"a": a, "b": b})
    assert [line.later for line in view.briefing] == [["people died: later reported as Nine"], []]
