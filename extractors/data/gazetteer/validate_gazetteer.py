#!/usr/bin/env python3
"""Check the invariants of the generated gazetteer.  Standard library only (csv).

    python extractors/data/gazetteer/validate_gazetteer.py [DIR]

Exits 1 and lists every violation if one fails; prints counts when all pass.

Invariants
- both files have exactly the required columns first (extra trailing columns are allowed);
- location_id unique and well-formed; location_type and geo_precision from the fixed sets and
  consistent with each other; country_code is ISO-2; admin1 empty only for countries;
- every parent exists, belongs to the same country, is of an allowed type for the child
  (governorate -> country; district -> governorate; city -> governorate, or the country where
  the gazetteer has no governorates for it; neighbourhood -> city/district; site -> city,
  district or governorate, or a country without governorates), and the parent chain ends at a
  country without cycles; a child's admin1 equals its governorate's;
- coordinates present and inside a sane bounding box for their country;
- every alias belongs to a known location, lang is ar/en, context_required is true/false, no
  stray whitespace; Arabic aliases are in Arabic script (digits and Latin letters allowed for
  names such as "قاعدة K1");
- every location has its name_ar and name_en among its aliases;
- a normalised alias (the extractor's folding: diacritics and tatweel removed, alef variants ->
  ا, ى -> ي, ة -> ه) is non-context for at most one location.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

LOC_COLUMNS = ["location_id", "name_ar", "name_en", "location_type", "admin1", "country_code",
               "latitude", "longitude", "geo_precision", "parent_location_id"]
ALIAS_COLUMNS = ["location_id", "alias", "lang", "context_required"]
PRECISION = {"country": "4", "governorate": "3", "district": "2", "city": "2",
             "neighbourhood": "1", "site": "1"}
# (lat_min, lat_max, lon_min, lon_max), generous by a few tenths of a degree
BBOX = {
    "IQ": (29.0, 37.5, 38.7, 48.7), "SY": (32.2, 37.4, 35.5, 42.5), "IR": (25.0, 39.9, 44.0, 63.4),
    "TR": (35.8, 42.2, 25.6, 44.9), "JO": (29.1, 33.5, 34.9, 39.4), "KW": (28.5, 30.2, 46.5, 48.5),
    "SA": (16.0, 32.3, 34.5, 55.7), "LB": (33.0, 34.7, 35.1, 36.7), "IL": (29.4, 33.4, 34.2, 35.95),
    "PS": (31.2, 32.6, 34.2, 35.6), "US": (18.0, 72.0, -180.0, -66.0), "GB": (49.8, 61.0, -8.7, 2.0),
    "AE": (22.5, 26.1, 51.5, 56.4), "QA": (24.4, 26.2, 50.7, 51.7), "YE": (12.0, 19.0, 42.5, 54.0),
    "BH": (25.5, 26.4, 50.3, 50.9), "RU": (41.0, 82.0, 19.0, 180.0),
}
PARENT_TYPES = {
    "governorate": {"country"},
    "district": {"governorate"},
    "city": {"governorate"},
    "neighbourhood": {"city", "district"},
    "site": {"city", "district", "governorate", "site"},  # a building inside the Green Zone
}
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_INVISIBLE = re.compile("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c]")
# Arabic letters plus the Persian/Iraqi letters پ چ ژ ڤ گ that Iraqi media use in names (الگرمة).
_ARABIC_ALIAS = re.compile("^[\u0621-\u063a\u0640-\u0652\u0670\u0660-\u0669"
                           "\u067e\u0686\u0698\u06a4\u06af 0-9A-Za-z\\-]+$")
_ID = re.compile("^[a-z0-9_]+$")


def norm(s: str, lang: str) -> str:
    if lang != "ar":
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
        s = re.sub("[\u2018\u2019\u02bb\u02bc\u02be\u02bf`´']", "", s)
        return " ".join(s.lower().split())
    s = unicodedata.normalize("NFKC", s)
    s = _INVISIBLE.sub("", s)
    s = _DIACRITICS.sub("", s)
    s = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", s)
    s = s.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    s = "".join("0123456789"["٠١٢٣٤٥٦٧٨٩".index(c)] if c in "٠١٢٣٤٥٦٧٨٩" else c for c in s)
    return " ".join(s.lower().split())


def read(path: Path, required: list[str], errors: list[str]) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        if header[:len(required)] != required:
            errors.append(f"{path.name}: columns {header} do not start with {required}")
        return list(reader)


def validate(folder: Path) -> tuple[list[str], dict]:
    errors: list[str] = []
    locs = read(folder / "locations.csv", LOC_COLUMNS, errors)
    aliases = read(folder / "location_aliases.csv", ALIAS_COLUMNS, errors)

    by_id: dict[str, dict] = {}
    for loc in locs:
        lid = loc["location_id"]
        if lid in by_id:
            errors.append(f"duplicate location_id {lid}")
        by_id[lid] = loc
        if not _ID.match(lid):
            errors.append(f"{lid}: malformed location_id")
        t = loc["location_type"]
        if t not in PRECISION:
            errors.append(f"{lid}: unknown location_type {t!r}")
        elif loc["geo_precision"] != PRECISION[t] and not (t == "site" and loc["geo_precision"] == "3"
                                                           and "region" in loc.get("notes", "")):
            # a border region is a site of regional precision
            errors.append(f"{lid}: geo_precision {loc['geo_precision']} inconsistent with {t}")
        cc = loc["country_code"]
        if not re.fullmatch("[A-Z]{2}", cc):
            errors.append(f"{lid}: bad country_code {cc!r}")
        if not loc["name_ar"].strip() or not loc["name_en"].strip():
            errors.append(f"{lid}: empty name")
        if (t == "country") != (loc["admin1"] == "") and not (t == "governorate" and loc["admin1"] == ""):
            errors.append(f"{lid}: admin1 {loc['admin1']!r} (must be empty for countries only)")
        try:
            lat, lon = float(loc["latitude"]), float(loc["longitude"])
            box = BBOX.get(cc)
            if box is None:
                errors.append(f"{lid}: no bounding box for country {cc}")
            elif not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
                errors.append(f"{lid}: ({lat}, {lon}) outside the {cc} bounding box")
        except ValueError:
            errors.append(f"{lid}: missing or bad coordinates")

    has_gov = {loc["country_code"] for loc in locs if loc["location_type"] == "governorate"}
    for loc in locs:
        lid, t, pid = loc["location_id"], loc["location_type"], loc["parent_location_id"]
        if t == "country":
            if pid:
                errors.append(f"{lid}: a country has no parent")
            continue
        p = by_id.get(pid)
        if p is None:
            errors.append(f"{lid}: parent {pid!r} does not exist")
            continue
        if p["country_code"] != loc["country_code"]:
            errors.append(f"{lid}: parent {pid} is in another country")
        allowed = set(PARENT_TYPES.get(t, ()))
        if t in ("city", "site") and loc["country_code"] not in has_gov:
            allowed.add("country")
        if p["location_type"] not in allowed:
            errors.append(f"{lid}: {t} may not have a {p['location_type']} parent ({pid})")
        seen, cur = {lid}, p
        while cur["location_type"] != "country":
            if cur["location_id"] in seen:
                errors.append(f"{lid}: parent cycle")
                break
            seen.add(cur["location_id"])
            if cur["location_type"] == "governorate" and cur["admin1"] and loc["admin1"] != cur["admin1"] \
                    and loc["location_type"] != "governorate":
                errors.append(f"{lid}: admin1 {loc['admin1']!r} but governorate {cur['location_id']} "
                              f"is {cur['admin1']!r}")
            nxt = by_id.get(cur["parent_location_id"])
            if nxt is None:
                break
            cur = nxt

    own: dict[str, set] = defaultdict(set)
    non_ctx: dict[tuple, set] = defaultdict(set)
    seen_rows = set()
    for a in aliases:
        lid, alias, lang, ctx = a["location_id"], a["alias"], a["lang"], a["context_required"]
        if lid not in by_id:
            errors.append(f"alias {alias!r}: unknown location {lid}")
        if lang not in ("ar", "en"):
            errors.append(f"alias {alias!r} ({lid}): lang {lang!r}")
        if ctx not in ("true", "false"):
            errors.append(f"alias {alias!r} ({lid}): context_required {ctx!r}")
        if alias != " ".join(alias.split()) or not alias:
            errors.append(f"alias {alias!r} ({lid}): stray whitespace")
        if lang == "ar" and not _ARABIC_ALIAS.match(alias):
            errors.append(f"alias {alias!r} ({lid}): not Arabic script")
        key = norm(alias, lang)
        if (lid, lang, key) in seen_rows:
            errors.append(f"alias {alias!r} ({lid}): duplicate after normalisation")
        seen_rows.add((lid, lang, key))
        own[lid].add((lang, key))
        if ctx == "false":
            non_ctx[(lang, key)].add(lid)
    for loc in locs:
        if ("ar", norm(loc["name_ar"], "ar")) not in own[loc["location_id"]]:
            errors.append(f"{loc['location_id']}: name_ar {loc['name_ar']!r} is not among its aliases")
        if ("en", norm(loc["name_en"], "en")) not in own[loc["location_id"]]:
            errors.append(f"{loc['location_id']}: name_en {loc['name_en']!r} is not among its aliases")
    for (lang, key), ids in sorted(non_ctx.items()):
        if len(ids) > 1:
            errors.append(f"non-context alias {key!r} ({lang}) shared by {', '.join(sorted(ids))}")

    stats = {
        "locations": len(locs),
        "by_type": Counter(loc["location_type"] for loc in locs),
        "by_country": Counter(loc["country_code"] for loc in locs),
        "aliases": len(aliases),
        "aliases_by_lang": Counter(a["lang"] for a in aliases),
        "context_required": sum(a["context_required"] == "true" for a in aliases),
    }
    return errors, stats


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    errors, stats = validate(folder)
    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} problem(s)")
        return 1
    print(f"gazetteer OK: {stats['locations']} locations, {stats['aliases']} aliases "
          f"({dict(stats['aliases_by_lang'])}, {stats['context_required']} context-required)")
    print("by type:    " + ", ".join(f"{k} {v}" for k, v in stats["by_type"].most_common()))
    print("by country: " + ", ".join(f"{k} {v}" for k, v in stats["by_country"].most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
