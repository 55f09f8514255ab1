#!/usr/bin/env python3
"""Check the invariants of the actor dictionary and the organisation-cue lexicon.

Standalone on purpose (stdlib + PyYAML only), so it runs before the package is installed:

    python extractors/data/actors/validate_actors.py            # exit 1 on any error
    python extractors/data/actors/validate_actors.py --stats    # also print counts

Checks
- actors.csv: exact header; actor_id unique and snake_case; actor_type from the fixed set;
  is_collective is true/false; parent_actor_id exists, is not the actor itself, no cycles.
- actor_aliases.csv: exact header; actor_id exists; lang ar/en; context_required true/false;
  (actor_id, normalised alias) unique; every actor has its name_ar among its aliases;
  a non-context alias (names included: the loader matches name_ar/name_en without context)
  belongs to exactly one actor and is not also a context alias of another;
  aliases carry no attached clitic prefix (وال، بال، فال، كال، لل) and the script matches lang.
- ../lexicons/org_cues.yaml: `cues` is a list of {cue, actor_type} with known types and no
  duplicates; `stop_words` is a list of strings.

Aliases are compared after the same folding the extractor's normaliser applies (diacritics and
tatweel removed, alef variants -> ا, ى -> ي, ة -> ه, Arabic-Indic digits -> ASCII, lower case).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ACTORS = HERE / "actors.csv"
ALIASES = HERE / "actor_aliases.csv"
ORG_CUES = HERE.parent / "lexicons" / "org_cues.yaml"

ACTOR_COLS = ["actor_id", "name_ar", "name_en", "actor_type", "parent_actor_id", "affiliation",
              "attribution_source", "is_collective", "notes"]
ALIAS_COLS = ["actor_id", "alias", "lang", "context_required"]
ACTOR_TYPES = {"militia", "person", "political_party", "government", "state", "state_military",
               "security_force", "coalition", "media", "organization", "other"}
BOOLS = {"true", "false"}
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
LATIN_RE = re.compile(r"[A-Za-z]")

_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_INVISIBLE = re.compile(r"[\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\u061c]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       **{chr(0x0660 + i): str(i) for i in range(10)},
                       **{chr(0x06F0 + i): str(i) for i in range(10)}})
# Attached-clitic prefixes that the matcher strips itself (و/ف/ب/ك + article, and لل).
_CLITIC_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل)")
# Real words that merely start like a clitic + article.
_CLITIC_ALLOW = {"فالح", "بالي", "والي"}


def norm(s: str) -> str:
    s = _INVISIBLE.sub("", s)
    s = _DIACRITICS.sub("", s)
    s = s.translate(_FOLD)
    return " ".join(s.split()).lower()


def read_csv(path: Path, cols: list[str], errors: list[str]) -> list[dict]:
    if not path.exists():
        errors.append(f"{path.name}: missing")
        return []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != cols:
            errors.append(f"{path.name}: header {reader.fieldnames} != {cols}")
            return []
        rows = list(reader)
    for i, r in enumerate(rows, start=2):
        if None in r or any(v is None for v in r.values()):
            errors.append(f"{path.name}:{i}: wrong number of fields")
    return rows


def check_actors(rows: list[dict], errors: list[str]) -> dict[str, dict]:
    actors: dict[str, dict] = {}
    for i, r in enumerate(rows, start=2):
        aid = r["actor_id"]
        where = f"actors.csv:{i} ({aid})"
        if not ID_RE.match(aid or ""):
            errors.append(f"{where}: actor_id is not snake_case")
        if aid in actors:
            errors.append(f"{where}: duplicate actor_id")
        actors[aid] = r
        if not (r["name_ar"] or "").strip() or not ARABIC_RE.search(r["name_ar"]):
            errors.append(f"{where}: name_ar empty or not Arabic")
        if r["actor_type"] not in ACTOR_TYPES:
            errors.append(f"{where}: actor_type {r['actor_type']!r} not in {sorted(ACTOR_TYPES)}")
        if r["is_collective"] not in BOOLS:
            errors.append(f"{where}: is_collective must be true/false")
        for k, v in r.items():
            if v is not None and v != v.strip():
                errors.append(f"{where}: {k} has leading/trailing whitespace")
    for aid, r in actors.items():
        p = r["parent_actor_id"]
        if not p:
            continue
        if p == aid:
            errors.append(f"actors.csv ({aid}): parent is itself")
        elif p not in actors:
            errors.append(f"actors.csv ({aid}): parent_actor_id {p!r} does not exist")
    # cycles
    for aid in actors:
        seen, cur = set(), aid
        while cur:
            if cur in seen:
                errors.append(f"actors.csv ({aid}): parent chain has a cycle")
                break
            seen.add(cur)
            cur = actors.get(cur, {}).get("parent_actor_id") or ""
    return actors


def check_aliases(rows: list[dict], actors: dict[str, dict], errors: list[str], warnings: list[str]) -> None:
    per_actor: dict[str, set[str]] = defaultdict(set)
    plain_owner: dict[str, set[str]] = defaultdict(set)   # normalised non-context alias -> actors
    ctx_owner: dict[str, set[str]] = defaultdict(set)     # normalised context alias -> actors
    for i, r in enumerate(rows, start=2):
        aid, alias, lang, ctx = r["actor_id"], r["alias"], r["lang"], r["context_required"]
        where = f"actor_aliases.csv:{i} ({aid}, {alias!r})"
        if aid not in actors:
            errors.append(f"{where}: unknown actor_id")
        if not alias or alias != alias.strip():
            errors.append(f"{where}: empty alias or surrounding whitespace")
            continue
        if lang not in {"ar", "en"}:
            errors.append(f"{where}: lang must be ar or en")
        elif lang == "ar" and not ARABIC_RE.search(alias):
            errors.append(f"{where}: lang=ar but no Arabic letters")
        elif lang == "en" and (ARABIC_RE.search(alias) or not LATIN_RE.search(alias)):
            errors.append(f"{where}: lang=en but not Latin script")
        if ctx not in BOOLS:
            errors.append(f"{where}: context_required must be true/false")
        n = norm(alias)
        if n in per_actor[aid]:
            errors.append(f"{where}: duplicate alias for this actor (after normalisation)")
        per_actor[aid].add(n)
        first = n.split(" ", 1)[0]
        if lang == "ar" and _CLITIC_PREFIX.match(first) and first not in _CLITIC_ALLOW:
            errors.append(f"{where}: alias starts with an attached clitic")
        (ctx_owner if ctx == "true" else plain_owner)[n].add(aid)
    # The loader (extractors/dictionaries.py) always adds name_ar and name_en as NON-context
    # aliases, so they take part in the uniqueness check and must not be context-only forms.
    for aid, r in actors.items():
        for col in ("name_ar", "name_en"):
            n = norm(r[col] or "")
            if not n:
                continue
            if aid in ctx_owner.get(n, set()) and aid not in plain_owner.get(n, set()):
                errors.append(f"actor {aid}: {col} {r[col]!r} is listed as context-required, but names are "
                              "always matched without context: use an unambiguous name")
            plain_owner[n].add(aid)
    for n, owners in plain_owner.items():
        if len(owners) > 1:
            errors.append(f"non-context alias {n!r} shared by {sorted(owners)}")
        clash = ctx_owner.get(n, set()) - owners
        if clash:
            errors.append(f"alias {n!r} is plain for {sorted(owners)} but context-required for {sorted(clash)}")
    for aid, r in actors.items():
        if norm(r["name_ar"]) not in per_actor.get(aid, set()):
            errors.append(f"actor {aid}: name_ar {r['name_ar']!r} is not among its aliases")
    for n, owners in ctx_owner.items():
        if len(n) <= 2:
            warnings.append(f"very short context alias {n!r} for {sorted(owners)}")


def check_org_cues(errors: list[str]) -> dict:
    if not ORG_CUES.exists():
        errors.append(f"{ORG_CUES}: missing")
        return {}
    data = yaml.safe_load(ORG_CUES.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cues"), list):
        errors.append("org_cues.yaml: expected a mapping with a `cues` list")
        return {}
    seen = set()
    for i, item in enumerate(data["cues"]):
        if not isinstance(item, dict) or set(item) - {"cue", "actor_type", "in_name"} or "cue" not in item:
            errors.append(f"org_cues.yaml cues[{i}]: expected {{cue, actor_type[, in_name]}}, got {item!r}")
            continue
        cue = str(item["cue"]).strip()
        if not cue or not ARABIC_RE.search(cue):
            errors.append(f"org_cues.yaml cues[{i}]: empty or non-Arabic cue")
        if item.get("actor_type") not in ACTOR_TYPES:
            errors.append(f"org_cues.yaml cues[{i}] ({cue}): actor_type {item.get('actor_type')!r} unknown")
        if norm(cue) in seen:
            errors.append(f"org_cues.yaml: duplicate cue {cue!r}")
        seen.add(norm(cue))
    sw = data.get("stop_words")
    if not isinstance(sw, list) or not all(isinstance(w, str) and w.strip() for w in sw):
        errors.append("org_cues.yaml: `stop_words` must be a list of non-empty strings")
    elif len({norm(w) for w in sw}) != len(sw):
        errors.append("org_cues.yaml: duplicate stop_words (after normalisation)")
    return data


def check_default_resolutions(actors: dict, errors: list[str]) -> None:
    """default_resolutions.csv: alias,actor_id,countries; known actors, one row per alias."""
    path = HERE / "default_resolutions.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    seen = set()
    for i, row in enumerate(csv.DictReader(lines), start=2):
        alias, actor_id = (row.get("alias") or "").strip(), (row.get("actor_id") or "").strip()
        if not alias or not ARABIC_RE.search(alias):
            errors.append(f"default_resolutions.csv row {i}: empty or non-Arabic alias")
        if actor_id not in actors:
            errors.append(f"default_resolutions.csv row {i} ({alias}): unknown actor {actor_id!r}")
        for c in (row.get("countries") or "").split("|"):
            if c.strip() not in ("", "*") and not re.fullmatch(r"[A-Z]{2}", c.strip()):
                errors.append(f"default_resolutions.csv row {i} ({alias}): country {c!r} is not an ISO code")
        if norm(alias) in seen:
            errors.append(f"default_resolutions.csv: duplicate alias {alias!r}")
        seen.add(norm(alias))


def main(argv: list[str]) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    actor_rows = read_csv(ACTORS, ACTOR_COLS, errors)
    alias_rows = read_csv(ALIASES, ALIAS_COLS, errors)
    actors = check_actors(actor_rows, errors)
    check_aliases(alias_rows, actors, errors, warnings)
    cues = check_org_cues(errors)
    check_default_resolutions(actors, errors)
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    if "--stats" in argv or not errors:
        by_type: dict[str, int] = defaultdict(int)
        for r in actor_rows:
            by_type[r["actor_type"]] += 1
        n_ctx = sum(1 for r in alias_rows if r["context_required"] == "true")
        n_coll = sum(1 for r in actor_rows if r["is_collective"] == "true")
        print(f"actors: {len(actor_rows)} ({n_coll} collective); aliases: {len(alias_rows)} "
              f"({n_ctx} context-required, {sum(1 for r in alias_rows if r['lang'] == 'en')} English)")
        print("by type: " + ", ".join(f"{k}={v}" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1])))
        if cues:
            print(f"org cues: {len(cues.get('cues', []))}; stop words: {len(cues.get('stop_words') or [])}")
    print("FAILED" if errors else "OK", f"({len(errors)} errors, {len(warnings)} warnings)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
