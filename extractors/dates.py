"""Date expressions in normalised Arabic news text, resolved to calendar dates.

Why this module exists: an incident's date decides which reports fuse into one incident and
where it sits on the timeline, and Arabic news rarely writes a full date next to the event.
It writes "13 كانون الثاني 2021" or "13 يوليو/تموز 2021" (Levantine and Gulf month names side
by side), "18 تشرين الثاني/نوفمبر" without a year, "فجر الأحد", "مساء أمس", "الأسبوع
الماضي", "قبل أيام".  :func:`find_dates` finds these and resolves them against the article's
publication date; :func:`infer_publication_date` guesses that publication date from the text
when the metadata has none.

Input is text normalised by :func:`extractors.normalize.normalize` ("ة" -> "ه", "ى" -> "ي",
hamza-alef folded, digits ASCII); offsets index into it.  Vocabulary lives in
``data/lexicons/dates.yaml``.  ``dateparser`` is deliberately not used: it is slow on the hot
path, and its Arabic data lacks the Syriac month names and the paired "يوليو/تموز" form.

Resolution rules (all documented here because tests and fusion rely on them):

* Day + month without a year, with ``published``: the most recent such date not after
  ``published``; but if that is more than ~11 months back (335 days), the date is read as an
  upcoming one this year ("the elections on 10 October" in a 1 October article).
* Day + month + weekday ("الثلاثاء 17 تشرين الثاني") without ``published``: the year in
  1990..today in which that day-month falls on that weekday.  When the text also writes an
  explicit year, a matching year equal to it or the next wins (else the latest)
  (articles report events after the years they mention); otherwise the latest matching year
  not in the future.  With ``published``, the published-based rule above is used and the
  weekday is only recorded (publication dates beat a journalist's weekday).
* Bare weekday ("الأحد", "فجر الأحد", "يوم الأحد"): the most recent such day on or before
  ``published`` (the same day when published on it).  "الأحد الماضي": strictly before;
  "الأحد المقبل": strictly after.
* "اليوم" = published, "أمس"/"البارحة" = published - 1, "أول أمس" = published - 2,
  "الليلة الماضية" = published - 1 at night.
* "الأسبوع الماضي" = published - 7 (precision 'week'); "قبل يومين" = published - 2 ('day');
  "قبل أيام" = published - 3 ('approx'); "قبل أسبوعين" = published - 14 ('week').
* Month and year precision: ``date`` is the first day of that month / year ("الشهر الماضي",
  "في شهر أيار 2021", "مطلع 2020", "العام الماضي").
* Hijri dates need a Hijri month name with a year, or a year marked "هـ".  They are converted
  with the arithmetical (tabular) Islamic calendar, which can differ from the Umm al-Qura or
  sighted calendar by a day or two, so their precision is 'approx'.
* A bare four-digit number is a year only after "عام/سنة", a period word ("مطلع", "منتصف",
  "أواخر" ...), a month name, or a preposition ("في", "خلال", "منذ" ...) when it is plausible
  (1950..today + 1) and not followed by a counted noun ("في 2500 جندي" is not a year).

Weekdays use Python's numbering (Monday = 0 ... Sunday = 6).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extractors.lexicon import trie_alternation
from extractors.normalize import normalize_term

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"

__all__ = ["DateMention", "find_dates", "hijri_to_gregorian", "infer_publication_date"]

# Not preceded / followed by a letter (Arabic letters are \w).
_LB = r"(?<![^\W\d_])"
_LA = r"(?![^\W\d_])"
# Proclitics allowed before a date word: "والسبت", "بالأمس", "لعام".
_PFX = r"(?:[وف]?[بل]?)"
_EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class DateMention:
    """A date expression found in the text, resolved as far as the context allows.

    ``precision`` is 'day', 'month', 'year', 'week', 'approx' or 'unknown'; ``kind`` is
    'absolute' (the text fixes the date by itself), 'relative' (it needs the publication
    date: "أمس", "الأحد الماضي", "قبل يومين") or 'partial' (day and month without a year, or
    a weekday alone).  ``date`` is None when it cannot be resolved.  ``month``/``day``/
    ``year`` hold what the text states or what resolution found; ``weekday`` is 0 = Monday.
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str
    kind: str
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None
    part_of_day: str | None = None


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


