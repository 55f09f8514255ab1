#!/usr/bin/env python3
"""Generate the bad-input corpus: every kind of broken or awkward file the landing directory gets.

Usage (from the repository root)::

    python3 scripts/make_bad_inputs.py                       # (re)writes tests/fixtures/bad_inputs/
    python3 scripts/make_bad_inputs.py --check               # exit 1 if the committed corpus differs
    python3 scripts/make_bad_inputs.py --runtime DIR         # also the kinds that cannot be committed
    python3 scripts/make_bad_inputs.py --tiny 100000 DIR     # 100,000 tiny files in DIR

Each case has a defined outcome, written to ``tests/fixtures/bad_inputs.expected.json``:
``ingested`` (with its encoding, metadata date, notes, or ``plain_text``: the text whose article id
it must share, so a landing that also holds that text logs it as a duplicate), ``duplicate`` of
another case, or ``quarantined`` with a reason from the closed list (expectations/vocab.py) and a
detail substring.  tests/unit/test_bad_inputs.py checks the reader against it and
tests/e2e/test_operations.py runs the whole refresh over it.

Committed: small, ordinary files.  Generated when needed (``--runtime``): a 20 MB file, a
symbolic-link loop (file and directory), a file with no read permission, a FIFO; the 100,000
tiny files (``--tiny``); and the file that disappears mid-run, which the test deletes while the
reader walks the directory.  Only the standard library: runs with any python3 >= 3.11.
"""

from __future__ import annotations

import argparse
import codecs
import filecmp
import json
import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "bad_inputs"
# next to the corpus, not in it: the corpus folder is used as a landing directory as it is
MANIFEST = CORPUS.with_name("bad_inputs.expected.json")

# Fictional events, written for this corpus (no real outlet, date or casualty figure).
BASE = {
    "ain_zala": (
        "أعلنت قيادة العمليات المشتركة، صباح الاثنين، سقوط طائرة مسيرة مفخخة قرب حقل عين زالة النفطي شمال "
        "محافظة نينوى، من دون أن تسفر عن إصابات بشرية. وقال بيان للقيادة إن فرق الهندسة فككت بقايا الطائرة، "
        "وإن التحقيق جار لمعرفة الجهة التي أطلقتها."
    ),
    "samarra": (
        "قال مصدر في شرطة صلاح الدين إن عبوة ناسفة انفجرت مساء الأربعاء على طريق سامراء الدجيل أثناء مرور "
        "رتل لنقل مواد غذائية، ما أدى إلى إصابة سائق بجروح طفيفة. وأضاف المصدر أن القوات الأمنية طوقت المكان "
        "وباشرت البحث عن المتورطين."
    ),
    "basra_port": (
        "أفادت خلية الإعلام الأمني بأن قذيفتي هاون سقطتا فجر الخميس في أرض خالية قرب ميناء أم قصر جنوب البصرة، "
        "ولم تسجل أي أضرار. وأكدت الخلية أن منصة الإطلاق عثر عليها في منطقة زراعية، فيما لم تتبن أي جهة الهجوم."
    ),
    "kirkuk": (
        "ذكر مصدر محلي في كركوك أن مسلحين مجهولين أطلقوا النار على نقطة تفتيش تابعة للشرطة الاتحادية جنوب "
        "المدينة ليلة الجمعة، ما أسفر عن مقتل منتسب وإصابة آخر. وأشار المصدر إلى أن المهاجمين لاذوا بالفرار "
        "باتجاه المناطق الزراعية المجاورة."
    ),
    "deir_ezzor": (
        "قال ناشطون محليون إن قصفا صاروخيا استهدف مساء السبت محيط قاعدة عسكرية في ريف دير الزور الشرقي، من دون "
        "ورود معلومات عن خسائر. ونفت فصائل محلية أي علاقة لها بالهجوم، بينما أعلن التحالف الدولي فتح تحقيق."
    ),
    "anbar": (
        "أعلنت وزارة الداخلية العراقية إحباط محاولة لاستهداف رتل دعم لوجستي على الطريق الدولي السريع في محافظة "
        "الأنبار، وقالت في بيان إن مفارزها عثرت على عبوتين ناسفتين وفككتهما قبل مرور الرتل بساعة واحدة."
    ),
    "diyala": (
        "أفاد مصدر أمني في ديالى بأن هجوما بقذائف الهاون استهدف قرية زراعية في قضاء المقدادية مساء الثلاثاء، "
        "ما أدى إلى إصابة ثلاثة مدنيين بجروح متفاوتة. وأوضح المصدر أن قوة من الجيش انتشرت في محيط القرية."
    ),
    "erbil_road": (
        "قالت مديرية أمن أربيل إن انفجارا وقع على طريق أربيل مخمور ظهر الأحد نتيجة عبوة ناسفة زرعت على جانب "
        "الطريق، وأسفر عن أضرار مادية في عجلة مدنية. وأكدت المديرية أنها اعتقلت مشتبها به بعد ساعات."
    ),
    "mosul_bridge": (
        "أعلنت قيادة شرطة نينوى أن مجهولين ألقوا قنبلة يدوية على محل تجاري قرب الجسر القديم في الموصل، من دون "
        "وقوع إصابات. وقالت القيادة إن كاميرات المراقبة رصدت دراجة نارية تقل شخصين قبيل الحادث."
    ),
    "najaf": (
        "ذكرت مصادر في النجف أن القوات الأمنية فككت صاروخا معدا للإطلاق في منطقة صحراوية غرب المحافظة، وأن "
        "الصاروخ كان موجها نحو منشأة حكومية. وأكدت المصادر أن التحقيقات الأولية تشير إلى خلية صغيرة."
    ),
    "spaces_name": (
        "قال مسؤول محلي في قضاء تلعفر إن طائرة مسيرة مجهولة حلقت فوق مقر إداري مساء الخميس قبل أن تسقط في "
        "أرض فضاء، مؤكدا أن فرق الدفاع المدني رفعت الحطام، وأن الحادث لم يسفر عن أي خسائر بشرية أو مادية."
    ),
    "crlf": (
        "أفادت مصادر أمنية في ميسان بأن عبوة صوتية انفجرت قرب منزل موظف حكومي في مدينة العمارة فجر السبت،\n"
        "ما ألحق أضرارا بواجهة المنزل من دون إصابات. وقالت المصادر إن الشرطة فتحت تحقيقا في الحادث."
    ),
    "nul": (
        "قال مصدر في شرطة واسط إن مسلحين هاجموا مخفرا حدوديا قرب بدرة ليلة الأحد، واشتبكوا مع عناصره لمدة نصف "
        "ساعة قبل أن ينسحبوا، من دون تسجيل إصابات. وأضاف أن تعزيزات عسكرية وصلت إلى المنطقة بعد الاشتباك."
    ),
}

