"""Dictionary matching, dictionary loaders and unverified-organisation cues (own test sentences)."""

from __future__ import annotations

import random
import time

import pytest

from extractors.dictionaries import (
    AliasRecord,
    OrgCue,
    actor_alias_rows,
    actor_matcher,
    check_dictionaries,
    clear_caches,
    dictionary_version,
    load_actors,
    load_locations,
    load_org_cues,
    parse_org_cues,
)
from extractors.matcher import DictionaryMatcher, Match, find_unverified_orgs
from extractors.normalize import normalize

ROWS = [
    ("pmf", "الحشد الشعبي", False),
    ("pmf_commission", "هيئة الحشد الشعبي", False),
    ("aah", "عصائب أهل الحق", False),
    ("aah", "العصائب", True),
    ("kh", "كتائب حزب الله", False),
    ("kh", "الكتائب", True),
    ("kss", "كتائب سيد الشهداء", False),
    ("kss", "الكتائب", True),
    ("hezbollah", "حزب الله", False),
    ("sadr", "مقتدى الصدر", False),
    ("sadr", "الصدر", True),
    ("muhandis", "أبو مهدي المهندس", False),
    ("muhandis", "المهندس", True),
    ("us_embassy", "السفارة الأمريكية", False),
    ("us_embassy", "السفارة", True),
    ("sabereen", "صابرين نيوز", False),
    ("ultra", "الترا عراق", False),
    ("ahl_kahf", "أهل الكهف", False),
    ("nbc", "NBC", False),
    ("baghdad", "بغداد", False),
    ("zummar", "زمار", False),
    ("qom", "قم", False),
]


@pytest.fixture(scope="module")
def matcher() -> DictionaryMatcher:
    return DictionaryMatcher(ROWS)


def find(matcher: DictionaryMatcher, text: str) -> list[Match]:
    nt = normalize(text)
    matches = matcher.find(nt)
    for m in matches:
        assert text[m.start:m.end] == m.surface
        assert nt.text[m.norm_start:m.norm_end]
        assert m.kind in ("alias", "context")
    return matches


def ids(matches: list[Match]) -> list[tuple[str, str]]:
    return [(m.entity_id, m.surface) for m in matches]


# --------------------------------------------------------------------------- basics and spans


def test_plain_match_and_offsets(matcher):
    text = "وأعلن الحشد الشعبي انتهاء العملية في بغداد."
    ms = find(matcher, text)
    assert ids(ms) == [("pmf", "الحشد الشعبي"), ("baghdad", "بغداد")]
    assert ms[0].start == text.index("الحشد")
    assert ms[0].kind == "alias" and ms[0].alias == "الحشد الشعبي"


def test_find_accepts_a_plain_string(matcher):
    assert [m.entity_id for m in matcher.find("زار الوفد بغداد")] == ["baghdad"]


def test_hamza_diacritics_tatweel_folded_but_surface_is_published_text(matcher):
    text = "اتهمت عصائب اهل الحق، ثم الحشْدُ الشعبيّ، وقوات الحشـــد الشعبي بالتقصير."
    ms = find(matcher, text)
    assert ids(ms) == [("aah", "عصائب اهل الحق"), ("pmf", "الحشْدُ الشعبيّ"), ("pmf", "الحشـــد الشعبي")]


def test_latin_alias_case_insensitive(matcher):
    assert ids(find(matcher, "ونقلت شبكة nbc عن مسؤولين، وكذلك NBC News.")) == [("nbc", "nbc"), ("nbc", "NBC")]


def test_whitespace_runs_inside_a_name_but_not_line_breaks(matcher):
    assert ids(find(matcher, "قال الحشد  الشعبي إن")) == [("pmf", "الحشد  الشعبي")]
    assert find(matcher, "انسحب الحشد\nالشعبي من المدينة") == []


# --------------------------------------------------------------------------- boundaries and clitics