def _n(term: Any) -> str:
    return normalize_term(str(term))


def _alt(terms: Any) -> str:
    """Regex alternation of normalised terms, longest first, spaces as \\s+ (as a character trie,
    which ``re`` tries much faster than a flat list; see :func:`extractors.lexicon.trie_alternation`)."""
    return "(?:" + trie_alternation({_n(t) for t in terms if _n(t)}, space=r"\s+") + ")"


def _key(text: str) -> str:
    return " ".join(text.split())


class _DateLexicon:
    """dates.yaml, normalised, with the compiled patterns built from it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.months = {_n(f): int(m) for m, fs in data["months"].items() for f in fs}
        self.weak_months = {_n(f) for f in data["weak_months"]}
        self.hijri_months = {_n(f): int(m) for m, fs in data["hijri_months"].items() for f in fs}
        self.weekdays = {_n(f): int(d) for d, fs in data["weekdays"].items() for f in fs}
        self.weak_weekdays = {_n(f) for f in data["weak_weekdays"]}
        self.parts = {_n(f): part for part, fs in data["parts_of_day"].items() for f in fs}
        self.rel_days = {_n(f): int(off) for off, fs in data["relative_days"].items() for f in fs}
        self.tonight = {_n(f) for f in data["tonight"]}
        self.last_night = {_n(f) for f in data["last_night"]}
        self.today_blockers = {_n(f) for f in data["today_blockers"]}
        self.today_blockers_before = {_n(f) for f in data["today_blockers_before"]}
        self.past = {_n(f) for f in data["past"]}
        self.next = {_n(f) for f in data["next"]}
        self.current = {_n(f) for f in data["current"]}
        self.periods = {_n(f): p for p, fs in data["periods"].items() for f in fs}
        self.units: dict[str, tuple[str, int | None]] = {}
        for unit, forms in data["units"].items():
            for f in forms.get("singular", ()):
                self.units[_n(f)] = (unit, 1)
            for f in forms.get("dual", ()):
                self.units[_n(f)] = (unit, 2)
            for f in forms.get("plural", ()):
                self.units[_n(f)] = (unit, None)
        self.small_numbers = {_n(f): int(v) for v, fs in data["small_numbers"].items() for f in fs}
        self.modifiers = {_n(f): kind for kind, fs in data["period_modifiers"].items() for f in fs}
        self.year_preps = {_n(f) for f in data["year_prepositions"]}
        self.year_blockers = {_n(f) for f in data["year_blockers"]}
        self.hijri_markers = {_n(f) for f in data["hijri_markers"]}
        self.ordinal_days = self._ordinal_days(data)
        self.future_cues = {_n(f) for f in data["future_cues"]}

        month = _alt(self.months)
        hijri = _alt(self.hijri_months)
        wd = _alt(self.weekdays)
        pod = _alt(self.parts)
        rel_day = _alt(list(self.rel_days) + list(self.tonight) + list(self.last_night))
        past, nxt, cur = _alt(self.past), _alt(self.next), _alt(self.current)
        mods = _alt(self.modifiers)
        year_words = _alt(data["year_words"])
        marks = _alt(list(data["gregorian_markers"]) + list(data["hijri_markers"]))
        ordday = _alt(self.ordinal_days)
        preps = _alt(self.year_preps)
        units = _alt(self.units)
        small = _alt(self.small_numbers)
        vague = _alt(data["vague_counts"])
        periods = _alt(self.periods)
        this = _alt(data["this"])
        ago = _alt(data["ago"])
        sep = r"\s*(?:/|\\|\(|-|–|او)\s*"
        pair = rf"(?:{sep}(?P<m2>{month}){_LA}\s*\)?)?"
        year_tail = (rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{year_words}\s+)?(?<!\d)(?P<y>\d{{4}})(?!\d)"
                     rf"(?:\s*(?P<mk>{marks}){_LA})?"
                     rf"|\s+(?:من\s+)?(?:العام|السنه)\s+(?P<yrel>{past}|{cur}|{nxt}){_LA})?")
        # Every pattern starts with its proclitics in the group "pfx", which the span skips.
        pfx = rf"{_LB}(?P<pfx>[وف]?[بل]?)"
        lead = (rf"(?:(?P<pod>{pod}){_LA}\s+(?:(?:يوم|نهار){_LA}\s+)?)?"
                rf"(?:(?:(?:يوم|نهار){_LA}\s+)?(?P<wd>{wd}){_LA}\s*[،,]?\s*"
                rf"(?:(?:الموافق|الموافقه|المصادف){_LA}\s*)?)?")
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("dmy", re.compile(
                pfx + lead
                + rf"(?:(?<![\d.,/])(?P<d>\d{{1,2}})(?![\d]|[.,/]\d)|(?P<od>{ordday}){_LA}\s+من)"
                + rf"\s*(?:من\s+)?(?:(?:شهر|الشهر)\s+)?(?P<m1>{month}){_LA}" + pair + year_tail)),
            ("my", re.compile(
                pfx + rf"(?:(?P<mod>{mods}){_LA}\s+)?(?:(?P<shahr>شهر|الشهر){_LA}\s+)?"
                rf"(?P<m1>{month}){_LA}" + pair
                + rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{year_words}\s+)?(?<!\d)(?P<y>\d{{4}})(?!\d)"
                rf"(?:\s*(?P<mk>{marks}){_LA})?"
                rf"|\s+(?:من\s+)?(?:العام|السنه)\s+(?P<yrel>{past}|{cur}|{nxt}){_LA}"
                rf"|\s+(?P<mrel>{past}|{cur}|{nxt}){_LA})?")),
            ("ymd", re.compile(
                r"(?P<pfx>)(?<![\d.,/-])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
                r"(?![\d]|[.,/-]\d)")),
            ("dmy_num", re.compile(
                r"(?P<pfx>)(?<![\d.,/-])(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})"
                r"(?![\d]|[.,/-]\d)")),
            ("hijri", re.compile(
                pfx + rf"(?:(?<![\d.,/])(?P<d>\d{{1,2}})\s+)?(?P<hm>{hijri}){_LA}\s+(?:من\s+)?(?:عام\s+)?"
                rf"(?P<y>1[34]\d{{2}})(?!\d)(?:\s*(?P<mk>{marks}){_LA})?")),
            ("year", re.compile(
                rf"(?:{_LB}{_PFX}(?P<prep>{preps}){_LA}\s+)?"
                + pfx + rf"(?:(?P<mod>{mods}){_LA}\s+)?(?:(?P<yw>{year_words}){_LA}\s+)?"
                rf"(?<![\d.,/])(?P<y>\d{{4}})(?!\d|[.,/]\d)(?:\s*(?P<mk>{marks}){_LA})?")),
            ("weekday", re.compile(
                pfx + rf"(?:(?P<pod>{pod}){_LA}\s+)?(?:(?P<yawm>يوم|يومي|نهار){_LA}\s+)?"
                rf"(?:(?P<rd>{rel_day}){_LA}\s+)?(?P<wd>{wd}){_LA}"
                rf"(?:\s*(?:علي|-|/)\s*{_PFX}(?P<wd2>{wd}){_LA})?"
                rf"(?:\s+(?P<rel>{past}|{nxt}){_LA})?")),
            ("relday", re.compile(
                pfx + rf"(?:(?P<pod>{pod}){_LA}\s+)?(?:يوم\s+)?(?P<rd>{rel_day}){_LA}")),
            ("ago", re.compile(
                pfx + rf"(?P<ago>{ago}){_LA}\s+(?:(?<![\d.,])(?P<n>\d{{1,3}})\s+|(?P<nw>{small}){_LA}\s+"
                rf"|(?P<vague>{vague}){_LA}\s+)?(?P<unit>{units}){_LA}"
                rf"(?!\s*\d)(?!\s+(?:من|علي|عن|{month}|{hijri}){_LA})")),
            ("period", re.compile(
                pfx + rf"(?:(?P<mod>{mods}){_LA}\s+)?(?:(?P<this>{this}){_LA}\s+)?"
                rf"(?P<per>{periods}){_LA}"
                rf"(?:\s+(?P<rel>{past}|{cur}|{nxt}){_LA}|\s+(?P<bl>قبل\s+الماضي){_LA})?")),
        ]
        # The part of each pattern no match can do without.  One search for it (a bare alternation
        # or digit class, which ``re`` scans for in C) spares the full scan in most articles.
        digits_sep = re.compile(r"\d[-/.]\d")
        self.required: dict[str, re.Pattern[str]] = {
            "dmy": re.compile(month), "my": re.compile(month), "ymd": digits_sep, "dmy_num": digits_sep,
            "hijri": re.compile(hijri), "year": re.compile(r"\d\d\d\d"), "weekday": re.compile(wd),
            "relday": re.compile(rel_day), "ago": re.compile(ago), "period": re.compile(periods),
        }
        self.month_cue_before = re.compile(
            rf"{_LB}{_PFX}(?:في|خلال|منذ|حتي|بحلول|{mods}){_LA}\s+$")
        self.future_before = re.compile(rf"{_LB}{_PFX}{_alt(self.future_cues)}{_LA}")

    @staticmethod
    def _ordinal_days(data: dict[str, Any]) -> dict[str, int]:
        """"الأول" … "الحادي والثلاثين" composed from the ordinal parts in the lexicon."""
        units = {int(v): [_n(f) for f in fs] for v, fs in data["ordinal_units"].items()}
        compound = {v: list(fs) for v, fs in units.items()}
        for v, fs in data["ordinal_compound_units"].items():
            compound[int(v)] = [_n(f) for f in fs]
        out: dict[str, int] = {}
        for v, fs in units.items():
            for f in fs:
                out[f] = v
        for f in data["ordinal_ten"]:
            out[_n(f)] = 10
        for suffix in data["ordinal_teen_suffix"]:
            for v, fs in compound.items():
                for f in fs:
                    out[f"{f} {_n(suffix)}"] = 10 + v
        for tens, fs in data["ordinal_tens"].items():
            for t in fs:
                out[_n(t)] = int(tens)
                for v, us in compound.items():
                    if int(tens) + v <= 31:
                        for u in us:
                            out[f"{u} و{_n(t)}"] = int(tens) + v
        return out


@lru_cache(maxsize=1)
def _lexicon() -> _DateLexicon:
    with (LEXICON_DIR / "dates.yaml").open(encoding="utf-8") as fh:
        return _DateLexicon(yaml.safe_load(fh))


# --------------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int = 1) -> dt.date | None:
    """Gregorian date of a Hijri date in the arithmetical (tabular, civil-epoch) calendar.

    Within a day or two of the calendars used in practice (Umm al-Qura, local sighting);
    callers should treat the result as approximate.
    """
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        return None
    jdn = (day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948440 - 1)
    try:
        return dt.date.fromordinal(jdn - 1721425)
    except (ValueError, OverflowError):
        return None


def _shift_month(date: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after (negative: before) ``date``'s month."""
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _year_for_weekday(month: int, day: int, weekday: int, today: dt.date, hint: int | None) -> int | None:
    """The year in which ``day``/``month`` fell on ``weekday`` (see the module docstring)."""
    years = [y for y in range(_EARLIEST_YEAR, today.year + 1)
             if (d := _safe_date(y, month, day)) is not None and d.weekday() == weekday and d <= today]
    if not years:
        return None
    if hint is not None:
        # a year the article names pins the weekday's year only when it is that year or the next
        # ("منذ عام 2014" in a 2023 story says nothing about the story's year)
        near = [y for y in years if hint <= y <= hint + 1]
        if near:
            return near[0]
    return years[-1]


