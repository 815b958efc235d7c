"""Speed of the facts stage: CPU ms per article of entities + facts on Multi-News clusters.

Each cluster is one story (grouping fixed), each article its own origin. Run it on two source
trees to compare a change with its parent (the issue's limit: at most 1.5x):

    git worktree add /tmp/before <commit>
    PYTHONPATH=/tmp/before/src nice -n 10 .venv/bin/python benchmarks/facts_speed.py 400 before
    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/facts_speed.py 400 after
"""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import data_dir

from crosswire.entities import resolve_entities
from crosswire.facts import line_up_facts
from crosswire.records import Article, OriginGroup

clusters = []
with open(data_dir('multi-news-dev') / 'dev.jsonl', encoding='utf-8') as h:
    for n, line in enumerate(h):
        row = json.loads(line)
        arts = [Article(id=f"{row['idx']}-{k}", source_path="x", title=t[:80], text=t, published="2015-01-01")
                for k, t in enumerate(row['raw_document']) if t.strip()]
        clusters.append(arts)
        if n >= int(sys.argv[1]): break
resolve_entities(clusters[0])
cpu = time.process_time()
n = 0
for arts in clusters:
    ents = resolve_entities(arts)
    line_up_facts(arts, [OriginGroup(articles=[a.id]) for a in arts], ents)
    n += len(arts)
print(f"{sys.argv[2]}: {n} articles, {1000*(time.process_time()-cpu)/n:.2f} ms/article entities+facts")
