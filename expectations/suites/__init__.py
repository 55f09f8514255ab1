"""Expectation suites as code, one module per warehouse stage (raw, ref, extract, marts).

Every builder is a plain function ``(today) -> ExpectationSuite`` so suites are reviewed and
versioned like the rest of the code, and the date bounds ("no later than tomorrow") follow the
calendar.  Columns ending in ``_ok`` are booleans computed by the frame SQL in
:mod:`expectations.frames` (checks that need the article text or another table); the suites
only assert that they are true.
"""