def _resolve_day_month(month: int, day: int, published: dt.date) -> dt.date | None:
    """Most recent ``day``/``month`` not after ``published`` (unless that is ~a year back)."""
    this_year = _safe_date(published.year, month, day)
    if this_year is not None and this_year <= published:
        return this_year
    for back in (1, 2, 3, 4):   # Feb 29 may need to go back to a leap year
        prev = _safe_date(published.year - back, month, day)
        if prev is not None:
            if (published - prev).days <= 335 or this_year is None:
                return prev
            break
    return this_year


def _weekday_on_or_before(published: dt.date, weekday: int, *, strict: bool) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _weekday_after(published: dt.date, weekday: int) -> dt.date:
    delta = (weekday - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=delta)


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """A pattern match before resolution."""

    start: int
    end: int
    typ: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    pod: str | None = None
    rel: str | None = None          # past | next | current (of the weekday / month / period)
    yrel: str | None = None         # past | next | current of the year
    offset: int | None = None       # relative days
    unit: str | None = None
    count: int | None = None
    approx: bool = False
    hijri: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _rel_kind(lex: _DateLexicon, word: str | None) -> str | None:
    if not word:
        return None
    w = _key(word)
    if w in lex.past:
        return "past"
    if w in lex.next:
        return "next"
    if w in lex.current:
        return "current"
    return None


