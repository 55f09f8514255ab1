"""Unit tests (a package so that test modules may share a base name with an e2e test)."""
