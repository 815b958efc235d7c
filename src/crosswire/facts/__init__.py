"""Stage 5, facts: entities resolved across spellings, claims lined up over independent sources."""
