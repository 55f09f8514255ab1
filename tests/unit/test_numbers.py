"""Tests for extractors.numbers: number words, casualty / munition figures, merging.

Sentences are written in natural Arabic and normalised the way the pipeline does before the
extractor sees them.  Every case states the behaviour we rely on downstream; the negatives
(troop numbers, brigade numbers, years, hours, seized weapons) guard against figures that
would silently corrupt the warehouse.
"""

from __future__ import annotations

import pytest

from extractors.normalize import normalize
from extractors.numbers import Figure, Figures, extract_figures, merge_figures, parse_number, tokenize


def figs(sentence: str) -> Figures:
    return extract_figures(normalize(sentence).text)


def rng(f: Figure | None) -> tuple[int | None, int | None] | None:
    return None if f is None else (f.min, f.max)


# ---------------------------------------------------------------------------------------------
# parse_number
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("خمسة", 5),
        ("خمس", 5),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتان", 2),
        ("اثنتين", 2),
        ("عشر", 10),
        ("عشرة", 10),
        ("عشرون", 20),
        ("عشرين", 20),
        ("ثمانية", 8),
        ("ثماني", 8),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثنتي عشرة", 12),
        ("ثلاثة عشر", 13),
        ("خمسة وعشرين", 25),
        ("خمسة وعشرون", 25),
        ("تسعة وتسعين", 99),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("مئتين وثلاثين", 230),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("ثلاثمائة وخمسون", 350),
        ("مئة وخمسة عشر", 115),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("ألف وخمسمئة", 1500),
        ("خمسة وعشرون ألفاً", 25000),
        ("مئة ألف", 100000),
        ("مليون", 1_000_000),
        ("ثلاثة ملايين", 3_000_000),
        ("7", 7),
        ("٧", 7),
        ("2500", 2500),
        ("2,500", 2500),
        ("٢٬٥٠٠", 2500),
        ("بثلاث", 3),
        ("وخمسة", 5),
        ("الثلاثة", 3),
    ],
)
def test_parse_number_values(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["الثالث", "ثالث", "الأول", "عشرات", "بضعة", "2.5", "خمسة صواريخ", "ثلاثة وأربعة", "أحد", "", "صواريخ"],
)
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_accepts_tokens() -> None:
    assert parse_number(["خمسة", "وعشرين"]) == 25
    assert parse_number([t.text for t in tokenize("ثلاثه الاف")]) == 3000


# ---------------------------------------------------------------------------------------------
# Munitions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("سقطت 4 صواريخ على قاعدة بلد الجوية", (4, 4)),
        ("سقطت ٤ صواريخ على قاعدة بلد الجوية", (4, 4)),
        ("أطلق مجهولون ثلاثة صواريخ كاتيوشا باتجاه المطار", (3, 3)),
        ("سقطت سبع قذائف هاون قرب معسكر التاجي", (7, 7)),
        ("استهدف هجوم بثلاث طائرات مسيرة مطار أربيل الدولي", (3, 3)),
        ("سقط صاروخان في محيط السفارة", (2, 2)),
        ("أطلقت الجماعة صاروخين على القاعدة", (2, 2)),
        ("هاجمت طائرتان مسيرتان معسكراً للتحالف", (2, 2)),
        ("انفجرت عبوتان ناسفتان على رتل للدعم اللوجستي", (2, 2)),
        ("انفجار عبوتين ناسفتين على الطريق الدولي", (2, 2)),
        ("استهدف الهجوم القاعدة بصاروخ واحد", (1, 1)),
        ("استهدفت القاعدة بطائرة مسيرة مفخخة", (1, 1)),
        ("سقط صاروخ كاتيوشا قرب الجسر المعلق", (1, 1)),
        ("انفجرت عبوة ناسفة لدى مرور دورية للشرطة", (1, 1)),
        ("أطلق المهاجمون خمسة وعشرين صاروخاً على القاعدة", (25, 25)),
        ("سقوط 10 قذائف هاون على المعسكر", (10, 10)),
        ("سقطت قذيفتا هاون قرب المعسكر", (2, 2)),
        ("سقط صاروخ كاتيوشا على سطح منزل", (1, 1)),
        ("أطلق المسلحون 12 صاروخاً نحو القاعدة", (12, 12)),
        ("أطلقت الصواريخ الأربعة من منطقة زراعية", (4, 4)),
    ],
)
def test_munition_counts(sentence: str, expected: tuple[int, int]) -> None:
    assert rng(figs(sentence).munitions) == expected


