"""Casualty and munition figures in one normalised Arabic sentence.

Why this module exists: the warehouse stores, for every incident report, how many rockets or
drones were fired, how many were shot down, and how many people were killed or injured, each
as a *range* (``min``/``max``) so that "at least five" and "more than five" stay honest.
Arabic news writes these numbers in many ways: digits, number words with gender and case
("ثلاث"/"ثلاثة", "اثنان"/"اثنين"), compounds ("خمسة وعشرين", "ثلاثة آلاف"), duals instead of
numerals ("صاروخان", "جنديين"), bare singular nouns that mean one ("مقتل طفلة"), vague
quantities ("عشرات") and whole statements that mean zero ("دون وقوع خسائر بشرية").

The rules here are deliberately *anchored*: a number only becomes a figure when it counts a
munition noun, a victim noun governed by a casualty cue, or a casualty noun ("قتلى").  A
number before any other noun ("2500 جندي" troop numbers, "اللواء 45", years, hours,
kilometres, money) is ignored, because a wrong casualty figure is worse than a missing one.

Input is text normalised by :func:`extractors.normalize.normalize` (so "ة" is "ه", "ى" is
"ي", digits are ASCII); offsets in the returned :class:`Figure` index into that string.  The
vocabulary lives in ``data/lexicons/numbers.yaml`` and is normalised on load.

Count conventions (documented because downstream fusion depends on them):

* "على الأقل 5" / "ما لا يقل عن 5" / "أكثر من 5" -> min 5, max None (the contract's range
  convention: "more than N" is an open range from the number as written, like "at least N");
  "أقل من 5" -> min None, max 4; "نحو/حوالي/قرابة/زهاء 5" -> 5..5 with ``approx=True``;
  "بين 3 و5" / "3 أو 4" -> 3..5 / 3..4.
* Vague words: "عشرات" -> min 20, "مئات" -> 200, "آلاف" -> 2000 (max None); "بضعة" -> 3..9;
  "عدة" / "عدد من" -> min 2, max None (grammatically "three or more", but journalists use them
  loosely, so we keep the understated bound).
* Duals count 2; indefinite singulars count 1 (munitions only next to a launch / fall /
  interception word, victims only after a casualty cue); plurals with no number give no
  figure, but the role is listed in :attr:`Figures.uncounted` so callers know it was
  mentioned.  "مدنيين", "مقاتلين" … are both the genitive dual and the genitive plural when
  unvocalised, so on their own they count as unknown, not as 2; the agreeing numeral after
  them settles it ("سائقين اثنين" -> 2, "عنصر واحد على الأقل" -> 1..None).
* Enumerations distribute a count, they do not add to it: "صاروخان، أحدهما … والآخر …" -> 2;
  an ordinal continues one ("سقط صاروخان … وثالث …", "أسقطت طائرتين فيما سقطت ثالثة" -> 3).
* Interceptions counted only as a part of an uncounted salvo ("هجوم بطائرات مسيرة أسقطت
  القوات اثنتين منها") give no munition count: how many were launched is not said.
* A statement that nobody was hurt gives 0..0 for killed and injured.  It is kept even when
  scoped to one side ("لم يسفر عن أي خسائر في صفوف قوات التحالف"); :func:`merge_figures`
  lets any positive count from another sentence win over such a zero.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extractors.normalize import normalize_term

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"

__all__ = ["Figure", "Figures", "extract_figures", "merge_figures", "parse_number", "tokenize"]


# --------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count as a range, with the span of the normalised sentence it was read from.

    ``kind`` says how the range was obtained, so fusion can prefer stated numbers over
    inferred ones: ``exact`` (a numeral), ``dual`` (a dual noun), ``implicit`` (a bare singular
    noun), ``at_least``, ``more_than``, ``less_than``, ``at_most``, ``approx``, ``range``,
    ``vague`` ("عشرات"), ``sum`` (several counts added, "أربعة ... وثلاثة أخرى"), ``derived``
    (read off another figure, e.g. munitions from "صدت ثلاثة صواريخ"), ``subset`` (interceptions
    counted only as a part of an uncounted salvo, "أسقطت اثنتين منها"), ``none`` (a statement
    that there were no casualties).
    """

    min: int | None
    max: int | None
    start: int
    end: int
    text: str
    approx: bool = False
    kind: str = "exact"

    @property
    def is_exact(self) -> bool:
        """True when the figure is a single known value."""
        return self.min is not None and self.min == self.max

    @property
    def is_zero(self) -> bool:
        """True for a "nobody was hurt" figure."""
        return self.min == 0 and self.max == 0


@dataclass
class Figures:
    """The figures one sentence (or, after :func:`merge_figures`, one incident) gives.

    ``None`` means "not stated".  ``civilian`` is True when the victims are civilians, False
    when the text names only security-force or fighter victims, None when unknown.
    ``uncounted`` lists roles the text mentions without a usable number (e.g. "سقوط صواريخ"
    -> ``{"munitions"}``, "راح ضحيتها أطفال" -> ``{"killed"}``, "مقتل وإصابة 5" ->
    ``{"casualties"}``).
    """

    killed: Figure | None = None
    injured: Figure | None = None
    munitions: Figure | None = None
    intercepted: Figure | None = None
    civilian: bool | None = None
    uncounted: frozenset[str] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        """True when the sentence gave nothing at all."""
        return (self.killed is None and self.injured is None and self.munitions is None
                and self.intercepted is None and self.civilian is None and not self.uncounted)


# --------------------------------------------------------------------------------------------
# Tokens and prefixes
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")
# Clause boundaries: a cue does not reach across them.
_BOUNDARY = frozenset(".,،؛;:!?؟\n")
_HARD_BOUNDARY = frozenset(".؛;!?؟\n")
# Proclitics, longest first.  "ال" is the article; the others are conjunctions/prepositions.
_PREFIXES = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "لل", "ال", "وب", "فب", "ول", "فل",
             "وك", "و", "ف", "ب", "ل", "ك")
