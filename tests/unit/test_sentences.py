"""Sentence splitting on scraped Arabic news (all sentences written for these tests)."""

from __future__ import annotations

import pytest

from extractors.sentences import Sentence, load_boilerplate_rules, sentence_index_at, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def check_offsets(text: str, sentences: list[Sentence]) -> None:
    assert [s.index for s in sentences] == list(range(len(sentences)))
    prev_end = -1
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert s.text
        assert s.start >= prev_end
        prev_end = s.end


# --------------------------------------------------------------------------- basic boundaries


def test_full_stops_and_offsets():
    text = "سقطت ثلاثة صواريخ قرب مطار بغداد. وقال مصدر أمني إن الهجوم لم يسفر عن خسائر.  ولم تتبن أي جهة الهجوم."
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert [s.text for s in sents] == [
        "سقطت ثلاثة صواريخ قرب مطار بغداد.",
        "وقال مصدر أمني إن الهجوم لم يسفر عن خسائر.",
        "ولم تتبن أي جهة الهجوم.",
    ]
    assert not any(s.is_boilerplate or s.is_headline for s in sents)


def test_newlines_are_boundaries_and_blank_lines_skipped():
    text = "استهدف هجوم بطائرة مسيرة رتلاً للدعم اللوجستي\n\n\nوأعلنت خلية الإعلام الأمني فتح تحقيق"
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert len(sents) == 2
    assert sents[1].text == "وأعلنت خلية الإعلام الأمني فتح تحقيق"


def test_crlf_and_surrounding_whitespace_trimmed():
    text = "  انفجرت عبوة ناسفة على الطريق الدولي.\r\n\u200fوأصيب جنديان بجروح.  \r\n"
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert [s.text for s in sents] == ["انفجرت عبوة ناسفة على الطريق الدولي.", "وأصيب جنديان بجروح."]


def test_dot_comma_artefact_is_a_boundary_without_the_comma():
    text = ("أعلنت الشرطة اعتقال ثلاثة مشتبه بهم الأسبوع الماضي., وقالوا إن المعتقلين اعترفوا بالتخطيط للهجوم., "
            "كما ضبطت القوات منصة إطلاق في بستان قريب.")
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert [s.text for s in sents] == [
        "أعلنت الشرطة اعتقال ثلاثة مشتبه بهم الأسبوع الماضي.",
        "وقالوا إن المعتقلين اعترفوا بالتخطيط للهجوم.",
        "كما ضبطت القوات منصة إطلاق في بستان قريب.",
    ]


def test_dot_comma_after_closing_quote():
    text = 'ونقلت الوكالة أن المصادر "لم تحدد الجهة المنفذة"., وكان المتحدث قد نفى ذلك.'
    assert texts(text) == ['ونقلت الوكالة أن المصادر "لم تحدد الجهة المنفذة".', "وكان المتحدث قد نفى ذلك."]


def test_missing_space_after_full_stop():
    text = "انتهى الاجتماع الأمني مساء أمس.وقال المتحدث إن القرارات ستعلن لاحقا."
    assert texts(text) == ["انتهى الاجتماع الأمني مساء أمس.", "وقال المتحدث إن القرارات ستعلن لاحقا."]


def test_question_and_exclamation_marks():
    text = "هل كان الهجوم رسالة سياسية؟ يرى مراقبون أن التوقيت ليس مصادفة! ومن المتوقع أن يتصاعد التوتر؟! الأيام ستكشف."
    assert texts(text) == [
        "هل كان الهجوم رسالة سياسية؟",
        "يرى مراقبون أن التوقيت ليس مصادفة!",
        "ومن المتوقع أن يتصاعد التوتر؟!",
        "الأيام ستكشف.",
    ]


def test_question_followed_by_comma_is_embedded():
    text = "وتساءل النائب لماذا الآن؟، مشيرا إلى أن الهجمات تتكرر قبل كل جلسة."
    assert texts(text) == [text]


def test_ellipsis_is_not_a_boundary():
    text = "الفصائل والانتخابات.. سباق مع الوقت… والحكومة تترقب"
    assert texts(text) == [text]