def test_munition_figure_span_points_into_normalised_sentence() -> None:
    text = normalize("وأطلقت الفصائل ثلاثة صواريخ على المطار").text
    fig = extract_figures(text).munitions
    assert fig is not None
    assert text[fig.start:fig.end] == fig.text
    assert fig.text == "ثلاثه صواريخ"


@pytest.mark.parametrize(
    ("sentence", "expected", "kind", "approx"),
    [
        ("انطلقت خمسة صواريخ على الأقل من البلدة الحدودية", (5, None), "at_least", False),
        ("أطلق ما لا يقل عن 6 صواريخ على القاعدة", (6, None), "at_least", False),
        ("أطلقت أكثر من خمسة صواريخ نحو القاعدة", (5, None), "more_than", False),
        ("سقط نحو 10 صواريخ على المعسكر", (10, 10), "approx", True),
        ("سقطت حوالي عشرين قذيفة على البلدة", (20, 20), "approx", True),
        ("أطلقت قرابة 12 طائرة مسيرة", (12, 12), "approx", True),
        ("سقط بين 3 و5 صواريخ قرب القاعدة", (3, 5), "range", False),
        ("سقط ما بين ثلاثة وخمسة صواريخ قرب القاعدة", (3, 5), "range", False),
        ("سقطت ثلاثة أو أربعة صواريخ في المطار", (3, 4), "range", False),
        ("أطلق أقل من 10 صواريخ على القاعدة", (None, 9), "less_than", False),
        ("تعرضت القاعدة لقصف بعشرات الصواريخ", (20, None), "vague", False),
        ("أطلقت بضعة صواريخ على المنطقة", (3, 9), "vague", False),
        ("أطلقت عدة صواريخ على المنطقة الخضراء", (2, None), "vague", False),
        ("سقط عدد من قذائف الهاون على المعسكر", (2, None), "vague", False),
    ],
)
def test_munition_qualifiers(sentence: str, expected: tuple, kind: str, approx: bool) -> None:
    fig = figs(sentence).munitions
    assert rng(fig) == expected
    assert fig is not None and fig.kind == kind and fig.approx is approx


def test_plural_without_number_is_unknown_not_one() -> None:
    result = figs("أعلنت الشرطة سقوط صواريخ على المنطقة الخضراء")
    assert result.munitions is None
    assert "munitions" in result.uncounted


def test_implicit_singular_needs_launch_context() -> None:
    # "no faction would waste a drone on ..." is not an attack with one drone.
    assert figs("لا أحد مستعد لخسارة مسيرة على رئيس حكومة سابق").munitions is None
    assert rng(figs("قصفت القاعدة بمسيرة").munitions) == (1, 1)


def test_march_is_not_a_drone() -> None:
    assert figs("خرجت مسيرة احتجاجية في ساحة التحرير").munitions is None
    assert figs("شارك الآلاف في مسيرة سلمية وسط المدينة").munitions is None


def test_split_totals_are_added() -> None:
    result = figs("قال البيان إن خمسة من الصواريخ سقطت داخل القاعدة وثلاثة أخرى سقطت خارجها")
    assert rng(result.munitions) == (8, 8)
    assert result.munitions is not None and result.munitions.kind == "sum"


def test_ordinal_continuation_extends_a_dual() -> None:
    assert rng(figs("سقط صاروخان في محيط المطار وثالث قرب السفارة").munitions) == (3, 3)
    assert rng(figs("سقط صاروخ قرب الجسر وآخر عند بوابة المعسكر").munitions) == (2, 2)


