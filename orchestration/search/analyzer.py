"""Arabic text → search terms: the one function both the index and every query go through.

DuckDB's fts extension tokenises with an ASCII regex and stems with Snowball (Porter is English),
so neither suits Arabic.  We hand it text that is already analysed: one term per token,
separated by spaces, and build the index with ``stemmer='none'``.  Because the index and the
query are analysed by the same :func:`search_terms`, any spelling variation the analyser folds
away matches.

1. **Fold** each character the way the extractors do (:func:`extractors.normalize.fold`:
   diacritics and tatweel dropped, alef forms → ا, ى → ي, ة → ه, digits → ASCII, lower case),
   plus Persian ی / ک → ي / ك, which Kurdish and Iranian outlets type for the Arabic letters.
2. **Tokenise** into runs of Arabic letters, of digits, and of other letters (Latin names).
3. **Strip proclitics** from Arabic tokens, repeatedly, until nothing more comes off:
   the article ال (and لل = ل + ال) when at least 3 letters remain; one of و ف ب ك ل when at
   least 4 letters remain.

The stripping is deliberately conservative rather than a stemmer.  Repeating it to a fixed point
makes "الكاظمي", "كاظمي", "والكاظمي", "بالكاظمي", "للكاظمي" and "الكَاظِمِي" all the same term,
and "وبغداد" / "ببغداد" the same as "بغداد".  The 4-letter floor for a bare letter keeps short
words whole: "ورقة" (paper) does not become "رقه" (Raqqa, from "الرقة"), and "وقال" stays apart
from "قال".  A word that merely begins with one of those letters loses it on both sides alike
("كتائب" → "تائب"), which only matters if another real word folds to the same letters.
Suffixes (ـه, ـها, ـهم, ات, ين …) are left alone: stripping them confuses far more words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.normalize import fold, normalize

# Bump when the terms a text produces change: an index built by another version must be rebuilt
# (the search_index check and `marsad search` compare it with search.index_info).
ANALYZER_VERSION = "ar-proclitic-1"

_PERSIAN = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643", "\u06aa": "\u0643"})  # ی ک ڪ
_ARABIC_RUN = "[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06fa-\u06ff]+"
_TOKEN = re.compile(f"{_ARABIC_RUN}|[0-9]+|[^\\W\\d_\u0600-\u06ff]+")
_IS_ARABIC = re.compile(_ARABIC_RUN)
_LETTER_PROCLITICS = frozenset("وفبكل")
MIN_AFTER_ARTICLE = 3
MIN_AFTER_LETTER = 4


def fold_for_search(text: str) -> str:
    """The extractors' folding plus Persian ی/ک; one output character per input character
    whenever the extractors' folding is (so offsets into it stay valid)."""
    return fold(text).translate(_PERSIAN)


@lru_cache(maxsize=262_144)
def strip_proclitics(token: str) -> str:
    """A folded token without its proclitics (the article, conjunctions, prepositions)."""
    if not _IS_ARABIC.fullmatch(token):
        return token
    t = token
    while True:
        if t.startswith(("ال", "لل")) and len(t) - 2 >= MIN_AFTER_ARTICLE:
            t = t[2:]
        elif t[:1] in _LETTER_PROCLITICS and len(t) - 1 >= MIN_AFTER_LETTER:
            t = t[1:]
        else:
            return t


def search_terms(text: str) -> list[str]:
    """The terms of ``text``, in order (repeats kept: BM25 counts them)."""
    return [strip_proclitics(t) for t in _TOKEN.findall(fold_for_search(text))]


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, in the order typed."""
    return list(dict.fromkeys(search_terms(query)))


def term_spans(text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """[start, end) spans in ``text`` as written of the tokens whose term is in ``terms``
    (to highlight a match in the original, diacritics and all)."""
    norm = normalize(text)
    folded = norm.text.translate(_PERSIAN)
    spans = []
    for m in _TOKEN.finditer(folded):
        if strip_proclitics(m.group()) in terms:
            spans.append(norm.to_original(m.start(), m.end()))
    return spans