def _weekday_of(lex: _DateLexicon, word: str | None) -> int | None:
    """Weekday number of a matched weekday word (its proclitics stripped)."""
    if not word:
        return None
    w = _key(word)
    if w in lex.weekdays:
        return lex.weekdays[w]
    return None


def _month_of(lex: _DateLexicon, m1: str | None, m2: str | None) -> int | None:
    if not m1:
        return None
    return lex.months.get(_key(m1))


def _is_hijri_mark(lex: _DateLexicon, mark: str | None) -> bool:
    return bool(mark) and _key(mark or "") in lex.hijri_markers


@lru_cache(maxsize=8)
def _matched(text: str, lex: _DateLexicon, today: dt.date) -> tuple[_Raw, ...]:
    """The selected matches of ``text`` (cached: the pipeline asks twice per article without a
    publication date, once to infer it and once to resolve against it; matching does not depend
    on the publication date, only resolution does, and nothing mutates these)."""
    return tuple(_select(_candidates(text, lex, today)))


def _candidates(text: str, lex: _DateLexicon, today: dt.date) -> list[_Raw]:
    out: list[_Raw] = []
    for typ, pattern in lex.patterns:
        required = lex.required.get(typ)
        if required is not None and required.search(text) is None:
            continue
        for m in pattern.finditer(text):
            raw = _interpret(typ, m, text, lex, today)
            if raw is not None:
                out.append(raw)
    return out


