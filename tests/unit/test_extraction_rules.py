"""Extraction rules on short Arabic sentences written for these tests (real extractor calls).

Each test names the general rule it pins down: relative and interval dates, one event per clause,
speakers of participles and of published statements, default resolution of short forms,
continuation claims, attributions, and the cues that keep a speech verb from being a claim.
"""

from __future__ import annotations

import datetime as dt

from extractors import extract_article


def _claims(ex) -> list[tuple[str, str | None, bool]]:
    return [(c.claim_type, c.speaker_actor_id, c.speaker_anonymous) for c in ex.claims]


def _actors(ex) -> dict[str, str]:
    return {m.actor_id: m.match_kind for m in ex.actor_mentions}


# ---------------------------------------------------------------------------------- dates


def test_statement_date_after_the_speaker_does_not_date_the_event() -> None:
    text = ("تبرأت منصات إعلامية مقربة من الفصائل المسلحة العراقية الحليفة لإيران، اليوم الثلاثاء، من الهجوم "
            "الصاروخي الذي استهدف مساء أمس الاثنين قاعدة عين الأسد الجوية.")
    ex = extract_article(text, published=dt.date(2021, 3, 16))
    assert [(i.incident_date, i.location_id) for i in ex.incidents] == [(dt.date(2021, 3, 15), "iq_ain_al_asad_base")]


def test_event_n_days_before_the_statement_date_and_site_from_a_later_sentence() -> None:
    text = ("أعلنت كتائب حزب الله، مساء الثلاثاء، تعليق عملياتها، وذلك بعد يومين من هجوم بطائرة مسيرة على موقع "
            "عسكري أمريكي في الأردن أسفر عن مقتل ثلاثة جنود. وكانت واشنطن قد حمّلت المقاومة الإسلامية في العراق "
            "مسؤولية الهجوم على البرج 22.")
    ex = extract_article(text, published=dt.date(2024, 1, 30))
    [inc] = ex.incidents
    assert (inc.event_type, inc.incident_date, inc.location_id, inc.killed_min) == (
        "drone_attack", dt.date(2024, 1, 28), "jo_tower_22", 3)
    # the pluperfect names its subject before the verb; the writer's "وذلك بعد …" is not the statement
    assert ("accusation", "united_states", False) in _claims(ex)
    assert ("statement", "kataib_hezbollah", False) in _claims(ex)


# ---------------------------------------------------------------------------------- incidents


def test_two_attacks_in_one_sentence_are_two_incidents_each_claimed() -> None:
    text = ("تبنت المقاومة الإسلامية في العراق هجومين فجر اليوم، الأول بثلاثة صواريخ على قاعدة عين الأسد، "
            "والثاني بطائرة مسيرة على قاعدة حرير.")
    ex = extract_article(text, published=dt.date(2023, 11, 8))
    got = sorted((i.weapon, i.location_id, i.munitions_min, i.incident_date, i.claim_status) for i in ex.incidents)
    assert got == [("drone", "iq_harir_base", 1, dt.date(2023, 11, 8), "claimed"),
                   ("rocket", "iq_ain_al_asad_base", 3, dt.date(2023, 11, 8), "claimed")]
    assert sorted(c.frame_index for c in ex.claims if c.claim_type == "responsibility_claim") == [0, 1]


def test_a_recalled_attack_after_an_interval_is_background_and_keeps_its_claim() -> None:
    text = ("تبنت سرايا أولياء الدم قصف المنطقة الخضراء بثلاثة صواريخ. ويأتي الهجوم بعد أسابيع من هجوم صاروخي "
            "استهدف مطار أربيل الدولي، وتبنته الجماعة ذاتها.")
    ex = extract_article(text, published=dt.date(2021, 3, 15))
    frames = {i.frame_index: (i.is_background, i.location_id, i.claim_status) for i in ex.incidents}
    assert frames == {0: (False, "iq_bgd_green_zone", "claimed"), 1: (True, "iq_erbil_airport", "claimed")}
    # "الجماعة ذاتها" is the group that spoke before, and its claim is about the recalled attack
    assert [(c.speaker_actor_id, c.frame_index) for c in ex.claims] == [
        ("saraya_awliya_al_dam", 0), ("saraya_awliya_al_dam", 1)]