@pytest.mark.parametrize("text,surface", [
    ("وأكدت والعصائب", None),  # context alias with nothing before: nothing
    ("نفى بالحشد الشعبي", "الحشد الشعبي"),
    ("وقال ولبغداد", "بغداد"),
    ("وصلت التعزيزات إلى بغداد وفبغداد", "بغداد"),
    ("وكالحشد الشعبي", "الحشد الشعبي"),
    ("وبالحشد الشعبي", "الحشد الشعبي"),
])
def test_proclitics(matcher, text, surface):
    ms = find(matcher, text)
    if surface is None:
        assert ms == []
    else:
        assert ms and all(m.surface == surface for m in ms)


def test_lil_fusion_span_starts_at_the_second_lam(matcher):
    text = "وجه القائد التحية للحشد الشعبي، فللحشد الشعبي فضل."
    ms = find(matcher, text)
    assert ids(ms) == [("pmf", "لحشد الشعبي"), ("pmf", "لحشد الشعبي")]
    assert text[ms[0].start - 1:ms[0].end] == "للحشد الشعبي"


def test_conjunction_plus_lil(matcher):
    ms = find(matcher, "والتحية وللحشد الشعبي")
    assert ids(ms) == [("pmf", "لحشد الشعبي")]


def test_quote_and_tatweel_between_clitic_and_name(matcher):
    text = 'وقال ضابط لـ"الترا عراق" إن الهجوم فشل، ونقلت و«صابرين نيوز» الخبر.'
    ms = find(matcher, text)
    assert ids(ms) == [("ultra", "الترا عراق"), ("sabereen", "صابرين نيوز")]


def test_missing_space_before_quote_still_a_boundary(matcher):
    assert ids(find(matcher, 'كتب على موقع"بغداد"اليوم')) == [("baghdad", "بغداد")]


@pytest.mark.parametrize("text", [
    "وانتشر البغداديون في الساحات",  # alias followed by letters: no token end
    "عزف على المزمار في الحفل",  # ...م + زمار: م is not a proclitic
    "صدر قرار جديد",
    "أعلن بقم الجديد",  # two-letter alias via a clitic is not allowed
    "والحشدالشعبي",
])
def test_no_match_inside_words(matcher, text):
    assert find(matcher, text) == []


def test_short_alias_standalone_still_matches(matcher):
    assert ids(find(matcher, "وصل الوفد إلى قم أمس")) == [("qom", "قم")]


def test_three_letter_proclitic_chain_limit(matcher):
    # "وكبغداد" (و + ك) is fine, four letters before the name is not a clitic chain
    assert ids(find(matcher, "وكبغداد")) == [("baghdad", "بغداد")]
    assert find(matcher, "ولوكبغداد") == []


def test_followed_by_punctuation(matcher):
    ms = find(matcher, "(بغداد)، «بغداد»؛ بغداد.")
    assert [m.surface for m in ms] == ["بغداد", "بغداد", "بغداد"]


# --------------------------------------------------------------------------- longest match, overlaps


def test_longest_match_wins(matcher):
    ms = find(matcher, "وقال رئيس هيئة الحشد الشعبي إن")
    assert ids(ms) == [("pmf_commission", "هيئة الحشد الشعبي")]


def test_nested_shorter_alias_dropped(matcher):
    ms = find(matcher, "واتهمت كتائب حزب الله الحكومة، فيما نفى حزب الله اللبناني.")
    assert ids(ms) == [("kh", "كتائب حزب الله"), ("hezbollah", "حزب الله")]


def test_overlap_resolved_left_to_right():
    m = DictionaryMatcher([("a", "الحرس الثوري", False), ("b", "الثوري الإيراني المتشدد", False)])
    ms = find(m, "قال الحرس الثوري الإيراني المتشدد")
    assert ids(ms) == [("a", "الحرس الثوري")]


def test_quoted_inner_part_of_a_name(matcher):
    text = 'فيما سخرت كتائب "حزب الله" من الاتهامات.'
    ms = find(matcher, text)
    assert ids(ms) == [("kh", 'كتائب "حزب الله')]


def test_quoted_names_match(matcher):
    text = 'تبنت حركة "أهل الكهف" الهجوم، ونشرت «صابرين نيوز» بيانها.'
    assert ids(find(matcher, text)) == [("ahl_kahf", "أهل الكهف"), ("sabereen", "صابرين نيوز")]


# --------------------------------------------------------------------------- context-required aliases


