"""Tests for extractors.dates: finding and resolving Arabic date expressions.

``today`` is always passed explicitly so the weekday-based year guesses do not depend on the
day the suite runs.  Sentences are written in natural Arabic and normalised like the pipeline
does; offsets are checked against the normalised text.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.dates import DateMention, find_dates, hijri_to_gregorian, infer_publication_date
from extractors.normalize import normalize

TODAY = dt.date(2024, 6, 30)
D = dt.date


def dates(text: str, published: dt.date | None = None, today: dt.date = TODAY) -> list[DateMention]:
    return find_dates(normalize(text).text, published, today=today)


def one(text: str, published: dt.date | None = None, today: dt.date = TODAY) -> DateMention:
    found = dates(text, published, today)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# ---------------------------------------------------------------------------------------------
# Absolute dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سقطت الصواريخ في 13 كانون الثاني 2021 على المنطقة", D(2021, 1, 13)),
        ("وقع الهجوم في 13 كانون الثاني/يناير 2021", D(2021, 1, 13)),
        ("وقع الهجوم في 13 يوليو/تموز 2021", D(2021, 7, 13)),
        ("وقع الهجوم في 13 يوليو (تموز) 2021", D(2021, 7, 13)),
        ("في 5 شباط 2020 أعلنت الحكومة", D(2020, 2, 5)),
        ("في 5 فبرير 2020 أعلنت الحكومة", D(2020, 2, 5)),
        ("في 9 سبتمر 2019", D(2019, 9, 9)),
        ("في 30 أغسطس 2018", D(2018, 8, 30)),
        ("في 30 اغسطس 2018", D(2018, 8, 30)),
        ("في 1 آب 2017", D(2017, 8, 1)),
        ("في 12 أيلول 2016", D(2016, 9, 12)),
        ("في 3 تشرين الأول 2015", D(2015, 10, 3)),
        ("في 3 تشرين الثاني 2015", D(2015, 11, 3)),
        ("في 25 كانون الأول 2014", D(2014, 12, 25)),
        ("في 10 نيسان 2022", D(2022, 4, 10)),
        ("في 10 أبريل 2022", D(2022, 4, 10)),
        ("في 10 حزيران 2022", D(2022, 6, 10)),
        ("في 7 أيار 2023", D(2023, 5, 7)),
        ("في 7 مايو 2023", D(2023, 5, 7)),
        ("في 15 آذار 2011", D(2011, 3, 15)),
        ("في 15 مارس 2011", D(2011, 3, 15)),
        ("في 1 أكتوبر/تشرين الأول 2019 اندلعت الاحتجاجات", D(2019, 10, 1)),
        ("في ٢٧ حزيران ٢٠٢١", D(2021, 6, 27)),
        ("في 13 من شهر كانون الثاني عام 2021", D(2021, 1, 13)),
        ("في 13 كانون الثاني 2021م", D(2021, 1, 13)),
        ("في الثالث عشر من كانون الثاني 2021", D(2021, 1, 13)),
        ("في الحادي والعشرين من آذار 2020", D(2020, 3, 21)),
        ("بتاريخ 2021/1/13", D(2021, 1, 13)),
        ("بتاريخ 13/1/2021", D(2021, 1, 13)),
        ("بتاريخ 13-1-2021", D(2021, 1, 13)),
        ("بتاريخ 13.1.2021", D(2021, 1, 13)),
        ("بتاريخ 2021-01-13", D(2021, 1, 13)),
        ("بتاريخ 1/13/2021", D(2021, 1, 13)),
    ],
)
def test_absolute_day_dates(text: str, expected: dt.date) -> None:
    m = one(text)
    assert m.date == expected
    assert m.precision == "day"
    assert m.kind == "absolute"
    assert (m.year, m.month, m.day) == (expected.year, expected.month, expected.day)


def test_span_is_in_normalised_text() -> None:
    text = normalize("أعلنت الخلية في 13 كانون الثاني/يناير 2021 سقوط صواريخ").text
    [m] = find_dates(text, today=TODAY)
    assert text[m.start:m.end] == m.text == "13 كانون الثاني/يناير 2021"


def test_weekday_attached_to_absolute_date_is_one_mention() -> None:
    m = one("كشفت مصادر، الثلاثاء 13 يوليو/تموز 2021، أن الاجتماع عقد")
    assert m.text == "الثلاثاء 13 يوليو/تموز 2021"
    assert m.date == D(2021, 7, 13) and m.weekday == 1


def test_invalid_day_is_not_a_date() -> None:
    # an impossible day falls back to what is certain: the month
    m = one("في 31 شباط 2021")
    assert (m.precision, m.date, m.day) == ("month", D(2021, 2, 1), None)
    assert dates("بتاريخ 2021/13/45") == []


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("في شهر أيار 2021 تصاعدت الهجمات", D(2021, 5, 1), "month"),
        ("في أيار 2021 تصاعدت الهجمات", D(2021, 5, 1), "month"),
        ("خلال كانون الأول/ديسمبر 2019", D(2019, 12, 1), "month"),
        ("في مارس 2020 بدأت الجائحة", D(2020, 3, 1), "month"),
        ("منذ مقتله في مطلع 2020", D(2020, 1, 1), "year"),
        ("في منتصف عام 2019", D(2019, 1, 1), "year"),
        ("في أواخر 2018", D(2018, 1, 1), "year"),
        ("في عام 2003 دخلت القوات", D(2003, 1, 1), "year"),
        ("خلال سنة 2017", D(2017, 1, 1), "year"),
        ("خلال عامي 2019", D(2019, 1, 1), "year"),
        ("في جانفي 2020", D(2020, 1, 1), "month"),
    ],
)
def test_month_and_year_precision(text: str, expected: dt.date, precision: str) -> None:
    m = one(text)
    assert (m.date, m.precision, m.kind) == (expected, precision, "absolute")


# ---------------------------------------------------------------------------------------------
# Numbers that are not dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "خفضت واشنطن عدد قواتها إلى 2500 جندي",
        "وصل عدد القوات في 2500 جندي",
        "قال آمر اللواء 45 إن الوضع مستقر",
        "بلغت الميزانية 2020 مليار دينار",
        "تعرضت القواعد لـ 2021 هجوماً منذ ذلك الحين",
        "نفذ التحالف في 2019 غارة",
        "ومارس نوابها العنف في الجلسة",
        "زار الأب ابنه في المستشفى",
        "وقع الانفجار عند الساعة 10:30 صباحاً",
        "بنسبة 2.5 بالمئة",
        "صمدت المدينة خلال 2000 عام",
        "ارتفعت الأسعار في 2020% من الحالات",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


def test_bare_year_needs_a_cue() -> None:
    assert dates("كتب 2021 على الجدار") == []
    assert one("في 2021 تصاعدت الهجمات").year == 2021


# ---------------------------------------------------------------------------------------------
# Day and month without a year
# ---------------------------------------------------------------------------------------------


def test_partial_without_published_keeps_day_and_month() -> None:
    m = one("أصدرت السفارة بياناً في 18 تشرين الثاني/نوفمبر")
    assert m.date is None
    assert (m.kind, m.month, m.day, m.year) == ("partial", 11, 18, None)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("بعد الضربات في 27 يونيو/حزيران", D(2021, 7, 13), D(2021, 6, 27)),
        ("في 20 كانون الأول", D(2021, 1, 5), D(2020, 12, 20)),
        ("في 5 كانون الثاني", D(2021, 1, 5), D(2021, 1, 5)),
        # an upcoming date a few days after publication stays in the same year
        ("الانتخابات المقررة في 10 تشرين الأول", D(2021, 10, 1), D(2021, 10, 10)),
    ],
)
def test_partial_resolved_against_published(text: str, published: dt.date, expected: dt.date) -> None:
    m = one(text, published)
    assert m.date == expected
    assert m.kind == "partial" and m.precision == "day"


def test_weekday_fixes_year_without_published() -> None:
    m = one("مساء الثلاثاء 17 تشرين الثاني/نوفمبر سقطت الصواريخ", today=D(2021, 6, 1))
    assert m.date == D(2020, 11, 17)
    assert m.weekday == 1 and m.part_of_day == "evening"
    # the latest such year not in the future
    assert one("الثلاثاء 17 تشرين الثاني", today=D(2026, 12, 1)).date == D(2026, 11, 17)
    assert one("الثلاثاء 17 تشرين الثاني", today=D(2026, 11, 16)).date == D(2020, 11, 17)


def test_weekday_year_prefers_years_the_text_mentions() -> None:
    text = "منذ مطلع 2020 تصاعدت الهجمات، وفي فجر الأربعاء 18 تشرين الثاني سقطت صواريخ"
    found = dates(text, today=D(2026, 12, 1))
    assert found[-1].date == D(2020, 11, 18)


def test_weekday_with_published_uses_published_rule() -> None:
    m = one("فجر الأربعاء 18 تشرين الثاني", D(2020, 11, 19))
    assert m.date == D(2020, 11, 18) and m.part_of_day == "dawn"


def test_dawn_phrase_with_weekday_and_date() -> None:
    m = one("في ساعة مبكرة من فجر الأربعاء 18 تشرين الثاني/نوفمبر", today=D(2021, 1, 1))
    assert m.date == D(2020, 11, 18)
    assert m.part_of_day == "dawn"


# ---------------------------------------------------------------------------------------------
# Relative expressions
# ---------------------------------------------------------------------------------------------

SAT = D(2021, 11, 13)   # a Saturday


@pytest.mark.parametrize(
    ("text", "expected", "precision", "part"),
    [
        ("أعلنت الوزارة اليوم", SAT, "day", None),
        ("وقال أمس إن الهجوم", D(2021, 11, 12), "day", None),
        ("وقع القصف البارحة", D(2021, 11, 12), "day", None),
        ("سقطت الصواريخ مساء أمس", D(2021, 11, 12), "day", "evening"),
        ("سقطت الصواريخ ليلة أمس", D(2021, 11, 12), "day", "night"),
        ("سقطت الصواريخ الليلة الماضية", D(2021, 11, 12), "day", "night"),
        ("استهدفت المسيرات القاعدة فجر اليوم", SAT, "day", "dawn"),
        ("وصباح اليوم أعلنت الخلية", SAT, "day", "morning"),
        ("اندلعت الاشتباكات أول أمس", D(2021, 11, 11), "day", None),
        ("اندلعت الاشتباكات أمس الأول", D(2021, 11, 11), "day", None),
        ("أكد في كلمة له الأحد الماضي", D(2021, 11, 7), "day", None),
        ("وصل الوفد الجمعة الماضية", D(2021, 11, 12), "day", None),
        ("سيصل الوفد الاثنين المقبل", D(2021, 11, 15), "day", None),
        ("سقطت الصواريخ فجر الأحد", D(2021, 11, 7), "day", "dawn"),
        ("يوم الأحد سقطت الصواريخ", D(2021, 11, 7), "day", None),
        ("الأحد سقطت الصواريخ", D(2021, 11, 7), "day", None),
        ("قال مسؤولون، السبت، إن", SAT, "day", None),
        ("عقد اجتماع الأسبوع الماضي", D(2021, 11, 6), "week", None),
        ("وقع الهجوم قبل يومين", D(2021, 11, 11), "day", None),
        ("وقع الهجوم قبل ثلاثة أيام", D(2021, 11, 10), "day", None),
        ("وقع الهجوم قبل 4 أيام", D(2021, 11, 9), "day", None),
        ("وقع الهجوم قبل أسبوعين", D(2021, 10, 30), "week", None),
        ("في هجومين قبل أيام", D(2021, 11, 10), "approx", None),
        ("نفى المبعوث الاتهامات الشهر الماضي", D(2021, 10, 1), "month", None),
        ("تصاعدت الهجمات العام الماضي", D(2020, 1, 1), "year", None),
        ("تصاعدت الهجمات هذا العام", D(2021, 1, 1), "year", None),
        ("في كانون الثاني الماضي", D(2021, 1, 1), "month", None),
        ("في أيار من العام الماضي", D(2020, 5, 1), "month", None),
        ("في تشرين الثاني الجاري", D(2021, 11, 1), "month", None),
    ],
)
def test_relative_expressions(text: str, expected: dt.date, precision: str, part: str | None) -> None:
    m = one(text, SAT)
    assert (m.date, m.precision, m.part_of_day) == (expected, precision, part)


def test_weekday_kinds() -> None:
    assert one("فجر الأحد", SAT).kind == "partial"
    assert one("الأحد الماضي", SAT).kind == "relative"
    assert one("أمس", SAT).kind == "relative"


def test_bare_weekday_on_published_day_is_that_day() -> None:
    assert one("السبت", SAT).date == SAT
    assert one("السبت الماضي", SAT).date == D(2021, 11, 6)


def test_relative_without_published_is_unresolved() -> None:
    m = one("سقطت الصواريخ فجر الأحد")
    assert m.date is None and m.weekday == 6 and m.kind == "partial" and m.part_of_day == "dawn"
    m = one("وقع الهجوم أمس")
    assert m.date is None and m.kind == "relative"
    m = one("عقد الاجتماع الأسبوع الماضي")
    assert m.date is None and m.precision == "week"


def test_two_weekdays_give_two_mentions() -> None:
    found = dates("اندلعت الاشتباكات يومي الجمعة والسبت", SAT)
    assert [m.weekday for m in found] == [4, 5]
    assert [m.date for m in found] == [D(2021, 11, 12), SAT]


def test_monday_needs_a_cue_because_it_also_means_the_two() -> None:
    assert dates("اتفق الاثنان على الخطة، وبين الاثنين خلاف قديم") == []
    assert one("يوم الاثنين", SAT).weekday == 0
    assert one("مساء الاثنين", SAT).part_of_day == "evening"


@pytest.mark.parametrize(
    "text",
    [
        "في اليوم التالي أعلنت الخلية",
        "وفي ذلك اليوم سقطت الصواريخ",
        "قبل يوم من الهجوم",
        "قبل ثلاثة أيام من الانتخابات",
        "منذ سنوات تتعرض القاعدة للقصف",
        "لم تتبن أي جهة الهجوم حتى اليوم",
    ],
)
def test_relative_phrases_that_do_not_anchor_on_publication(text: str) -> None:
    assert dates(text, SAT) == []


def test_ago_with_year_is_not_ago() -> None:
    m = one("منذ عام 2003", SAT)
    assert (m.date, m.precision) == (D(2003, 1, 1), "year")


# ---------------------------------------------------------------------------------------------
# Hijri
# ---------------------------------------------------------------------------------------------


def test_hijri_conversion() -> None:
    assert hijri_to_gregorian(1442, 9, 1) == D(2021, 4, 13)
    assert hijri_to_gregorian(1442, 13, 1) is None


def test_hijri_dates_are_approximate() -> None:
    m = one("في 15 رمضان 1442 هـ")
    assert m.precision == "approx" and m.kind == "absolute"
    assert m.date is not None and abs((m.date - D(2021, 4, 27)).days) <= 2
    m = one("في عام 1441 هـ")
    assert m.precision == "approx" and m.date is not None and m.date.year == 2019


def test_hijri_month_name_without_year_is_ignored() -> None:
    assert dates("في شهر رمضان تكثر الزيارات") == []


# ---------------------------------------------------------------------------------------------
# Publication date inference
# ---------------------------------------------------------------------------------------------


def test_infer_from_dateline_with_weekday() -> None:
    text = normalize("كشفت مصادر، الثلاثاء 13 يوليو/تموز 2021، عن اجتماع عقد الأسبوع الماضي").text
    assert infer_publication_date(text, today=TODAY) == (D(2021, 7, 13), "inferred")


def test_infer_prefers_the_latest_date_over_a_recap() -> None:
    text = normalize("منذ اندلاع الاحتجاجات في 1 تشرين الأول 2019 تعرضت القواعد لهجمات، "
                     "وآخرها في 8 آذار 2021 حين سقطت صواريخ").text
    assert infer_publication_date(text, today=TODAY) == (D(2021, 3, 8), "inferred")


def test_infer_from_weekday_day_month_pair() -> None:
    text = normalize("أكد المتحدث في بيان فجر الأربعاء 18 تشرين الثاني أن القصف استهدف قاعدة عراقية").text
    assert infer_publication_date(text, today=D(2021, 6, 1)) == (D(2020, 11, 18), "inferred")


def test_infer_ignores_plans_and_future_dates() -> None:
    text = normalize("وقع الهجوم في 3 آذار 2021، قبل الانتخابات المقررة في 10 تشرين الأول 2021").text
    assert infer_publication_date(text, today=TODAY) == (D(2021, 3, 3), "inferred")
    text = normalize("وقع الهجوم في 3 آذار 2030").text
    assert infer_publication_date(text, today=TODAY) == (None, "unknown")


def test_infer_until_is_not_a_plan() -> None:
    text = normalize("تعرضت القواعد لهجمات منذ 1 تشرين الأول 2019 حتى 8 آذار 2021").text
    assert infer_publication_date(text, today=TODAY) == (D(2021, 3, 8), "inferred")


def test_infer_unknown_without_fixed_dates() -> None:
    for raw in ("سقطت صواريخ فجر الأحد على القاعدة قبل أيام",
                "في 18 تشرين الثاني أصدرت السفارة بياناً",
                "منذ مطلع 2020 تصاعدت الهجمات",
                ""):
        assert infer_publication_date(normalize(raw).text, today=TODAY) == (None, "unknown")