def test_enumeration_does_not_exceed_stated_total() -> None:
    sentence = ("سقطت ستة من الصواريخ داخل المطار، وأشار إلى أن أحد الصواريخ سقط قرب المدرج "
                "وآخر عند البوابة والثالث انفجر في الجو")
    assert rng(figs(sentence).munitions) == (6, 6)


def test_last_decisions_is_not_another_rocket() -> None:
    assert rng(figs("سقط صاروخ على القاعدة وآخر قرارات الحكومة لم تنفذ").munitions) == (1, 1)


def test_different_munition_types_add_up() -> None:
    assert rng(figs("سقطت 3 صواريخ وقذيفتا هاون على المعسكر").munitions) == (5, 5)


def test_subset_with_minha_is_not_added() -> None:
    result = figs("أطلقت 6 صواريخ سقط 4 منها داخل القاعدة")
    assert rng(result.munitions) == (6, 6)


def test_out_of_total() -> None:
    result = figs("تم اعتراض 4 صواريخ من أصل 6 أطلقت على القاعدة")
    assert rng(result.munitions) == (6, 6)
    assert rng(result.intercepted) == (4, 4)


def test_definite_number_after_noun_is_a_reference() -> None:
    assert rng(figs("وسقطت الصواريخ الثلاثة في منطقة مفتوحة").munitions) == (3, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "ضبطت القوات الأمنية 12 صاروخاً معدة للإطلاق في بستان",
        "عثرت القوات على 5 صواريخ في مخبأ للأسلحة",
        "تمكنت فرق الهندسة من تفكيك عبوتين ناسفتين على الطريق",
        "تمتلك الفصائل ترسانة تضم 500 صاروخ",
        "نصبت الولايات المتحدة منظومة مضادة للصواريخ قرب السفارة",
    ],
)
def test_seized_or_defensive_munitions_are_not_fired(sentence: str) -> None:
    result = figs(sentence)
    assert result.munitions is None
    assert "munitions" not in result.uncounted


# ---------------------------------------------------------------------------------------------
# Interceptions
# ---------------------------------------------------------------------------------------------


def test_intercept_counts_and_derived_munitions() -> None:
    result = figs("أعلنت خلية الإعلام الأمني إسقاط طائرتين مسيرتين قرب مطار بغداد")
    assert rng(result.intercepted) == (2, 2)
    assert rng(result.munitions) == (2, 2)
    assert result.munitions is not None and result.munitions.kind == "derived"


def test_air_defence_repelled_a_counted_salvo() -> None:
    result = figs("صدت منظومة الدفاع الجوي (سي رام) أربعة صواريخ أطلقت باتجاه السفارة")
    assert rng(result.intercepted) == (4, 4)
    assert rng(result.munitions) == (4, 4)


def test_intercepted_subset_of_launched() -> None:
    result = figs("هاجمت 4 طائرات مسيرة القاعدة فجراً، فيما تمكنت الدفاعات من إسقاط 3 منها")
    assert rng(result.munitions) == (4, 4)
    assert rng(result.intercepted) == (3, 3)


def test_intercept_pronoun_takes_all_munitions() -> None:
    result = figs("أطلقت 3 صواريخ باتجاه السفارة صدتها منظومة سي رام")
    assert rng(result.munitions) == (3, 3)
    assert rng(result.intercepted) == (3, 3)


def test_intercept_without_count() -> None:
    result = figs("تم التصدي للهجوم بواسطة منظومة الدفاع الجوي")
    assert result.intercepted is None
    assert "intercepted" in result.uncounted


def test_intercepted_others_are_added_to_munitions() -> None:
    result = figs("سقط صاروخ داخل القاعدة واعترضت الدفاعات صاروخين آخرين")
    assert rng(result.munitions) == (3, 3)
    assert rng(result.intercepted) == (2, 2)


def test_separate_intercept_clause_does_not_capture_launched_rockets() -> None:
    result = figs("أطلقت 6 صواريخ واعترضت الدفاعات صاروخين")
    assert rng(result.munitions) == (6, 6)
    assert rng(result.intercepted) == (2, 2)


