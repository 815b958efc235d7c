"""Stage 6, briefing: cited sentences and the corroborated, disputed, updated and single-source lines."""