def _interpret(typ: str, m: re.Match[str], text: str, lex: _DateLexicon, today: dt.date) -> _Raw | None:
    g = m.groupdict()
    start, end = m.end("pfx"), m.end()
    pod = lex.parts.get(_key(g["pod"])) if g.get("pod") else None
    if typ == "dmy":
        day = int(g["d"]) if g.get("d") else lex.ordinal_days.get(_key(g["od"] or ""))
        month = _month_of(lex, g["m1"], g.get("m2"))
        if day is None or month is None or not 1 <= day <= 31:
            return None
        year = int(g["y"]) if g.get("y") else None
        if year is not None and (_is_hijri_mark(lex, g.get("mk")) or not 1900 <= year <= 2100):
            # "13 تموز 1442 هـ" mixes calendars: keep day and month only.
            year = None
            end = m.end("m2") if g.get("m2") else m.end("m1")
        if _safe_date(year or 2000, month, day) is None:
            return None
        wd = _weekday_of(lex, g.get("wd"))
        return _Raw(start, end, "dmy", day=day, month=month, year=year, weekday=wd, pod=pod,
                    yrel=_rel_kind(lex, g.get("yrel")))
    if typ == "my":
        month = _month_of(lex, g["m1"], g.get("m2"))
        if month is None:
            return None
        year = int(g["y"]) if g.get("y") else None
        if year is not None and (_is_hijri_mark(lex, g.get("mk")) or not 1900 <= year <= 2100):
            return None
        strong = bool(year or g.get("yrel") or g.get("mrel") or g.get("shahr") or g.get("m2") or g.get("mod"))
        if not strong:
            if _key(g["m1"]) in lex.weak_months:
                return None
            if not lex.month_cue_before.search(text[max(0, start - 20):start]):
                return None
        return _Raw(start, end, "my", month=month, year=year, yrel=_rel_kind(lex, g.get("yrel")),
                    rel=_rel_kind(lex, g.get("mrel")), extra={"mod": g.get("mod")})
    if typ in ("ymd", "dmy_num"):
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
        if typ == "dmy_num" and month > 12 and day <= 12:
            month, day = day, month     # 1/13/2021 written month-first
        if _safe_date(year, month, day) is None:
            return None
        return _Raw(start, end, "numeric", day=day, month=month, year=year)
    if typ == "hijri":
        hm = lex.hijri_months.get(_key(g["hm"]))
        year = int(g["y"])
        if hm is None or not 1300 <= year <= 1500:
            return None
        if g.get("mk") and not _is_hijri_mark(lex, g["mk"]):
            return None
        day = int(g["d"]) if g.get("d") else None
        return _Raw(start, end, "hijri", day=day, month=hm, year=year, hijri=True)
    if typ == "year":
        return _interpret_year(m, text, lex, today)
    if typ == "weekday":
        wd = _weekday_of(lex, g["wd"])
        if wd is None:
            return None
        rd = _key(g["rd"]) if g.get("rd") else None
        rel = _rel_kind(lex, g.get("rel"))
        if _key(g["wd"]) in lex.weak_weekdays and not (pod or g.get("yawm") or rd or rel):
            before = text[:start].rstrip()
            after = text[end:].lstrip()
            if not (before.endswith(("،", ",")) and after.startswith(("،", ","))):
                return None
        if rd is not None and rd in lex.tonight | lex.last_night:
            return None     # "الليلة الجمعة" is unusual; let the relative-day pattern take "الليلة"
        offset = lex.rel_days.get(rd) if rd else None
        return _Raw(start, end, "weekday", weekday=wd, pod=pod, rel=rel, offset=offset)
    if typ == "relday":
        rd = _key(g["rd"])
        after = text[end:end + 12].split()
        if after and after[0] in lex.today_blockers and rd in lex.rel_days and lex.rel_days[rd] == 0:
            return None
        before = text[max(0, start - 8):start].split()
        if before and before[-1] in lex.today_blockers_before and lex.rel_days.get(rd) == 0:
            return None
        if rd in lex.tonight:
            return _Raw(start, end, "relday", offset=0, pod="night")
        if rd in lex.last_night:
            return _Raw(start, end, "relday", offset=-1, pod="night")
        offset = lex.rel_days.get(rd)
        if offset is None:
            return None
        return _Raw(start, end, "relday", offset=offset, pod=pod)
    if typ == "ago":
        unit, implied = lex.units[_key(g["unit"])]
        if g.get("n"):
            count: int | None = int(g["n"])
            approx = False
        elif g.get("nw"):
            count, approx = lex.small_numbers.get(_key(g["nw"])), False
        elif g.get("vague"):
            count, approx = None, True
        else:
            count, approx = implied, implied is None
        if approx and unit in ("month", "year"):
            return None     # "منذ سنوات": a duration, not a date
        if count is not None and count <= 0:
            return None
        return _Raw(start, end, "ago", unit=unit, count=count, approx=approx)
    if typ == "period":
        per = lex.periods[_key(g["per"])]
        rel = _rel_kind(lex, g.get("rel"))
        if g.get("bl"):
            return _Raw(start, end, "period", unit=per, rel="past", count=2)
        if g.get("this"):
            rel = rel or "current"
        if rel is None:
            return None
        return _Raw(start, end, "period", unit=per, rel=rel, count=1)
    return None


