"""Small phrase lexicons (triggers, weapons, speech verbs) matched on normalised text.

The big dictionaries (actors, places) go through the Aho-Corasick matcher in
:mod:`extractors.matcher`; the lexicons here have tens to hundreds of entries, where one compiled
regular expression per lexicon is simplest and fast.  Matching is on whole tokens, allowing
Arabic proclitics in front (و ف ب ل ك and their combinations, and ل + ال → لل).

Speed: each regex is a character trie (:func:`trie_alternation`), and one shared Aho-Corasick
pass per text tells every matcher where its phrases occur, so a call on a sentence without any
of them costs a binary search (:class:`_PhraseScanner`; it keeps a little per-text state, so a
matcher is not meant to be shared between threads).
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from .normalize import normalize_term

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicons"
_CLITIC_FORMS = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "وك", "فب",
                 "فل", "فك", "و", "ف", "ب", "ل", "ك")
_PREPOSITIONS = {"من", "في", "على", "الى", "عن", "مع", "بين", "ضد", "عبر"}


def _definite_variant(phrase: str) -> str | None:
    """"هجوم صاروخي" → "الهجوم الصاروخي": noun-adjective phrases agree in definiteness."""
    words = phrase.split()
    if len(words) < 2 or any(w in _PREPOSITIONS or w.startswith(("ال", "ب", "ل")) for w in words):
        return None
    return " ".join("ال" + w for w in words)


def trie_alternation(phrases: Iterable[str], space: str | None = None) -> str:
    """A regex matching any of ``phrases``, factored as a character trie, longest match first.

    Why: Python's ``re`` tries the branches of an alternation one by one at every position, so
    a flat ``a|b|c…`` over hundreds of phrases was the most expensive step of extraction.  The
    trie tries each character once.  It is equivalent to the flat alternation sorted longest
    first: the phrases that can match at one position are prefixes of one another, and at each
    trie node the continuation is tried before stopping there, so candidates come longest
    first, and backtracking (into a tail or lookahead that fails) proceeds to the next shorter
    one exactly as the flat alternation would.  ``space``: the regex written for a space in a
    phrase (e.g. ``\\s+``; the text then decides the path just the same), default a literal space.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(space if ch == " " and space is not None else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"

    return build(trie)


_CLITICS = "(?:" + trie_alternation(_CLITIC_FORMS) + ")?"


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """A YAML lexicon from extractors/data/lexicons (cached)."""
    with open(LEXICON_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class _PhraseScanner:
    """Where the phrases of every live :class:`PhraseMatcher` occur in a text: one Aho-Corasick
    pass per text for all of them.

    Why: the extractors call ``finditer`` per sentence and lexicon (some 160 times per article)
    and most calls find nothing, yet the regex walks every character of the range.  A match can
    only start where a phrase occurs, at most a proclitic's length before it, so ``finditer``
    tries the regex at those few positions only -- with the same results (see ``_matches``).
    """

    def __init__(self) -> None:
        self._owners: list[weakref.ref[PhraseMatcher]] = []
        self._automaton: Any = None
        self._dirty = False
        # a few recent texts (the article, and short strings such as a speaker's name in between):
        # id(text) -> (text, {slot: phrase starts}, {slot: candidate positions})
        self._texts: dict[int, tuple[str, dict[int, list[int]], dict[int, list[int]]]] = {}

    def register(self, matcher: PhraseMatcher) -> int:
        self._owners.append(weakref.ref(matcher))
        self._dirty = True
        return len(self._owners) - 1

    def _build(self) -> None:
        owners: dict[str, list[int]] = {}
        for slot, ref in enumerate(self._owners):
            m = ref()
            if m is not None:
                for phrase in m.phrases:
                    owners.setdefault(phrase, []).append(slot)
        auto = ahocorasick.Automaton()
        for phrase, slots in owners.items():
            auto.add_word(phrase, (len(phrase), tuple(slots)))
        if owners:
            auto.make_automaton()
        self._automaton = auto if owners else None
        self._dirty = False
        self._texts = {}

    def candidates(self, slot: int, text: str, offsets: tuple[int, ...]) -> list[int]:
        """Sorted positions where matcher ``slot`` may match in ``text``: each occurrence of one of
        its phrases, minus each proclitic length in ``offsets``."""
        if self._dirty:
            self._build()
        entry = self._texts.get(id(text))
        if entry is None or entry[0] is not text:
            found: dict[int, list[int]] = {}
            if self._automaton is not None:
                for end, (n, slots) in self._automaton.iter(text):
                    for s in slots:
                        found.setdefault(s, []).append(end - n + 1)
            if len(self._texts) >= 4:
                del self._texts[next(iter(self._texts))]
            entry = self._texts[id(text)] = (text, found, {})
        cands = entry[2].get(slot)
        if cands is None:
            starts = entry[1].get(slot, ())
            cands = entry[2][slot] = sorted({r - k for r in starts for k in offsets if r >= k})
        return cands


_SCANNER = _PhraseScanner()
_CLITIC_LENGTHS = tuple(sorted({0} | {len(c) for c in _CLITIC_FORMS}))
_VERBAL_CLITIC_LENGTHS = (0, 1)


@dataclass(frozen=True, slots=True)
class PhraseHit:
    start: int  # normalised offsets of the phrase itself (clitics excluded)
    end: int
    value: Any
    phrase: str


class PhraseMatcher:
    """Longest-first, clitic-tolerant matcher over a {phrase: value} table."""

    def __init__(self, entries: dict[str, Any], prefix: bool = False, verbal: bool = False) -> None:
        """``prefix``: also match longer tokens starting with an entry; ``verbal``: entries are verbs,
        so only و/ف may come before them and object pronouns (ه، ها، هم …) may follow."""
        table: dict[str, Any] = {}
        for phrase, value in entries.items():
            norm = normalize_term(phrase)
            if not norm:
                continue
            table.setdefault(norm, value)
            if (definite := _definite_variant(norm)) is not None:
                table.setdefault(definite, value)
                table.setdefault(definite[2:], value)
            if norm.startswith("ال") and len(norm) > 3:
                table.setdefault(norm[2:], value)  # after ل/بال… the article is absorbed by the clitic group
        self._table = table
        alts = trie_alternation(table)
        tail = r"\w*" if prefix else (r"(?:ه|ها|هم|هما|هن|كم|نا|ني)?" if verbal else "")
        clitics = "(?:و|ف)?" if verbal else _CLITICS
        self._re = re.compile(rf"(?<![\w]){clitics}(?P<p>{alts}){tail}(?![\w])") if table else None
        self._clitic_lengths = _VERBAL_CLITIC_LENGTHS if verbal else _CLITIC_LENGTHS
        self._slot = _SCANNER.register(self) if table else -1

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(self._table)

    def _matches(self, text: str, start: int, end: int) -> Iterable[re.Match[str]]:
        """``self._re.finditer(text, start, end)``, trying the regex only where it can match.

        Equivalent because every match starts at a candidate position (a phrase occurrence minus
        a proclitic), ``re.match`` at a position behaves exactly like the search's attempt there
        (same lookbehind context, same end), and taking the first success at or after the end of
        the previous match, in order, is what the scan does.
        """
        if not 0 <= start <= end <= len(text):
            return self._re.finditer(text, start, end) if self._re is not None else ()
        cands = _SCANNER.candidates(self._slot, text, self._clitic_lengths)
        out = []
        pos = start
        for i in range(bisect.bisect_left(cands, start), len(cands)):
            q = cands[i]
            if q >= end:
                break
            if q < pos:
                continue
            m = self._re.match(text, q, end)  # type: ignore[union-attr]
            if m is not None:
                out.append(m)
                pos = max(m.end(), q + 1)
        return out

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[PhraseHit]:
        if self._re is None:
            return []
        end = len(text) if end is None else end
        hits = []
        for m in self._matches(text, start, end):
            phrase = m.group("p")
            hits.append(PhraseHit(m.start("p"), m.end(), self._table[phrase], phrase))
        return hits

    def first(self, text: str, start: int = 0, end: int | None = None) -> PhraseHit | None:
        hits = self.finditer(text, start, end)
        return hits[0] if hits else None


def flip(groups: dict[str, list[str]]) -> dict[str, str]:
    """{label: [phrases]} → {phrase: label}; earlier labels win on duplicates."""
    out: dict[str, str] = {}
    for label, phrases in groups.items():
        for p in phrases:
            out.setdefault(p, label)
    return out
