"""Decoding, quality gates and landing-directory reading (pure Python, real files on disk)."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

from orchestration.ingestion import ArticleRecord, Quarantined, article_id_for, read_landing
from orchestration.ingestion.decode import DecodeError, decode_bytes
from orchestration.ingestion.readers import parse_meta_date

ARABIC = (
    "أعلنت خلية الإعلام الأمني، مساء الثلاثاء، سقوط ثلاثة صواريخ من نوع كاتيوشا قرب مطار بغداد الدولي، "
    "من دون أن تسفر عن خسائر بشرية، فيما فتحت القوات الأمنية تحقيقاً لمعرفة الجهة التي تقف وراء الهجوم.\n"
    "وقال مصدر أمني إن الصواريخ أطلقت من منطقة زراعية جنوبي العاصمة."
)


def _units(tmp_path: Path) -> dict[str, ArticleRecord | Quarantined]:
    return {Path(u.source_uri).name: u for u in read_landing(tmp_path)}


@pytest.mark.parametrize("encoding,label", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
                                            ("utf-16-le", "utf-16"), ("cp1256", "cp1256")])
def test_decodes_the_encodings_arabic_sites_use(encoding: str, label: str) -> None:
    decoded = decode_bytes(ARABIC.encode(encoding))
    assert decoded.text == ARABIC
    assert decoded.encoding == label


def test_truncated_utf8_keeps_the_text_before_the_cut() -> None:
    data = ARABIC.encode("utf-8")[:-1]  # cut inside the last two-byte letter
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert ARABIC.startswith(decoded.text)
    assert len(decoded.text) == len(ARABIC) - 1


def test_binary_is_rejected_with_a_reason() -> None:
    with pytest.raises(DecodeError) as err:
        decode_bytes(bytes(range(256)) * 20)
    assert err.value.reason == "binary"


def test_article_id_ignores_diacritics_and_spacing() -> None:
    assert article_id_for("قَالَ   المصدرُ") == article_id_for("قال المصدر")
    assert article_id_for("قال المصدر") != article_id_for("قال مصدر")
    assert len(article_id_for(ARABIC)) == 16


def test_every_file_becomes_an_article_or_a_quarantine_entry(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"outlet": "شفق نيوز", "published_date": "2021-03-04"}))
    (tmp_path / "copy.txt").write_text("  " + ARABIC + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\t ")
    (tmp_path / "english.txt").write_text("The quick brown fox jumps over the lazy dog. " * 10)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "notext.json").write_text(json.dumps({"title": "x"}))
    line = json.dumps({"text": ARABIC + " إضافة", "outlet": "رووداو"}, ensure_ascii=False)
    (tmp_path / "feed.jsonl").write_text(line + "\n{broken\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>خبر</title><script>var x = 'لا تقرأني';</script></head><body><nav>الرئيسية</nav>"
        f"<article><p>{ARABIC}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>", encoding="utf-8")
    units = {Path(u.source_uri).name: u for u in read_landing(tmp_path)}

    assert "a.meta.json" not in units  # a sidecar is metadata, not an article
    a = units["a.txt"]
    assert isinstance(a, ArticleRecord)
    assert a.outlet == "شفق نيوز" and a.meta_published_date == dt.date(2021, 3, 4)
    assert units["copy.txt"].article_id == a.article_id
    reasons = {name: u.reason for name, u in units.items() if isinstance(u, Quarantined)}
    assert reasons == {"empty.txt": "empty", "blank.txt": "empty", "english.txt": "not_arabic",
                       "image.png": "unsupported_type", "bad.json": "malformed_json", "notext.json": "missing_text",
                       "feed.jsonl#2": "malformed_json"}
    feed = units["feed.jsonl#1"]
    assert isinstance(feed, ArticleRecord) and feed.outlet == "رووداو"
    page = units["page.html"]
    assert isinstance(page, ArticleRecord)
    assert "لا تقرأني" not in page.text and "الرئيسية" not in page.text and "الحقوق" not in page.text
    assert page.text == ARABIC and page.title == "خبر"


def test_implausible_metadata_dates_are_dropped_with_a_note(tmp_path: Path) -> None:
    today = dt.date(2026, 1, 1)
    assert parse_meta_date("2021-02-30", today)[0] is None
    assert parse_meta_date("1985-05-01", today)[0] is None
    assert parse_meta_date("2030-01-01", today)[0] is None
    assert parse_meta_date("2021-11-13T08:00:00Z", today)[0] == dt.date(2021, 11, 13)
    (tmp_path / "x.txt").write_text(ARABIC)
    (tmp_path / "x.meta.json").write_text(json.dumps({"published_date": "2021-02-30"}))
    rec = _units(tmp_path)["x.txt"]
    assert isinstance(rec, ArticleRecord)
    assert rec.meta_published_date is None
    assert rec.notes and "2021-02-30" in rec.notes[0]


def test_too_large_and_unreadable_files_are_quarantined(tmp_path: Path, monkeypatch) -> None:
    from orchestration.ingestion import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    (tmp_path / "big.txt").write_text(ARABIC)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    units = _units(tmp_path)
    assert units["big.txt"].reason == "too_large"
    assert units["gone.txt"].reason == "unreadable"


def test_utf16_file_without_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes(ARABIC.encode("utf-16-le"))
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"))
    units = _units(tmp_path)
    assert units["w.txt"].text == ARABIC == units["b.txt"].text
