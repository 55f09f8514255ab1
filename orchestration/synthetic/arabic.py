"""Arabic grammar the templates cannot express as data: counted nouns, dates, digits.

Why code and not YAML: Arabic numerals agree in reverse gender with the counted noun (ثلاثة
صواريخ but ثلاث قذائف), the noun is dual for two and an accusative singular from eleven on,
and dates mix weekday names, Syriac or Latin month names and ordinal day words.  The nouns
themselves (with their dual and plural forms) are data in ``templates/nouns.yaml``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

MONTHS_LEVANTINE = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول")
MONTHS_EGYPTIAN = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                   "أكتوبر", "نوفمبر", "ديسمبر")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # date.weekday() order

# cardinal words 3..10: the form used with a masculine noun (ثلاثة صواريخ) and with a feminine one
_CARDINAL_FOR_MASC = {3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة", 8: "ثمانية", 9: "تسعة", 10: "عشرة"}
_CARDINAL_FOR_FEM = {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثماني", 9: "تسع", 10: "عشر"}
_ORDINAL_DAY = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس", 6: "السادس", 7: "السابع",
                8: "الثامن", 9: "التاسع", 10: "العاشر"}
_ORDINAL_TENS = {20: "العشرين", 30: "الثلاثين"}
_EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SMALL_WORDS = {1: "واحد", 2: "اثنين", 3: "ثلاثة", 4: "أربعة", 5: "خمسة", 6: "ستة", 7: "سبعة"}


def eastern_digits(text: str) -> str:
    """Arabic-Indic digits, as some outlets print every number."""
    return text.translate(_EASTERN)


@dataclass(frozen=True, slots=True)
class Noun:
    """A countable noun phrase with every form a count needs (adjectives already agreed)."""

    sg: str                # صاروخ / طائرة مسيّرة
    du_nom: str            # صاروخان
    du_acc: str            # صاروخين (accusative and genitive)
    pl: str                # صواريخ (after 3..10)
    tamyiz: str            # صاروخاً (after 11..99)
    fem: bool              # grammatical gender of the singular: decides the numeral's form
    civilian: bool | None = None   # for victims: are they civilians?


def cardinal_word(n: int, fem_noun: bool) -> str:
    """The numeral for 3..10 counting a noun of the given gender."""
    return (_CARDINAL_FOR_FEM if fem_noun else _CARDINAL_FOR_MASC)[n]


def count_phrase(n: int, noun: Noun, *, case: str = "gen", style: str = "word") -> str:
    """"ثلاثة صواريخ", "صاروخين", "7 صواريخ", "12 صاروخاً" -- never a bare number without its noun.

    ``case`` is ``nom`` or ``gen`` (genitive after a preposition or a construct such as
    "إصابة"; also used for the accusative).  ``style`` is ``word``, ``digit`` or ``eastern``.
    """
    if n < 1:
        raise ValueError("count_phrase counts one or more")
    if n == 1:
        return noun.sg
    if n == 2:
        return noun.du_nom if case == "nom" else noun.du_acc
    if n <= 10:
        if style == "word":
            return f"{cardinal_word(n, noun.fem)} {noun.pl}"
        num = str(n) if style == "digit" else eastern_digits(str(n))
        return f"{num} {noun.pl}"
    num = str(n) if style != "eastern" else eastern_digits(str(n))
    return f"{num} {noun.tamyiz}"


def qualified(phrase: str, qualifier: str | None, rng: random.Random) -> str:
    """Wrap a count phrase in "at least" / "about" the way news copy does."""
    if qualifier is None:
        return phrase
    if qualifier == "at_least":
        return rng.choice((f"{phrase} على الأقل", f"ما لا يقل عن {phrase}"))
    if qualifier == "about":
        return rng.choice((f"نحو {phrase}", f"قرابة {phrase}", f"حوالي {phrase}"))
    raise ValueError(qualifier)


def small_number_word(n: int) -> str:
    """"ثلاثة" in "منذ ثلاثة أيام" (masculine noun يوم)."""
    return _SMALL_WORDS.get(n, str(n))


# ----------------------------------------------------------------------------- dates


def month_name(month: int, style: str, rng: random.Random) -> str:
    """Month as the outlet writes it: Syriac (Iraq, Levant), Latin (Egypt, Gulf) or both."""
    lev, egy = MONTHS_LEVANTINE[month - 1], MONTHS_EGYPTIAN[month - 1]
    if style == "levantine":
        return lev
    if style == "egyptian":
        return egy
    if style == "slash":          # AFP: تشرين الثاني/نوفمبر
        return f"{lev}/{egy}"
    if style == "wire":           # Reuters: 17 أكتوبر تشرين الأول
        return f"{egy} {lev}"
    if style == "mixed":
        return rng.choice((lev, egy, f"{lev}/{egy}"))
    raise ValueError(style)


def ordinal_day(day: int) -> str:
    """"الثالث", "الحادي عشر", "الخامس والعشرين": day of month as the ordinal of "في الثالث من"."""
    if day <= 10:
        return _ORDINAL_DAY[day]
    if day < 20:
        unit = "الحادي" if day == 11 else _ORDINAL_DAY[day - 10]
        return f"{unit} عشر"
    tens, unit = divmod(day, 10)
    if unit == 0:
        return _ORDINAL_TENS[tens * 10]
    first = "الحادي" if unit == 1 else _ORDINAL_DAY[unit]
    return f"{first} و{_ORDINAL_TENS[tens * 10]}"


def day_month(date: dt.date, month_style: str, rng: random.Random, *, ordinal: bool = False,
              year: bool = True, digits: str = "digit") -> str:
    """"8 كانون الأول 2023", "الثامن من ديسمبر", "٨ كانون الأول ٢٠٢٣"."""
    month = month_name(date.month, month_style, rng)
    text = f"{ordinal_day(date.day)} من {month}" if ordinal else f"{date.day} {month}"
    if year:
        text += f" عام {date.year}" if ordinal and rng.random() < 0.5 else f" {date.year}"
    return eastern_digits(text) if digits == "eastern" else text


def weekday(date: dt.date) -> str:
    return WEEKDAYS[date.weekday()]