def test_overthrowing_a_government_is_not_an_interception() -> None:
    result = figs("دعا المحتجون إلى إسقاط الحكومة")
    assert result.intercepted is None and "intercepted" not in result.uncounted


# ---------------------------------------------------------------------------------------------
# Casualties
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("أسفر الهجوم عن مقتل 3 جنود وإصابة 5 آخرين", (3, 3), (5, 5)),
        ("أسفر الهجوم عن مقتل خمسة وعشرين شخصاً وإصابة مئتين وثلاثين آخرين", (25, 25), (230, 230)),
        ("أسفر القصف عن مقتل طفلة وإصابة امرأة", (1, 1), (1, 1)),
        ("أدى الانفجار إلى مقتل جنديين وإصابة مدنيان", (2, 2), (2, 2)),
        ("قتل شخص وأصيب آخر بجروح في القصف", (1, 1), (1, 1)),
        ("سقوط 3 قتلى و5 جرحى في قصف صاروخي", (3, 3), (5, 5)),
        ("سقوط قتيل وجريحين بانفجار عبوة", (1, 1), (2, 2)),
        ("أصيب 4 أشخاص بجروح جراء سقوط قذيفة هاون", None, (4, 4)),
        ("اصيب جندي أمريكي بجروح طفيفة", None, (1, 1)),
        ("3 أشخاص قتلوا في القصف على السوق", (3, 3), None),
        ("ارتفع عدد القتلى إلى 7 والجرحى إلى 15", (7, 7), (15, 15)),
        ("ارتفعت حصيلة ضحايا التفجير إلى 12 قتيلاً", (12, 12), None),
        ("مقتل ما لا يقل عن 5 أشخاص بينهم طفلان", (5, None), None),
        ("أعلن الجيش أن 2 من جنوده أصيبوا في الهجوم", None, (2, 2)),
        ("مقتل 3 جنود و2 من المدنيين", (5, 5), None),
        ("ما أدى إلى مقتل أحد قادة الفصيل", (1, 1), None),
        ("استشهد 4 من منتسبي الشرطة بانفجار عبوة", (4, 4), None),
        ("لقي ثلاثة أشخاص حتفهم", (3, 3), None),
        ("قتل 12 عنصراً من التنظيم بضربة جوية", (12, 12), None),
        ("أسفر القصف عن مقتل 4 من أفراد عائلة واحدة", (4, 4), None),
        ("أصيب 3 من أفراد الشرطة و2 من المارة", None, (5, 5)),
        ("واستشهد منتسب في الشرطة وأصيب اثنان آخران", (1, 1), (2, 2)),
        ("أسفر الهجوم عن سقوط 6 ضحايا", (6, 6), None),
        ("لقي جنديان مصرعهما بانفجار عبوة", (2, 2), None),
    ],
)
def test_casualty_counts(sentence: str, killed: tuple | None, injured: tuple | None) -> None:
    result = figs(sentence)
    assert rng(result.killed) == killed
    assert rng(result.injured) == injured


def test_ambiguous_dual_plural_is_unknown() -> None:
    # "مدنيين" is both "two civilians" and "civilians" when unvocalised.
    result = figs("أسفر القصف عن مقتل طفلة وإصابة مدنيين")
    assert rng(result.killed) == (1, 1)
    assert result.injured is None
    assert "injured" in result.uncounted
    assert result.civilian is True


def test_combined_killed_and_injured_count_is_not_split() -> None:
    for sentence in ("مقتل وإصابة 7 أشخاص بانفجار", "سقوط 5 قتلى وجرحى", "سقوط 10 بين قتيل وجريح"):
        result = figs(sentence)
        assert result.killed is None and result.injured is None, sentence
        assert "casualties" in result.uncounted, sentence


def test_victims_without_number_are_uncounted() -> None:
    result = figs("سقطت صواريخ على منزل أسرة راح ضحيتها أطفال ونساء")
    assert result.killed is None
    assert "killed" in result.uncounted
    assert result.civilian is True