def test_context_alias_needs_an_earlier_full_mention(matcher):
    assert find(matcher, "واتهمت العصائب الحكومة بالتقصير.") == []
    text = "أعلنت عصائب أهل الحق موقفها. وقال مسؤول في العصائب إن القرار نهائي."
    ms = find(matcher, text)
    assert ids(ms) == [("aah", "عصائب أهل الحق"), ("aah", "العصائب")]
    assert [m.kind for m in ms] == ["alias", "context"]
    assert ms[1].alias == "العصائب"


def test_context_alias_before_the_full_name_is_ignored(matcher):
    ms = find(matcher, "قال الصدر كلمته. ثم رد مقتدى الصدر على المنتقدين.")
    assert ids(ms) == [("sadr", "مقتدى الصدر")]


def test_context_alias_with_clitics(matcher):
    text = "اغتيل أبو مهدي المهندس في غارة. ونشرت المنصات مقاطع ثأرا للمهندس، ووالمهندس."
    ms = find(matcher, text)
    assert [(m.entity_id, m.kind) for m in ms] == [("muhandis", "alias"), ("muhandis", "context")]
    assert ms[1].surface == "لمهندس"


def test_context_alias_resolves_to_most_recent_full_mention(matcher):
    text = ("التقى ممثلو كتائب حزب الله وكتائب سيد الشهداء. "
            "وقال بيان الكتائب إن اللقاء مثمر. ثم أصدرت كتائب حزب الله بيانا آخر. ورحبت الكتائب بالنتائج.")
    ms = [m for m in find(matcher, text) if m.kind == "context"]
    assert [m.entity_id for m in ms] == ["kss", "kh"]


def test_unresolved_context_alias_does_not_block_shorter_match():
    m = DictionaryMatcher([("x", "السفارة في بغداد", True), ("baghdad", "بغداد", False)])
    assert ids(find(m, "استهدف القصف السفارة في بغداد")) == [("baghdad", "بغداد")]


def test_context_alias_after_full_mention_in_same_text(matcher):
    text = "استنكرت السفارة الأمريكية الهجوم. وذكرت السفارة في بيان أن الرد قادم."
    ms = find(matcher, text)
    assert [(m.entity_id, m.kind, m.surface) for m in ms] == [
        ("us_embassy", "alias", "السفارة الأمريكية"), ("us_embassy", "context", "السفارة")]


def test_ambiguous_alias_prefers_recent_mention_else_first_row():
    m = DictionaryMatcher([("lh", "حزب الله", False), ("kh", "حزب الله", False), ("kh", "كتائب حزب الله", False)])
    assert [x.entity_id for x in find(m, "وقال حزب الله")] == ["lh"]
    assert [x.entity_id for x in find(m, "اتهمت كتائب حزب الله ثم نفى حزب الله")] == ["kh", "kh"]


# --------------------------------------------------------------------------- construction


def test_rows_as_dicts_records_and_duplicates():
    m = DictionaryMatcher([
        {"actor_id": "a", "alias": "الحشد الشعبي", "context_required": "false"},
        AliasRecord("a", "الحشد الشعبي", "ar", True),
        AliasRecord("b", "العصائب", "ar", True),
        ("c", "  ", False),
    ])
    assert m.entity_ids == {"a", "b"}
    assert [x.kind for x in find(m, "قال الحشد الشعبي")] == ["alias"]


def test_empty_matcher():
    m = DictionaryMatcher([])
    assert len(m) == 0
    assert m.find(normalize("أي نص")) == []


def test_speed_is_roughly_linear():
    rnd = random.Random(7)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"

    def word() -> str:
        return "".join(rnd.choice(letters) for _ in range(rnd.randint(3, 7)))

    rows = [(f"e{i}", ("ال" if i % 2 else "") + " ".join(word() for _ in range(rnd.randint(1, 3))), i % 10 == 0)
            for i in range(4000)]
    t0 = time.perf_counter()
    m = DictionaryMatcher(rows)
    build = time.perf_counter() - t0
    text = " ".join(rnd.choice([rows[rnd.randrange(4000)][1], word(), "و" + word()]) for _ in range(4000))
    nt = normalize(text)
    t0 = time.perf_counter()
    ms = m.find(nt)
    match = time.perf_counter() - t0
    assert ms
    assert all(text[x.start:x.end] == x.surface for x in ms)
    assert build < 5.0 and match < 1.0, (build, match)


