"""Rules over commit messages and PR titles."""
