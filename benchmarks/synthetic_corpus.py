"""A large synthetic Arabic news corpus recombined from the project's own sample articles.

Why: the extraction throughput target (issue 3) is stated over ≥ 10,000 articles, and we only
ship a few dozen.  Timing the same 34 texts over and over would measure caches, not the
extractor, so every generated article is different text: paragraphs and sentences are shuffled
across articles, and actor names, places, months, weekdays, digits and number words are swapped
for others from the project's dictionaries and lexicons.  Only ``sample_corpus/landing`` is used
(the development seeds in ../shared/seeds are third-party text and are never read here).

The corpus is deterministic for a given seed and dictionary version: article ``k`` is built from
its own ``random.Random`` seeded with (seed, k), so any article can be regenerated alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_LANDING = REPO_ROOT / "sample_corpus" / "landing"
LEXICONS = REPO_ROOT / "extractors" / "data" / "lexicons"

_SENTENCE_END = re.compile(r"(?<=[.!؟])\s+")
_DIGITS = re.compile(r"\d+")
_ARABIC_LETTER = "\u0621-\u064a"


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    text: str
    published: dt.date | None
    outlet: str | None


@dataclass(slots=True)
class _Paragraph:
    text: str
    names: list[tuple[str, str]]  # (surface present in the text, substitution group)


def _sample_texts(landing: Path) -> list[tuple[str, str | None]]:
    """(text, outlet) of every sample article, decoded exactly as the warehouse ingests it."""
    from orchestration.ingestion.readers import ArticleRecord, read_landing

    return [(r.text, r.outlet) for r in read_landing(landing) if isinstance(r, ArticleRecord)]


def _vocabulary() -> dict[str, list[str]]:
    """Substitution groups: names of one kind are swapped for names of the same kind."""
    from extractors.dictionaries import load_actors, load_locations

    groups: dict[str, set[str]] = {}
    for a in load_actors().values():
        if len(a.name_ar) >= 4:
            groups.setdefault(f"actor:{a.actor_type}", set()).add(a.name_ar)
    for loc in load_locations().values():
        if len(loc.name_ar) >= 4:
            groups.setdefault(f"place:{loc.location_type}", set()).add(loc.name_ar)
    dates = yaml.safe_load((LEXICONS / "dates.yaml").read_text(encoding="utf-8"))
    groups["month"] = {f for forms in dates["months"].values() for f in forms if f not in dates["weak_months"]}
    groups["weekday"] = {f for forms in dates["weekdays"].values() for f in forms}
    numbers = yaml.safe_load((LEXICONS / "numbers.yaml").read_text(encoding="utf-8"))
    groups["cardinal"] = {f for v, forms in numbers["cardinals"]["units"].items() if 3 <= int(v) <= 10
                          for f in forms if len(f) >= 3}
    return {k: sorted(v) for k, v in groups.items() if len(v) >= 2}


def _name_finder(groups: dict[str, list[str]]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for group, names in groups.items():
        for name in names:
            auto.add_word(name, (name, group))
    auto.make_automaton()
    return auto


def _names_in(text: str, auto: ahocorasick.Automaton) -> list[tuple[str, str]]:
    """Whole-token occurrences (a proclitic or ال may precede), longest name first."""
    found: dict[str, str] = {}
    for end, (name, group) in auto.iter(text):
        start = end - len(name) + 1
        after = text[end + 1:end + 2]
        if after and re.match(f"[{_ARABIC_LETTER}]", after):
            continue
        before = text[max(0, start - 3):start]
        if before and re.search(f"[{_ARABIC_LETTER}]$", before) and not re.search(r"(?:^|\s)[وفبلك]{1,2}$|ال$", before):
            continue
        found.setdefault(name, group)
    return sorted(found.items(), key=lambda x: -len(x[0]))


class CorpusGenerator:
    """Builds synthetic articles; construct once (it indexes the sample corpus), then call ``article(k)``."""

    def __init__(self, seed: int = 20240601, landing: Path = SAMPLE_LANDING) -> None:
        self.seed = seed
        self.groups = _vocabulary()
        auto = _name_finder(self.groups)
        self.articles: list[tuple[_Paragraph, list[_Paragraph], str | None]] = []
        for text, outlet in _sample_texts(landing):
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            if len(lines) < 2:
                lines = [lines[0][:80], lines[0]] if lines else []
            if not lines:
                continue
            paras = [_Paragraph(ln, _names_in(ln, auto)) for ln in lines]
            self.articles.append((paras[0], paras[1:], outlet))
        self.body_pool = [p for _, body, _ in self.articles for p in body]

    def _vary_digits(self, text: str, rng: random.Random) -> str:
        def repl(m: re.Match[str]) -> str:
            s = m.group()
            if len(s) == 4 and 1900 <= int(s) <= 2099:  # int() also reads Eastern Arabic digits
                return str(rng.randint(2018, 2025))
            if len(s) <= 2:
                return str(rng.randint(1, 28))
            return str(rng.randint(10 ** (len(s) - 1), 10 ** len(s) - 1))

        return _DIGITS.sub(repl, text)

    def _vary_names(self, p: _Paragraph, rng: random.Random) -> str:
        text = p.text
        for name, group in p.names:
            if rng.random() < 0.6 and name in text:
                text = text.replace(name, rng.choice(self.groups[group]))
        return text

    def _paragraph(self, p: _Paragraph, rng: random.Random) -> str:
        text = self._vary_names(p, rng)
        if rng.random() < 0.3:
            sentences = _SENTENCE_END.split(text)
            if len(sentences) > 1:
                rng.shuffle(sentences)
                text = " ".join(sentences)
        return self._vary_digits(text, rng)

    def article(self, k: int) -> SyntheticArticle:
        rng = random.Random(hashlib.sha256(f"{self.seed}:{k}".encode()).digest())
        head, body, outlet = rng.choice(self.articles)
        paras = list(body)
        for _ in range(rng.randint(0, 3)):  # borrow paragraphs from other articles
            paras.insert(rng.randint(0, len(paras)), rng.choice(self.body_pool))
        if len(paras) > 2 and rng.random() < 0.5:
            paras = paras[:1] + rng.sample(paras[1:], len(paras) - 1)
        if len(paras) > 3 and rng.random() < 0.3:
            del paras[rng.randrange(1, len(paras))]
        lines = [self._paragraph(head, rng)] + [self._paragraph(p, rng) for p in paras]
        published = None
        if rng.random() < 0.5:
            published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        return SyntheticArticle("\n".join(lines), published, outlet)

    def corpus(self, n: int) -> Iterator[SyntheticArticle]:
        for k in range(n):
            yield self.article(k)

    def corpus_with_progress(self, n: int, label: str = "generating synthetic articles") -> list[SyntheticArticle]:
        """``list(self.corpus(n))`` behind a progress bar: 10,000 articles take a while to recombine.

        Transient, and drawn only on a terminal, so logs and result files stay as they were.
        """
        from rich.progress import track

        return list(track(self.corpus(n), total=n, description=label, transient=True))


def corpus_digest(articles: list[SyntheticArticle]) -> str:
    """Short hash of the generated texts: equal digests mean the same benchmark input."""
    h = hashlib.sha256()
    for a in articles:
        h.update(a.text.encode("utf-8") + b"\0" + str(a.published).encode() + b"\0")
    return h.hexdigest()[:16]
