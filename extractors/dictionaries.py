"""Loaders for the curated dictionaries under ``extractors/data/`` (actors, gazetteer, lexicons).

Every loader takes an optional ``data_dir`` (default: the package's ``extractors/data``) so
tests and alternative deployments can point at their own files, and caches its result per
directory (``functools.lru_cache``; call :func:`clear_caches` after editing files in a long-lived
process).  Loaders are defensive: a missing file gives an empty result (with a warning), blank
lines and ``#`` comment rows are skipped, surrounding whitespace and a UTF-8 BOM are removed,
unknown extra columns are kept in ``extra``.

Files and columns:

- ``actors/actors.csv``: actor_id,name_ar,name_en,actor_type,parent_actor_id,affiliation,
  attribution_source,is_collective,notes
- ``actors/actor_aliases.csv``: actor_id,alias,lang,context_required
- ``gazetteer/locations.csv``: location_id,name_ar,name_en,location_type,admin1,country_code,
  latitude,longitude,geo_precision,parent_location_id[,...]
- ``gazetteer/location_aliases.csv``: location_id,alias,lang,context_required
- ``lexicons/org_cues.yaml``: ``{cues: [{cue: حركة, actor_type: militia}, ...], stop_words: [...]}``
  (also accepted: ``cues`` as a mapping cue -> actor_type, or a list of plain strings; a top-level
  list of cues).

A record's ``name_ar`` and ``name_en`` are always aliases of it too (``context_required`` False),
so the alias files only need the *other* surface forms.  Records may also carry inline aliases in
extra columns, ``|``-separated: ``aliases_ar`` / ``aliases_en`` / ``aliases`` (plain) and
``context_aliases`` / ``context_aliases_ar`` / ``context_aliases_en`` (context-required).

``locations.csv`` (resp. ``actors.csv``) is the authority (the gazetteer's is generated from
hand-edited sources).  Only when it is missing, every other ``*.csv`` in the same folder whose
header has ``location_id`` and ``name_ar`` (resp. ``actor_id`` and ``name_ar``) is read instead,
in name order (e.g. ``admin.csv`` + ``cities.csv``); the first row of an id wins.

:func:`dictionary_version` hashes all data files so that extraction output can be stamped with
the dictionaries it was made with.
"""

from __future__ import annotations

import csv
import hashlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extractors.normalize import normalize_term

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
_DATA_SUFFIXES = {".csv", ".tsv", ".yaml", ".yml", ".json", ".txt"}
_TRUE = {"1", "true", "t", "yes", "y", "نعم"}


@dataclass(frozen=True)
class AliasRecord:
    """One surface form of a dictionary entity (actor or location)."""

    entity_id: str
    alias: str
    lang: str = "ar"
    context_required: bool = False