# --------------------------------------------------------------------------- loaders


ACTORS_CSV = """actor_id,name_ar,name_en,actor_type,parent_actor_id,affiliation,attribution_source,is_collective,notes
aah,عصائب أهل الحق,Asa'ib Ahl al-Haq,militia,,iran_aligned,,false,
khazali,قيس الخزعلي,Qais al-Khazali,person,aah,iran_aligned,,no,"leader, secretary-general"
# a comment row

factions,فصائل المقاومة,Resistance factions,militia,,,,true,
"""
ACTOR_ALIASES_CSV = """actor_id,alias,lang,context_required
aah,العصائب,ar,true
aah,عصائب اهل الحق,ar,false
khazali,الخزعلي,ar,1
ghost,اسم بلا كيان,ar,false
"""
GAZ_HEADER = "location_id,name_ar,name_en,location_type,admin1,country_code,latitude,longitude,geo_precision"
LOCATIONS_CSV = GAZ_HEADER + """,parent_location_id,geonameid,aliases_ar,aliases_en,context_aliases
iq,العراق,Iraq,country,,IQ,33.0,43.7,4,,,بلاد الرافدين,,
iq_baghdad,بغداد,Baghdad,city,Baghdad,IQ,33.31,44.36,2,iq,98182,بغداد العاصمة|دار السلام,,العاصمة
"""
LOCATION_ALIASES_CSV = """location_id,alias,lang,context_required
iq_baghdad,بغداد الجديدة,ar,false
"""
EXTRA_GAZ_CSV = GAZ_HEADER + """,parent_location_id
iq_zummar,زمار,Zummar,town,Nineveh,IQ,36.6,42.5,2,iq
iq,العراق المكرر,Iraq dup,country,,IQ,0,0,4,
"""


@pytest.fixture()
def data_dir(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "gazetteer").mkdir()
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "actors" / "actors.csv").write_text(ACTORS_CSV, encoding="utf-8-sig")
    (tmp_path / "actors" / "actor_aliases.csv").write_text(ACTOR_ALIASES_CSV, encoding="utf-8")
    (tmp_path / "gazetteer" / "locations.csv").write_text(LOCATIONS_CSV, encoding="utf-8")
    (tmp_path / "gazetteer" / "location_aliases.csv").write_text(LOCATION_ALIASES_CSV, encoding="utf-8")
    (tmp_path / "gazetteer" / "towns.csv").write_text(EXTRA_GAZ_CSV, encoding="utf-8")
    (tmp_path / "lexicons" / "org_cues.yaml").write_text(
        "cues:\n  - {cue: حركة, actor_type: militia}\n  - {cue: كتائب, actor_type: militia}\n"
        "stop_words: [الجديدة, المزعومة]\n", encoding="utf-8")
    clear_caches()
    yield tmp_path
    clear_caches()


def test_load_actors(data_dir):
    actors = load_actors(data_dir)
    assert set(actors) == {"aah", "khazali", "factions"}
    aah = actors["aah"]
    assert aah.actor_type == "militia" and aah.affiliation == "iran_aligned" and aah.parent_actor_id is None
    assert actors["khazali"].parent_actor_id == "aah" and actors["khazali"].notes == "leader, secretary-general"
    assert actors["factions"].is_collective and not aah.is_collective
    forms = {(a.alias, a.context_required) for a in aah.aliases}
    # name_ar / name_en are aliases; the hamza-less duplicate of the name collapses into it
    assert forms == {("عصائب أهل الحق", False), ("Asa'ib Ahl al-Haq", False), ("العصائب", True)}
    assert ("الخزعلي", True) in {(a.alias, a.context_required) for a in actors["khazali"].aliases}


def test_load_actors_returns_a_copy(data_dir):
    load_actors(data_dir).clear()
    assert load_actors(data_dir)