def _interpret_year(m: re.Match[str], text: str, lex: _DateLexicon, today: dt.date) -> _Raw | None:
    g = m.groupdict()
    year = int(g["y"])
    hijri = _is_hijri_mark(lex, g.get("mk"))
    if not (g.get("mod") or g.get("yw") or g.get("mk") or g.get("prep")):
        return None
    if hijri:
        if not 1300 <= year <= 1500:
            return None
    elif not 1900 <= year <= 2100:
        return None
    nxt = text[m.end():m.end() + 20].split()
    if nxt and (nxt[0] in lex.year_blockers or nxt[0][:1].isdigit() or nxt[0][:1] in "%٪"):
        return None
    if text[m.end():m.end() + 1] in ("%", "٪"):
        return None
    strong = bool(g.get("mod") or g.get("yw") or g.get("mk"))
    if not strong and not hijri and not _EARLIEST_YEAR - 40 <= year <= today.year + 1:
        return None
    return _Raw(m.end("pfx"), m.end(), "year", year=year, hijri=hijri, extra={"mod": g.get("mod")})


def _select(cands: list[_Raw]) -> list[_Raw]:
    """Non-overlapping matches, longest first."""
    chosen: list[_Raw] = []
    for c in sorted(cands, key=lambda r: (-(r.end - r.start), r.start)):
        if all(c.end <= k.start or c.start >= k.end for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda r: r.start)


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------