def test_planned_attacks_are_no_event_and_the_arrest_is_placed_where_it_happened() -> None:
    text = ("اعتقلت قوة من جهاز مكافحة الإرهاب ثمانية متهمين بالتخطيط لهجمات صاروخية على مطار بغداد الدولي، "
            "في عملية نفذت في منطقة البوعيثة جنوبي العاصمة.")
    ex = extract_article(text, published=dt.date(2020, 6, 26))
    assert [(i.event_type, i.location_id) for i in ex.incidents] == [("arrest", "iq_bgd_buaitha")]


def test_a_tally_of_attacks_is_no_incident() -> None:
    text = ("تعرضت القوات الأمريكية في العراق وسوريا لأكثر من ستين هجوماً بالصواريخ والطائرات المسيرة منذ منتصف "
            "تشرين الأول.")
    assert extract_article(text, published=dt.date(2023, 11, 22)).incidents == []


def test_artillery_answer_is_shelling_with_weapon_other_not_a_statement() -> None:
    text = ("سقطت أربع قذائف صاروخية على حقل كونيكو. وردت القوات الأمريكية بقصف مدفعي استهدف مصادر إطلاق "
            "القذائف في محيط بلدة مراط.")
    ex = extract_article(text, published=dt.date(2023, 11, 8))
    assert sorted((i.event_type, i.weapon, i.location_id) for i in ex.incidents) == [
        ("rocket_attack", "rocket", "sy_conoco"), ("shelling", "other", "sy_mrat")]
    assert ex.claims == []


def test_no_material_or_human_damage_means_zero_casualties() -> None:
    text = "أسقطت الدفاعات الجوية طائرة مسيرة مفخخة فوق قاعدة حرير، ولم تسفر عن أي أضرار مادية أو بشرية."
    [inc] = extract_article(text, published=dt.date(2023, 10, 24)).incidents
    assert (inc.killed_min, inc.killed_max, inc.injured_min, inc.injured_max) == (0, 0, 0, 0)


# ---------------------------------------------------------------------------------- speakers


def test_denial_participle_belongs_to_the_subject_of_its_clause() -> None:
    text = ("انفجرت عبوة ناسفة على رتل للدعم اللوجستي في الديوانية. وتبنت جماعة قاصم الجبارين الهجوم. إلا أن "
            "مصدراً في شرطة الديوانية قال لوكالة شفق نيوز إن الانفجار أسفر عن إصابة سائق بجروح طفيفة، نافياً "
            "تدمير أي آلية.")
    ex = extract_article(text, published=dt.date(2020, 8, 12))
    assert _claims(ex) == [("responsibility_claim", "qasim_al_jabbarin", False), ("report", None, True),
                           ("denial", None, True)]
    assert "diwaniyah_police" in _actors(ex)


def test_statement_published_by_a_channel_is_its_authors_and_a_quoted_epithet_is_no_speaker() -> None:
    text = ("سقطت ثلاثة صواريخ على المنطقة الخضراء. ونشرت قناة صابرين نيوز بياناً منسوباً إلى جماعة تطلق على "
            "نفسها اسم سرايا أولياء الدم، تبنت فيه \"استهداف سفارة الشر الأمريكية بثلاثة صواريخ\".")
    ex = extract_article(text, published=dt.date(2021, 3, 15))
    assert [(c.claim_type, c.speaker_actor_id, c.via_actor_id) for c in ex.claims] == [
        ("responsibility_claim", "saraya_awliya_al_dam", "sabereen_news")]


def test_person_named_at_the_head_of_a_statements_content_is_its_speaker() -> None:
    text = ("وذكر بيان صادر عن المكتب الإعلامي لرئيس الوزراء أن السوداني طالب الجانب الأمريكي باحترام السيادة "
            "العراقية.")
    ex = extract_article(text, published=dt.date(2023, 11, 14))
    assert [(c.claim_type, c.speaker_actor_id, c.predicate) for c in ex.claims] == [
        ("demand", "mohammed_shia_al_sudani", "طالب")]


def test_attribution_types_the_content_before_it_and_keeps_the_source_anonymous() -> None:
    text = "سقطت ثلاث قذائف هاون قرب مطار بغداد الدولي فجر اليوم، وفق ما أفاد مسؤولان أمنيان عراقيان."
    ex = extract_article(text, published=dt.date(2021, 6, 6))
    assert [(c.claim_type, c.speaker_anonymous, c.speaker_text) for c in ex.claims] == [
        ("report", True, "مسؤولان أمنيان عراقيان")]