ENGLISH = ("Local officials said on Monday that a small drone crashed near an oil facility in the north of the "
           "country. No casualties were reported, and an investigation has been opened into who launched it. ") * 3
FRENCH = ("Selon une source sécuritaire, un drone s'est écrasé lundi près d'une installation pétrolière dans le nord "
          "du pays. Aucune victime n'a été signalée et une enquête a été ouverte pour identifier les auteurs. ") * 3
MIXED = (BASE["kirkuk"] + " وقال مسؤول لوكالة Reuters إن الوضع under control، مضيفا أن قوات Rapid Response "
         "وصلت إلى المكان.")

_RLM, _LRM, _RLE, _PDF, _ZWJ, _ZWNJ, _ZWSP = "\u200f", "\u200e", "\u202b", "\u202c", "\u200d", "\u200c", "\u200b"
_TASHKEEL = "\u064e\u064f\u0650\u0651\u0652\u064b"


def _presentation_forms(text: str) -> str:
    """Arabic letters written with their presentation forms (ﻻ, ﺍ ...), as old PDFs and sites do."""
    out = []
    forms: dict[str, str] = {}
    for cp in range(0xFE70, 0xFEFF):
        name = unicodedata.name(chr(cp), "")
        decomposed = unicodedata.normalize("NFKC", chr(cp))
        if name.endswith("ISOLATED FORM") and decomposed not in forms:
            forms[decomposed] = chr(cp)
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in forms:  # ligatures first: لا → ﻻ
            out.append(forms[pair])
            i += 2
            continue
        out.append(forms.get(text[i], text[i]))
        i += 1
    return "".join(out)


def _tashkeel(text: str) -> str:
    """Every Arabic letter followed by a vowel mark (fully vocalised text)."""
    return "".join(ch + _TASHKEEL[i % 3] if "\u0621" <= ch <= "\u064a" else ch for i, ch in enumerate(text))


