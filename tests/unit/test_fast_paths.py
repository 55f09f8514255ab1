"""The extractor's speed-ups must not change a single result: each fast path against the plain one.

Why these tests exist: the optimisations (str.translate normalisation, character-trie regexes,
gap-wise skeletons, joined boilerplate rules, skipped inert tokens, required-part pre-checks for
date patterns) are only correct while they stay equivalent to the straightforward code they
replaced.  Each test compares both on random input and on the sample corpus.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractors import dates, lexicon, matcher, numbers, sentences
from extractors.normalize import NormalizedText, fold, normalize, normalize_char

SAMPLE = Path(__file__).resolve().parents[2] / "sample_corpus" / "landing"


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    from orchestration.ingestion.readers import ArticleRecord, read_landing

    return [r.text for r in read_landing(SAMPLE) if isinstance(r, ArticleRecord)]


def _random_texts(alphabet: list[str], n: int, max_len: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, max_len))) for _ in range(n)]


ARABIC_MIX = ([chr(c) for c in range(0x0620, 0x0660)] + list("٠١٢٣٤٥ـً ٌٍَُِّْٰ") + list(" \n\t\r.,،:\"«»'“”")
              + list("abcXYZ019_") + ["\u200f", "\ufeff", "\u00ad", "\ufefb", "\ufdf2", "\u0130", "\u2028", "\xa0"])


def _plain_normalize(text: str) -> NormalizedText:
    out, offsets = [], []
    for i, ch in enumerate(text):
        rep = normalize_char(ch)
        out.append(rep)
        offsets.extend([i] * len(rep))
    return NormalizedText(original=text, text="".join(out), offsets=tuple(offsets))


def test_normalize_matches_per_character_normalisation(sample_texts):
    for text in _random_texts(ARABIC_MIX, 3000, 50, seed=1) + sample_texts:
        fast, plain = normalize(text), _plain_normalize(text)
        assert (fast.text, fast.offsets) == (plain.text, plain.offsets), text
        assert fold(text) == plain.text


def _flat_alternation(phrases: set[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@pytest.mark.parametrize("tail", ["", r"\w*", r"(?:ه|ها|هم)?", r"\s+بال"])
def test_trie_alternation_is_the_longest_first_alternation(tail):
    rng = random.Random(len(tail))
    letters = list("ابتلمنوه ")
    for _ in range(300):
        phrases = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))).strip() or "ب" for _ in range(12)}
        trie = re.compile(rf"(?<![\w])(?:و|ف|وال|ال)?(?P<p>{lexicon.trie_alternation(phrases)}){tail}(?![\w])")
        flat = re.compile(rf"(?<![\w])(?:و|ف|وال|ال)?(?P<p>{_flat_alternation(phrases)}){tail}(?![\w])")
        for text in _random_texts(letters + [" ", "."], 20, 30, seed=rng.random()):
            got = [(m.span(), m.group("p")) for m in trie.finditer(text)]
            assert got == [(m.span(), m.group("p")) for m in flat.finditer(text)], (phrases, text)


def test_clitic_trie_keeps_the_listed_order():
    flat = "(?:" + "|".join(lexicon._CLITIC_FORMS) + ")?"
    for text in _random_texts(list("وفبلكا ") + ["ال"], 3000, 8, seed=3):
        assert re.match(lexicon._CLITICS, text).group() == re.match(flat, text).group()


def _plain_skeleton(text: str) -> tuple[str, list[int], bytearray]:
    chars, smap, brk = [], [], bytearray()
    pending, space_at, space_char = False, -1, " "
    for i, ch in enumerate(text):
        if ch in matcher.QUOTE_CHARS:
            pending = True
            continue
        if ch.isspace():
            if space_at < 0:
                space_at, space_char = i, ("\n" if ch == "\n" else " ")
            elif ch == "\n":
                space_char = "\n"
            continue
        if space_at >= 0:
            if chars:
                chars.append(space_char)
                smap.append(space_at)
                brk.append(1 if pending else 0)
                pending = False
            space_at = -1
        chars.append(ch)
        smap.append(i)
        brk.append(1 if pending else 0)
        pending = False
    brk.append(1)
    return "".join(chars), smap, brk


def test_skeleton_matches_character_walk(sample_texts):
    alphabet = list("ab   \n\t\"“”«»„‟‹›'`″") + ["\u2028", "\xa0", "\r", "ك", "ل"]
    for text in _random_texts(alphabet, 20000, 20, seed=4) + sample_texts:
        assert matcher._skeleton(text) == _plain_skeleton(text), repr(text)


def test_joined_boilerplate_rules_fire_like_single_rules(sample_texts):
    rules = sentences.load_boilerplate_rules()
    candidates = [s for t in sample_texts for s in t.splitlines()] + [
        "اقرأ أيضا: خبر آخر", "جميع الحقوق محفوظة", "شارك", "تويتر فيسبوك", "الكلمات المفتاحية"]
    for group in (rules.line_prefixes, rules.contains, rules.whole_line, rules.tail_markers):
        for how in ("match", "search", "full"):
            for raw in candidates:
                text = sentences._fold_text(raw)
                single = False
                for rx, max_chars in group:
                    if max_chars is not None and len(text) > max_chars:
                        continue
                    hit = rx.match(text) if how == "match" else rx.fullmatch(text) if how == "full" else rx.search(text)
                    if hit:
                        single = True
                        break
                assert sentences._fires(group, text, how) == single, (how, raw)


def test_numbers_skip_of_inert_tokens_changes_nothing(sample_texts, monkeypatch):
    from extractors.document import build_document

    plain = numbers.extract_figures.__wrapped__
    checked = 0
    for text in sample_texts:
        doc = build_document(text, None)
        for s in doc.sentences:
            sentence = doc.sentence_text(s)
            monkeypatch.setattr(numbers, "SKIP_INERT_TOKENS", True)
            fast = plain(sentence)
            monkeypatch.setattr(numbers, "SKIP_INERT_TOKENS", False)
            assert plain(sentence) == fast, sentence
            checked += 1
    assert checked > 200


def test_date_prechecks_change_nothing(sample_texts, monkeypatch):
    import datetime as dt

    lex = dates._lexicon()
    today = dt.date(2025, 6, 1)
    texts = [normalize(t).text for t in sample_texts] + ["في 2500 جندي", "13 تموز 1442 هـ", "قبل يومين",
                                                         "2021/7/13", "13-7-2021", "الأحد الماضي"]
    for text in texts:
        fast = dates._candidates(text, lex, today)
        monkeypatch.setattr(lex, "required", {})
        plain = dates._candidates(text, lex, today)
        monkeypatch.undo()
        assert [vars(r) for r in fast] == [vars(r) for r in plain], text