_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a normalised sentence with its character span."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split normalised text into digit runs, letter runs and single punctuation marks.

    Digits and letters are split apart ("ب3" -> "ب", "3") because normalisation removes the
    tatweel in "بـ3" and news text glues prepositions to numbers.
    """
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=65536)
def _variants(word: str) -> tuple[tuple[str, str], ...]:
    """The word itself, then the word with each proclitic removed: ((stem, prefix), ...)."""
    out = [(word, "")]
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append((word[len(p):], p))
    return tuple(out)


def _is_definite(stem: str, prefix: str) -> bool:
    return "ال" in prefix or prefix.endswith("لل") or stem.startswith("ال")


def _tok_eq(token: str, lex: str) -> bool:
    """Later tokens of a multi-word entry: exact, or with the article ("قذائف الهاون")."""
    return token == lex or (token.startswith("ال") and token[2:] == lex and not lex.startswith("ال"))


@dataclass(frozen=True, slots=True)
class _Match:
    length: int
    payload: Any
    prefix: str
    stem: str


class _PhraseIndex:
    """Token-sequence dictionary keyed by the first token (prefix-tolerant on that token)."""

    def __init__(self) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        # word -> its (stem, prefix) variants that start an entry: most words start none, and
        # match() runs for every token of every sentence, several indexes each
        self._starts: dict[str, tuple[tuple[str, str], ...]] = {}

    def add(self, phrase: str, payload: Any, *, merge: bool = False) -> None:
        toks = tuple(t.text for t in tokenize(normalize_term(str(phrase))))
        if not toks:
            return
        self._starts.clear()
        bucket = self._first.setdefault(toks[0], [])
        for n, (existing, old) in enumerate(bucket):
            if existing == toks:
                if merge:
                    bucket[n] = (existing, old | payload)
                return
        bucket.append((toks, payload))
        bucket.sort(key=lambda e: -len(e[0]))

    def __contains__(self, word: str) -> bool:
        return word in self._first

    def match(self, words: Sequence[str], i: int, *, prefixes: bool = True,
              definite: bool = True) -> _Match | None:
        """Longest entry starting at ``words[i]``."""
        best: _Match | None = None
        word = words[i]
        starts = self._starts.get(word)
        if starts is None:
            if len(self._starts) > 200_000:
                self._starts.clear()
            starts = self._starts[word] = tuple(v for v in _variants(word) if v[0] in self._first)
        if not starts:
            return None
        variants = starts if prefixes else ((word, ""),)
        for stem, prefix in variants:
            if not definite and prefix and _is_definite("", prefix):
                continue
            for toks, payload in self._first.get(stem, ()):
                size = len(toks)
                if i + size > len(words):
                    continue
                if all(_tok_eq(words[i + k], toks[k]) for k in range(1, size)):
                    if best is None or size > best.length:
                        best = _Match(size, payload, prefix, stem)
                    break
        return best


# --------------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NounHit:
    """A noun found in a sentence: the entry, its length in tokens, and its proclitics."""

    noun: _Noun
    length: int
    definite: bool
    has_b: bool          # instrumental "ب": "بصاروخ"
    conj: bool           # "و"/"ف": "والجرحى" starts a new phrase


@dataclass(frozen=True, slots=True)
class _Noun:
    cat: str              # munition | person | others | killed | injured
    key: str
    form: str             # sg | du | pl | amb
    civilian: bool | None
    exclude_next: frozenset[str]


def _norm_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(normalize_term(str(v)) for v in values or ())


class _Lexicon:
    """All of numbers.yaml, normalised and indexed."""

    def __init__(self, data: dict[str, Any]) -> None:
        card = data["cardinals"]
        self.units: dict[str, int] = {}
        for value, forms in card["units"].items():
            for f in forms:
                self.units[normalize_term(f)] = int(value)
        self.teen_only = {normalize_term(f): int(v) for v, fs in card["teen_only_units"].items() for f in fs}
        self.teen_markers = _norm_set(card["teen_markers"])
        self.tens = {normalize_term(f): int(v) for v, fs in card["tens"].items() for f in fs}
        self.hundreds = {normalize_term(f): int(v) for v, fs in card["hundreds"].items() for f in fs}
        self.hundred_mult = _norm_set(card["hundred_multiplier"])
        self.thousand = {k: _norm_set(card["thousand"][k]) for k in ("singular", "dual", "plural")}
        self.million = {k: _norm_set(card["million"][k]) for k in ("singular", "dual", "plural")}
        self.number_words = (set(self.units) | set(self.teen_only) | self.teen_markers | set(self.tens)
                             | set(self.hundreds) | self.hundred_mult
                             | set().union(*self.thousand.values(), *self.million.values()))
        self.ordinals = {normalize_term(f): int(v) for v, fs in data["ordinals"].items() for f in fs}
        self.one_of = _norm_set(data["one_of"])

        self.vague = _PhraseIndex()
        for entry in data["vague"]:
            self.vague.add(entry["phrase"], (entry.get("min"), entry.get("max")))

        q = data["qualifiers"]
        self.qual_before = _PhraseIndex()
        for kind in ("at_least", "more_than", "less_than", "at_most", "approx", "between"):
            for phrase in q[kind]:
                self.qual_before.add(phrase, frozenset({kind}), merge=True)
        self.qual_after = _PhraseIndex()
        for phrase in q["at_least_after"]:
            self.qual_after.add(phrase, frozenset({"at_least"}), merge=True)
        for phrase in q["approx_after"]:
            self.qual_after.add(phrase, frozenset({"approx"}), merge=True)
        self.range_to = _norm_set(q["range_to"])
        self.alternative = _norm_set(q["alternative"])

        self.nouns = _PhraseIndex()
        for entry in data["munitions"]:
            excl = _norm_set(entry.get("exclude_next", ()))
            self._add_noun_forms(entry, "munition", None, excl)
        for entry in data["persons"]:
            cat = "others" if entry["key"] == "others" else "person"
            self._add_noun_forms(entry, cat, entry.get("civilian"), frozenset())
        for role, entry in data["casualty_nouns"].items():
            self._add_noun_forms(dict(entry, key=role), role, None, frozenset())

        cues = data["cues"]
        self.cues = _PhraseIndex()
        for kind, phrases in cues.items():
            for phrase in phrases:
                self.cues.add(phrase, frozenset({kind}), merge=True)

        ns = data["none_statements"]
        self.none_leads = _PhraseIndex()
        for phrase in ns["leads"]:
            self.none_leads.add(phrase, frozenset({"lead"}), merge=True)
        self.none_fillers = _norm_set(ns["fillers"])
        self.denial_leads = _PhraseIndex()
        for phrase in ns["denial_leads"]:
            self.denial_leads.add(phrase, frozenset({"lead"}), merge=True)
        self.denial_bridges = _norm_set(ns["denial_bridges"])
        self.none_objects = _PhraseIndex()
        for kind, roles in (("objects_both", frozenset({"killed", "injured"})),
                            ("objects_killed", frozenset({"killed"})),
                            ("objects_injured", frozenset({"injured"}))):
            for phrase in ns[kind]:
                self.none_objects.add(phrase, roles, merge=True)
        self.none_material = _norm_set(ns["material_markers"])
        self.none_human = _norm_set(ns["human_markers"])
        self.none_verbs = _PhraseIndex()
        for phrase in ns["injured_verbs"]:
            self.none_verbs.add(phrase, frozenset({"killed", "injured"}), merge=True)
        for phrase in ns["killed_verbs"]:
            self.none_verbs.add(phrase, frozenset({"killed"}), merge=True)
        self.none_anyone = _norm_set(ns["anyone"])
        self.none_material_only = _PhraseIndex()
        for phrase in ns["material_only"]:
            self.none_material_only.add(phrase, frozenset({"killed", "injured"}), merge=True)

        self.civilian_places = _PhraseIndex()
        for phrase in data["civilian_places"]:
            self.civilian_places.add(phrase, frozenset({"place"}), merge=True)

    def _add_noun_forms(self, entry: dict[str, Any], cat: str, civilian: bool | None,
                        excl: frozenset[str]) -> None:
        for yaml_key, form in (("singular", "sg"), ("dual", "du"), ("plural", "pl"), ("ambiguous", "amb")):
            for phrase in entry.get(yaml_key, ()) or ():
                self.nouns.add(phrase, _Noun(cat, entry["key"], form, civilian, excl))

    # -- cardinal parsing ------------------------------------------------------------------

    def _multiplier(self, word: str, *, plural_ok: bool) -> int:
        if word in self.thousand["singular"] or (plural_ok and word in self.thousand["plural"]):
            return 1000
        if word in self.million["singular"] or (plural_ok and word in self.million["plural"]):
            return 1_000_000
        return 0

    def _first_stem(self, word: str, *, prefixes: bool, definite: bool) -> str | None:
        for stem, prefix in (_variants(word) if prefixes else ((word, ""),)):
            if prefix and not definite and _is_definite("", prefix):
                continue
            if stem in self.number_words:
                return stem
        return None

    def parse_cardinal(self, words: Sequence[str], i: int, *, prefixes: bool = True, definite: bool = False,
                       stop_at_conj: bool = False) -> tuple[int, int] | None:
        """Parse the cardinal at ``words[i]``: (value, index after it) or None.

        Arabic compounds put the unit before the ten ("خمسة وعشرون" = 25), scale a unit by a
        following hundred/thousand word ("ثلاث مئة", "ثلاثة آلاف") and join descending
        magnitudes with "و" ("ألف وخمسمئة").  Anything else ends the number, so "ثلاثة
        وخمسة" is 3 (then 5), never 8, and "3 و5" never merges.
        """
        n = len(words)
        word = words[i]
        if word[:1].isdigit():
            value = _digits_value(word)
            if value is None:
                return None
            j = i + 1
            if j < n:
                mult = self._multiplier(words[j], plural_ok=True)
                if mult:
                    value *= mult
                    j += 1
            return value, j
        stem = self._first_stem(word, prefixes=prefixes, definite=definite)
        if stem is None:
            return None
        total = current = 0
        last: str | None = None
        last_val = 0
        j = i
        first = True
        while j < n:
            if first:
                conj, adv = False, 1
            else:
                tok = words[j]
                if tok == "و" and j + 1 < n and words[j + 1] in self.number_words:
                    stem, conj, adv = words[j + 1], True, 2
                elif tok.startswith("و") and tok not in self.number_words and tok[1:] in self.number_words:
                    stem, conj, adv = tok[1:], True, 1
                elif tok in self.number_words:
                    stem, conj, adv = tok, False, 1
                else:
                    break
                if conj and stop_at_conj:
                    break
            if first:
                if stem in self.units:
                    current, last, last_val = self.units[stem], "unit", self.units[stem]
                elif stem in self.teen_only:
                    current, last, last_val = self.teen_only[stem], "teen_only", self.teen_only[stem]
                elif stem in self.tens:
                    current, last, last_val = self.tens[stem], "ten", self.tens[stem]
                elif stem in self.hundreds:
                    current, last, last_val = self.hundreds[stem], "hund", self.hundreds[stem]
                elif stem in self.thousand["singular"] or stem in self.thousand["dual"]:
                    total, last = (1000 if stem in self.thousand["singular"] else 2000), "thou"
                elif stem in self.million["singular"] or stem in self.million["dual"]:
                    total, last = (1_000_000 if stem in self.million["singular"] else 2_000_000), "mill"
                else:
                    return None
            elif (not conj and stem in self.teen_markers and last in ("unit", "teen_only")
                  and 1 <= last_val <= 9):
                current += 10
                last, last_val = "teen", 10 + last_val
            elif not conj and stem in self.hundred_mult and last == "unit" and 1 <= last_val <= 9 \
                    and current == last_val:
                current = last_val * 100
                last, last_val = "hund", current
            elif not conj and (stem in self.thousand["singular"] or stem in self.thousand["plural"]) \
                    and last in ("unit", "teen", "ten", "hund") and current > 0:
                if stem in self.thousand["plural"] and not (last == "unit" and 3 <= last_val <= 10):
                    break
                total += current * 1000
                current, last = 0, "thou"
            elif not conj and (stem in self.million["singular"] or stem in self.million["plural"]) \
                    and last in ("unit", "teen", "ten", "hund", "thou") and (current or total):
                if stem in self.million["plural"] and not (last == "unit" and 3 <= last_val <= 10):
                    break
                total = (total + current) * 1_000_000
                current, last = 0, "mill"
            elif conj and stem in self.units and last in ("hund", "thou", "mill"):
                current += self.units[stem]
                last, last_val = "unit", self.units[stem]
            elif conj and stem in self.tens and (
                    (last == "unit" and last_val <= 9) or last in ("hund", "thou", "mill")):
                current += self.tens[stem]
                last, last_val = "ten", self.tens[stem]
            elif conj and stem in self.hundreds and last in ("thou", "mill"):
                current += self.hundreds[stem]
                last, last_val = "hund", self.hundreds[stem]
            else:
                break
            first = False
            j += adv
        if last == "teen_only":
            return None
        return total + current, j


def _digits_value(token: str) -> int | None:
    """Integer value of a digit token; thousands separators allowed, decimals rejected."""
    if token.isdigit():
        return int(token)
    parts = re.split(r"[.,]", token)
    if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
        return int("".join(parts))
    return None


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with (LEXICON_DIR / "numbers.yaml").open(encoding="utf-8") as fh:
        return _Lexicon(yaml.safe_load(fh))


def parse_number(tokens_or_text: str | Sequence[str]) -> int | None:
    """Value of a number written in digits or words, or None.

    The whole input must be one number ("خمسة وعشرين" -> 25, "مئتين وثلاثين" -> 230,
    "ثلاثة آلاف" -> 3000, "2,500" -> 2500, "بثلاث" -> 3).  Ordinals ("الثالث"), vague words
    ("عشرات") and anything followed by other words return None, so callers never read a
    number out of a phrase by accident.  Text is normalised first, so raw spelling is fine.
    """
    lex = _lexicon()
    if isinstance(tokens_or_text, str):
        words = [t.text for t in tokenize(normalize_term(tokens_or_text))]
    else:
        words = [t.text for w in tokens_or_text for t in tokenize(normalize_term(w))]
    if not words:
        return None
    parsed = lex.parse_cardinal(words, 0, definite=True)
    if parsed is None or parsed[1] != len(words):
        return None
    return parsed[0]


# --------------------------------------------------------------------------------------------
# Sentence analysis
# --------------------------------------------------------------------------------------------


@dataclass
class _Num:
    """A number span with its qualifiers: token range and resulting range."""

    start: int
    end: int
    lo: int | None
    hi: int | None
    approx: bool
    kind: str


@dataclass
class _Item:
    """Something counted in the sentence (or mentioned without a count)."""

    cat: str                      # munition | person | others | killed | injured | bare | subset | ordinal
    start: int                    # token range of the whole item
    end: int
    lo: int | None
    hi: int | None
    kind: str                     # see Figure.kind; "uncounted" when there is no number
    approx: bool = False
    noun: _Noun | None = None
    definite: bool = False
    group: str = "total"          # total | partitive | part | ref | subset | ordinal
    others: bool = False          # "... أخرى": adds to what came before
    has_b: bool = False           # the noun carries the instrumental "ب" ("بصاروخ")
    role: str | None = None       # killed | injured | fired | intercept | seized
    subset: bool = False          # "بينهم طفلان": part of victims already counted
    tally: bool = False           # "عدد القتلى إلى 7": the noun sits before the number

    @property
    def counted(self) -> bool:
        return self.kind != "uncounted"

    @property
    def silent(self) -> bool:
        """"الشهداء" in "كتائب سيد الشهداء", "وراء الإصابات": a definite casualty noun with no
        count names or refers back; it only matters as the noun of a tally ("عدد القتلى إلى 7")."""
        return not self.counted and self.definite and self.cat in ("killed", "injured")


_entry_start_caches: dict[tuple[int, ...], tuple[tuple[_PhraseIndex, ...], dict[str, bool]]] = {}


def _any_entry_starts(*indexes: _PhraseIndex) -> Callable[[str], bool]:
    """word -> could ``index.match(words, i)`` (with proclitics) succeed at it for any of ``indexes``?"""
    key = tuple(id(x) for x in indexes)
    entry = _entry_start_caches.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], indexes, strict=True)):
        entry = _entry_start_caches[key] = (indexes, {})
    cache = entry[1]

    def may(word: str) -> bool:
        hit = cache.get(word)
        if hit is None:
            if len(cache) > 200_000:
                cache.clear()
            hit = cache[word] = any(stem in index for stem, _p in _variants(word) for index in indexes)
        return hit

    return may


# Fast path of _Sentence.collect(): skip tokens at which no lookup of _item_at() can succeed.
# KEEP IN STEP WITH _item_at(): a new way for an item to start there needs its vocabulary here
# (tests/unit/test_fast_paths.py::test_numbers_skip_of_inert_tokens_changes_nothing compares both paths).
SKIP_INERT_TOKENS = True


def _item_starts(lex: _Lexicon) -> Callable[[str], bool]:
    """word -> can an item (number, qualifier, vague quantity, counted noun, "one of", ordinal
    continuation, "من … إلى") start at a token with this text?  Memoised per lexicon."""
    cache: dict[str, bool] | None = getattr(lex, "_item_start_cache", None)
    if cache is None:
        cache = {}
        lex._item_start_cache = cache  # type: ignore[attr-defined]

    def nouns_after_stripping(stem: str) -> bool:
        return any(v in lex.nouns for v, _p in _variants(stem))

    def compute(word: str) -> bool:
        if word in _BOUNDARY:
            return False
        if word[:1].isdigit() or word == "من":
            return True
        for stem, _prefix in _variants(word):
            if (stem in lex.one_of or stem in lex.number_words or stem in lex.ordinals or stem in lex.qual_before
                    or stem in lex.vague or stem in lex.nouns):
                return True
        if word.endswith("ا") and len(word) > 3 and nouns_after_stripping(word[:-1]):
            return True  # accusative tanween: "عنصراً"
        return any(word.endswith(suf) and len(word) - len(suf) >= 3 and nouns_after_stripping(word[: -len(suf)])
                   for suf in _PRONOUN_SUFFIXES)  # possessed plural: "عناصرها"

    def may_start(word: str) -> bool:
        hit = cache.get(word)
        if hit is None:
            if len(cache) > 200_000:
                cache.clear()
            hit = cache[word] = compute(word)
        return hit

    return may_start


class _Sentence:
    """One sentence's tokens, cue positions and counted items."""

    def __init__(self, text: str, lex: _Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.toks = tokenize(text)
        self.words = [t.text for t in self.toks]
        self.n = len(self.words)
        # cue kinds starting / ending at each token
        self.cue_start: list[list[tuple[frozenset[str], int]]] = [[] for _ in range(self.n)]
        self.cue_end: list[list[tuple[frozenset[str], int]]] = [[] for _ in range(self.n)]
        for i in range(self.n):
            m = lex.cues.match(self.words, i)
            if m is not None:
                self.cue_start[i].append((m.payload, m.length))
                self.cue_end[i + m.length - 1].append((m.payload, i))
        self.items: list[_Item] = []
        self._tally_seen = False

    # -- helpers -----------------------------------------------------------------------------

    def span(self, a: int, b: int) -> tuple[int, int, str]:
        """Character span and text of tokens [a, b)."""
        s, e = self.toks[a].start, self.toks[b - 1].end
        return s, e, self.text[s:e]

    def has_cue(self, i: int, kinds: set[str]) -> int:
        """Length of a cue of one of ``kinds`` starting at token i, else 0."""
        for payload, length in self.cue_start[i]:
            if payload & kinds:
                return length
        return 0

    def cue_ending(self, j: int, kinds: set[str]) -> tuple[str, int] | None:
        """(kind, start token) of a cue of one of ``kinds`` that ends at token j."""
        for payload, start in self.cue_end[j]:
            hit = payload & kinds
            if hit:
                return sorted(hit)[0], start
        return None

    def is_punct(self, i: int) -> bool:
        return self.words[i] in _BOUNDARY

    def stem_in(self, i: int, vocab: frozenset[str] | set[str] | dict[str, int]) -> str | None:
        for stem, _prefix in _variants(self.words[i]):
            if stem in vocab:
                return stem
        return None

    def noun_at(self, i: int) -> _NounHit | None:
        """The counted noun (munition, victim or casualty noun) starting at token i."""
        if i >= self.n or self.is_punct(i):
            return None
        m = self.lex.nouns.match(self.words, i)
        hit: _NounHit | None = None
        if m is not None:
            hit = _NounHit(m.payload, m.length, _is_definite(m.stem, m.prefix), "ب" in m.prefix,
                           m.prefix.startswith(("و", "ف")))
        elif self.words[i].endswith("ا") and len(self.words[i]) > 3:
            # Accusative tanween after 11..99: "12 عنصراً", "20 طفلاً".
            m3 = self.lex.nouns.match([self.words[i][:-1]], 0)
            if m3 is not None and m3.length == 1 and m3.payload.form == "sg":
                hit = _NounHit(m3.payload, 1, _is_definite(m3.stem, m3.prefix), "ب" in m3.prefix,
                               m3.prefix.startswith(("و", "ف")))
        if hit is None and m is None:
            # A possessed plural ("عناصرها", "جنوده"): the pronoun makes it definite.
            word = self.words[i]
            for suf in _PRONOUN_SUFFIXES:
                if word.endswith(suf) and len(word) - len(suf) >= 3:
                    m2 = self.lex.nouns.match([word[: -len(suf)]], 0)
                    if m2 is not None and m2.length == 1 and m2.payload.cat == "person" \
                            and m2.payload.form in ("pl", "amb"):
                        hit = _NounHit(m2.payload, 1, True, "ب" in m2.prefix, m2.prefix.startswith(("و", "ف")))
                        break
        if hit is None:
            return None
        end = i + hit.length
        if hit.noun.exclude_next and end < self.n and self.stem_in(end, hit.noun.exclude_next):
            return None
        return hit

    # -- numbers -----------------------------------------------------------------------------

    def number_at(self, i: int) -> _Num | None:
        """A number (digits, words or vague quantity) with its qualifiers, starting at token i."""
        lex, words, n = self.lex, self.words, self.n
        if self.is_punct(i):
            return None
        qual: frozenset[str] = frozenset()
        j = i
        qm = lex.qual_before.match(words, i)
        if qm is not None and i + qm.length < n:
            qual, j = qm.payload, i + qm.length
        if "between" in qual:
            return self._between(i, j)
        if words[i] == "من" and i + 1 < n:
            rng = self._from_to(i)
            if rng is not None:
                return rng
        core = lex.parse_cardinal(words, j)
        if core is None:
            if not qual or qual & {"approx", "more_than", "at_least"}:
                vm = lex.vague.match(words, j)
                if vm is not None:
                    lo, hi = vm.payload
                    return _Num(i, j + vm.length, lo, hi, False, "vague")
            return None
        value, k = core
        lo: int | None = value
        hi: int | None = value
        kind = "exact"
        # "ثلاثة أو أربعة", "3-5"
        if k + 1 < n and words[k] in lex.alternative:
            alt = lex.parse_cardinal(words, k + 1, prefixes=False)
            if alt is not None and alt[0] > value:
                hi, k, kind = alt[0], alt[1], "range"
        elif k + 1 < n and words[k] == "-" and words[j][:1].isdigit() and words[k + 1][:1].isdigit():
            alt = lex.parse_cardinal(words, k + 1, prefixes=False)
            if alt is not None and alt[0] > value:
                hi, k, kind = alt[0], alt[1], "range"
        approx = False
        if "at_least" in qual:
            hi, kind = None, "at_least"
        elif "more_than" in qual:
            hi, kind = None, "more_than"
        elif "less_than" in qual:
            lo, hi, kind = None, value - 1, "less_than"
        elif "at_most" in qual:
            lo, hi, kind = None, hi, "at_most"
        elif "approx" in qual:
            approx, kind = True, "approx"
        return _Num(i, k, lo, hi, approx, kind)

    def _and_number(self, k: int) -> tuple[int, int] | None:
        """A number after "و" at token k ("و5", "و خمسة", "وخمسة")."""
        words, n = self.words, self.n
        if k >= n:
            return None
        if words[k] == "و" and k + 1 < n:
            return self.lex.parse_cardinal(words, k + 1, prefixes=False)
        if words[k].startswith("و") and len(words[k]) > 1:
            sub = [words[k][1:], *words[k + 1:]]
            parsed = self.lex.parse_cardinal(sub, 0, prefixes=False)
            if parsed is not None:
                return parsed[0], parsed[1] + k
        return None

    def _between(self, i: int, j: int) -> _Num | None:
        """"بين 3 و5", "ما بين خمسة وعشرة"; "بين خمسة وعشرين" splits when nothing follows."""
        first = self.lex.parse_cardinal(self.words, j)
        if first is None:
            return None
        second = self._and_number(first[1])
        if second is None:
            short = self.lex.parse_cardinal(self.words, j, stop_at_conj=True)
            if short is not None and short[1] < first[1]:
                second = self._and_number(short[1])
                if second is not None:
                    first = short
        if second is None:
            return None
        lo, hi = sorted((first[0], second[0]))
        return _Num(i, second[1], lo, hi, False, "range")

    def _from_to(self, i: int) -> _Num | None:
        """"من 3 إلى 5"."""
        first = self.lex.parse_cardinal(self.words, i + 1, prefixes=False)
        if first is None or first[1] + 1 >= self.n or self.words[first[1]] not in self.lex.range_to:
            return None
        second = self.lex.parse_cardinal(self.words, first[1] + 1, prefixes=False)
        if second is None or second[0] <= first[0]:
            return None
        return _Num(i, second[1], first[0], second[0], False, "range")

    def qualifier_after(self, k: int) -> tuple[str, int] | None:
        """"خمسة صواريخ على الأقل": a qualifier within two tokens after the counted noun, or
        after the noun's "من" complement ("أربعة عناصر من قوات الأمن على الأقل") as long as no
        other number, counted noun or cue comes between."""
        reach = 3
        if k < self.n and self.words[k] == "من":
            reach = 7
        for j in range(k, min(k + reach, self.n)):
            if self.is_punct(j):
                return None
            m = self.lex.qual_after.match(self.words, j)
            if m is not None:
                return sorted(m.payload)[0], j + m.length
            if j > k and reach > 3 and (self.words[j][:1].isdigit() or self.cue_start[j]
                                        or self.stem_in(j, self.lex.number_words) or self.noun_at(j)):
                return None
        return None

    def _qualified(self, item: _Item) -> _Item:
        """Apply a qualifier after an exact count ("خمسة صواريخ على الأقل", "7 تقريباً"): the item
        then ends after the qualifier."""
        if item.kind != "exact":
            return item
        qa = self.qualifier_after(item.end)
        if qa is not None:
            qkind, item.end = qa
            if qkind == "at_least":
                item.hi, item.kind = None, "at_least"
            else:
                item.approx, item.kind = True, "approx"
        return item

    def post_numeral(self, k: int, *, definite: bool) -> tuple[int, int] | None:
        """"صاروخ واحد", "صاروخين اثنين", "الصواريخ الثلاثة": a numeral after its noun."""
        if k >= self.n or self.words[k][:1].isdigit():
            return None
        parsed = self.lex.parse_cardinal(self.words, k, prefixes=definite, definite=definite)
        if parsed is None:
            return None
        if definite and not self.words[k].startswith("ال"):
            return None
        if not definite and (self.words[k].startswith("ال")
                             or (self.words[k].startswith("و") and self.words[k] not in self.lex.number_words)):
            return None     # "واحد" is a numeral, "وثلاثة" starts another count
        if definite and parsed[0] == 2:
            return None     # "الصواريخ الاثنين" is "the rockets on Monday"; "الصاروخين" is already a dual
        # "صواريخ ثلاث مرات" is "rockets three times": an echo numeral ends the phrase.  "واحد" and
        # "اثنان" after their noun only ever agree with it ("سائقين اثنين بجروح", "عنصر واحد على الأقل").
        after = parsed[1]
        if not definite and parsed[0] > 2 and after < self.n and not self.is_punct(after) \
                and not self.has_cue(after, {"launch_after", "continuation_followers", "intercept_after"}):
            return None
        return parsed

    # -- item collection -----------------------------------------------------------------------

    def collect(self) -> None:
        i = 0
        may_start = _item_starts(self.lex) if SKIP_INERT_TOKENS else None
        while i < self.n:
            if may_start is not None and not may_start(self.words[i]):
                i += 1  # _item_at(i) would find nothing here and return i + 1
                continue
            nxt = self._item_at(i)
            i = nxt if nxt > i else i + 1

    def _add(self, item: _Item) -> int:
        self.items.append(item)
        return item.end

    def _item_at(self, i: int) -> int:
        lex, words = self.lex, self.words
        if self.is_punct(i):
            return i + 1
        # "أحد الصواريخ", "إحدى الطائرات", "أحد قادة الفصائل": one of a larger set.
        if self.stem_in(i, lex.one_of) and i + 1 < self.n and not self.stem_in(i + 1, lex.teen_markers):
            nm = self.noun_at(i + 1)
            extra = 0
            if nm is None and i + 2 < self.n and words[i + 1] == "من":
                nm, extra = self.noun_at(i + 2), 1
            if nm is not None and nm.noun.form in ("pl", "amb"):
                noun, length = nm.noun, nm.length + extra
                cat = noun.cat if noun.cat != "others" else "person"
                group = "part" if cat == "munition" else "total"
                return self._add(_Item(cat, i, i + 1 + length, 1, 1, "exact", noun=noun, definite=True,
                                       group=group))
        num = self.number_at(i)
        if num is not None:
            return self._number_item(num)
        # Ordinal continuation: "وثالث في ...", "والثالث انفجر في الجو".
        word = words[i]
        if word.startswith("و"):
            stem = self.stem_in(i, lex.ordinals) if word[1:] not in lex.number_words else None
            if stem is not None and self._continuation_ok(i + 1):
                return self._add(_Item("ordinal", i, i + 1, lex.ordinals[stem], lex.ordinals[stem], "exact",
                                       group="ordinal"))
        elif word in lex.ordinals and i > 0 and self.cue_ending(i - 1, {"launch_after"}) is not None \
                and self._continuation_ok(i + 1):
            # the ordinal as the subject of a fall / launch verb: "فيما سقطت ثالثة داخل محيطها"
            return self._add(_Item("ordinal", i, i + 1, lex.ordinals[word], lex.ordinals[word], "exact",
                                   group="ordinal"))
        nm = self.noun_at(i)
        if nm is not None:
            prev = self.items[-1] if self.items else None
            if prev is not None and prev.end == i and prev.cat == "munition" == nm.noun.cat and not nm.conj:
                # "قذيفتا هاون", "صواريخ كاتيوشا": the second noun names the type of the first.
                prev.end = i + nm.length
                return prev.end
            return self._noun_item(i, nm)
        return i + 1

    def _tally_noun(self, start: int) -> _Item | None:
        """The uncounted noun of "عدد/حصيلة <noun> ... إلى N" just left of a bare number, if any."""
        if not self.items:
            return None
        item = self.items[-1]
        if item.end > start or start - item.end > 4 or item.kind != "uncounted" or item.noun is None \
                or item.start == 0 or any(self.is_punct(j) for j in range(item.end, start)):
            return None
        if self.stem_in(item.start - 1, {"عدد", "حصيله", "اجمالي", "مجموع"}):
            return item
        if self._tally_seen and self.words[item.start].startswith("و"):
            return item     # "عدد القتلى إلى 7 والجرحى إلى 15"
        return None

    def _continuation_ok(self, k: int) -> bool:
        """After "وآخر"/"وثالث": a place, a verb or the end of the clause, not a noun."""
        if k >= self.n or self.is_punct(k):
            return True
        return bool(self.has_cue(k, {"continuation_followers"}))

    def _number_item(self, num: _Num) -> int:
        words, n = self.words, self.n
        k = num.end
        # "اثنين منها", "2 منهم": a part of something counted before.
        if k < n and words[k] in ("منها", "منهم", "منهما", "منهن"):
            return self._add(_Item("subset", num.start, k + 1, num.lo, num.hi, num.kind, num.approx,
                                   group="subset"))
        partitive = False
        kk = k
        if kk < n and words[kk] == "من" and num.kind != "vague":
            partitive, kk = True, kk + 1
        nm = self.noun_at(kk)
        if nm is not None and partitive and nm.noun.form not in ("pl", "amb"):
            nm = None       # "3 من جندي" is not Arabic; "من" is "from" here
        if nm is not None and nm.conj:
            nm = None       # in "7 والجرحى" the noun starts a new phrase; it is not what 7 counts
        if nm is not None and nm.has_b:
            nm = None       # a numeral takes its noun bare: in "جنديين اثنين بعبوة" the "ب" noun is the means
        if nm is None:
            if partitive:
                return num.end
            if num.start >= 2 and self.words[num.start - 2] == "من" and self.words[num.start - 1] in ("اصل", "مجموع"):
                # "4 صواريخ من أصل 6": the total the part was taken from.
                prev = next((it for it in reversed(self.items) if it.cat == "munition"), None)
                if prev is not None and prev.noun is not None:
                    return self._add(_Item("munition", num.start - 2, num.end, num.lo, num.hi, num.kind, num.approx,
                                           noun=prev.noun, group="outof"))
            tally = self._tally_noun(num.start)
            if tally is not None:
                # "ارتفع عدد القتلى إلى 5": the count of a noun named just before.
                self.items.remove(tally)
                self._tally_seen = True
                assert tally.noun is not None
                # "ارتفع عدد القتلى إلى 7 على الأقل"
                return self._add(self._qualified(_Item(tally.noun.cat, num.start, num.end, num.lo, num.hi,
                                                       num.kind, num.approx, noun=tally.noun, definite=True,
                                                       tally=True)))
            return self._add(self._qualified(_Item("bare", num.start, num.end, num.lo, num.hi, num.kind,
                                                   num.approx)))
        noun, definite, has_b = nm.noun, nm.definite, nm.has_b
        end = kk + nm.length
        item = _Item(noun.cat, num.start, end, num.lo, num.hi, num.kind, num.approx, noun=noun,
                     definite=definite, group="partitive" if partitive else "total", has_b=has_b)
        # "صاروخين اثنين" style repetition after a numeral is rare; skip an echo numeral.
        end = self._qualified(item).end
        if end < n and self.stem_in(end, {"اخري", "اخرين", "اخر", "اخرون", "اخريات"}) \
                and noun.cat in ("munition", "person", "killed", "injured"):
            item.others = True
            end += 1
        item.end = end
        if noun.cat == "others":
            item.others = True
        return self._add(item)

    def _noun_item(self, i: int, nm: _NounHit) -> int:
        noun, definite, has_b = nm.noun, nm.definite, nm.has_b
        end = i + nm.length
        post = self.post_numeral(end, definite=definite)
        if post is not None and (noun.form in ("pl", "amb") or post[0] in (1, 2)):
            value, pend = post
            group = "ref" if definite else "total"
            item = _Item(noun.cat, i, pend, value, value, "exact", noun=noun, definite=definite, group=group,
                         has_b=has_b)
            return self._add(item if definite else self._qualified(item))   # "عنصر واحد على الأقل"
        if noun.cat == "others":
            # "وآخر عند باب الحديقة", "إصابة آخر": one more of what came before.
            if noun.form == "sg" and (self.words[i].startswith("و") and self._continuation_ok(end)):
                return self._add(_Item("others", i, end, 1, 1, "implicit", noun=noun, others=True))
            if noun.form == "sg" and self._governing_cue(i) is not None:
                return self._add(_Item("others", i, end, 1, 1, "implicit", noun=noun, others=True))
            if noun.form == "du":
                return self._add(_Item("others", i, end, 2, 2, "dual", noun=noun, others=True))
            return end
        if noun.form == "sg":
            if definite:
                # "الصاروخ", "الطفلة": refers back to something introduced elsewhere.
                return self._add(_Item(noun.cat, i, end, None, None, "uncounted", noun=noun, definite=True,
                                       group="ref"))
            return self._add(_Item(noun.cat, i, end, 1, 1, "implicit", noun=noun, has_b=has_b))
        if noun.form == "du":
            others = end < self.n and self.stem_in(end, {"اخرين", "اخران", "اخريين", "اخريان"}) is not None
            return self._add(_Item(noun.cat, i, end + int(others), 2, 2, "dual", noun=noun, definite=definite,
                                   group="ref" if definite else "total", has_b=has_b, others=others))
        return self._add(_Item(noun.cat, i, end, None, None, "uncounted", noun=noun, definite=definite,
                               has_b=has_b))

    # -- roles -------------------------------------------------------------------------------

    def _governing_cue(self, start: int) -> tuple[str, int] | None:
        """The casualty cue right before token ``start`` (fillers and "و" may sit between)."""
        j = start - 1
        gap = 0
        while j >= 0:
            hit = self.cue_ending(j, {"killed", "injured"})
            if hit is not None:
                return hit
            if self.words[j] == "و" or self.has_cue(j, {"fillers"}):
                gap += 1
                if gap > 2:
                    return None
                j -= 1
                continue
            return None
        return None

    def _combined(self, cue: tuple[str, int]) -> bool:
        """"مقتل وإصابة 5": the count belongs to both roles together."""
        role, start = cue
        if start == 0:
            return False
        other = "injured" if role == "killed" else "killed"
        word = self.words[start]
        if word.startswith("و") or self.words[start - 1] == "و":
            j = start - 1 if word.startswith("و") else start - 2
            if j >= 0 and self.cue_ending(j, {other}) is not None:
                return True
        return False

    def assign_roles(self) -> None:
        prev_casualty: _Item | None = None
        prev_munition: _Item | None = None
        for item in self.items:
            if item.cat == "munition":
                item.role = "fired" if item.group == "outof" else self._munition_role(item)
                prev_munition = item
                continue
            if item.cat in ("killed", "injured"):
                if self._casualty_noun_combined(item):
                    item.role = "combined"
                else:
                    item.role = item.cat
                prev_casualty = item
                continue
            if item.cat == "subset":
                if self._intercept_left(item.start) is not None:
                    item.role = "intercept_subset"
                continue
            if item.cat in ("ordinal",):
                if prev_munition is not None:
                    item.role = "ordinal"
                continue
            # person / bare / others
            cue = self._governing_cue(item.start)
            if cue is not None:
                item.role = "combined" if self._combined(cue) else cue[0]
            elif item.cat != "bare" and prev_casualty is not None and prev_casualty.role in ("killed", "injured") \
                    and self._coordinated(prev_casualty, item):
                item.role = prev_casualty.role
            elif item.cat != "bare":
                item.role = self._post_verb(item.end)
            if item.cat == "bare" and item.role is not None and not self._bare_follow_ok(item.end):
                item.role = None
            if item.role is None and item.cat == "others" and prev_munition is not None \
                    and prev_munition.role in ("fired", "intercept") and item.end > prev_munition.end:
                item.cat, item.role, item.group = "munition", prev_munition.role, prev_munition.group
                item.others = True
                prev_munition = item
                continue
            if item.role in ("killed", "injured", "combined"):
                item.subset = self._subset_marked(item.start)
                prev_casualty = item

    def _casualty_noun_combined(self, item: _Item) -> bool:
        """"قتلى وجرحى", "بين قتيل وجريح": killed and injured counted together."""
        if item.tally:
            return False
        if item.start > 0 and self.words[item.start - 1] in ("بين", "ما بين"):
            return True
        plural = item.noun is not None and item.noun.form in ("pl", "amb")
        # the "و" must join the two nouns: in "قتيل وثلاثة جرحى" it starts a count of its own
        if item.start > 0 and self.words[item.start].startswith("و") and self.noun_at(item.start) is not None:
            prev = self.noun_at(item.start - 1)
            if prev is not None and prev.length == 1 and prev.noun.cat in ("killed", "injured") \
                    and prev.noun.cat != item.cat:
                # the second noun of "قتلى وجرحى", "بين قتيل وجريح"
                if plural or (item.start > 1 and self.words[item.start - 2] in ("بين", "ما بين")):
                    return True
        k = item.end
        if k < self.n and self.words[k].startswith("و"):
            nm = self.noun_at(k)
            # "5 قتلى وجرحى": one number for both; "قتيل وجريحين" has a count each.
            if nm is not None and nm.noun.cat in ("killed", "injured") and nm.noun.cat != item.cat \
                    and nm.noun.form in ("pl", "amb"):
                return True
        return False

    def _coordinated(self, prev: _Item, item: _Item) -> bool:
        """"مقتل جندي أمريكي ومتعاقد": a victim joined by "و" to the previous one."""
        if item.start - prev.end > 3 or item.start < prev.end:
            return False
        if any(self.is_punct(j) for j in range(prev.end, item.start)):
            return False
        return self.words[item.start].startswith("و") or (item.start > 0 and self.words[item.start - 1] == "و")

    def _post_verb(self, end: int) -> str | None:
        """"3 أشخاص قتلوا": a casualty verb right after the victims."""
        for j in range(end, min(end + 2, self.n)):
            if self.is_punct(j):
                return None
            if self.has_cue(j, {"killed_after"}):
                return "killed"
            if self.has_cue(j, {"injured_after"}):
                return "injured"
        return None

    def _bare_follow_ok(self, end: int) -> bool:
        """"مقتل 3 في الهجوم" but not "إصابة 3 أهداف": what follows a bare count."""
        if end >= self.n or self.is_punct(end) or self.words[end] in ("(", ")", '"', "'", "«", "»"):
            return True
        word = self.words[end]
        if word.startswith("و") or self.has_cue(end, {"bare_count_followers", "subset_markers"}):
            return True
        means = self.noun_at(end)   # "مقتل 3 بصاروخ": the weapon they were killed with
        return means is not None and means.has_b and means.noun.cat == "munition"

    def _subset_marked(self, start: int) -> bool:
        """"بينهم طفلان": victims already inside a counted group."""
        for j in range(max(0, start - 3), start):
            if self.has_cue(j, {"subset_markers"}):
                return True
        return False

    def _left_scan(self, start: int, kinds: set[str], window: int, *, stop: set[str] | None = None) -> int | None:
        """Start token of the nearest cue of ``kinds`` within ``window`` tokens to the left."""
        j = start - 1
        steps = 0
        while j >= 0 and steps < window:
            if self.words[j] in _BOUNDARY:
                return None
            hit = self.cue_ending(j, kinds)
            if hit is not None:
                return hit[1]
            if stop and self.cue_ending(j, stop) is not None:
                return None
            j -= 1
            steps += 1
        return None

    def _intercept_left(self, start: int) -> int | None:
        return self._left_scan(start, {"intercept"}, 8, stop={"launch", "seize"})

    def _munition_role(self, item: _Item) -> str | None:
        if self._left_scan(item.start, {"seize"}, 6) is not None:
            return "seized"
        for j in range(item.end, min(item.end + 3, self.n)):
            if self.is_punct(j):
                break
            if self.has_cue(j, {"seize_after"}):
                return "seized"
        blocker = self.cue_ending(item.start - 1, {"munition_blockers_before"}) if item.start > 0 else None
        if blocker is not None and not any(p and _is_definite(st, p) for st, p in _variants(self.words[blocker[1]])):
            # "منظومة صواريخ", "مضادة للصواريخ"; a definite word is the subject of a clause instead:
            # "اعترضت المنظومة صاروخين"
            return None
        for j in range(item.end, min(item.end + 3, self.n)):
            if self.is_punct(j) or self.words[j].startswith("و"):
                break       # "واعترضت الدفاعات ..." starts a new clause with its own object
            if self.has_cue(j, {"intercept_after"}):
                return "intercept"
        if self._intercept_left(item.start) is not None:
            return "intercept"
        if item.kind == "implicit" and not self._launch_context(item):
            return None
        return "fired"

    def _launch_context(self, item: _Item) -> bool:
        """An implicit singular counts only as the thing launched, fallen or hit with."""
        if item.has_b:
            return True
        if self._left_scan(item.start, {"launch", "intercept"}, 3) is not None:
            return True
        for j in range(item.end, min(item.end + 3, self.n)):
            if self.is_punct(j):
                break
            if self.has_cue(j, {"launch_after", "intercept_after"}):
                return True
        return False

    # -- zero statements -----------------------------------------------------------------------

    def none_statements(self) -> list[tuple[int, int, frozenset[str]]]:
        """Token spans of "no casualties" statements and the roles they zero."""
        lex, words, n = self.lex, self.words, self.n
        found: list[tuple[int, int, frozenset[str]]] = []
        may_lead = _any_entry_starts(lex.none_material_only, lex.denial_leads, lex.none_leads)
        for i in range(n):
            if not may_lead(words[i]):
                continue  # none of the three lookups below can match at this token
            mo = lex.none_material_only.match(words, i)
            if mo is not None:
                found.append((i, i + mo.length, mo.payload))
                continue
            denial = lex.denial_leads.match(words, i)
            if denial is not None:
                hit = self._denied_losses(i + denial.length)
                if hit is not None:
                    found.append((i, hit[0], hit[1]))
                continue
            lead = lex.none_leads.match(words, i)
            if lead is None:
                continue
            j = i + lead.length
            fillers = 0
            while j < n and fillers <= 5:
                if self.is_punct(j):
                    break
                obj = lex.none_objects.match(words, j)
                if obj is not None:
                    end = j + obj.length
                    if self._material_only(j, end):
                        break
                    found.append((i, end, obj.payload))
                    break
                verb = lex.none_verbs.match(words, j)
                if verb is not None:
                    k = j + verb.length
                    if k < n and self.stem_in(k, lex.none_anyone):
                        found.append((i, k + 1, verb.payload))
                    break
                if self.stem_in(j, lex.none_fillers) is None:
                    break
                fillers += 1
                j += 1
        return found

    def _denied_losses(self, j: int) -> tuple[int, frozenset[str]] | None:
        """After "نفى": "... وقوع خسائر" within the clause -> (end token, roles)."""
        for k in range(j, min(j + 9, self.n)):
            if self.words[k] in _BOUNDARY:
                return None
            if self.stem_in(k, self.lex.denial_bridges) and k + 1 < self.n:
                obj = self.lex.none_objects.match(self.words, k + 1)
                if obj is not None and not self._material_only(k + 1, k + 1 + obj.length):
                    return k + 1 + obj.length, obj.payload
        return None

    def _material_only(self, start: int, end: int) -> bool:
        """"دون خسائر مادية" is about property, unless people are named too."""
        window = [self.words[j] for j in range(start, min(end + 4, self.n)) if not self.is_punct(j)]
        stems = {s for w in window for s, _p in _variants(w)}
        if stems & self.lex.none_human:
            return False
        return bool(stems & self.lex.none_material)

    # -- civilians -----------------------------------------------------------------------------

    def civilian_flag(self, victims: list[_Item], has_casualties: bool) -> bool | None:
        if not has_casualties:
            return None
        tags = [v.noun.civilian for v in victims if v.noun is not None and v.noun.cat == "person"]
        if any(t is True for t in tags):
            return True
        # "إصابة 5 أشخاص، جميعهم من المدنيين", "ضحايا من المدنيين", "من أفراد عائلة واحدة"
        for v in victims:
            j = v.end
            limit = min(v.end + 7, self.n)
            while j < limit:
                if self.words[j] in _HARD_BOUNDARY:
                    break
                nm = self.noun_at(j)
                if nm is not None and nm.noun.cat == "person" and nm.noun.civilian is True:
                    return True
                if self.has_cue(j, {"civilian_markers"}):
                    return True
                j += 1
        for i in range(self.n):
            if self.lex.civilian_places.match(self.words, i) is not None:
                return True
        if tags and all(t is False for t in tags):
            return False
        return None


# --------------------------------------------------------------------------------------------
# Assembling figures
# --------------------------------------------------------------------------------------------


def _figure_from_items(sent: _Sentence, items: list[_Item], *, kind: str | None = None) -> Figure | None:
    """Add the items' ranges into one figure spanning them."""
    if not items:
        return None
    los = [it.lo for it in items]
    lo = None if all(v is None for v in los) else sum(v or 0 for v in los)
    hi = None if any(it.hi is None for it in items) else sum(it.hi for it in items if it.hi is not None)
    start = min(it.start for it in items)
    end = max(it.end for it in items)
    s, e, text = sent.span(start, end)
    if kind is None:
        kind = items[0].kind if len(items) == 1 else "sum"
    return Figure(lo, hi, s, e, text, any(it.approx for it in items), kind)


def _best(cands: list[Figure]) -> Figure | None:
    """Largest lower bound; earlier candidates win ties."""
    best: Figure | None = None
    for f in cands:
        if f is None:
            continue
        if best is None or (f.min or 0) > (best.min or 0):
            best = f
    return best


def _munitions(sent: _Sentence, uncounted: set[str]) -> tuple[Figure | None, Figure | None]:
    items = [it for it in sent.items if it.cat in ("munition", "ordinal", "subset", "others")]
    fired = [it for it in items if it.cat == "munition" and it.role == "fired"]
    intercept = [it for it in items if it.cat == "munition" and it.role == "intercept"]

    totals: list[_Item] = []
    parts: list[_Item] = []
    refs: list[_Item] = []
    split_of_total = False
    # "منها" / "أحدهما": what follows distributes a count already given ("صاروخان، أحدهما في
    # الساحة والآخر على منزل" is two rockets, not three)
    subset_starts = [it.start for it in sent.items if it.cat == "subset"] + [
        i for i, w in enumerate(sent.words)
        if w in ("منها", "منهم", "منهما") or (sent.cue_start[i] and sent.has_cue(i, {"part_pronouns"}))]
    for it in fired + [x for x in intercept if x.others]:
        if not it.counted:
            continue
        if it.group == "part":
            parts.append(it)
        elif it.group == "ref":
            refs.append(it)
        elif it.group == "outof":
            totals = [t for t in totals if t.group == "outof"]
            totals.append(it)
            continue
        elif any(t.group == "outof" for t in totals):
            continue
        elif it.group == "partitive":
            earlier_total = any(t.group == "total" and not t.others and t.start < it.start for t in totals)
            if not earlier_total:
                totals.append(it)
            else:
                split_of_total = True
        elif split_of_total or (it.others and totals and any(ss < it.start for ss in subset_starts)):
            continue  # "سبعة صواريخ … سقط أربعة منها … وثلاثة أخرى": the parts of the stated total
        else:
            totals.append(it)
    totals.sort(key=lambda it: it.start)

    cands: list[Figure] = []
    total_fig = _figure_from_items(sent, totals)
    if total_fig is not None:
        cands.append(total_fig)
    for r in refs:
        fig = _figure_from_items(sent, [r])
        if fig is not None:
            cands.append(fig)
    part_fig = None
    if parts:
        part_fig = _figure_from_items(sent, parts)
        if part_fig is not None:
            part_fig = Figure(part_fig.min, None, part_fig.start, part_fig.end, part_fig.text, part_fig.approx,
                              "at_least")
            cands.append(part_fig)
    ordinals = [it for it in items if it.cat == "ordinal" and it.role == "ordinal"]
    if ordinals and (totals or parts or refs or intercept):
        top = max(ordinals, key=lambda it: it.lo or 0)
        k = top.lo or 0
        anchor = total_fig or part_fig or _best([_figure_from_items(sent, [r]) for r in refs + intercept])
        if anchor is not None and k > (anchor.min or 0):
            s, e, _ = sent.span(min(it.start for it in totals + parts + refs + intercept), top.end)
            exact = anchor.is_exact and anchor.kind not in ("at_least",) and k == (anchor.min or 0) + 1
            cands.append(Figure(k, k if exact else None, s, e, sent.text[s:e], anchor.approx,
                                "exact" if exact else "at_least"))
    direct = [it for it in intercept if it.counted and not it.others]
    intercept_fig = _figure_from_items(sent, direct) if direct else None
    if intercept_fig is not None:
        cands.append(Figure(intercept_fig.min, intercept_fig.max, intercept_fig.start, intercept_fig.end,
                            intercept_fig.text, intercept_fig.approx, "derived"))
    munitions = _best(cands)

    # Interceptions.
    sub = [it for it in items if it.cat == "subset" and it.role == "intercept_subset"]
    whole = direct + [x for x in intercept if x.others and x.counted]
    intercepted = _figure_from_items(sent, sorted(whole + sub, key=lambda it: it.start),
                                     kind="subset" if sub and not whole and munitions is None else None)
    pron = [i for i in range(sent.n) if sent.has_cue(i, {"intercept_pronoun"})]
    if intercepted is None and pron:
        if munitions is not None:
            s, e, text = sent.span(pron[0], pron[0] + sent.has_cue(pron[0], {"intercept_pronoun"}))
            intercepted = Figure(munitions.min, munitions.max, s, e, text, munitions.approx, "derived")
        else:
            uncounted.add("intercepted")
    if intercepted is None and not pron and any(sent.has_cue(i, {"intercept"}) for i in range(sent.n)):
        # "تم التصدي للهجوم": an interception without a count, if rockets or air defence are named.
        if any(it.cat == "munition" for it in items) or any(sent.has_cue(i, {"air_defence"}) for i in range(sent.n)):
            uncounted.add("intercepted")
    if munitions is None and any(it.cat == "munition" and it.role in ("fired", "intercept") and not it.counted
                                 for it in items):
        uncounted.add("munitions")
    return munitions, intercepted


def _casualties(sent: _Sentence, role: str, zeros: list[tuple[int, int, frozenset[str]]],
                uncounted: set[str]) -> Figure | None:
    items = [it for it in sent.items if it.role == role and not it.silent]
    counted = [it for it in items if it.counted and not it.subset and it.lo != 0]
    if counted:
        counted.sort(key=lambda it: it.start)
        return _figure_from_items(sent, counted)
    zero = next((z for z in zeros if role in z[2]), None)
    if zero is not None:
        s, e, text = sent.span(zero[0], zero[1])
        return Figure(0, 0, s, e, text, False, "none")
    if items:
        uncounted.add(role)
    return None


@lru_cache(maxsize=4096)
def extract_figures(sentence: str) -> Figures:
    """Casualty, munition and interception figures stated in one normalised sentence.

    Returns a :class:`Figures`; fields the sentence does not state are None.  See the module
    docstring for the counting conventions.
    """
    lex = _lexicon()
    sent = _Sentence(sentence, lex)
    if sent.n == 0:
        return Figures()
    sent.collect()
    sent.assign_roles()
    zeros = sent.none_statements()
    # Nouns inside "لم تسجل أي إصابات" are part of the zero statement, not casualties.
    sent.items = [it for it in sent.items if not any(a <= it.start < b for a, b, _r in zeros)]
    uncounted: set[str] = set()
    munitions, intercepted = _munitions(sent, uncounted)
    killed = _casualties(sent, "killed", zeros, uncounted)
    injured = _casualties(sent, "injured", zeros, uncounted)
    if any(it.role == "combined" and not it.silent for it in sent.items):
        uncounted.add("casualties")
    victims = [it for it in sent.items if it.role in ("killed", "injured", "combined") and not it.silent]
    civilian = sent.civilian_flag(victims, bool(victims))
    return Figures(killed=killed, injured=injured, munitions=munitions, intercepted=intercepted,
                   civilian=civilian, uncounted=frozenset(uncounted))


# --------------------------------------------------------------------------------------------
# Merging sentences of one incident
# --------------------------------------------------------------------------------------------

# Lower is more specific.  Tiers: stated counts beat bare singulars, which beat vague words.
_KIND_RANK = {"exact": 0, "dual": 0, "sum": 0, "range": 1, "at_least": 2, "more_than": 3, "approx": 4,
              "at_most": 5, "less_than": 5, "derived": 6, "implicit": 7, "vague": 8, "none": 9}
_TIER = {"implicit": 1, "vague": 2}


def _stated_base(f: Figure) -> int:
    """The number as written (the minimum, else the maximum)."""
    if f.min is not None:
        return f.min
    return f.max or 0


def _pick(figs: Iterable[Figure | None]) -> Figure | None:
    """One figure for an incident from the sentences' figures.

    Never adds across sentences (reports restate the same rockets).  Any positive count beats
    a "no casualties" zero (the zero is often scoped to one side).  Stated numbers beat bare
    singular nouns, which beat vague words.  Within a tier the largest stated number wins,
    since smaller ones are usually parts ("four of them fell in the Green Zone"); on a tie the
    more specific reading wins, so "at least five" and "more than five" give min 5.
    """
    present = [f for f in figs if f is not None]
    if not present:
        return None
    positive = [f for f in present if (f.min or 0) > 0 or (f.max or 0) > 0]
    if not positive:
        return present[0]
    tier = min(_TIER.get(f.kind, 0) for f in positive)
    cands = [f for f in positive if _TIER.get(f.kind, 0) == tier]
    return max(cands, key=lambda f: (_stated_base(f), -_KIND_RANK.get(f.kind, 9), -(f.max is None)))


def merge_figures(figures: Sequence[Figures]) -> Figures:
    """Combine the figures of several sentences that describe one incident."""
    killed = _pick(f.killed for f in figures)
    injured = _pick(f.injured for f in figures)
    munitions = _pick(f.munitions for f in figures)
    intercepted = _pick(f.intercepted for f in figures)
    if intercepted is not None and intercepted.min:
        # Whatever was shot down was launched: munitions are at least the interceptions.  Not
        # when only a part of an uncounted salvo is counted ("هجوم بطائرات مسيرة أسقطت القوات
        # اثنتين منها"): how many were launched is not said, and a lower bound taken from the
        # part would understate the reports that do give the number.
        if (munitions is None and intercepted.kind != "subset") \
                or (munitions is not None and munitions.max is not None and munitions.max < intercepted.min):
            munitions = Figure(intercepted.min, None, intercepted.start, intercepted.end, intercepted.text,
                               intercepted.approx, "derived")
    flags = [f.civilian for f in figures]
    civilian = True if True in flags else (False if False in flags else None)
    uncounted: set[str] = set()
    for f in figures:
        uncounted |= f.uncounted
    for role, fig in (("killed", killed), ("injured", injured), ("munitions", munitions),
                      ("intercepted", intercepted)):
        if fig is not None and not fig.is_zero:
            uncounted.discard(role)
    return Figures(killed=killed, injured=injured, munitions=munitions, intercepted=intercepted,
                   civilian=civilian, uncounted=frozenset(uncounted))
