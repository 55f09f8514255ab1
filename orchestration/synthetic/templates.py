"""Load the versioned template data (templates/*.yaml) and check it against the dictionaries.

Why the check: the gold says which actors and places an article names, and the warehouse can
only find what the project's dictionaries know.  Every surface written in the templates is
looked up in ``extractors/data`` (actor and location aliases, read as plain CSV so the
generator does not depend on extractor code); an unknown surface is a load error naming the
file, instead of a name the gold would miss or the extractor could never resolve.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .arabic import Noun

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
DATA_DIR = Path(__file__).resolve().parents[2] / "extractors" / "data"
TEMPLATE_FILES = ("world.yaml", "nouns.yaml", "sentences.yaml", "padding.yaml")
WORLD_EXTRA = ("sources", "reporters", "security", "claim_quotes", "denial_quotes", "accused")

_MARK = re.compile(r"\{([ap]):([a-z0-9_]+)(?:=([^{}]+))?\}")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


class TemplateError(ValueError):
    """The template data is inconsistent with itself or with the dictionaries."""


def fold(text: str) -> str:
    """Letter folding of the dictionaries' loader, enough to compare a surface with an alias."""
    return " ".join(_DIACRITICS.sub("", text).translate(_FOLD).split())


@dataclass(frozen=True, slots=True)
class Template:
    """One sentence or paragraph pattern and what it states (for the gold)."""

    text: str
    when: dict[str, Any] = field(default_factory=dict)
    claims: tuple[dict[str, Any], ...] = ()
    weight: float = 1.0
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    background: dict[str, Any] | None = None   # an earlier dated event the text recalls (context)

    def allowed(self, facts: dict[str, Any], published: dt.date | None = None) -> bool:
        if published is not None:
            if self.date_from and published < self.date_from:
                return False
            if self.date_to and published > self.date_to:
                return False
        for key, want in self.when.items():
            have = facts.get(key)
            if isinstance(want, list):
                if have not in want:
                    return False
            elif have != want:
                return False
        return True


@dataclass(frozen=True, slots=True)
class ActorInfo:
    actor_id: str
    name_en: str
    actor_type: str
    forms: tuple[tuple[str, str], ...]  # (surface, gender m|f)
    optional: bool


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    location_id: str
    name_ar: str
    name_en: str
    admin1: str
    country: str


@dataclass(slots=True)
class Library:
    """Everything the composer needs, loaded once per process."""

    version: str
    actors: dict[str, ActorInfo]
    places: dict[str, PlaceInfo]
    outlets: list[dict[str, Any]]
    sites: list[dict[str, Any]]
    roles: dict[str, list[dict[str, Any]]]
    munitions: dict[str, list[Noun]]
    munition_defs: dict[str, list[tuple[str, str]]]   # definite plural, definite singular
    victims: dict[str, Noun]
    sections: dict[str, list[Template]]
    read_also: list[str]
    footer: list[str]
    world_extra: dict[str, Any] = field(default_factory=dict)   # sources, reporters, quotes ...
    place_actor: dict[str, str] = field(default_factory=dict)   # a site that is also an actor (an embassy)
    alias_folds: dict[str, set[str]] = field(default_factory=dict)       # actor id -> folded aliases
    plain_alias_folds: dict[str, set[str]] = field(default_factory=dict)  # ... without context-required ones

    def site(self, key: str) -> dict[str, Any]:
        return next(s for s in self.sites if s["key"] == key)


