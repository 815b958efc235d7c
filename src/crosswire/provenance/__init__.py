"""Stage 3, provenance: reuse links between articles (no all-pairs step) and origin groups."""