def _bidi(text: str) -> str:
    return f"{_RLE}{_RLM}" + text.replace(" ", f" {_RLM}").replace("،", f"{_LRM}،") + _PDF


def _zero_width(text: str) -> str:
    return text.replace("ال", f"ا{_ZWJ}ل").replace(" ", f"{_ZWNJ} {_ZWSP}")


def _html(body: str) -> str:
    return (
        "<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>خبر أمني</title>"
        "<meta property='og:site_name' content='موقع تجريبي'>"
        "<script>window.dataLayer=[];function track(){return 'سكربت لا يقرأ';}</script>"
        "<style>.nav{color:red}</style></head><body>"
        "<nav><ul><li>الرئيسية</li><li>سياسة</li><li>اقتصاد</li><li>رياضة</li></ul></nav>"
        "<header><div>اشترك في النشرة البريدية</div></header>"
        f"<article><h1>خبر أمني</h1><p>{body}</p></article>"
        "<aside>الأكثر قراءة: أخبار أخرى لا علاقة لها</aside><footer>جميع الحقوق محفوظة</footer>"
        "<script src='ads.js'></script></body></html>"
    )


def _jsonl(*objs: object) -> bytes:
    return "".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs).encode()


def _meta(date: str) -> bytes:
    return json.dumps({"outlet": "موقع تجريبي", "published_date": date}, ensure_ascii=False).encode()


# (file name, kind, bytes, expected) — expected: {"outcome", and reason/detail, or encoding/date/note/same_as}
Case = tuple[str, str, bytes, dict]