def test_load_locations_with_inline_aliases(data_dir):
    locs = load_locations(data_dir)
    assert set(locs) == {"iq", "iq_baghdad"}  # locations.csv is the authority: towns.csv is not read
    b = locs["iq_baghdad"]
    assert (b.latitude, b.longitude, b.geo_precision, b.parent_location_id) == (33.31, 44.36, 2, "iq")
    assert b.extra["geonameid"] == "98182"
    forms = {(a.alias, a.context_required) for a in b.aliases}
    assert {("بغداد العاصمة", False), ("دار السلام", False), ("العاصمة", True), ("بغداد الجديدة", False)} <= forms


def test_record_like_csvs_are_read_when_the_main_file_is_missing(data_dir):
    (data_dir / "gazetteer" / "locations.csv").unlink()
    (data_dir / "gazetteer" / "a_admin.csv").write_text(LOCATIONS_CSV, encoding="utf-8")
    clear_caches()
    locs = load_locations(data_dir)
    assert set(locs) == {"iq", "iq_baghdad", "iq_zummar"}
    assert locs["iq"].name_ar == "العراق"  # a_admin.csv before towns.csv: its row wins
    assert {a.alias for a in locs["iq_baghdad"].aliases} >= {"دار السلام", "بغداد الجديدة"}


def test_missing_files_give_empty_results(tmp_path):
    clear_caches()
    assert load_actors(tmp_path) == {}
    assert load_locations(tmp_path) == {}
    assert load_org_cues(tmp_path).cues == ()


def test_dictionary_version_tracks_content(data_dir):
    v1 = dictionary_version(data_dir)
    assert len(v1) == 12 and v1 == dictionary_version(data_dir)
    path = data_dir / "actors" / "actor_aliases.csv"
    path.write_text(ACTOR_ALIASES_CSV + "aah,العصائب الولائية,ar,false\n", encoding="utf-8")
    v2 = dictionary_version(data_dir)
    assert v2 != v1
    path.write_text(ACTOR_ALIASES_CSV, encoding="utf-8")
    assert dictionary_version(data_dir) == v1


def test_actor_matcher_from_data_dir(data_dir):
    rows = actor_alias_rows(data_dir)
    assert all(isinstance(r, AliasRecord) for r in rows)
    m = actor_matcher(data_dir)
    text = "وقال قيس الخزعلي إن عصائب اهل الحق لن ترد. وأكد الخزعلي ذلك."
    ms = find(m, text)
    assert [(x.entity_id, x.kind) for x in ms] == [("khazali", "alias"), ("aah", "alias"), ("khazali", "context")]


def test_check_dictionaries_reports_problems(data_dir):
    problems = check_dictionaries(data_dir)
    assert any("ghost" in p for p in problems)


def test_org_cues_loader_and_shapes(data_dir):
    cues = load_org_cues(data_dir)
    assert [c.cue for c in cues.cues] == ["حركة", "كتائب"]
    assert "المزعومه" in cues.stop_words  # normalised
    assert [c.cue for c in parse_org_cues({"cues": {"لواء": "militia"}}).cues] == ["لواء"]
    assert [c.cue for c in parse_org_cues(["فصيل", {"cue": "سرايا", "type": "militia"}]).cues] == ["فصيل", "سرايا"]
    assert parse_org_cues({"cues": [], "stop_words": {"adj": ["المسلحة"]}}).stop_words == {"المسلحه"}
    assert parse_org_cues(None).cues == ()


# --------------------------------------------------------------------------- unverified organisations

CUES = [{"cue": c, "actor_type": "militia"} for c in
        ("حركة", "فصيل", "كتائب", "كتيبة", "لواء", "سرايا", "جماعة", "ميليشيا", "فصائل", "عصائب")]


def orgs(text: str, known: DictionaryMatcher | None = None, **kw):
    nt = normalize(text)
    km = known.find(nt) if known else []
    out = find_unverified_orgs(nt, CUES, ["المزعومة"], km, **kw)
    for c in out:
        assert text[c.start:c.end] == c.name
        assert text[c.surface_start:c.surface_end] == c.surface
    return out


def test_quoted_name_after_cue():
    out = orgs('وتبنت حركة "ثأر الشهداء" الهجوم على الرتل.')
    assert [(c.name, c.quoted, c.cue, c.actor_type) for c in out] == [("ثأر الشهداء", True, "حركة", "militia")]
    assert out[0].surface == 'حركة "ثأر الشهداء"'
    assert out[0].display_name == "حركة ثأر الشهداء"