def test_names_and_back_references_are_not_casualties() -> None:
    assert figs("وكشف قيادي في كتائب سيد الشهداء عن الخلاف").is_empty()
    assert figs("كانت الشظايا وراء الإصابات في عدد من الأحياء").is_empty()


def test_hit_a_target_is_not_an_injury() -> None:
    assert figs("تمكنت المسيرة الثالثة من إصابة مقر رئيس الوزراء").injured is None
    assert figs("أسفر القصف عن إصابة 3 أهداف").injured is None


# ---------------------------------------------------------------------------------------------
# "No casualties" statements
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "سقطت قذيفتان قرب المطار دون وقوع خسائر بشرية",
        "سقطت قذيفتان قرب المطار دون وقوع إصابات",
        "لم يسفر القصف عن أي خسائر",
        "لا خسائر في الأرواح",
        "لم تسجل أي إصابات بشرية أو مادية",
        "انفجرت العبوة دون أن يصاب أحد",
        "أطلقت الصواريخ دون أن يصاب أي جندي",
        "ولم ترد أنباء عن وقوع إصابات",
        "اقتصرت الأضرار على الماديات",
        "نفى المتحدث وقوع خسائر في صفوف القوات",
        "ولم يتم الإبلاغ عن وقوع إصابات",
        "وأفادت المصادر بعدم وقوع إصابات",
    ],
)
def test_none_statements_give_zero(sentence: str) -> None:
    result = figs(sentence)
    assert rng(result.killed) == (0, 0)
    assert rng(result.injured) == (0, 0)
    assert result.killed is not None and result.killed.kind == "none"


def test_material_losses_are_not_about_people() -> None:
    result = figs("سقطت قذيفة على مخزن دون خسائر مادية كبيرة")
    assert result.killed is None and result.injured is None


def test_zero_only_for_the_role_named() -> None:
    result = figs("أصيب 3 أشخاص دون وقوع قتلى")
    assert rng(result.injured) == (3, 3)
    assert rng(result.killed) == (0, 0)


def test_unknown_toll_is_not_zero() -> None:
    result = figs("لم تعرف بعد حصيلة الضحايا")
    assert result.killed is None and result.injured is None


# ---------------------------------------------------------------------------------------------
# Civilian flag
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "civilian"),
    [
        ("أسفر الهجوم عن استشهاد طفل وإصابة 4 أشخاص جميعهم من المدنيين", True),
        ("أصيب 5 أشخاص بينهم امرأة", True),
        ("قتل مواطن بسقوط قذيفة على منزله", True),
        ("أسفر القصف عن مقتل 4 من أفراد عائلة واحدة", True),
        ("قتل 12 عنصراً من التنظيم بضربة جوية", False),
        ("مقتل 3 جنود وإصابة ضابط", False),
        ("أصيب جندي أمريكي بجروح", False),
        ("قتل 3 أشخاص في الانفجار", None),
        ("سقطت 3 صواريخ على القاعدة", None),
        ("سقط صاروخ على منزل أسرة دون وقوع إصابات", None),
    ],
)
def test_civilian_flag(sentence: str, civilian: bool | None) -> None:
    assert figs(sentence).civilian is civilian


# ---------------------------------------------------------------------------------------------
# Numbers that are not figures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "أعلن الوزير خفض عدد القوات الأمريكية في العراق إلى 2500 جندي",
        "نشرت الولايات المتحدة 2500 جندي في العراق منذ عام 2020",
        "وبلغ عدد الجنود الأمريكيين في العراق 2500",
        "قال آمر اللواء 45 في الحشد الشعبي إن قواته مستعدة",
        "وقع الهجوم في الساعة 10 مساء على بعد 5 كيلومترات من المطار",
        "ارتفعت نسبة المشاركة إلى 41 بالمئة",
        "خصصت الحكومة 300 مليون دولار لإعادة الإعمار",
        "تعرضت القواعد الأمريكية لأكثر من 40 هجوماً منذ تشرين الأول",
        "اعتقلت القوات ثلاثة من عناصر الخلية في الفلوجة",
        "كشفت ثلاثة مصادر أمنية عن تفاصيل الاجتماع",
        "وفي عام 2019 اندلعت الاحتجاجات",
        "بعد نحو 3 أشهر من تعليق الهجمات",
    ],
)
def test_numbers_not_tied_to_a_figure(sentence: str) -> None:
    result = figs(sentence)
    assert result.killed is None
    assert result.injured is None
    assert result.munitions is None
    assert result.intercepted is None


