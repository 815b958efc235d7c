"""The DuckDB store: tables, one transaction per batch, reads for the CLI and the web app."""
