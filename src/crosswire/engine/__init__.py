"""Engines: the drivers that call the stages' functions in order. local = in-process batch (analyze); incremental = ingest into the store; live/watch = fetched pages into the store."""
