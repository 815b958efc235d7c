"""Stage 4, stories: articles grouped into real-world events, in one batch or incrementally."""