def _resolve(raw: _Raw, text: str, published: dt.date | None, today: dt.date,
             year_hint: int | None) -> DateMention:
    span = (raw.start, raw.end, text[raw.start:raw.end])

    def mention(date: dt.date | None, precision: str, kind: str, **kw: Any) -> DateMention:
        return DateMention(*span, date=date, precision=precision, kind=kind, part_of_day=raw.pod, **kw)

    P = published
    if raw.typ in ("dmy", "numeric"):
        assert raw.month is not None and raw.day is not None
        if raw.year is not None:
            d = _safe_date(raw.year, raw.month, raw.day)
            return mention(d, "day", "absolute", month=raw.month, day=raw.day, year=raw.year,
                           weekday=raw.weekday if raw.weekday is not None else (d.weekday() if d else None))
        if raw.yrel is not None:
            if P is None:
                return mention(None, "day", "relative", month=raw.month, day=raw.day, weekday=raw.weekday)
            y = P.year + {"past": -1, "current": 0, "next": 1}[raw.yrel]
            d = _safe_date(y, raw.month, raw.day)
            return mention(d, "day", "relative", month=raw.month, day=raw.day, year=y,
                           weekday=d.weekday() if d else raw.weekday)
        if P is not None:
            d = _resolve_day_month(raw.month, raw.day, P)
        elif raw.weekday is not None:
            y = _year_for_weekday(raw.month, raw.day, raw.weekday, today, year_hint)
            d = _safe_date(y, raw.month, raw.day) if y else None
        else:
            d = None
        return mention(d, "day", "partial", month=raw.month, day=raw.day, year=d.year if d else None,
                       weekday=raw.weekday if raw.weekday is not None else (d.weekday() if d else None))
    if raw.typ == "my":
        assert raw.month is not None
        if raw.year is not None:
            return mention(dt.date(raw.year, raw.month, 1), "month", "absolute", month=raw.month, year=raw.year)
        if raw.yrel is not None or raw.rel is not None:
            if P is None:
                return mention(None, "month", "relative", month=raw.month)
            if raw.yrel is not None:
                y = P.year + {"past": -1, "current": 0, "next": 1}[raw.yrel]
            elif raw.rel == "past":
                y = P.year if raw.month < P.month else P.year - 1
            elif raw.rel == "next":
                y = P.year if raw.month > P.month else P.year + 1
            else:
                y = P.year
            return mention(dt.date(y, raw.month, 1), "month", "relative", month=raw.month, year=y)
        if P is None:
            return mention(None, "month", "partial", month=raw.month)
        y = P.year if raw.month <= P.month else P.year - 1
        return mention(dt.date(y, raw.month, 1), "month", "partial", month=raw.month, year=y)
    if raw.typ == "hijri":
        assert raw.year is not None and raw.month is not None
        d = hijri_to_gregorian(raw.year, raw.month, raw.day or 1)
        return mention(d, "approx", "absolute", month=d.month if d else None, day=d.day if d and raw.day else None,
                       year=d.year if d else None, weekday=d.weekday() if d and raw.day else None)
    if raw.typ == "year":
        assert raw.year is not None
        if raw.hijri:
            d = hijri_to_gregorian(raw.year, 1, 1)
            return mention(d, "approx", "absolute", year=d.year if d else None)
        return mention(dt.date(raw.year, 1, 1), "year", "absolute", year=raw.year)
    if raw.typ == "weekday":
        assert raw.weekday is not None
        kind = "relative" if (raw.rel or raw.offset is not None) else "partial"
        if P is None:
            return mention(None, "day", kind, weekday=raw.weekday)
        if raw.offset is not None:
            d = P + dt.timedelta(days=raw.offset)
        elif raw.rel == "past":
            d = _weekday_on_or_before(P, raw.weekday, strict=True)
        elif raw.rel == "next":
            d = _weekday_after(P, raw.weekday)
        else:
            d = _weekday_on_or_before(P, raw.weekday, strict=False)
        return mention(d, "day", kind, month=d.month, day=d.day, year=d.year, weekday=raw.weekday)
    if raw.typ == "relday":
        assert raw.offset is not None
        if P is None:
            return mention(None, "day", "relative")
        d = P + dt.timedelta(days=raw.offset)
        return mention(d, "day", "relative", month=d.month, day=d.day, year=d.year, weekday=d.weekday())
    if raw.typ == "ago":
        unit, count = raw.unit, raw.count
        if raw.approx:
            if P is None:
                return mention(None, "approx", "relative")
            d = P - dt.timedelta(days=3 if unit == "day" else 14)
            return mention(d, "approx", "relative")
        assert count is not None
        precision = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit or "day"]
        if P is None:
            return mention(None, precision, "relative")
        if unit == "day":
            d = P - dt.timedelta(days=count)
            return mention(d, "day", "relative", month=d.month, day=d.day, year=d.year, weekday=d.weekday())
        if unit == "week":
            return mention(P - dt.timedelta(days=7 * count), "week", "relative")
        if unit == "month":
            d = _shift_month(P, -count)
            return mention(d, "month", "relative", month=d.month, year=d.year)
        return mention(dt.date(P.year - count, 1, 1), "year", "relative", year=P.year - count)
    if raw.typ == "period":
        step = {"past": -1, "current": 0, "next": 1}[raw.rel or "current"] * (raw.count or 1)
        precision = raw.unit or "unknown"
        if P is None:
            return mention(None, precision, "relative")
        if raw.unit == "week":
            return mention(P + dt.timedelta(days=7 * step), "week", "relative")
        if raw.unit == "month":
            d = _shift_month(P, step)
            return mention(d, "month", "relative", month=d.month, year=d.year)
        return mention(dt.date(P.year + step, 1, 1), "year", "relative", year=P.year + step)
    return mention(None, "unknown", "relative")