def test_cue_inside_quotes():
    out = orgs("وأعلنت «سرايا أولياء الدم» مسؤوليتها عن القصف.")
    assert [(c.name, c.display_name, c.quoted) for c in out] == [("أولياء الدم", "سرايا أولياء الدم", True)]


def test_unquoted_name_stops_at_adjectives_punctuation_and_verbs():
    assert [c.name for c in orgs("وأعلنت كتائب ثأر المهندس العراقية مسؤوليتها.")] == ["ثأر المهندس"]
    assert [c.name for c in orgs("وقالت جماعة أنصار الحق يقودها قيادي سابق إن")] == ["أنصار الحق"]
    assert [c.name for c in orgs("ونشرت سرايا عاشوراء، بيانا")] == ["عاشوراء"]
    assert [c.name for c in orgs("وانتشرت كتائب الثأر على الحدود")] == ["الثأر"]  # على, not the name علي
    assert [c.name for c in orgs("وأعلنت كتيبة السلام العاملة ضمن الفرقة")] == ["السلام"]
    assert [c.name for c in orgs("حذرت كتائب سيد الشهداء وكتائب الإمام علي من التصعيد")] == [
        "سيد الشهداء", "الإمام علي"]


def test_cue_with_proclitic():
    out = orgs('وأشار إلى أن وحركة "أبناء المهندس" ولكتائب الغضب بيانات.')
    assert [c.name for c in out] == ["أبناء المهندس", "الغضب"]


@pytest.mark.parametrize("text", [
    "وأكدت مصادر أن جماعة مسلحة متوغلة أطلقت الصواريخ.",
    "وقال قائد بفصيل محلي مسلح إن الإيرانيين نصحوهم.",
    "وتتهم الفصائل المسلحة الحكومة بالتقصير.",
    "استهدفت الغارات فصائل المقاومة على الحدود.",
    "وانتشرت فصائل الحشد في محيط المدينة.",
    "وتأثرت حركة السير في العاصمة بسبب الانفجار.",
    "وقال اللواء الركن سعد معن إن التحقيق مستمر.",
    "وأشارت إلى أن جماعة أخرى قد تكون وراء الهجوم.",
    "وتعرضت مقرات لواء 45 للقصف.",
    'وقالت جماعة "لا" للحرب إن التظاهرة سلمية',
])
def test_generic_phrases_are_not_candidates(text):
    assert orgs(text) == []


def test_numbered_brigade_only_on_request():
    out = orgs("وتعرضت مقرات لواء 45 للقصف.", allow_numbered=True)
    assert [(c.name, c.display_name) for c in out] == [("45", "لواء 45")]


def test_quoted_plural_descriptor_is_a_candidate():
    assert [c.name for c in orgs('وهو أحد "فصائل الظل" التي ظهرت مؤخرا')] == ["الظل"]
    assert [c.name for c in orgs('وتبنت ما تعرف بفصائل "قبضة الهدى" الهجوم')] == ["قبضة الهدى"]


def test_known_matches_are_excluded(matcher):
    text = 'واتهمت كتائب حزب الله وعصائب أهل الحق، ثم ظهرت حركة "أهل الكهف" وكتائب الثأر.'
    out = orgs(text, known=matcher)
    assert [c.name for c in out] == ["الثأر"]
    assert orgs(text)  # without the dictionary they would be candidates


def test_stop_words_argument_and_max_tokens():
    assert [c.name for c in orgs("وأعلنت كتائب الثأر المزعومة مسؤوليتها")] == ["الثأر"]
    out = orgs("وأعلنت كتائب الرد السريع الحاسم القوي الجديد مسؤوليتها", max_tokens=2)
    assert [c.name for c in out] == ["الرد السريع"]


def test_cues_as_objects():
    nt = normalize('تبنت حركة "ثأر الشهداء" الهجوم')
    out = find_unverified_orgs(nt, [OrgCue("حركة", "militia", True)], [], [])
    assert [c.name for c in out] == ["ثأر الشهداء"]
    assert find_unverified_orgs(nt, parse_org_cues({"cues": {"حركة": "militia"}}), [], [])
    assert find_unverified_orgs(nt, [], [], []) == []
