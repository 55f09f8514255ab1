"""Small phrase lexicons (triggers, weapons, speech verbs) matched on normalised text.

The big dictionaries (actors, places) go through the Aho-Corasick matcher in
:mod:`extractors.matcher`; the lexicons here have tens to hundreds of entries, where one compiled
regular expression per lexicon is simplest and fast.  Matching is on whole tokens, allowing
Arabic proclitics in front (و ف ب ل ك and their combinations, and ل + ال → لل).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .normalize import normalize_term

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicons"
_CLITICS = "(?:وبال|وكال|فبال|وال|فال|بال|كال|ولل|فلل|لل|ال|وب|ول|وك|فب|فل|فك|و|ف|ب|ل|ك)?"
_PREPOSITIONS = {"من", "في", "على", "الى", "عن", "مع", "بين", "ضد", "عبر"}


def _definite_variant(phrase: str) -> str | None:
    """"هجوم صاروخي" → "الهجوم الصاروخي": noun-adjective phrases agree in definiteness."""
    words = phrase.split()
    if len(words) < 2 or any(w in _PREPOSITIONS or w.startswith(("ال", "ب", "ل")) for w in words):
        return None
    return " ".join("ال" + w for w in words)


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """A YAML lexicon from extractors/data/lexicons (cached)."""
    with open(LEXICON_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


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
        alts = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
        tail = r"\w*" if prefix else (r"(?:ه|ها|هم|هما|هن|كم|نا|ني)?" if verbal else "")
        clitics = "(?:و|ف)?" if verbal else _CLITICS
        self._re = re.compile(rf"(?<![\w]){clitics}(?P<p>{alts}){tail}(?![\w])") if table else None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[PhraseHit]:
        if self._re is None:
            return []
        end = len(text) if end is None else end
        hits = []
        for m in self._re.finditer(text, start, end):
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