# --------------------------------------------------------------------------- numbers and abbreviations


@pytest.mark.parametrize("text", [
    "ارتفعت نسبة الهجمات بمعدل 2.5 بالمئة خلال الشهر الماضي في محافظة ديالى.",
    "وقع الانفجار عند الساعة 10.45 صباحا قرب السوق الشعبي.",
    "بدأت العملية العسكرية في 13.7.2021 واستمرت أسبوعا كاملا.",
    "وقال د. عمار الساعدي إن الأرقام غير دقيقة.",
    "وصل السفير م. جونسون إلى أربيل في زيارة غير معلنة.",
    "وقالت القوات U.S. Army في بيان إن القاعدة لم تتضرر.",
    "وقال Mr. Brown إن التحقيق مستمر.",
    "وتوفي العالم في عام 1400 هـ. بحسب المصادر التاريخية المتداولة.",
])
def test_no_split_inside_decimals_dates_and_abbreviations(text):
    assert texts(text) == [text]


def test_number_at_sentence_end_still_splits():
    text = "وبلغ عدد الضحايا منذ بداية العام 27. وتوقعت المنظمة ارتفاع العدد."
    assert texts(text) == ["وبلغ عدد الضحايا منذ بداية العام 27.", "وتوقعت المنظمة ارتفاع العدد."]


# --------------------------------------------------------------------------- quotes


def test_no_split_inside_short_quote_but_split_after_it():
    text = 'وقال المتحدث باسم الفصيل: "لن نسكت على هذا الاعتداء. سنرد في الوقت المناسب." وأضاف أن الرد سيكون مدروسا.'
    assert texts(text) == [
        'وقال المتحدث باسم الفصيل: "لن نسكت على هذا الاعتداء. سنرد في الوقت المناسب."',
        "وأضاف أن الرد سيكون مدروسا.",
    ]


def test_guillemets_and_curly_quotes_protect_their_content():
    text = ("ونقلت الوكالة عن القائد قوله «نحن مستعدون. لن نتراجع» في إشارة إلى التهديدات الأخيرة. "
            "ووصف البيان الهجوم بأنه “عمل جبان. وغادر” بحسب تعبيره.")
    assert texts(text) == [
        "ونقلت الوكالة عن القائد قوله «نحن مستعدون. لن نتراجع» في إشارة إلى التهديدات الأخيرة.",
        "ووصف البيان الهجوم بأنه “عمل جبان. وغادر” بحسب تعبيره.",
    ]


def test_parentheses_protect_their_content():
    text = "وأكد المسؤول (وهو ضابط برتبة عقيد. طلب عدم الكشف عن اسمه) أن التحقيقات جارية."
    assert texts(text) == [text]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = 'كتب النائب في تغريدة: "هناك من يريد جر البلاد إلى الفوضى. وطالب الحكومة بالتحرك الفوري.'
    assert len(texts(text)) == 2


def test_long_quote_with_several_sentences_is_split():
    inner = " ".join(
        f"الجملة رقم {i} من البيان تتحدث عن الوضع الأمني في المحافظات الشمالية والغربية بالتفصيل." for i in range(6)
    )
    text = f'وجاء في البيان: "{inner}" وانتهى البيان بالدعوة إلى التهدئة.'
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert len(inner) > 300
    assert len(sents) >= 6
    assert sents[-1].text.endswith("وانتهى البيان بالدعوة إلى التهدئة.")


def test_quote_opened_after_proclitic_and_tatweel():
    text = 'وقال ضابط لـ"موقع محلي. المعروف" إن الصواريخ أطلقت من شاحنة. ولم يصب أحد.'
    assert texts(text) == ['وقال ضابط لـ"موقع محلي. المعروف" إن الصواريخ أطلقت من شاحنة.', "ولم يصب أحد."]


# --------------------------------------------------------------------------- colon merges


@pytest.mark.parametrize("intro", ["قوله:", "بالقول:", "ما نصه:", "قائلاً:"])
def test_colon_at_end_of_line_continues_into_next(intro):
    text = f"ونقلت وكالة محلية عن مصدر في قيادة العمليات {intro}\n«إن الصواريخ انطلقت من منطقة زراعية.»\nوانتهى."
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert len(sents) == 2
    assert sents[0].text.startswith("ونقلت") and sents[0].text.endswith("زراعية.»")
    assert "\n" in sents[0].text


