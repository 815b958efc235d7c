"""Stage 1, ingest: files, folders, stdin, WARC, feeds and fetched pages read into RawDocuments."""
