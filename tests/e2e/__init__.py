"""End-to-end tests (a package so that test modules may share a base name with a unit test)."""
