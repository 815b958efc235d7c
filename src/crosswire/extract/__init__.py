"""Stage 2, extract: RawDocument -> Article (text without clutter, metadata, agencies); non-articles reported."""