def test_fragment_starting_with_qawluhu_is_merged_back():
    text = "ونقل الموقع عن مسؤول بارز (طلب عدم ذكر اسمه). قوله: إن الهجوم جاء ردا على الاعتقالات. ثم غادر القاعة."
    assert texts(text) == [
        "ونقل الموقع عن مسؤول بارز (طلب عدم ذكر اسمه). قوله: إن الهجوم جاء ردا على الاعتقالات.",
        "ثم غادر القاعة.",
    ]


def test_colon_inside_sentence_does_not_merge():
    text = "وقال المصدر لوكالة محلية: إن القصف استهدف مخزنا للأسلحة. وأضاف أن الحريق استمر ساعات."
    assert len(texts(text)) == 2


# --------------------------------------------------------------------------- headline


def test_first_line_without_final_punctuation_is_headline():
    text = ("هجوم بطائرة مسيرة يستهدف قاعدة عسكرية غربي الأنبار\n"
            "تعرضت قاعدة عسكرية تستضيف قوات أجنبية لهجوم بطائرة مسيرة فجر اليوم. ولم تسجل إصابات.")
    sents = split_sentences(text)
    assert [s.is_headline for s in sents] == [True, False, False]


def test_repeated_headline_lines_are_all_headlines():
    head = "انقسام داخل الفصائل بشأن الهدنة مع القوات الأجنبية"
    text = f"{head}\n\n{head}\n\nتباينت مواقف الفصائل المسلحة من الهدنة المعلنة منذ أشهر. وقال قيادي إن القرار لم يحسم."
    sents = split_sentences(text)
    assert [s.is_headline for s in sents] == [True, True, False, False]


def test_headline_with_full_stop_repeated_as_lead():
    text = ("سقوط صاروخين قرب مطار بغداد.\n"
            "سقوط صاروخين قرب مطار بغداد، مساء الاثنين، دون أن يسفر عن خسائر. وفتحت السلطات تحقيقا.")
    sents = split_sentences(text)
    assert sents[0].is_headline
    assert not sents[1].is_headline


def test_headline_and_deck():
    text = ("الفصائل تهدد بالتصعيد\n"
            "بيان شديد اللهجة بعد غارة على الحدود\n"
            "هددت فصائل مسلحة بالرد على الغارة التي استهدفت مواقعها الليلة الماضية. ولم يصدر تعليق رسمي.")
    assert [s.is_headline for s in split_sentences(text)] == [True, True, False, False]


def test_punctuated_first_line_is_not_a_headline():
    text = "أعلنت وزارة الدفاع مقتل ثلاثة مسلحين في عملية أمنية.\nوقالت الوزارة إن العملية مستمرة."
    assert not any(s.is_headline for s in split_sentences(text))


def test_single_unpunctuated_text_is_not_a_headline():
    assert not split_sentences("اشتباكات متقطعة في ريف المحافظة الشرقي")[0].is_headline


def test_long_first_line_is_not_a_headline():
    line = "تواصلت الاشتباكات بين القوات الحكومية ومسلحين مجهولين " * 6
    text = f"{line.strip()}\nوقال شهود إن الاشتباكات توقفت فجرا."
    assert not split_sentences(text)[0].is_headline


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize("line", [
    "اقرأ أيضاً: الحكومة تعلن خطة جديدة لضبط الحدود",
    "اقرأ/ي أيضًا: مجلس النواب يناقش قانون الحشد.. جدل متواصل",
    "إقرأ أيضا: تفاصيل الهجوم على القاعدة",
    "للمزيد من الأخبار تابعونا على قناتنا في تلغرام",
    "تابعونا على فيسبوك وتويتر",
    "جميع الحقوق محفوظة © 2024 لشبكة الأخبار المحلية",
    "المقالات المنشورة في الموقع تعبّر عن آراء كتابها وليس بالضرورة عن رأي الموقع.",
    "المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي الصحيفة.",
    "شارك الخبر",
    "فيسبوك تويتر واتساب تلغرام",
    "لمشاهدة الفيديو اضغط هنا",
    "المصدر: وكالات",
])
def test_boilerplate_lines(line):
    text = f"قصفت طائرات مجهولة موقعا للفصائل قرب الحدود. ولم تعلن أي جهة مسؤوليتها.\n{line}\nوقال مصدر إن القصف استمر."
    sents = split_sentences(text)
    check_offsets(text, sents)
    flagged = [s.text for s in sents if s.is_boilerplate]
    assert flagged, line
    assert all(line.startswith(f.split("\n")[0][:10]) or f in line for f in flagged)
    assert not sents[0].is_boilerplate and not sents[-1].is_boilerplate