def committed_cases() -> list[Case]:
    b = BASE
    utf8 = lambda t: t.encode("utf-8")  # noqa: E731
    ing = lambda **kw: {"outcome": "ingested", **kw}  # noqa: E731
    quar = lambda reason, detail: {"outcome": "quarantined", "reason": reason, "detail": detail}  # noqa: E731
    return [
        ("01_empty.txt", "empty file", b"", quar("empty", "no content")),
        ("02_whitespace_only.txt", "only whitespace", b" \n\t \r\n   \n", quar("empty", "no content")),
        ("03_binary.txt", "binary (a gzip stream named .txt)",
         bytes.fromhex("1f8b0800000000000003") + bytes(range(256)) * 4, quar("binary", "control bytes")),
        ("04_truncated_utf8.txt", "UTF-8 cut inside a multi-byte letter", utf8(b["ain_zala"])[:-1],
         ing(encoding="utf-8", text_includes=b["ain_zala"][:-1])),
        ("05_utf16_no_bom.txt", "UTF-16-LE without a byte-order mark", b["samarra"].encode("utf-16-le"),
         ing(encoding="utf-16", same_as="samarra")),
        ("06_windows_1256.txt", "Windows-1256 (Arabic code page)", b["basra_port"].encode("cp1256"),
         ing(encoding="cp1256", same_as="basra_port")),
        ("07_html_scripts_nav.html", "HTML page with scripts, navigation, header, aside, footer",
         utf8(_html(b["kirkuk"])), ing(encoding="utf-8", text_includes=b["kirkuk"],
                                       text_excludes=["سكربت", "الرئيسية", "الحقوق", "الأكثر قراءة", "النشرة"])),
        ("08_english.txt", "an English article", utf8(ENGLISH), quar("not_arabic", "Arabic-script share")),
        ("09_french.txt", "a French article", utf8(FRENCH), quar("not_arabic", "Arabic-script share")),
        ("10_mixed_arabic_english.txt", "Arabic article quoting English words", utf8(MIXED), ing(encoding="utf-8")),
        ("11_duplicate_original.txt", "an article …", utf8(b["deir_ezzor"]), ing(same_as="deir_ezzor")),
        ("12_duplicate copy (renamed).txt", "… and the same content under another name, re-wrapped",
         utf8("\n" + b["deir_ezzor"].replace("، ", "،\n") + "\n\n"),
         {"outcome": "duplicate", "duplicate_of": "11_duplicate_original.txt"}),
        ("13_feed_broken_line.jsonl", "JSONL whose second line is broken",
         _jsonl({"text": b["anbar"], "outlet": "وكالة تجريبية", "published_date": "2023-04-05"},
                '{"text": "نص مقطوع', {"text": b["diyala"]}),
         {"outcome": "lines", "lines": {
             "1": ing(same_as="anbar", date="2023-04-05"),
             "2": quar("malformed_json", "line 2"),
             "3": ing(same_as="diyala")}}),
        ("14_impossible_date.txt", "metadata date 2021-02-30", utf8(b["erbil_road"]),
         ing(date=None, note="2021-02-30")),
        ("15_future_date.txt", "metadata date in 2099", utf8(b["mosul_bridge"]), ing(date=None, note="future")),
        ("16_before_1990.txt", "metadata date in 1985", utf8(b["najaf"]), ing(date=None, note="before 1990")),
        ("17_bidi_controls.txt", "RTL/LTR marks and embeddings everywhere", utf8(_bidi(b["ain_zala"] + " ")),
         ing(same_as="ain_zala")),
        ("18_zero_width.txt", "zero-width joiners, non-joiners and spaces", utf8(_zero_width(b["samarra"] + " ")),
         ing(same_as="samarra")),
        ("19_presentation_forms.txt", "Arabic presentation forms (ﻻ, ﺍ …)",
         utf8(_presentation_forms(b["basra_port"] + " ")), ing(same_as="basra_port")),
        ("20_tashkeel_heavy.txt", "fully vocalised (tashkeel on every letter)", utf8(_tashkeel(b["kirkuk"] + " ")),
         ing(same_as="kirkuk")),
        ("21 اسم ملف بمسافات وعربي.txt", "file name with spaces and Arabic letters", utf8(b["spaces_name"]),
         ing(same_as="spaces_name")),
        ("22_utf8_bom.txt", "UTF-8 with a byte-order mark", codecs.BOM_UTF8 + utf8(b["anbar"] + " "),
         ing(encoding="utf-8-sig", same_as="anbar")),
        ("23_crlf.txt", "Windows line endings", utf8(b["crlf"].replace("\n", "\r\n")), ing(same_as="crlf")),
        ("24_nul_bytes.txt", "stray NUL bytes inside UTF-8 text", utf8(b["nul"]).replace(b" ", b" \x00", 2),
         ing(same_as="nul")),
        ("25_too_short.txt", "an Arabic headline only", utf8("انفجار عبوة ناسفة في بغداد"),
         quar("too_short", "letters")),
        ("26_document.pdf", "unsupported extension", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
         quar("unsupported_type", ".pdf")),
        ("27_json_without_text.json", "JSON object without a text field",
         utf8(json.dumps({"title": "خبر", "url": "https://example.invalid/1"})), quar("missing_text", "'text'")),
        ("28_json_array.json", "JSON that is not an object", utf8(json.dumps([b["najaf"]], ensure_ascii=False)),
         quar("malformed_json", "not an object")),
        ("29_broken_sidecar.txt", "article whose .meta.json is not JSON", utf8(b["diyala"] + " إضافة"),
         ing(note="sidecar")),
        ("30_navigation_only.html", "HTML page that is all navigation",
         utf8("<html><body><nav>الرئيسية | سياسة | اقتصاد</nav><footer>حقوق</footer></body></html>"),
         quar("empty", "no text")),
        ("31_mojibake_latin1.txt", "UTF-8 Arabic decoded as Latin-1 and saved again",
         b["erbil_road"].encode("utf-8").decode("latin-1").encode("utf-8"), quar("not_arabic", "Arabic-script share")),
    ]


SIDECARS = {
    "14_impossible_date.meta.json": _meta("2021-02-30"),
    "15_future_date.meta.json": _meta("2099-01-01"),
    "16_before_1990.meta.json": _meta("1985-06-01"),
    "29_broken_sidecar.meta.json": b'{"outlet": "broken',
}