def find_dates(text: str, published: dt.date | None = None, *, today: dt.date | None = None) -> list[DateMention]:
    """All date expressions in normalised ``text``, in order, resolved against ``published``.

    ``today`` (default: the current date) bounds weekday-based year guesses ("not in the
    future"); pass the crawl date when processing an archive so results are reproducible.
    """
    lex = _lexicon()
    today = today or dt.date.today()
    raws = _matched(text, lex, today)
    explicit_years = [r.year for r in raws
                      if r.year is not None and not r.hijri and r.typ in ("dmy", "numeric", "my", "year")
                      and r.year <= today.year]
    year_hint = max(explicit_years) if explicit_years else None
    return [_resolve(r, text, published, today, year_hint) for r in raws]


def infer_publication_date(text: str, *, today: dt.date | None = None) -> tuple[dt.date | None, str]:
    """Guess when an article without metadata was published: (date, 'inferred') or (None, 'unknown').

    Conservative heuristic: the article cannot predate the events it reports, so take the
    *latest* day-precise date the text fixes by itself, i.e. a full date with a year
    ("13 كانون الثاني 2021", "2021/1/13") or a weekday + day-month pair whose year the weekday
    fixes (a dateline or statement date such as "الأربعاء 18 تشرين الثاني").  Dates in the
    future of ``today``, dates announced as plans ("المقرر في ..."), month/year-only dates
    and Hijri conversions are ignored.  Taking the latest rather than the first keeps an
    article that recaps a 2019 event while reporting a 2021 one in 2021.
    """
    lex = _lexicon()
    today = today or dt.date.today()
    best: dt.date | None = None
    for mention in find_dates(text, None, today=today):
        if mention.date is None or mention.precision != "day" or mention.date > today:
            continue
        if mention.kind not in ("absolute", "partial"):
            continue
        before = text[max(0, mention.start - 25):mention.start]
        if lex.future_before.search(before):
            continue
        if best is None or mention.date > best:
            best = mention.date
    if best is None:
        return None, "unknown"
    return best, "inferred"
