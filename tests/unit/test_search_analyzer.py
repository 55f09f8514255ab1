"""The search analyser: one function turns article text and queries into the same terms.

Every example sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from orchestration.search.analyzer import query_terms, search_terms, strip_proclitics, term_spans
from orchestration.settings import SAMPLE_LANDING

KADHIMI = ["الكاظمي", "كاظمي", "والكاظمي", "بالكاظمي", "الكَاظِمِي", "للكاظمي", "فالكاظمي", "الكـــاظمي",
           "وبالكاظمي"]


@pytest.mark.parametrize("variant", KADHIMI)
def test_article_proclitics_diacritics_and_tatweel_fold_to_one_term(variant: str) -> None:
    assert search_terms(variant) == search_terms("الكاظمي")
    assert len(search_terms(variant)) == 1


@pytest.mark.parametrize(("a", "b"), [
    ("أربيل", "اربيل"), ("إربيل", "اربيل"), ("آمرلي", "امرلي"),      # alef forms
    ("مصطفى", "مصطفي"),                                                 # alef maksura
    ("المسيّرة", "مسيره"), ("طائرةٌ", "طائره"),                          # shadda, tanween, teh marbuta
    ("وبغداد", "بغداد"), ("ببغداد", "بغداد"), ("لبغداد", "بغداد"),      # a bare proclitic on a name
    ("للرقة", "الرقة"), ("والرقة", "الرقه"),                             # لل = ل + ال
    ("الألماني", "ألماني"),                                              # a word that starts with ال itself
    ("کرکوک", "كركوك"), ("ایران", "ايران"),                              # Persian kaf and yeh
])
def test_spelling_variants_match(a: str, b: str) -> None:
    assert search_terms(a) == search_terms(b)


@pytest.mark.parametrize(("a", "b"), [
    ("ورقة", "الرقة"),   # paper is not Raqqa: a bare letter comes off only when 4 letters remain
    ("وقال", "قال"),     # short words stay whole
    ("الله", "له"),      # the article comes off only when 3 letters remain
    ("صاروخ", "صواريخ"),  # no broken-plural or suffix stemming
])
def test_stripping_is_conservative(a: str, b: str) -> None:
    assert search_terms(a) != search_terms(b)


def test_tokens_split_on_punctuation_and_keep_digits_and_latin_names() -> None:
    text = "قال الكاظمي، في بيان (رويترز/Reuters) يوم ٢٠٢١-٠٣-١٥: «الهجوم»!"
    assert search_terms(text) == [*search_terms("قال الكاظمي في بيان رويترز"), "reuters", "يوم", "2021", "03", "15",
                                  *search_terms("الهجوم")]
    assert "reuters" in search_terms("REUTERS")


def test_stripping_reaches_a_fixed_point() -> None:
    for token in ["والكاظمي", "وبالصواريخ", "للرقه", "فلسطين", "الالماني", "كتائب"]:
        once = strip_proclitics(token)
        assert strip_proclitics(once) == once


def test_analysing_the_analysed_terms_changes_nothing() -> None:
    """The index stores analysed terms and the fts tokeniser only splits them: they must be stable."""
    text = (SAMPLE_LANDING / "008_green_zone_katyusha_claim.txt").read_text(encoding="utf-8")
    terms = search_terms(text)
    assert len(terms) > 100
    assert search_terms(" ".join(terms)) == terms


def test_query_terms_are_distinct_in_typed_order() -> None:
    assert query_terms("صواريخ الكاظمي بالصواريخ") == [search_terms("صواريخ")[0], search_terms("الكاظمي")[0]]
    assert query_terms("  ،،  !!! ") == []


def test_term_spans_point_into_the_text_as_written() -> None:
    text = "وجّه رئيس الوزراء الكاظمي، ثم قال والكَاظِمِي إن «بالكاظمي» ليس كاظمياً"
    spans = term_spans(text, set(query_terms("كاظمي")))
    assert [text[a:b] for a, b in spans] == ["الكاظمي", "والكَاظِمِي", "بالكاظمي"]
    assert term_spans(text, set(query_terms("زيمبابوي"))) == []