def runtime_cases() -> list[tuple[str, str, Callable[[Path], None], dict]]:
    """Cases that cannot be committed: (name, kind, maker(path), expected)."""

    def big(p: Path) -> None:
        with p.open("wb") as f:
            f.truncate(20 * 1024 * 1024)  # sparse: 20 MB on paper, no disk used

    def loop(p: Path) -> None:
        p.symlink_to(p.name + ".other")
        p.with_name(p.name + ".other").symlink_to(p.name)

    def dir_loop(p: Path) -> None:
        p.symlink_to(".", target_is_directory=True)

    def unreadable(p: Path) -> None:
        p.write_text(BASE["ain_zala"], encoding="utf-8")
        p.chmod(0)

    def fifo(p: Path) -> None:
        os.mkfifo(p)

    quar = lambda reason, detail: {"outcome": "quarantined", "reason": reason, "detail": detail}  # noqa: E731
    return [
        ("r1_20mb.txt", "a 20 MB file", big, quar("too_large", "limit")),
        ("r2_symlink_loop.txt", "a symbolic-link loop (a -> b -> a)", loop, quar("unreadable", "symbolic link loop")),
        ("r2_symlink_loop.txt.other", "… its other end", lambda p: None, quar("unreadable", "symbolic link loop")),
        ("r3_dir_loop", "a symbolic link to its own directory", dir_loop, quar("unreadable", "symbolic link loop")),
        ("r4_no_permission.txt", "no read permission", unreadable, quar("unreadable", "Permission denied")),
        ("r5_fifo.txt", "a named pipe (opening it would block)", fifo, quar("unsupported_type", "FIFO")),
    ]


# The file the reader test deletes while the walk is under way (expected outcome only).
VANISHING = ("zz_vanishing.txt", "a file that disappears mid-run",
             {"outcome": "quarantined", "reason": "unreadable", "detail": "vanished"})


def write_corpus(target: Path) -> None:
    """The committed part of the corpus and its EXPECTED.json, in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, kind, data, expected in committed_cases():
        (target / name).write_bytes(data)
        if expected.get("same_as"):
            expected = {**expected, "plain_text": BASE[expected["same_as"]]}
        for lines in (expected.get("lines") or {}).values():
            if lines.get("same_as"):
                lines["plain_text"] = BASE[lines["same_as"]]
        manifest.append({"path": name, "kind": kind, "committed": True, **expected})
    for name, data in SIDECARS.items():
        (target / name).write_bytes(data)
    for name, kind, _maker, expected in runtime_cases():
        manifest.append({"path": name, "kind": kind, "committed": False, **expected})
    manifest.append({"path": VANISHING[0], "kind": VANISHING[1], "committed": False, **VANISHING[2]})
    manifest.append({"path": "tiny/*", "kind": "100,000 tiny files (--tiny)", "committed": False,
                     "outcome": "quarantined", "reason": "too_short", "detail": "letters"})
    manifest_path(target).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def manifest_path(corpus: Path) -> Path:
    return corpus.with_name(corpus.name + ".expected.json")


def write_runtime(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, _kind, maker, _expected in runtime_cases():
        maker(target / name)


def write_tiny(target: Path, n: int) -> None:
    """``n`` tiny files (a few Arabic words each) in ``target/tiny``."""
    tiny = target / "tiny"
    tiny.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (tiny / f"{i:06d}.txt").write_bytes(f"خبر عاجل رقم {i}".encode())


def differs(committed: Path) -> list[str]:
    """Files of the committed corpus that the script would write differently (or not at all)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / committed.name
        write_corpus(fresh)
        names = {p.name for p in fresh.iterdir()} | ({p.name for p in committed.iterdir()} if committed.is_dir()
                                                      else set())
        bad = sorted(n for n in names if not (committed / n).is_file() or not (fresh / n).is_file()
                     or not filecmp.cmp(committed / n, fresh / n, shallow=False))
        mine, theirs = manifest_path(fresh), manifest_path(committed)
        if not theirs.is_file() or not filecmp.cmp(mine, theirs, shallow=False):
            bad.append(theirs.name)
        return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed corpus is out of date")
    ap.add_argument("--runtime", type=Path, help="also write the uncommittable cases into this directory")
    ap.add_argument("--tiny", type=int, default=0, help="write this many tiny files into DIR/tiny")
    ap.add_argument("dir", nargs="?", type=Path, help="directory for --tiny")
    args = ap.parse_args()
    if args.check:
        bad = differs(CORPUS)
        print("bad-input corpus is up to date" if not bad else f"out of date: {bad}")
        return 1 if bad else 0
    if args.tiny:
        if args.dir is None:
            ap.error("--tiny needs a directory")
        write_tiny(args.dir, args.tiny)
        return 0
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    MANIFEST.unlink(missing_ok=True)
    write_corpus(CORPUS)
    if args.runtime:
        write_runtime(args.runtime)
    print(f"wrote {CORPUS}" + (f" and {args.runtime}" if args.runtime else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