# ------------------------------------------------------------------------------- dictionaries


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def _dictionaries() -> tuple[dict, dict, dict, dict, dict]:
    actors = {r["actor_id"]: r for r in _read_csv(DATA_DIR / "actors" / "actors.csv")}
    actor_aliases: dict[str, set[str]] = {}
    plain: dict[str, set[str]] = {}
    for r in _read_csv(DATA_DIR / "actors" / "actor_aliases.csv"):
        actor_aliases.setdefault(r["actor_id"], set()).add(fold(r["alias"]))
        if r["context_required"].strip().lower() != "true":
            plain.setdefault(r["actor_id"], set()).add(fold(r["alias"]))
    for actor_id, r in actors.items():
        actor_aliases.setdefault(actor_id, set()).add(fold(r["name_ar"]))
        plain.setdefault(actor_id, set()).add(fold(r["name_ar"]))
    places = {r["location_id"]: r for r in _read_csv(DATA_DIR / "gazetteer" / "locations.csv")}
    place_aliases: dict[str, set[str]] = {}
    for r in _read_csv(DATA_DIR / "gazetteer" / "location_aliases.csv"):
        place_aliases.setdefault(r["location_id"], set()).add(fold(r["alias"]))
    for location_id, r in places.items():
        place_aliases.setdefault(location_id, set()).add(fold(r["name_ar"]))
    return actors, actor_aliases, places, place_aliases, plain


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _template(raw: dict[str, Any], where: str) -> Template:
    if "t" not in raw:
        raise TemplateError(f"{where}: template without text: {raw}")
    when = dict(raw.get("when") or {})
    for key in ("country", "region", "family", "kind", "site"):
        if key in raw:
            when[key] = raw[key]
    return Template(text=str(raw["t"]), when=when, claims=tuple(raw.get("claims") or ()),
                    weight=float(raw.get("w", 1)), date_from=_date(raw.get("from")), date_to=_date(raw.get("to")),
                    background=raw.get("bg"))


def _split_form(form: str, default_gender: str) -> tuple[str, str]:
    if "@" in form:
        surface, gender = form.rsplit("@", 1)
        return surface, gender
    return form, default_gender


class _Checker:
    """Collects every markup surface of the data and checks it against the dictionaries."""

    def __init__(self) -> None:
        self.actors, self.actor_aliases, self.places, self.place_aliases, _ = _dictionaries()
        self.errors: list[str] = []

    def actor(self, actor_id: str, surface: str | None, where: str) -> None:
        if actor_id not in self.actors:
            self.errors.append(f"{where}: unknown actor id {actor_id!r}")
        elif surface is not None and fold(surface) not in self.actor_aliases.get(actor_id, set()):
            self.errors.append(f"{where}: {surface!r} is not an alias of actor {actor_id}")

    def place(self, location_id: str, surface: str | None, where: str) -> None:
        if location_id not in self.places:
            self.errors.append(f"{where}: unknown location id {location_id!r}")
        elif surface is not None and fold(surface) not in self.place_aliases.get(location_id, set()):
            self.errors.append(f"{where}: {surface!r} is not an alias of location {location_id}")

    def text(self, text: str, where: str) -> None:
        for kind, ident, surface in _MARK.findall(text):
            (self.actor if kind == "a" else self.place)(ident, surface or None, where)


def _walk_strings(obj: object):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _walk_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk_strings(v)


