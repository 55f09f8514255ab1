"""`marsad generate`: the synthetic corpus is deterministic, realistic in its proportions, and its gold
says exactly what the text says -- checked on real generated files, without a warehouse.

One corpus of 2,000 articles is generated per session under tracemalloc (the streaming check)
and shared by the rate, size and gold-consistency tests; smaller corpora check determinism.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest
import yaml

from orchestration.evaluate import gold_articles
from orchestration.synthetic import arabic
from orchestration.synthetic.compose import Composer, time_expression
from orchestration.synthetic.corpus import generate_corpus
from orchestration.synthetic.plan import BLOCK, plan_block
from orchestration.synthetic.templates import TEMPLATE_DIR, TemplateError, library, load_library

BIG = 2000


def _texts(landing: Path) -> dict[str, str]:
    """Gold file name -> article text, read back from disk the way ingestion reads it."""
    out: dict[str, str] = {}
    for path in sorted(landing.iterdir()):
        if path.name.endswith(".meta.json"):
            continue
        if path.suffix == ".txt":
            out[path.name] = path.read_text(encoding="utf-8").strip()
        elif path.suffix == ".json":
            out[path.name] = json.loads(path.read_text(encoding="utf-8"))["text"]
        elif path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                out[f"{path.name}#{n}"] = json.loads(line)["text"]
    return out


def _meta(landing: Path, file: str) -> dict:
    if "#" in file:
        name, n = file.split("#")
        return json.loads((landing / name).read_text(encoding="utf-8").splitlines()[int(n) - 1])
    path = landing / file
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    side = path.with_name(path.stem + ".meta.json")
    return json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> dict:
    """2,000 articles generated under tracemalloc; also the peak of a 200-article run for comparison."""
    library()  # dictionaries and templates are a fixed cost, loaded before measuring
    peaks = {}
    for n in (200, BIG):
        out = tmp_path_factory.mktemp(f"gen{n}")
        tracemalloc.start()
        stats = generate_corpus(n, out, seed=2024)
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    gold = yaml.safe_load((out / "gold.yaml").read_text(encoding="utf-8"))
    return {"out": out, "stats": stats, "gold": gold, "texts": _texts(out / "landing"), "peaks": peaks}


# ----------------------------------------------------------------------------- determinism


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_writes_the_same_corpus_and_another_seed_does_not(tmp_path):
    a, b, c = (generate_corpus(90, tmp_path / name, seed=s) for name, s in (("a", 11), ("b", 11), ("c", 12)))
    assert a.articles == b.articles == c.articles == 90
    tree_a, tree_b, tree_c = _tree(tmp_path / "a"), _tree(tmp_path / "b"), _tree(tmp_path / "c")
    assert tree_a == tree_b
    assert tree_a.keys() != tree_c.keys() or tree_a != tree_c


def test_an_article_depends_only_on_its_block_and_seed(tmp_path):
    """Streaming: article k can be regenerated alone from (seed, k), without the articles before it."""
    generate_corpus(3 * BLOCK, tmp_path, seed=5)
    texts = _texts(tmp_path / "landing")
    gold = yaml.safe_load((tmp_path / "gold.yaml").read_text(encoding="utf-8"))
    lib = library()
    checked = 0
    for entry in gold["articles"]:
        if entry.get("duplicate_of"):
            continue
        k = int(re.match(r"\d+", entry["file"]).group())
        if "#" in entry["file"]:  # a JSONL line: its index is in its incident id, if any
            if not entry["incidents"]:
                continue
            k = int(re.match(r"g(\d+)-", entry["incidents"][0]["id"]).group(1))
        plan = plan_block(lib, 5, k // BLOCK)
        article = Composer(lib, 5, plan).article(k % BLOCK)
        assert article.text == texts[entry["file"]]
        checked += 1
    assert checked > 40


def test_a_corpus_of_other_size_keeps_the_articles_it_shares(tmp_path):
    """n only truncates the stream: the first articles do not depend on how many follow."""
    generate_corpus(25, tmp_path / "small", seed=3)
    generate_corpus(60, tmp_path / "large", seed=3)
    small, large = _texts(tmp_path / "small" / "landing"), _texts(tmp_path / "large" / "landing")
    for name, text in small.items():
        if not name.endswith(".jsonl#1") and "#" not in name:
            assert large[name] == text


def test_refuses_to_write_into_a_used_directory(tmp_path):
    generate_corpus(5, tmp_path, seed=1)
    with pytest.raises(FileExistsError):
        generate_corpus(5, tmp_path, seed=1)


# ----------------------------------------------------------------------------- proportions


def test_exact_duplicates_are_about_three_percent_and_copy_an_earlier_file(big):
    entries = big["gold"]["articles"]
    copies = [e for e in entries if e.get("duplicate_of")]
    assert 0.015 <= len(copies) / len(entries) <= 0.05
    texts = big["texts"]
    for e in copies:
        assert texts[e["file"]] == texts[e["duplicate_of"]]
        assert e["duplicate_of"].split("#")[0] < e["file"]  # ingestion keeps the first name it sees
        assert e["incidents"] == e["actors"] == e["claims"] == []


def test_about_thirty_percent_of_incidents_have_several_reports(big):
    gold = big["gold"]
    reports = [e for e in gold["articles"] if e["incidents"] and e["incidents"][0]["id"].endswith("-i1")
               and not e["incidents"][0].get("optional")]
    groups = [[i for i in g if i.endswith("-i1")] for g in gold["same_incident"]]
    groups = [g for g in groups if len(g) > 1]
    incidents = len(reports) - sum(len(g) - 1 for g in groups)
    assert 0.22 <= len(groups) / incidents <= 0.38
    assert max(len(g) for g in groups) <= 5
    by_id = {e["incidents"][0]["id"]: e for e in reports}
    for g in groups:
        outlets = [_meta(big["out"] / "landing", by_id[i]["file"]).get("outlet") for i in g]
        named = [o for o in outlets if o]
        assert len(named) == len(set(named)), outlets       # different outlets
        dates = {e["incidents"][0].get("date_if_published") or e["incidents"][0].get("date") for e in
                 (by_id[i] for i in g)}
        hints = [by_id[i]["published_hint"] for i in g if by_id[i]["published_hint"]]
        if hints:
            assert (max(hints) - min(hints)).days <= 3     # coverage spreads over at most three days
        assert len({d for d in dates if d}) <= 1           # one event date, however it is written
    assert gold["distinct_incidents"], "near-twin incidents must be listed apart"


def test_article_sizes_are_between_one_and_ten_kilobytes(big):
    sizes = [len(t.encode("utf-8")) for t in big["texts"].values()]
    assert len(sizes) == BIG
    assert min(sizes) >= 1024 and max(sizes) <= 10 * 1024
    assert sum(s > 6000 for s in sizes) > 0.05 * BIG   # long features exist, not only briefs
    assert sum(s < 2000 for s in sizes) > 0.1 * BIG


def test_several_formats_event_types_and_years(big):
    stats = big["stats"]
    assert {"txt_meta", "txt", "json", "jsonl"} <= set(stats.formats)
    events = Counter(i["event_type"] for e in big["gold"]["articles"] for i in e["incidents"] if not i.get("optional"))
    assert {"rocket_attack", "drone_attack", "ied_attack", "shelling", "airstrike", "armed_clash"} <= set(events)
    years = Counter(e["published_hint"].year for e in big["gold"]["articles"] if e["published_hint"])
    assert set(years) == set(range(2019, 2026))


# ----------------------------------------------------------------------------- the gold says what the text says


def _occurs(surface: str, text: str) -> bool:
    # after the prefix لـ Arabic writes ال as ل: "السومرية نيوز" appears in "للسومرية نيوز"
    return surface in text or (surface.startswith("ال") and "لل" + surface[2:] in text)


def test_every_gold_surface_occurs_in_its_article(big):
    texts = big["texts"]
    checked = Counter()
    for entry in big["gold"]["articles"]:
        text = texts[entry["file"]]
        for actor in entry["actors"]:
            for surface in actor["ar"]:
                assert _occurs(surface, text), (entry["file"], actor["key"], surface)
                checked["actor"] += 1
        for inc in entry["incidents"]:
            for key in ("place", "launch_place"):
                for surface in (inc.get(key) or {}).get("ar", []):
                    assert _occurs(surface, text), (entry["file"], inc["id"], key, surface)
                    checked[key] += 1
    assert checked["actor"] > 10 * BIG and checked["place"] > BIG and checked["launch_place"] > 100


def test_claims_speakers_and_statuses_are_consistent(big):
    anonymous = {"anonymous_sources", "anonymous_official"}
    for entry in big["gold"]["articles"]:
        keys = {a["key"] for a in entry["actors"]}
        for claim in entry["claims"]:
            assert claim["speaker"] in keys or claim["speaker"] in anonymous or claim.get("optional"), \
                (entry["file"], claim)
            assert claim.get("speaker_anonymous", False) == (claim["speaker"] in anonymous)
            if claim.get("via"):
                assert claim["via"] in keys
        said = {(c["speaker"], c["claim_type"]) for c in entry["claims"]}
        for inc in entry["incidents"]:
            if inc.get("optional"):
                continue
            status = inc["claim_status"]
            claimed = {(who, "responsibility_claim") for who in inc.get("claimed_by", [])}
            assert (status in ("claimed", "disputed")) == bool(claimed and claimed <= said), (entry["file"], inc)


def test_relative_dates_resolve_against_the_publication_date(big):
    for entry in big["gold"]["articles"]:
        hint = entry["published_hint"]
        for inc in entry["incidents"]:
            if inc.get("optional") or not hint:
                continue
            event = inc.get("date") or inc.get("date_if_published")
            assert isinstance(event, dt.date), inc
            assert 0 <= (hint - event).days <= 3
            assert dt.date(2019, 1, 1) <= event <= dt.date(2025, 12, 31) and hint <= dt.date(2025, 12, 31)


# ----------------------------------------------------------------------------- streaming


def test_generation_streams_in_bounded_memory(big):
    """Ten times the articles, about the same peak: nothing accumulates with the corpus."""
    small, large = big["peaks"][200], big["peaks"][BIG]
    assert large < 1.5 * small + 2_000_000, big["peaks"]
    assert large < 25_000_000, big["peaks"]


def test_jsonl_gold_holds_the_same_articles(tmp_path):
    generate_corpus(50, tmp_path / "y", seed=9)
    generate_corpus(50, tmp_path / "j", seed=9, gold_path=tmp_path / "j" / "gold.jsonl")
    as_yaml = list(gold_articles(tmp_path / "y" / "gold.yaml"))
    as_jsonl = list(gold_articles(tmp_path / "j" / "gold.jsonl"))
    assert len(as_yaml) == len(as_jsonl) == 50
    assert json.loads(json.dumps(as_yaml, default=str)) == json.loads(json.dumps(as_jsonl, default=str))
    groups = [json.loads(line) for line in (tmp_path / "j" / "gold.jsonl").read_text().splitlines()]
    assert any("same_incident" in g for g in groups)


# ----------------------------------------------------------------------------- language pieces


def test_numerals_agree_with_the_counted_noun():
    lib = library()
    rocket, shell = lib.munitions["rocket"][0], lib.munitions["mortar"][0]
    assert arabic.count_phrase(3, rocket) == "ثلاثة صواريخ"
    assert arabic.count_phrase(3, shell) == "ثلاث قذائف هاون"
    assert arabic.count_phrase(2, rocket, case="nom") == "صاروخان"
    assert arabic.count_phrase(2, rocket, case="gen") == "صاروخين"
    assert arabic.count_phrase(12, rocket, style="digit") == "12 صاروخاً"
    assert arabic.count_phrase(8, shell, style="eastern") == "٨ قذائف هاون"
    assert arabic.ordinal_day(21) == "الحادي والعشرين" and arabic.ordinal_day(13) == "الثالث عشر"


def test_time_expressions_name_the_right_weekday_and_month():
    rng = random.Random(1)
    seen = Counter()
    for _ in range(600):
        date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2550))
        lag = rng.randint(0, 3)
        part = rng.choice(("dawn", "morning", "evening", "night" if lag else "evening"))
        style = rng.choice(("levantine", "egyptian", "slash", "wire"))
        text, gold = time_expression(date, date + dt.timedelta(days=lag), part, style, rng, "digit")
        days = [d for d in arabic.WEEKDAYS if re.search(rf"(^|\s){d}(\s|$|\))", text)]
        assert days in ([], [arabic.weekday(date)]), (text, date)
        if gold.get("date"):
            assert str(date.year) in text and str(date.day) in text
            assert arabic.MONTHS_LEVANTINE[date.month - 1] in text or arabic.MONTHS_EGYPTIAN[date.month - 1] in text
            seen["explicit"] += 1
        elif gold.get("date_month_day"):
            assert str(date.year) not in text
            seen["month_day"] += 1
        else:
            assert {0: "اليوم", 1: "أمس"}.get(lag, "") in text or "الليلة الماضية" in text
            seen["relative"] += 1
    assert min(seen.values()) > 20, seen


def test_templates_naming_an_unknown_alias_are_rejected(tmp_path):
    shutil.copytree(TEMPLATE_DIR, tmp_path / "t")
    sentences = tmp_path / "t" / "sentences.yaml"
    text = sentences.read_text(encoding="utf-8")
    sentences.write_text(text.replace("{a:iraqi_security_forces=القوات الأمنية}",
                                      "{a:iraqi_security_forces=القوات الامنيه الخاصة}", 1), encoding="utf-8")
    with pytest.raises(TemplateError, match="not an alias of actor iraqi_security_forces"):
        load_library(tmp_path / "t")
    load_library(TEMPLATE_DIR)  # the shipped data is valid
