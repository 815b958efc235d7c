"""analyze = ingest: the same articles in one batch and in small batches, in any order, give the same stories."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.records import Article
from crosswire.stories.cluster import cluster_stories
from crosswire.stories.stream import StreamState, add_articles

# A fictional month of news: a bridge collapse reported over three days, a vote two weeks later,
# and a wildfire a month on. Ids stand for hashed file names: their order (the order ingest reads a
# folder in) is not publication order. Read two at a time, the first two bridge reports (1a0, 1b0:
# too little in common to join on their own) come first, and every later bridge report arrives
# beside a report from weeks later, so the first two stories are long out of the open window.
ROWS = [
    ("1a0", "2032-04-01T07:00:00", "Old Vell bridge collapses in Norvale",
     ("The Old Vell bridge in Norvale collapsed into the river Askel before dawn. Two lorries fell with the "
     "span and their drivers were pulled from the water by fishermen. Engineer Mara Quist said cracks had "
     "been reported in the piers last winter.")),
    ("3a0", "2032-04-01T12:30:00", "Norvale bridge collapse: lorry drivers rescued from the Askel",
     ("Fishermen rescued two lorry drivers after the Old Vell bridge gave way over the Askel in Norvale. "
     "Mara Quist, the county engineer, confirmed that cracks in the bridge piers were found last winter.")),
    ("2a0", "2032-04-02T09:15:00", "Inquiry ordered into Old Vell bridge failure",
     ("The county ordered an inquiry into why the Old Vell bridge in Norvale failed. Engineer Mara Quist "
     "will hand over inspection reports on the cracked piers. Ferries now carry commuters across the Askel.")),
    ("1b0", "2032-04-03T16:40:00", "Ferries replace fallen Norvale bridge",
     ("Commuters crossed by ferry on Saturday while divers searched the wreck. The inquiry opens on Monday, "
     "the county said, and ferries will run until a temporary crossing is built.")),
    ("4a0", "2032-04-16T20:00:00", "Tamsin voters back new harbour in referendum",
     ("Voters in Tamsin approved the new harbour by 61 percent in Sunday's referendum. Mayor Ilse Dorn said "
     "dredging would begin in the autumn; turnout was 48 percent.")),
    ("5a0", "2032-04-17T08:10:00", "Harbour plan wins Tamsin referendum",
     ("The Tamsin harbour plan won 61 percent of the referendum vote, on a turnout of 48 percent. Mayor Ilse "
     "Dorn promised that dredging starts this autumn.")),
    ("5b0", "2032-04-17T18:25:00", "After referendum, Tamsin harbour opponents consider appeal",
     ("Opponents of the Tamsin harbour, defeated with 39 percent in the referendum, said they may appeal. "
     "Mayor Ilse Dorn called the 61 percent result clear.")),
    ("2b0", "2032-05-12T05:30:00", "Wildfire forces evacuation of Corran valley",
     ("A wildfire spread through the pine forests above Corran overnight, forcing 900 residents to leave. "
     "Fire chief Oskar Ferne said strong winds pushed the flames down the valley.")),
    ("3b0", "2032-05-12T14:00:00", "Corran valley evacuated as wildfire spreads",
     ("Nine hundred people left the Corran valley as a wildfire burned through pine forest. Fire chief Oskar "
     "Ferne blamed strong winds; helicopters dropped water on the flames.")),
    ("4b0", "2032-05-13T10:45:00", "Winds ease, Corran wildfire contained",
     ("Firefighters contained the Corran wildfire after the winds eased, fire chief Oskar Ferne said. "
     "Residents of the valley may return home on Thursday.")),
]


def articles() -> list[Article]:
    return [Article(id=i, source_path=f"{i}.json", title=t, text=x, published=p, outlet=f"Outlet {i}")
            for i, p, t, x in ROWS]


def grouping(stories) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in stories}


def streamed(ordered: list[Article], size: int, state: StreamState | None = None) -> set[frozenset[str]]:
    """The stories of add_articles fed ``size`` articles at a time, in the order given."""
    by_id = {a.id: a for a in ordered}
    state = state or StreamState.start([], by_id)
    stories: list = []
    for start in range(0, len(ordered), size):
        stories, _ = add_articles(stories, ordered[start:start + size], by_id, [], state=state)
    return grouping(stories)


ORDERS = {
    "file name": lambda items: sorted(items, key=lambda a: a.source_path),
    "publication": lambda items: sorted(items, key=lambda a: a.published),
    "newest first": lambda items: sorted(items, key=lambda a: a.published, reverse=True),
}


def test_batch_clustering_finds_the_three_events():
    assert grouping(cluster_stories(articles(), [])) == {
        frozenset({"1a0", "3a0", "2a0", "1b0"}), frozenset({"4a0", "5a0", "5b0"}), frozenset({"2b0", "3b0", "4b0"})}


@pytest.mark.parametrize("order", sorted(ORDERS))
@pytest.mark.parametrize("size", [1, 2, 3, 10])
def test_batches_of_any_size_and_order_give_the_batch_stories(order, size):
    batch = grouping(cluster_stories(articles(), []))
    assert streamed(ORDERS[order](articles()), size) == batch


def test_average_linkage_reports_its_close_calls():
    from crosswire.stories.cluster import CLOSE_CALL_MARGIN, average_linkage

    rows, cols = np.array([0, 2, 4]), np.array([1, 3, 5])
    bar = 0.2
    weights = np.array([bar + CLOSE_CALL_MARGIN / 2, bar - CLOSE_CALL_MARGIN / 2, bar - 3 * CLOSE_CALL_MARGIN])
    close: set[int] = set()
    clusters = average_linkage(6, rows, cols, weights, groups=[], threshold=bar, close=close)
    assert clusters == [[0, 1], [2], [3], [4], [5]]
    assert close == {0, 1, 2, 3}  # a narrow merge and a narrow miss; the clear miss (4, 5) is no close call


def test_close_calls_stay_open_for_a_bounded_number_of_arrivals(monkeypatch):
    from crosswire.stories import stream

    monkeypatch.setattr(stream, "REDECIDE_ARTICLES", 2)
    ordered = sorted(articles(), key=lambda a: a.published)
    by_id = {a.id: a for a in ordered}
    state = StreamState.start([], by_id)
    add_articles([], ordered[:7], by_id, [], state=state)  # the bridge and the vote
    state.close_calls = {0: 7}  # as if the first bridge report had been a close call
    add_articles(state.current(), ordered[7:9], by_id, [], state=state)  # a month on: 2 arrivals since the note
    assert 0 in state._undecided()
    add_articles(state.current(), ordered[9:], by_id, [], state=state)  # 3 arrivals: the note has expired
    assert state.close_calls.get(0) is None and 0 not in state._undecided()