@pytest.mark.parametrize("line", [
    "وقال أيضاً إن الحكومة ستتخذ إجراءات صارمة بحق المتورطين.",
    "شارك في الهجوم عشرات المسلحين بحسب شهود عيان.",
    "وتابع المتحدث أن القوات الأمنية تطارد المنفذين.",
    "ونشر الموقع صوراً للمركبة المحترقة.",
    "وأكد أن الحقوق لن تضيع وأن التحقيق سيحدد المسؤولين.",
])
def test_story_sentences_are_not_boilerplate(line):
    text = f"وقع هجوم صاروخي على قاعدة عسكرية. {line}"
    assert not any(s.is_boilerplate for s in split_sentences(text))


def test_read_also_box_in_the_middle_takes_its_title_but_not_the_story():
    text = ("استهدف صاروخان محيط المطار مساء الأحد.\n"
            "اقرأ أيضاً:\n"
            "تقرير: تصاعد الهجمات على القواعد خلال الصيف\n"
            "وأضاف المصدر أن الصواريخ أطلقت من منطقة زراعية.")
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert [s.is_boilerplate for s in sents] == [False, True, False]
    assert sents[1].text.startswith("اقرأ أيضاً:") and sents[1].text.endswith("خلال الصيف")


def test_tail_marker_makes_the_rest_of_the_page_boilerplate():
    text = ("قصفت طائرة مسيرة مخزنا للأسلحة شرقي المدينة. ولم تسجل إصابات.\n"
            "الأكثر قراءة\n"
            "وزير الخارجية يصل إلى طهران في زيارة رسمية\n"
            "انخفاض أسعار النفط في الأسواق العالمية")
    sents = split_sentences(text)
    assert [s.is_boilerplate for s in sents] == [False, False, True, True, True]


def test_custom_rules_file(tmp_path):
    path = tmp_path / "bp.yaml"
    path.write_text("contains:\n  - 'إعلان ممول'\nline_prefixes: []\n", encoding="utf-8")
    rules = load_boilerplate_rules(path)
    sents = split_sentences("إعلان ممول من شركة الاتصالات. وقع هجوم.", boilerplate=rules)
    assert [s.is_boilerplate for s in sents] == [True, False]


# --------------------------------------------------------------------------- misc


def test_long_comma_chain_is_one_sentence():
    text = "، ".join(["وقال المصدر إن الهجوم وقع ليلا"] * 30) + "."
    assert len(split_sentences(text)) == 1


def test_empty_and_punctuation_only():
    assert split_sentences("") == []
    assert split_sentences("\n \n...\n") == []


def test_sentence_index_at():
    text = "وقع الانفجار صباحا. وأصيب خمسة مدنيين.\nوأغلقت القوات المنطقة."
    sents = split_sentences(text)
    assert sentence_index_at(sents, text.index("خمسة")) == 1
    assert sentence_index_at(sents, text.index("وأغلقت")) == 2
    assert sentence_index_at(sents, 0) == 0
    assert sentence_index_at(sents, text.index("\n")) is None


def test_diacritics_and_eastern_digits_are_kept_in_offsets():
    text = "أُطلِقَ ٣ صواريخ على القاعدة. وقال مصدرٌ إنّ ٢٫٥ طن من الذخيرة احترقت."
    sents = split_sentences(text)
    check_offsets(text, sents)
    assert len(sents) == 2
