"""Small constructors for the expectations every suite repeats.

They keep the suites declarative (one line per rule) and make sure the same rule is always
spelled the same way: a key is always not-null *and* unique, a range of counts always ignores
unreported (null) bounds, a date bound is always a ``datetime`` (see :func:`vocab.last_date`).
Each expectation carries a ``description`` saying why it exists (shown to operators) and, in
``meta["show"]``, the columns that help an operator read a failing row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import great_expectations as gx
from great_expectations.expectations import Expectation

from expectations import vocab

E = gx.expectations
WARNING = "warning"
CRITICAL = "critical"


def build(name: str, *groups: Iterable[Expectation]) -> gx.ExpectationSuite:
    """An ExpectationSuite named ``name`` holding every expectation of ``groups``, in order.

    Built through the constructor, which needs no data context (``add_expectation`` does); the
    constructor only *logs* expectations it cannot process, so the count is checked here.
    """
    expectations = [e for group in groups for e in group]
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    if len(suite.expectations) != len(expectations):
        raise ValueError(f"suite {name!r}: GX dropped {len(expectations) - len(suite.expectations)} expectation(s)")
    return suite


def _meta(show: Sequence[str]) -> dict | None:
    return {"show": list(show)} if show else None


def key(*columns: str) -> list[Expectation]:
    """Primary key: every part present, the combination unique."""
    out: list[Expectation] = [E.ExpectColumnValuesToNotBeNull(column=c, description=f"{c} is part of the key")
                              for c in columns]
    if len(columns) == 1:
        out.append(E.ExpectColumnValuesToBeUnique(column=columns[0], description=f"{columns[0]} identifies a row"))
    else:
        out.append(E.ExpectCompoundColumnsToBeUnique(column_list=list(columns),
                                                     description=f"({', '.join(columns)}) identifies a row"))
    return out


def not_null(*columns: str) -> list[Expectation]:
    """Columns the contract declares mandatory."""
    return [E.ExpectColumnValuesToNotBeNull(column=c, description=f"{c} is mandatory") for c in columns]


def one_of(column: str, values: Sequence[object], why: str = "closed vocabulary") -> list[Expectation]:
    """Values from a closed vocabulary (nulls are left to :func:`not_null`)."""
    return [E.ExpectColumnValuesToBeInSet(column=column, value_set=list(values), description=why)]


def none_of(column: str, values: Sequence[object], why: str, severity: str = CRITICAL) -> list[Expectation]:
    """Values that are legal in the vocabulary but must not appear (or only with a warning)."""
    return [E.ExpectColumnValuesToNotBeInSet(column=column, value_set=list(values), description=why,
                                             severity=severity)]


def flag(column: str, why: str, show: Sequence[str] = (), severity: str = CRITICAL) -> list[Expectation]:
    """A derived ``*_ok`` boolean from the frame SQL must be true on every row."""
    return [E.ExpectColumnValuesToBeInSet(column=column, value_set=[True], description=why,
                                          meta=_meta(show), severity=severity)]


def between(column: str, low: float | None, high: float | None, why: str,
            severity: str = CRITICAL) -> list[Expectation]:
    """Numeric range, inclusive; ``None`` leaves that side open."""
    return [E.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high, description=why,
                                            severity=severity)]


def counts(*columns: str) -> list[Expectation]:
    """Counts are never negative, and beyond :data:`vocab.SOFT_MAX_COUNT` they are probably mis-parsed."""
    out: list[Expectation] = []
    for c in columns:
        out += between(c, 0, None, "a count cannot be negative")
        out += between(c, None, vocab.SOFT_MAX_COUNT, "implausibly large: a mis-parsed number?", WARNING)
    return out


def ranges(*prefixes: str) -> list[Expectation]:
    """``<p>_min <= <p>_max`` when both are reported (``max`` is null for "at least N")."""
    return [E.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=f"{p}_max", column_B=f"{p}_min", or_equal=True, ignore_row_if="either_value_is_missing",
        description=f"{p}: the range's minimum cannot exceed its maximum") for p in prefixes]


def ordered(low: str, high: str, why: str, severity: str = CRITICAL) -> list[Expectation]:
    """``low <= high`` when both are present."""
    return [E.ExpectColumnPairValuesAToBeGreaterThanB(column_A=high, column_B=low, or_equal=True,
                                                      ignore_row_if="either_value_is_missing", description=why,
                                                      severity=severity)]


def dates(today: dt.date, *columns: str) -> list[Expectation]:
    """Dates, when present, fall between 1990-01-01 and tomorrow."""
    return [E.ExpectColumnValuesToBeBetween(column=c, min_value=vocab.FIRST_DATE, max_value=vocab.last_date(today),
                                            description="plausible date: 1990-01-01 .. tomorrow") for c in columns]


def confidence(column: str = "confidence") -> list[Expectation]:
    """Confidences are probabilities."""
    return not_null(column) + between(column, 0, 1, "a confidence is a probability in [0, 1]")


def indexes(*columns: str) -> list[Expectation]:
    """Positional indexes (sentence, mention, frame …) start at 0."""
    return [E.ExpectColumnValuesToBeBetween(column=c, min_value=0, description="indexes start at 0") for c in columns]


def matches(column: str, regex: str, why: str) -> list[Expectation]:
    """String shape (ids, country codes)."""
    return [E.ExpectColumnValuesToMatchRegex(column=column, regex=regex, description=why)]


def has_columns(*columns: str) -> list[Expectation]:
    """The contract's columns exist (extra columns are allowed: the contract says add freely)."""
    return [E.ExpectTableColumnsToMatchSet(column_set=list(columns), exact_match=False,
                                           description="contract columns must not be renamed or dropped")]


def span(show: Sequence[str] = ("char_start", "char_end")) -> list[Expectation]:
    """Provenance: the row's article exists and its [char_start, char_end) lies inside the text."""
    return (flag("article_ok", "every row must trace back to an existing article", show=("article_id",))
            + flag("span_ok", "0 <= char_start < char_end <= char_count of the article", show=show))
