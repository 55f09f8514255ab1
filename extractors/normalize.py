"""Arabic normalisation that remembers where every character came from.

Every extractor works on the *normalised* text (diacritics and tatweel removed, alef /
alef-maksura / teh-marbuta folded, digits made ASCII, presentation forms decomposed), because
that is what the dictionaries are written against.  Every fact we store, though, must point
into the article *as published*.  ``NormalizedText.offsets`` maps each normalised character
back to the index of the original character it came from, so a span found in the normalised
text converts to an exact original span with :meth:`NormalizedText.to_original`.

The character-level transforms are camel-tools' own (``normalize_unicode``, ``dediac_ar``,
``normalize_alef_ar``, ``normalize_alef_maksura_ar``, ``normalize_teh_marbuta_ar``); we apply
them one source character at a time (they are all character-local) and cache the result, which
is what makes the offset map exact and keeps the hot path a dictionary lookup per character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

# Characters that carry no letters: tatweel, bidi controls, zero-width (non-)joiners, BOM,
# soft hyphen.  Dropped from the normalised text.
_INVISIBLE = set("\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                 "\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c")
# Eastern Arabic (U+0660..) and Persian (U+06F0..) digits -> ASCII.
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
# Typographic variants folded so that lexicons need one spelling.
_PUNCT = {"\u066b": ".", "\u066c": ",", "\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u2009": " ",
          "\u202f": " ", "\u2002": " ", "\u2003": " ", "\r": "\n", "\t": " "}


@lru_cache(maxsize=8192)
def normalize_char(ch: str) -> str:
    """Normalised form of one source character ('' when it disappears, several chars for ligatures)."""
    if ch in _INVISIBLE:
        return ""
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch in _PUNCT:
        return _PUNCT[ch]
    out = normalize_unicode(ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    out = "".join(_DIGITS.get(c, c) for c in out if c not in _INVISIBLE)
    return out.lower()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus, for each of its characters, the index of the source character."""

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Convert a normalised span [start, end) into the original text's [start, end)."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1
        # Diacritics directly after the last character belong to it in the published text.
        while o_end < len(self.original) and normalize_char(self.original[o_end]) == "" \
                and self.original[o_end] not in "\u200f\u200e\ufeff":
            o_end += 1
        return o_start, o_end

    def original_span(self, start: int, end: int) -> str:
        """The published text behind a normalised span."""
        a, b = self.to_original(start, end)
        return self.original[a:b]


class _FoldTable(dict):
    """``str.translate`` table: code point -> normalised string, filled on first sight of a character.

    Why: ``normalize`` used to call :func:`normalize_char` once per character in Python, the
    single most expensive step of extraction.  ``str.translate`` does the same substitution in C;
    only characters whose normalised form is not exactly one character (diacritics, tatweel,
    invisible marks, ligatures) need per-character work for the offset map, and they are rare.
    """

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()
        self._irregular_re: re.Pattern[str] | None = None

    def __missing__(self, code: int) -> str:
        rep = normalize_char(chr(code))
        self[code] = rep
        if len(rep) != 1:
            self.irregular.add(chr(code))
            self._irregular_re = None
        return rep

    def irregular_re(self) -> re.Pattern[str] | None:
        """Matches any character seen so far whose normalised form is not one character."""
        if self._irregular_re is None and self.irregular:
            self._irregular_re = re.compile("[" + "".join(re.escape(c) for c in sorted(self.irregular)) + "]")
        return self._irregular_re


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The normalised text alone (no offset map): ``fold(t) == normalize(t).text``, much cheaper."""
    return text.translate(_TABLE)


@lru_cache(maxsize=32)
def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` and keep the offset map back to it (cached: an article is normalised once
    even though date inference, the document and the lexicons each ask for it)."""
    out = text.translate(_TABLE)  # also registers every new character's normalised form
    rx = _TABLE.irregular_re()
    if len(out) == len(text) and (rx is None or rx.search(text) is None):
        return NormalizedText(original=text, text=out, offsets=tuple(range(len(text))))
    offsets: list[int] = []
    prev = 0
    for m in rx.finditer(text) if rx is not None else ():
        i = m.start()
        offsets.extend(range(prev, i))
        offsets.extend([i] * len(_TABLE[ord(text[i])]))
        prev = i + 1
    offsets.extend(range(prev, len(text)))
    return NormalizedText(original=text, text=out, offsets=tuple(offsets))


@lru_cache(maxsize=65536)
def normalize_term(term: str) -> str:
    """Normalise a dictionary entry: same folding, whitespace collapsed (cached: lexicons repeat)."""
    return " ".join(fold(term).split())
