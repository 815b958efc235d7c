"""Clustering on Spark: ``cluster.ClusterWork`` whose blocks, chunks and linkage run on executors.

``cluster.cluster_stories`` builds the batch's statistics on the driver (TF-IDF features, the
term index, the neighbour vectors) and hands its many independent pieces of work to a
ClusterWork; SparkClusterWork broadcasts the statistics once and runs each piece in a task with
the function the in-process engine calls, so both engines give the same stories.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..records import Article, Story
from ..stories import cluster

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import SparkSession


def _embedded(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Each text's vector (float32 bytes), embedded in this worker with ``embeddings.embed``.

    Calls stay under embeddings.PARALLEL_MIN texts, so a Spark worker never starts processes of its own.
    """
    import pandas as pd

    from .. import embeddings

    for batch in batches:
        texts = list(batch.text)
        step = embeddings.PARALLEL_MIN - 1
        vectors = [v for start in range(0, len(texts), step) for v in embeddings.embed(texts[start:start + step])]
        yield pd.DataFrame({"text": texts, "vector": [v.astype(np.float32).tobytes() for v in vectors]})


# Pairs scored per task (similarity.row_dots scores them 50,000 at a time too).
PAIR_CHUNK = 50_000


class SparkClusterWork(cluster.ClusterWork):
    """``cluster.ClusterWork`` on executors: the candidate search block by block, pair scores chunk by
    chunk, and average linkage per connected block of the graph (blocks found on the driver, where
    the scored edges are; a few blocks a task).

    The batch statistics that ``cluster.cluster_stories`` builds on the driver (the TF-IDF features,
    the term index, the neighbour vectors) are broadcast once; each task calls the same function
    the in-process engine calls, on its part. A pair's score does not depend on which other pairs
    share its call, except through similarity.row_dots' choice of kernel: below GRAM_ROWS_MAX
    articles one task scores the whole call, as the in-process engine does, so that choice is the same.
    """

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.sent: dict[int, tuple[Any, Any]] = {}

    def _send(self, value: Any) -> Any:
        """A broadcast of ``value``, made once per object (the object is kept so that its id stays its own)."""
        if id(value) not in self.sent:
            self.sent[id(value)] = (value, self.spark.sparkContext.broadcast(value))
        return self.sent[id(value)][1]

    def vectors(self, articles: list[Article]) -> np.ndarray:
        """``similarity.semantic_vectors`` with the embedding on executors: the texts to embed are
        picked on the driver over the whole batch (``embeddings.lead_targets``: one template's leads
        share a vector), each distinct one is embedded once, in any task (a vector is the same bit
        for bit however the texts are grouped into calls: embeddings.py)."""
        import pandas as pd

        from .. import embeddings
        from ..stories.similarity import semantic_text

        targets = embeddings.lead_targets([semantic_text(a) for a in articles])
        wanted = sorted({t for t in targets if t.strip()})
        out = np.zeros((len(targets), embeddings.DIMENSIONS), dtype=np.float32)
        if not wanted:
            return out
        texts = self.spark.createDataFrame(pd.DataFrame({"text": wanted}), "text string")
        found = texts.repartition(self._slices(len(wanted))).mapInPandas(_embedded, "text string, vector binary").toPandas()
        vectors = {t: np.frombuffer(v, dtype=np.float32) for t, v in zip(found.text, found.vector)}
        for k, target in enumerate(targets):
            if target in vectors:
                out[k] = vectors[target]
        return out

    def neighbours(self, index: Any, blocks: list[tuple[np.ndarray, np.ndarray]],
                   days: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """``cluster.best_neighbours`` of each (block, window), one task per few blocks."""
        shared = self._send((index, cluster.posting_index(index), blocks, days))
        found = (self.spark.sparkContext.parallelize(range(len(blocks)), self._slices(len(blocks)))
                 .mapPartitions(lambda numbers: _block_neighbours(shared, numbers)).collect())
        return [pairs for _, pairs in sorted(found, key=lambda item: item[0])]

    def scores(self, features: Any, rows: np.ndarray, cols: np.ndarray,
               reuse: set[tuple[int, int]] | None = None) -> np.ndarray:
        """``similarity.score_pairs`` over chunks of pairs (one chunk below GRAM_ROWS_MAX articles)."""
        from ..stories.similarity import GRAM_ROWS_MAX

        whole = features.body.shape[0] <= GRAM_ROWS_MAX
        return self._pairs(_score_chunk, (self._send(features), reuse), rows, cols, whole)

    def shared(self, neighbours: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``similarity.shared_neighbour_scores`` over chunks of pairs."""
        return self._pairs(_shared_chunk, self._send(neighbours), rows, cols, False)

    def _pairs(self, function: Any, payload: Any, rows: np.ndarray, cols: np.ndarray, whole: bool) -> np.ndarray:
        """``function(payload, rows, cols)`` over PAIR_CHUNK pairs a task (all in one when ``whole``), in order."""
        if not len(rows):
            return np.empty(0, dtype=np.float64)
        chunk = len(rows) if whole else PAIR_CHUNK
        count = -(-len(rows) // chunk)
        pairs = self._send((np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)))

        def run(numbers: Iterable[int]) -> Iterator[tuple[int, np.ndarray]]:
            for number in numbers:
                r, c = (side[number * chunk:(number + 1) * chunk] for side in pairs.value)
                yield number, function(payload, r, c)
        found = self.spark.sparkContext.parallelize(range(count), self._slices(count)).mapPartitions(run).collect()
        return np.concatenate([values for _, values in sorted(found, key=lambda item: item[0])])

    def _slices(self, count: int) -> int:
        """Tasks for ``count`` pieces of work: a few per core, never more than the pieces."""
        return max(1, min(count, self.spark.sparkContext.defaultParallelism * 4))

    def link(self, features: Any, by_id: dict[str, Article], rows: np.ndarray, cols: np.ndarray,
             weights: np.ndarray) -> list[Story]:
        """``cluster.link_block`` on every connected block of the strong edges (cluster.strong_edges),
        an article in no strong edge being a block of its own; the blocks are dealt into a few groups
        (``_slices``), each linked block by block in one task.

        The blocks are found here (``cluster.components``), where the scored edges are: found with
        DataFrame joins, they took ~50 small Spark jobs (~9 s at 10,000 articles of the spark_scale
        corpus). A group per block cost a few milliseconds of Arrow and pandas each: ~7,000 blocks
        there (most of them single articles) took 16 s, where the in-process engine links the whole
        batch in about a second.
        """
        import pandas as pd

        count = len(features.ids)
        block = cluster.components(count, *(side[cluster.strong_edges(features, weights)] for side in (rows, cols)))
        groups = self._slices(count)
        nodes = self.spark.createDataFrame(pd.DataFrame({
            "node": np.arange(count, dtype=np.int64), "id": list(features.ids),
            "title": [by_id[i].title for i in features.ids], "published": [by_id[i].published for i in features.ids],
            "block": block.astype(np.int64), "group": (block % groups).astype(np.int64)}),
            "node long, id string, title string, published string, block long, group long")
        inside = block[rows] == block[cols]  # an edge between blocks never takes part in a merge
        edges = self.spark.createDataFrame(pd.DataFrame({
            "a": rows[inside].astype(np.int64), "b": cols[inside].astype(np.int64), "w": weights[inside],
            "block": block[rows[inside]].astype(np.int64), "group": (block[rows[inside]] % groups).astype(np.int64)}),
            "a long, b long, w double, block long, group long")
        shared = self._send(features)

        def link(node_rows: pd.DataFrame, edge_rows: pd.DataFrame) -> pd.DataFrame:
            import pandas as pd

            stories = [story for block_nodes, block_edges in _blocks(node_rows, edge_rows)
                       for story in cluster.link_block(
                           shared.value, {i: Article(id=i, title=t, text="", published=p) for i, t, p in
                                          zip(block_nodes.id, block_nodes.title, block_nodes.published)},
                           block_nodes.node.to_numpy(), block_edges.a.to_numpy(), block_edges.b.to_numpy(),
                           block_edges.w.to_numpy())]
            return pd.DataFrame({"story": [pickle.dumps(story) for story in stories]})
        found = nodes.groupBy("group").cogroup(edges.groupBy("group")).applyInPandas(link, "story binary").collect()
        return [pickle.loads(row.story) for row in found]


def _blocks(node_rows: pd.DataFrame, edge_rows: pd.DataFrame) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """The (nodes, edges) of each block in one group of ``SparkClusterWork.link``: nodes by number,
    edges by (a, b), as ``cluster.link_block`` takes them."""
    node_rows = node_rows.sort_values(["block", "node"])
    edge_rows = edge_rows.sort_values(["block", "a", "b"])
    node_blocks, edge_blocks = node_rows.block.to_numpy(), edge_rows.block.to_numpy()
    starts = np.flatnonzero(np.r_[True, node_blocks[1:] != node_blocks[:-1]])
    ends = np.r_[starts[1:], len(node_blocks)]
    for start, end in zip(starts, ends):
        block = node_blocks[start]
        first, last = np.searchsorted(edge_blocks, block, "left"), np.searchsorted(edge_blocks, block, "right")
        yield node_rows.iloc[start:end], edge_rows.iloc[first:last]


def _block_neighbours(shared: Any, numbers: Iterable[int]) -> Iterator[tuple[int, tuple[np.ndarray, np.ndarray]]]:
    """``cluster.best_neighbours`` of the numbered (block, window) parts (runs on an executor)."""
    index, postings, blocks, days = shared.value
    for number in numbers:
        block, window = blocks[number]
        yield number, cluster.best_neighbours(index, block, window, days, postings)


def _score_chunk(payload: tuple[Any, Any], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """First-order scores of a chunk of pairs (runs on an executor)."""
    from ..stories.similarity import score_pairs

    features, reuse = payload
    return score_pairs(features.value, rows, cols, reuse)


def _shared_chunk(neighbours: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Shared-neighbour scores of a chunk of pairs (runs on an executor)."""
    from ..stories.similarity import shared_neighbour_scores

    return shared_neighbour_scores(neighbours.value, rows, cols)