@dataclass(frozen=True)
class ActorRecord:
    actor_id: str
    name_ar: str
    name_en: str
    actor_type: str
    parent_actor_id: str | None = None
    affiliation: str | None = None
    attribution_source: str | None = None
    is_collective: bool = False
    notes: str | None = None
    aliases: tuple[AliasRecord, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class LocationRecord:
    location_id: str
    name_ar: str
    name_en: str
    location_type: str
    admin1: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    parent_location_id: str | None = None
    aliases: tuple[AliasRecord, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class OrgCue:
    """A word that introduces an organisation's name ("حركة", "كتائب" ...)."""

    cue: str
    actor_type: str = "militia"
    in_name: bool | None = None  # is the cue part of the name ("كتائب ...") -- None: unknown


@dataclass(frozen=True)
class OrgCues:
    cues: tuple[OrgCue, ...] = ()
    stop_words: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- helpers


def _dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


_DEFAULT_RESOLVED: tuple[Path, str] | None = None


def _resolved(data_dir: str | Path | None) -> str:
    """The cache key of a data directory: its resolved path (the default one resolved once --
    the loaders run for every article, and resolving walks the file system)."""
    global _DEFAULT_RESOLVED
    if data_dir is None:
        if _DEFAULT_RESOLVED is None or _DEFAULT_RESOLVED[0] is not DATA_DIR:
            _DEFAULT_RESOLVED = (DATA_DIR, str(DATA_DIR.resolve()))
        return _DEFAULT_RESOLVED[1]
    return str(_dir(data_dir).resolve())


def _none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    f = _float(value)
    return int(f) if f is not None else None


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts (keys and values stripped; blank and '#' rows skipped)."""
    if not path.exists():
        log.warning("dictionary file missing: %s", path)
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        clean = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items() if k}
        if any(clean.values()):
            rows.append(clean)
    return rows


def _read_aliases(path: Path, id_col: str) -> dict[str, list[AliasRecord]]:
    out: dict[str, list[AliasRecord]] = {}
    for row in read_csv_rows(path):
        entity_id = row.get(id_col) or row.get("entity_id") or ""
        alias = row.get("alias") or row.get("alias_ar") or ""
        if not entity_id or not alias:
            continue
        out.setdefault(entity_id, []).append(AliasRecord(
            entity_id=entity_id, alias=alias, lang=row.get("lang") or "ar",
            context_required=parse_bool(row.get("context_required")),
        ))
    return out


_INLINE_ALIAS_COLS = (("aliases_ar", "ar", False), ("aliases", "ar", False), ("aliases_en", "en", False),
                      ("context_aliases", "ar", True), ("context_aliases_ar", "ar", True),
                      ("context_aliases_en", "en", True))


def _inline_aliases(entity_id: str, row: dict[str, str]) -> list[AliasRecord]:
    out = []
    for col, lang, ctx in _INLINE_ALIAS_COLS:
        for alias in (row.get(col) or "").split("|"):
            if alias.strip():
                out.append(AliasRecord(entity_id, alias.strip(), lang, ctx))
    return out


def _record_files(folder: Path, main: str, id_col: str, alias_file: str) -> list[Path]:
    """``[main]`` when it exists, else the other CSVs of ``folder`` that look like record tables."""
    if (folder / main).exists():
        return [folder / main]
    files: list[Path] = []
    if folder.exists():
        for path in sorted(folder.glob("*.csv")):
            if path.name in (main, alias_file):
                continue
            with path.open(encoding="utf-8-sig") as fh:
                header = {h.strip() for h in fh.readline().split(",")}
            if id_col in header and "name_ar" in header:
                files.append(path)
    if not files:
        log.warning("dictionary file missing: %s", folder / main)
    return files


def _merge_aliases(entity_id: str, names: list[tuple[str, str]], extra: list[AliasRecord]) -> tuple[AliasRecord, ...]:
    """Names first, then alias rows; one record per normalised form.

    A name is matched without context unless the alias table lists that same form as
    context-required (a town called "الحي" must not match "الرصاص الحي"); between alias rows, a form
    listed both as context-required and not is kept as not context-required.
    """
    by_key: dict[str, AliasRecord] = {}
    explicit: set[str] = set()
    for rec in list(extra):
        key = normalize_term(rec.alias)
        if not key:
            continue
        prev = by_key.get(key)
        if prev is None or (prev.context_required and not rec.context_required):
            by_key[key] = rec
        explicit.add(key)
    names_first: dict[str, AliasRecord] = {}
    for n, lang in names:
        key = normalize_term(n) if n else ""
        if key and (key not in explicit or not by_key[key].context_required):
            names_first[key] = AliasRecord(entity_id, n, lang, False)  # the name's own spelling
    return tuple({**names_first, **{k: v for k, v in by_key.items() if k not in names_first}}.values())


_ACTOR_COLS = {"actor_id", "name_ar", "name_en", "actor_type", "parent_actor_id", "affiliation",
               "attribution_source", "is_collective", "notes"}
_LOCATION_COLS = {"location_id", "name_ar", "name_en", "location_type", "admin1", "country_code",
                  "latitude", "longitude", "geo_precision", "parent_location_id"}


# --------------------------------------------------------------------------- actors


def load_actors(data_dir: str | Path | None = None) -> dict[str, ActorRecord]:
    """actor_id -> ActorRecord (with its aliases) from ``actors/actors.csv`` + ``actor_aliases.csv``."""
    return dict(_load_actors(_resolved(data_dir)))


@lru_cache(maxsize=16)
def _load_actors(data_dir: str) -> dict[str, ActorRecord]:
    base = Path(data_dir) / "actors"
    aliases = _read_aliases(base / "actor_aliases.csv", "actor_id")
    out: dict[str, ActorRecord] = {}
    rows = [r for f in _record_files(base, "actors.csv", "actor_id", "actor_aliases.csv") for r in read_csv_rows(f)]
    for row in rows:
        actor_id = row.get("actor_id", "")
        if not actor_id:
            continue
        if actor_id in out:
            log.warning("duplicate actor_id %s (first row kept)", actor_id)
            continue
        names = [(row.get("name_ar", ""), "ar"), (row.get("name_en", ""), "en")]
        out[actor_id] = ActorRecord(
            actor_id=actor_id,
            name_ar=row.get("name_ar", ""),
            name_en=row.get("name_en", ""),
            actor_type=row.get("actor_type") or "other",
            parent_actor_id=_none(row.get("parent_actor_id")),
            affiliation=_none(row.get("affiliation")),
            attribution_source=_none(row.get("attribution_source")),
            is_collective=parse_bool(row.get("is_collective")),
            notes=_none(row.get("notes")),
            aliases=_merge_aliases(actor_id, names, _inline_aliases(actor_id, row) + aliases.get(actor_id, [])),
            extra={k: v for k, v in row.items() if k not in _ACTOR_COLS},
        )
    unknown = sorted(set(aliases) - set(out))
    if unknown:
        log.warning("actor_aliases.csv names unknown actor ids (ignored): %s", ", ".join(unknown[:20]))
    return out


def actor_alias_rows(data_dir: str | Path | None = None) -> list[AliasRecord]:
    """Every (actor_id, alias, context_required) row, names included -- the input of DictionaryMatcher."""
    return [a for rec in load_actors(data_dir).values() for a in rec.aliases]


# --------------------------------------------------------------------------- locations


def load_locations(data_dir: str | Path | None = None) -> dict[str, LocationRecord]:
    """location_id -> LocationRecord (with its aliases) from ``gazetteer/locations.csv`` + aliases."""
    return dict(_load_locations(_resolved(data_dir)))


@lru_cache(maxsize=16)
def _load_locations(data_dir: str) -> dict[str, LocationRecord]:
    base = Path(data_dir) / "gazetteer"
    aliases = _read_aliases(base / "location_aliases.csv", "location_id")
    out: dict[str, LocationRecord] = {}
    files = _record_files(base, "locations.csv", "location_id", "location_aliases.csv")
    for row in (r for f in files for r in read_csv_rows(f)):
        location_id = row.get("location_id", "")
        if not location_id:
            continue
        if location_id in out:
            log.debug("duplicate location_id %s (first row kept)", location_id)
            continue
        names = [(row.get("name_ar", ""), "ar"), (row.get("name_en", ""), "en")]
        out[location_id] = LocationRecord(
            location_id=location_id,
            name_ar=row.get("name_ar", ""),
            name_en=row.get("name_en", ""),
            location_type=row.get("location_type") or "site",
            admin1=_none(row.get("admin1")),
            country_code=_none(row.get("country_code")),
            latitude=_float(row.get("latitude")),
            longitude=_float(row.get("longitude")),
            geo_precision=_int(row.get("geo_precision")),
            parent_location_id=_none(row.get("parent_location_id")),
            aliases=_merge_aliases(location_id, names,
                                   _inline_aliases(location_id, row) + aliases.get(location_id, [])),
            extra={k: v for k, v in row.items() if k not in _LOCATION_COLS},
        )
    unknown = sorted(set(aliases) - set(out))
    if unknown:
        log.warning("location_aliases.csv names unknown location ids (ignored): %s", ", ".join(unknown[:20]))
    return out


def location_alias_rows(data_dir: str | Path | None = None) -> list[AliasRecord]:
    """Every (location_id, alias, context_required) row, names included."""
    return [a for rec in load_locations(data_dir).values() for a in rec.aliases]


# --------------------------------------------------------------------------- default resolutions


@dataclass(frozen=True)
class DefaultResolution:
    """A short form that names one actor by default in articles about one of ``countries``
    ("مجلس النواب" in an Iraqi story is the Iraqi parliament), see ``actors/default_resolutions.csv``."""

    alias: str
    actor_id: str
    countries: frozenset[str] = frozenset()  # empty: any article


def load_default_resolutions(data_dir: str | Path | None = None) -> tuple[DefaultResolution, ...]:
    """Rows of ``actors/default_resolutions.csv`` (alias,actor_id,countries with ``|`` between ISO codes;
    ``*`` or empty = any article); rows naming unknown actors are dropped with a warning."""
    return _load_default_resolutions(_resolved(data_dir))


@lru_cache(maxsize=16)
def _load_default_resolutions(data_dir: str) -> tuple[DefaultResolution, ...]:
    path = Path(data_dir) / "actors" / "default_resolutions.csv"
    if not path.exists():
        return ()
    actors = _load_actors(data_dir)
    out = []
    for row in read_csv_rows(path):
        alias, actor_id = row.get("alias", ""), row.get("actor_id", "")
        if not alias or actor_id not in actors:
            log.warning("default_resolutions.csv: skipped row %r", row)
            continue
        countries = frozenset(c.strip().upper() for c in (row.get("countries") or "").split("|")
                              if c.strip() and c.strip() != "*")
        out.append(DefaultResolution(alias, actor_id, countries))
    return tuple(out)


@lru_cache(maxsize=8)
def default_resolution_matcher(data_dir: str | None = None):
    """A DictionaryMatcher over the default-resolution aliases (entity id = the row's index)."""
    from extractors.matcher import DictionaryMatcher

    rows = load_default_resolutions(data_dir)
    return DictionaryMatcher([(str(i), r.alias, False) for i, r in enumerate(rows)])


@lru_cache(maxsize=256)
def outlet_actor_ids(outlet: str | None, data_dir: str | None = None) -> tuple[str, ...]:
    """Media actors one of whose names or aliases is the outlet's name as given in the metadata."""
    key = normalize_term(outlet or "")
    if not key:
        return ()
    return tuple(a.actor_id for a in load_actors(data_dir).values() if a.actor_type == "media"
                 and any(normalize_term(x.alias) == key for x in a.aliases))


# --------------------------------------------------------------------------- org cues


def load_org_cues(data_dir: str | Path | None = None) -> OrgCues:
    """Cue words and stop words from ``lexicons/org_cues.yaml`` (shape-tolerant, see module doc)."""
    return _load_org_cues(_resolved(data_dir))


@lru_cache(maxsize=16)
def _load_org_cues(data_dir: str) -> OrgCues:
    path = Path(data_dir) / "lexicons" / "org_cues.yaml"
    if not path.exists():
        log.warning("dictionary file missing: %s", path)
        return OrgCues()
    return parse_org_cues(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_org_cues(data: Any) -> OrgCues:
    """Build OrgCues from the parsed YAML, accepting the shapes listed in the module docstring."""
    if data is None:
        return OrgCues()
    raw_cues: Any = data
    raw_stops: Any = ()
    if isinstance(data, dict):
        raw_cues = data.get("cues", data.get("cue_words", data.get("org_cues", ())))
        raw_stops = data.get("stop_words", data.get("stopwords", data.get("stops", ())))
    cues: list[OrgCue] = []
    if isinstance(raw_cues, dict):
        raw_cues = [{"cue": k, "actor_type": v} for k, v in raw_cues.items()]
    for item in raw_cues or ():
        if isinstance(item, str):
            cues.append(OrgCue(item.strip()))
        elif isinstance(item, dict):
            cue = str(item.get("cue") or item.get("word") or item.get("ar") or "").strip()
            if not cue:
                continue
            actor_type = item.get("actor_type") if isinstance(item.get("actor_type"), str) else item.get("type")
            in_name = item.get("in_name", item.get("part_of_name"))
            cues.append(OrgCue(cue, str(actor_type or "militia"), None if in_name is None else parse_bool(in_name)))
    stops: set[str] = set()
    if isinstance(raw_stops, dict):  # e.g. grouped lists {adjectives: [...], prepositions: [...]}
        raw_stops = [w for group in raw_stops.values() for w in (group or ())]
    for w in raw_stops or ():
        if isinstance(w, str) and w.strip():
            stops.add(normalize_term(w))
    return OrgCues(cues=tuple(cues), stop_words=frozenset(stops))


# --------------------------------------------------------------------------- version & cache


def dictionary_version(data_dir: str | Path | None = None) -> str:
    """Short content hash (12 hex chars) of every data file under ``data_dir``.

    Covers paths and bytes of *.csv/*.tsv/*.yaml/*.yml/*.json/*.txt, sorted by relative path, so
    any edit, addition, removal or rename changes it.  Not cached: it reflects the files now.
    """
    base = _dir(data_dir)
    h = hashlib.sha256()
    if base.exists():
        for path in sorted(p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in _DATA_SUFFIXES):
            h.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:12]


def clear_caches() -> None:
    """Forget every cached dictionary (after editing data files in a long-lived process)."""
    global _DEFAULT_RESOLVED
    _DEFAULT_RESOLVED = None
    _load_actors.cache_clear()
    _load_locations.cache_clear()
    _load_org_cues.cache_clear()
    _load_default_resolutions.cache_clear()
    default_resolution_matcher.cache_clear()
    outlet_actor_ids.cache_clear()
    _actor_matcher.cache_clear()
    _location_matcher.cache_clear()


def actor_matcher(data_dir: str | Path | None = None):
    """A DictionaryMatcher over all actor aliases (built once per data directory)."""
    return _actor_matcher(_resolved(data_dir))


def location_matcher(data_dir: str | Path | None = None):
    """A DictionaryMatcher over all location aliases (built once per data directory)."""
    return _location_matcher(_resolved(data_dir))


@lru_cache(maxsize=8)
def _actor_matcher(data_dir: str):
    from extractors.matcher import DictionaryMatcher

    return DictionaryMatcher(actor_alias_rows(data_dir))


@lru_cache(maxsize=8)
def _location_matcher(data_dir: str):
    from extractors.matcher import DictionaryMatcher

    return DictionaryMatcher(location_alias_rows(data_dir))


def check_dictionaries(data_dir: str | Path | None = None) -> list[str]:
    """Human-readable problems in the data files (for a CI test or a curator), empty when clean.

    Reports: rows whose field count differs from the header, parent ids that do not exist, aliases
    for unknown ids, normalised aliases shared by several entities of the same kind (ambiguous
    unless context-required), coordinates out of range.
    """
    base = _dir(data_dir)
    problems: list[str] = []
    for folder, main, id_col, alias_name in (("actors", "actors.csv", "actor_id", "actor_aliases.csv"),
                                             ("gazetteer", "locations.csv", "location_id", "location_aliases.csv")):
        files = _record_files(base / folder, main, id_col, alias_name) + [base / folder / alias_name]
        for path in files:
            if not path.exists():
                continue
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = [r for r in csv.reader(fh) if r and not r[0].lstrip().startswith("#")]
            for line_no, r in enumerate(rows[1:], start=2):
                if len(r) != len(rows[0]):
                    problems.append(f"{path.relative_to(base)} row {line_no} ({r[0]}): {len(r)} fields, "
                                    f"header has {len(rows[0])}")
    actors = load_actors(base)
    locations = load_locations(base)
    for kind, records, id_attr, parent_attr, alias_file in (
        ("actor", actors, "actor_id", "parent_actor_id", base / "actors" / "actor_aliases.csv"),
        ("location", locations, "location_id", "parent_location_id", base / "gazetteer" / "location_aliases.csv"),
    ):
        for rec in records.values():
            parent = getattr(rec, parent_attr)
            if parent and parent not in records:
                problems.append(f"{kind} {getattr(rec, id_attr)}: unknown parent {parent}")
        for row in read_csv_rows(alias_file) if alias_file.exists() else []:
            eid = row.get(id_attr) or row.get("entity_id")
            if eid and eid not in records:
                problems.append(f"{kind} alias {row.get('alias')!r}: unknown id {eid}")
        owners: dict[str, set[str]] = {}
        for rec in records.values():
            for a in rec.aliases:
                if not a.context_required:
                    owners.setdefault(normalize_term(a.alias), set()).add(getattr(rec, id_attr))
        for key, ids in sorted(owners.items()):
            if len(ids) > 1:
                problems.append(f"{kind} alias {key!r} shared by {', '.join(sorted(ids))}")
    for loc in locations.values():
        if loc.latitude is not None and not -90 <= loc.latitude <= 90:
            problems.append(f"location {loc.location_id}: latitude {loc.latitude} out of range")
        if loc.longitude is not None and not -180 <= loc.longitude <= 180:
            problems.append(f"location {loc.location_id}: longitude {loc.longitude} out of range")
    return problems