def test_empty_sentence() -> None:
    assert figs("").is_empty()
    assert figs("عقد البرلمان جلسته الأولى").is_empty()


# ---------------------------------------------------------------------------------------------
# merge_figures
# ---------------------------------------------------------------------------------------------


def test_merge_takes_the_total_not_the_sum() -> None:
    merged = merge_figures([
        figs("أطلقت سبعة صواريخ على المنطقة الخضراء"),
        figs("سقطت أربعة من الصواريخ داخل المنطقة الخضراء"),
        figs("وأكدت الخلية سقوط 7 صواريخ"),
    ])
    assert rng(merged.munitions) == (7, 7)


def test_merge_restated_lower_bounds_keep_the_stated_number() -> None:
    merged = merge_figures([
        figs("انطلقت خمسة صواريخ على الأقل من البلدة"),
        figs("أطلقت أكثر من خمسة صواريخ باتجاه القاعدة"),
    ])
    assert rng(merged.munitions) == (5, None)


def test_merge_prefers_stated_numbers_over_singulars_and_vague_words() -> None:
    merged = merge_figures([
        figs("استهدف المقر بطائرة مسيرة"),
        figs("هاجمت عدة طائرات مسيرة المقر"),
        figs("يذكر أن 3 طائرات مسيرة استهدفت المقر فجراً، وأسقطت القوات 2 منها"),
    ])
    assert rng(merged.munitions) == (3, 3)
    assert rng(merged.intercepted) == (2, 2)


def test_merge_positive_count_beats_scoped_zero() -> None:
    merged = merge_figures([
        figs("وأسفر القصف عن مقتل طفلة وإصابة 5 مدنيين"),
        figs("ولم يسفر القصف عن أي خسائر في صفوف قوات التحالف"),
    ])
    assert rng(merged.killed) == (1, 1)
    assert rng(merged.injured) == (5, 5)
    assert merged.civilian is True


def test_merge_zero_when_nothing_positive() -> None:
    merged = merge_figures([
        figs("تعرضت القاعدة لهجوم صاروخي دون وقوع خسائر بشرية"),
        figs("انطلقت خمسة صواريخ على الأقل من البلدة"),
    ])
    assert rng(merged.killed) == (0, 0)
    assert rng(merged.injured) == (0, 0)
    assert rng(merged.munitions) == (5, None)


def test_merge_raises_munitions_to_interceptions() -> None:
    merged = merge_figures([figs("استهدف المطار بصاروخ"), figs("اعترضت الدفاعات الجوية صاروخين")])
    assert merged.munitions is not None and merged.munitions.min == 2


def test_merge_uncounted_dropped_once_counted() -> None:
    merged = merge_figures([figs("سقوط صواريخ على القاعدة"), figs("سقطت 3 صواريخ على القاعدة")])
    assert rng(merged.munitions) == (3, 3)
    assert "munitions" not in merged.uncounted


def test_merge_of_nothing() -> None:
    merged = merge_figures([])
    assert merged.is_empty()


def test_parts_of_a_stated_total_do_not_add_to_it():
    from extractors.normalize import normalize

    text = normalize("سبعة صواريخ أطلقت باتجاه القاعدة، سقط أربعة منها داخل أسوارها، وثلاثة أخرى في محيطها").text
    figs = extract_figures(text)
    assert (figs.munitions.min, figs.munitions.max) == (7, 7)
