"""Rules over proposal documents (see issue: proposals hook)."""
