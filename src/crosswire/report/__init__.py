"""Report writers: the contract's JSON and the Markdown report."""
