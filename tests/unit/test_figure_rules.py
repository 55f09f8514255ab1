"""Per-incident figures: the counting rules behind the gold's range conventions.

Sentences are written for these tests in the style of Arabic wire copy (real extractor calls).
Each test names the general phenomenon it pins down:

* "أكثر من N" is an open range from N (the contract's convention, like "على الأقل N");
* a qualifier after the counted noun's complement, a tally or a bare count;
* the agreeing numeral after its noun ("سائقين اثنين", "عنصر واحد") whatever follows it;
* a numeral never counts a noun carrying the instrumental "ب" (the means, not the count);
* feminine casualty nouns, and a count joined by "و" after a singular casualty noun;
* enumerations that distribute a stated total ("أحدهما … والآخر …") or continue it with an
  ordinal subject of a fall verb ("فيما سقطت ثالثة");
* interceptions counted only as a part of an uncounted salvo give no munition count;
* a definite air-defence word before munitions is a subject ("اعترضت المنظومة صاروخين"), not
  the head of a construct ("منظومة صواريخ").
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors import extract_article
from extractors.normalize import normalize
from extractors.numbers import Figure, Figures, extract_figures, merge_figures


def figs(sentence: str) -> Figures:
    return extract_figures(normalize(sentence).text)


def rng(f: Figure | None) -> tuple[int | None, int | None] | None:
    return None if f is None else (f.min, f.max)


# ---------------------------------------------------------------------------------- open ranges


@pytest.mark.parametrize(
    ("sentence", "role", "expected"),
    [
        ("أسفر التفجير عن إصابة أكثر من 30 شخصاً في السوق", "injured", (30, None)),
        ("أطلقت الفصائل ما يزيد على عشرة صواريخ باتجاه المعسكر", "munitions", (10, None)),
        ("قتل ما يربو على 12 عنصراً من التنظيم في الغارة", "killed", (12, None)),
    ],
)
def test_more_than_n_is_an_open_range_from_n(sentence: str, role: str, expected: tuple) -> None:
    fig = getattr(figs(sentence), role)
    assert rng(fig) == expected
    assert fig is not None and fig.kind == "more_than"


@pytest.mark.parametrize(
    ("sentence", "role", "expected"),
    [
        # the qualifier after the noun's "من" complement
        ("قتل خمسة جنود من الجيش السوري على الأقل في القصف", "killed", (5, None)),
        ("أصيب سبعة عناصر من \"قسد\" على الأقل بانفجار لغم", "injured", (7, None)),
        # after a tally and after a bare count
        ("وارتفعت حصيلة القتلى إلى تسعة على الأقل وفق مصادر طبية", "killed", (9, None)),
        ("وأسفر القصف المدفعي عن إصابة 6 على الأقل", "injured", (6, None)),
        # after the agreeing numeral of a singular noun
        ("قُتل مقاتل واحد على الأقل في الاشتباك الذي اندلع قرب الحاجز", "killed", (1, None)),
    ],
)
def test_a_qualifier_after_the_count_opens_the_range(sentence: str, role: str, expected: tuple) -> None:
    assert rng(getattr(figs(sentence), role)) == expected


def test_a_qualifier_does_not_reach_across_another_count() -> None:
    result = figs("أصيب ثلاثة جنود من اللواء الثامن وقتل اثنان على الأقل")
    assert rng(result.injured) == (3, 3)
    assert rng(result.killed) == (2, None)


# ---------------------------------------------------------------------------------- numerals after nouns


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("أصيب مدنيين اثنين بشظايا القذيفة في السوق", None, (2, 2)),
        ("قتل منتسبين اثنين من الشرطة في الكمين", (2, 2), None),
        ("أدى الانفجار إلى إصابة عاملين اثنين بجروح متوسطة", None, (2, 2)),
    ],
)
def test_agreeing_numeral_after_a_dual_or_plural_form_counts(sentence: str, killed, injured) -> None:
    result = figs(sentence)
    assert rng(result.killed) == killed
    assert rng(result.injured) == injured


def test_a_numeral_does_not_count_the_means() -> None:
    result = figs("أصيب جنديين اثنين بقذيفة هاون سقطت قرب الثكنة")
    assert rng(result.injured) == (2, 2)
    assert rng(result.munitions) == (1, 1)
    result = figs("قتل 4 بصاروخ موجه استهدف سيارتهم على الطريق")
    assert rng(result.killed) == (4, 4)
    assert rng(result.munitions) == (1, 1)


def test_definite_ithnayn_after_a_plural_is_monday_not_two() -> None:
    result = figs("وسقطت الصواريخ الاثنين على أطراف المطار")
    assert result.munitions is None
    assert "munitions" in result.uncounted


# ---------------------------------------------------------------------------------- casualty nouns


def test_feminine_casualty_nouns_count() -> None:
    result = figs("أسفر القصف عن سقوط شهيدة وجريحتين من سكان الحي")
    assert rng(result.killed) == (1, 1)
    assert rng(result.injured) == (2, 2)
    result = figs("ليرتفع عدد ضحايا القصف إلى ثلاثة قتلى وجريحة")
    assert rng(result.killed) == (3, 3)
    assert rng(result.injured) == (1, 1)


def test_count_joined_after_a_singular_casualty_noun_is_its_own() -> None:
    result = figs("أسفر انفجار العبوة عن قتيل وأربعة جرحى بين المارة")
    assert rng(result.killed) == (1, 1)
    assert rng(result.injured) == (4, 4)
    assert "casualties" not in result.uncounted


# ---------------------------------------------------------------------------------- munition enumerations


@pytest.mark.parametrize(
    "sentence",
    [
        "أطلق المسلحون قذيفتي هاون، سقطت إحداهما قرب السوق والأخرى في أرض زراعية",
        "أكدت الشرطة سقوط صاروخين، أحدهما على سطح مخزن والآخر في ساحة وقوف السيارات",
    ],
)
def test_one_of_them_and_the_other_distribute_a_dual(sentence: str) -> None:
    assert rng(figs(sentence).munitions) == (2, 2)


def test_an_ordinal_subject_of_a_fall_verb_continues_the_count() -> None:
    result = figs("أسقطت الدفاعات الجوية صاروخين، بينما انفجر ثالث في الجو فوق المدرج")
    assert rng(result.munitions) == (3, 3)
    assert rng(result.intercepted) == (2, 2)
    result = figs("اعترضت المنظومة طائرتين مسيرتين، فيما سقطت ثالثة قرب البوابة الرئيسية")
    assert rng(result.munitions) == (3, 3)


def test_an_ordinal_after_an_attack_noun_is_no_munition() -> None:
    # "هجوم ثالث" is a third attack, not a third rocket
    result = figs("سقط صاروخان على المعسكر في هجوم ثالث خلال أسبوع")
    assert rng(result.munitions) == (2, 2)


def test_a_definite_air_defence_subject_does_not_block_the_munitions() -> None:
    result = figs("اعترضت المنظومة صاروخين أطلقا باتجاه مبنى السفارة")
    assert rng(result.intercepted) == (2, 2)
    assert rng(result.munitions) == (2, 2)
    # the construct still names a weapon system, not an attack
    assert figs("نشرت القوات الأمريكية منظومة صواريخ دفاعية قرب المطار").munitions is None


def test_part_of_an_uncounted_salvo_gives_no_munition_count() -> None:
    merged = merge_figures([figs("هاجمت طائرات مسيرة المطار فجراً، وأسقطت الدفاعات اثنتين منها")])
    assert rng(merged.intercepted) == (2, 2)
    assert merged.munitions is None
    assert "munitions" in merged.uncounted
    # a stated total still holds, and a directly counted interception still bounds the salvo
    merged = merge_figures([figs("هاجمت 5 طائرات مسيرة المطار فجراً، وأسقطت الدفاعات اثنتين منها")])
    assert rng(merged.munitions) == (5, 5)
    merged = merge_figures([figs("أسقطت الدفاعات الجوية طائرتين مسيرتين فوق المطار")])
    assert rng(merged.munitions) == (2, 2)


def test_incident_figures_through_the_pipeline() -> None:
    text = ("أصيب سائقين اثنين بانفجار عبوة ناسفة استهدفت رتلاً لنقل معدات التحالف على الطريق السريع قرب "
            "الناصرية، صباح اليوم الأحد. وكانت قاعدة عين الأسد قد تعرضت في الثالث من الشهر الجاري لهجوم "
            "بطائرات مسيرة، أسقطت القوات الأمريكية اثنتين منها.")
    ex = extract_article(text, published=dt.date(2021, 7, 18))
    main = next(i for i in ex.incidents if not i.is_background)
    assert (main.weapon, main.munitions_min, main.munitions_max, main.injured_min, main.injured_max) == (
        "ied", 1, 1, 2, 2)
    recalled = [i for i in ex.incidents if i.is_background and i.weapon == "drone"]
    assert [(i.munitions_min, i.munitions_max, i.intercepted) for i in recalled] == [(None, None, 2)]