def load_library(template_dir: Path = TEMPLATE_DIR) -> Library:
    """Parse and validate the template files; raise :class:`TemplateError` listing every problem."""
    raw = {name: yaml.safe_load((template_dir / name).read_text(encoding="utf-8")) for name in TEMPLATE_FILES}
    digest = hashlib.sha256(b"".join((template_dir / n).read_bytes() for n in TEMPLATE_FILES)).hexdigest()[:10]
    version = ".".join(str(raw[n].get("version", 0)) for n in TEMPLATE_FILES) + f"+{digest}"
    check = _Checker()
    world, nouns, sentences, padding = (raw[n] for n in TEMPLATE_FILES)
    for name in TEMPLATE_FILES:
        for s in _walk_strings(raw[name]):
            check.text(s, name)

    actors: dict[str, ActorInfo] = {}
    for actor_id, spec in (world.get("actors") or {}).items():
        gender = spec.get("g", "m")
        forms = tuple(_split_form(f, gender) for f in spec.get("forms") or ())
        for surface, _ in forms:
            check.actor(actor_id, surface, f"world.yaml actors.{actor_id}")
        row = check.actors.get(actor_id)
        if row is None:
            continue
        actors[actor_id] = ActorInfo(actor_id, row["name_en"], row["actor_type"],
                                     forms or ((row["name_ar"], gender),), bool(spec.get("optional")))
    # every actor named in markup anywhere needs an ActorInfo (name, type) even without forms
    for s in (x for n in TEMPLATE_FILES for x in _walk_strings(raw[n])):
        for kind, ident, surface in _MARK.findall(s):
            if kind == "a" and ident not in actors and ident in check.actors:
                row = check.actors[ident]
                actors[ident] = ActorInfo(ident, row["name_en"], row["actor_type"], ((surface or row["name_ar"], "m"),),
                                          False)
    places = {lid: PlaceInfo(lid, r["name_ar"], r["name_en"], r["admin1"], r["country_code"])
              for lid, r in check.places.items()}

    roles = world.get("roles") or {}
    for role, entries in roles.items():
        for e in entries:
            if e["id"] not in actors:
                check.errors.append(f"world.yaml roles.{role}: actor {e['id']!r} has no entry under actors")
            for key in ("from", "to"):
                if key in e:
                    e[key] = _date(e[key])
    for o in world.get("outlets") or ():
        if o["key"] not in actors:
            check.errors.append(f"world.yaml outlets: {o['key']!r} has no entry under actors")
    sites = world.get("sites") or []
    for s in sites:
        check.place(s["loc"], None, f"world.yaml sites.{s['key']}")
        for form in s.get("forms", []) + s.get("short", []):
            if "{" not in form:
                check.place(s["loc"], form, f"world.yaml sites.{s['key']}")

    munitions: dict[str, list[Noun]] = {}
    munition_defs: dict[str, list[tuple[str, str]]] = {}
    for weapon, entries in (nouns.get("munitions") or {}).items():
        munitions[weapon] = [Noun(e["sg"], e["du_nom"], e["du_acc"], e["pl"], e["tamyiz"], bool(e["fem"]))
                             for e in entries]
        munition_defs[weapon] = [(e.get("def", ""), e.get("def_sg", e.get("def", ""))) for e in entries]
    victims = {k: Noun(e["sg"], e["du_nom"], e["du_acc"], e["pl"], e["tamyiz"], bool(e["fem"]), e.get("civilian"))
               for k, e in (nouns.get("victims") or {}).items()}

    sections: dict[str, list[Template]] = {}
    for name, entries in sentences.items():
        if isinstance(entries, list):
            sections[name] = [_template(e, f"sentences.yaml {name}") for e in entries]
    sections["background"] = [_template(e, "padding.yaml background") for e in padding.get("background", [])]
    sections["context"] = [_template(e, "padding.yaml context") for e in padding.get("context", [])]
    for name, entries in (padding.get("statement_article") or {}).items():
        sections[f"statement_{name}"] = [_template(e, f"padding.yaml statement_article.{name}") for e in entries]
    if check.errors:
        raise TemplateError("template data does not match the dictionaries:\n  " + "\n  ".join(check.errors))
    return Library(version=version, actors=actors, places=places, outlets=list(world.get("outlets") or []),
                   sites=sites, roles=roles, munitions=munitions, munition_defs=munition_defs, victims=victims,
                   sections=sections, read_also=list(padding.get("read_also") or []),
                   footer=list(padding.get("footer") or []),
                   world_extra={k: world.get(k) for k in WORLD_EXTRA},
                   place_actor={s["loc"]: s["actor"] for s in sites if s.get("actor")},
                   alias_folds=check.actor_aliases, plain_alias_folds=_dictionaries()[4])


@lru_cache(maxsize=1)
def library() -> Library:
    """The shipped templates, loaded and validated once per process."""
    return load_library()