def test_outlet_of_the_article_resolves_its_short_name() -> None:
    text = "سقط صاروخ كاتيوشا قرب مطار بغداد. وقال مصدر أمني لـ(بغداد اليوم)، إن الصاروخ أطلق من منطقة الرضوانية."
    ex = extract_article(text, published=dt.date(2021, 1, 3), outlet="بغداد اليوم")
    assert _actors(ex).get("baghdad_today") == "context"
    assert [(c.speaker_text, c.via_actor_id) for c in ex.claims] == [("مصدر أمني", "baghdad_today")]


# ---------------------------------------------------------------------------------- short forms


def test_short_forms_resolve_to_their_default_actor_in_an_iraqi_story() -> None:
    text = "سقطت ثلاثة صواريخ على مطار بغداد الدولي، ودان رئيس مجلس النواب الهجوم، فيما دعا التحالف إلى ضبط النفس."
    actors = _actors(extract_article(text, published=dt.date(2021, 3, 15)))
    assert actors == {"iraqi_parliament": "context", "international_coalition": "context"}


def test_short_form_stays_with_another_candidate_named_before() -> None:
    text = "قال تحالف الفتح في بغداد إن التحالف يرفض أي اعتداء على مطار بغداد الدولي."
    assert _actors(extract_article(text, published=dt.date(2021, 3, 15))) == {"fatah_alliance": "context"}


def test_no_default_resolution_outside_the_actors_country() -> None:
    text = "قالت الحكومة في بيان إن القصف استهدف ريف دير الزور وريف حلب ومدينة حمص."
    assert "iraqi_government" not in _actors(extract_article(text, published=dt.date(2021, 3, 15)))


# ---------------------------------------------------------------------------------- claim types


def test_participle_with_a_threat_after_an_accusation_is_a_second_claim() -> None:
    text = ("وأضاف المتحدث باسم البنتاغون بات رايدر أن الجماعات المدعومة من إيران تقف وراء الهجوم على قاعدة "
            "التنف، مؤكداً أن الولايات المتحدة ستتخذ كل الإجراءات اللازمة لحماية قواتها.")
    ex = extract_article(text, published=dt.date(2023, 10, 19))
    assert _claims(ex) == [("accusation", "pat_ryder", False), ("threat", "pat_ryder", False)]


def test_who_is_behind_it_accuses_nobody_when_nobody_is_named() -> None:
    text = ("وقال الناطق باسم قيادة العمليات المشتركة اللواء تحسين الخفاجي إن لجنة أمنية باشرت التحقيق لتحديد "
            "الجهة التي تقف وراء الهجوم على مطار أربيل.")
    assert _claims(extract_article(text, published=dt.date(2021, 6, 6))) == [("report", "tahseen_al_khafaji", False)]


def test_present_tense_saying_states_a_position() -> None:
    text = "وتقول الحكومة العراقية إن هذه الهجمات تستهدف سائقين عراقيين بالدرجة الأولى."
    assert _claims(extract_article(text, published=dt.date(2021, 6, 6))) == [("statement", "iraqi_government", False)]


def test_linking_attacks_to_a_cause_is_no_accusation() -> None:
    text = "وتربط الفصائل الموالية لإيران هجماتها بالدعم الأمريكي لإسرائيل في حربها على غزة."
    assert _claims(extract_article(text, published=dt.date(2023, 11, 21))) == []


def test_the_night_before_last_is_two_days_back() -> None:
    from extractors.dates import find_dates
    from extractors.normalize import normalize

    [d] = find_dates(normalize("سقطت الصواريخ الليلة قبل الماضية").text, dt.date(2021, 3, 16))
    assert (d.date, d.precision) == (dt.date(2021, 3, 14), "day")


def test_an_earlier_attack_of_the_same_kind_told_after_the_news_is_a_recap() -> None:
    text = ("استهدفت طائرتان مسيرتان فجر اليوم قاعدة حرير شمال شرقي أربيل. وهذا هو الهجوم الثاني الذي تتعرض له "
            "القاعدة خلال أسبوع، بعد إسقاط طائرة مسيرة مفخخة حاولت استهدافها صباح الثلاثاء الماضي.")
    ex = extract_article(text, published=dt.date(2023, 10, 27))
    assert [(i.is_background, i.incident_date, i.munitions_min) for i in ex.incidents] == [
        (False, dt.date(2023, 10, 27), 2), (True, dt.date(2023, 10, 24), 1)]
