"""boilerplate.Learner: learning batch by batch gives what learning the whole list gives (issue 17:
the store adds batches without re-learning the collection)."""

import random

from crosswire.provenance import boilerplate
from crosswire.records import Article

_FOOTER = "Copyright 2031 The Velmora Wire, all rights reserved and not to be republished."
_TOPICS = ["harbour", "orchard", "railway", "library", "bridge", "festival", "reservoir", "museum", "ferry"]


def _corpus(seed: int = 3) -> list[Article]:
    """Unrelated fictional reports, most ending in one wire's footer, a few sharing a statement."""
    rng = random.Random(seed)
    syllables = ["ba", "cel", "dor", "fen", "gal", "hu", "kir", "lo", "mar", "nus", "pel", "ri", "sot", "tam"]
    out = []
    for k in range(40):
        topic = _TOPICS[k % len(_TOPICS)]
        words = [" ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(10)) for _ in range(2)]
        lines = [f"The {topic} of {words[0]}.", f"Then {words[1]}."]
        if k % 5 == 0:
            lines.append("The ministry said every region would receive equal funding this year.")
        if k % 3:
            lines.append(_FOOTER)
        out.append(Article(id=f"a{k:02d}", source_path="x", title=topic, text="\n".join(lines)))
    return out


def test_batches_learn_what_the_whole_list_learns():
    articles = _corpus()
    learner = boilerplate.Learner()
    for end in range(7, len(articles) + 7, 7):
        learned = learner.add(articles[end - 7:end])
        assert learned == boilerplate.learn(articles[:end])
    assert boilerplate.sentence_key(_FOOTER) in learned
