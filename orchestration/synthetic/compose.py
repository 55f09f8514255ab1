"""Write one article (text, metadata) and the gold it implies.

Why the gold comes from the writing and not from the plan: the plan says what happened, but
the gold must say what *this article* says -- its own (possibly wrong) figures, the date as it
wrote it, the claims it relays, the actors it names.  So every rendered piece of text (a
sentence or paragraph) carries the actors and places the renderer recorded while writing it,
the claims its template declares and any earlier attack it recalls; the article's gold is the
union over the pieces that end up in the text (padding dropped to respect the size cap takes
its annotations with it).

Article ``k`` draws all its wording from a generator seeded by (seed, k); what it reports is
fixed by its block's plan (plan.py).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from . import arabic
from .plan import BlockPlan, Figure, Incident, Report, active_at, seeded
from .render import Agreement, MissingSlot, Recorder, Renderer, Slot, claim_speaker
from .templates import Library, Template, fold

POD = {"dawn": "فجر", "morning": "صباح", "noon": "ظهر", "afternoon": "عصر", "evening": "مساء", "night": "ليلة"}
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_BYTES = 10_000   # text size cap (the brief: 1-10 KB)
MIN_BYTES = 1_100
REACTIONS = ("denial", "accusation", "condemnation", "statement", "outlet_report", "us_claim")
MAX_CONTEXT = 6      # context paragraphs of an ordinary report (twice that for long features)
_PLACE_MARK = re.compile(r"\{p:([a-z0-9_]+)(?:=[^{}]+)?\}")
_FEM_HEADS = ("قاعدة", "السفارة", "المنطقة", "القنصلية", "مصفاة", "مدينة", "ناحية", "بلدة", "محافظة")
_PUNCT_FIXES = ((re.compile(r"،\s*،"), "،"), (re.compile(r"\s+([،.:])"), r"\1"), (re.compile(r"،\."), "."),
                (re.compile(r"[ \t]{2,}"), " "))
_FEM_ACC = {3: "ثلاثاً", 4: "أربعاً", 5: "خمساً", 6: "ستاً", 7: "سبعاً", 8: "ثمانياً", 9: "تسعاً", 10: "عشراً"}
_EVENT = {"rocket": "rocket_attack", "katyusha": "rocket_attack", "grad": "rocket_attack", "drone": "drone_attack",
          "mortar": "shelling"}


def tidy(line: str) -> str:
    """Collapse the doubled commas and stray spaces that optional empty slots leave behind."""
    for pattern, repl in _PUNCT_FIXES:
        line = pattern.sub(repl, line)
    return line.strip()


@dataclass(slots=True)
class Piece:
    """A rendered sentence/paragraph and what it states."""

    text: str
    actors: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    background: dict[str, Any] | None = None     # gold entry of an earlier attack it recalls (id set later)
    background_of: int | None = None             # block incident index of that attack, when it is one


@dataclass(slots=True)
class Article:
    """One generated article: its text, how it is filed, and its gold entry (``file`` added by the writer)."""

    index: int
    slug: str
    fmt: str
    text: str
    title: str
    published: dt.date
    meta: dict[str, Any] | None
    gold: dict[str, Any]
    main_incident: int | None = None                                 # index in the block plan
    background_of: list[tuple[str, int]] = field(default_factory=list)  # (gold id, block incident index)


# ----------------------------------------------------------------------------- dates


def time_expression(date: dt.date, published: dt.date, part: str, month_style: str, rng: random.Random,
                    digits: str) -> tuple[str, dict[str, Any]]:
    """How the article dates the event, and what the gold says about that date."""
    lag = (published - date).days
    pod, wd = POD[part], arabic.weekday(date)
    rel_en = f"{part} {WEEKDAY_EN[date.weekday()]}"
    if rng.random() < (0.12 if lag <= 1 else 0.45):
        with_year = rng.random() < 0.6
        dm = arabic.day_month(date, month_style, rng, year=with_year, digits=digits)
        text = rng.choice((f"{pod} {wd} {dm}", f"{pod} يوم {wd} {dm}", f"{pod} {wd} ({dm})", f"في {dm}"))
        if with_year:
            return text, {"date": date}
        return text, {"date": None, "date_month_day": date.strftime("%m-%d"),
                      "relative": f"{rel_en} (year not written)"}
    if lag == 0:
        options = [f"{pod} اليوم {wd}", f"{pod} اليوم", f"اليوم {wd}"]
        if part == "dawn":
            options.append(f"في ساعة مبكرة من صباح اليوم {wd}")
        rel = f"today ({rel_en})"
    elif lag == 1:
        if part == "night":
            options = [f"ليل أمس {wd}", "الليلة الماضية", f"في ساعة متأخرة من ليل أمس {wd}"]
        else:
            options = [f"{pod} أمس {wd}", f"{pod} أمس", f"أمس {wd}", f"{pod} يوم أمس"]
        rel = f"yesterday ({rel_en})"
    elif lag == 2:
        options = [f"{pod} {wd}", f"{pod} أول أمس {wd}", f"{pod} يوم {wd} الماضي"]
        rel = f"two days before publication ({rel_en})"
    else:
        options = [f"{pod} {wd}", f"{pod} يوم {wd} الماضي"]
        rel = f"{lag} days before publication ({rel_en})"
    return rng.choice(options), {"date": None, "relative": rel}


# ----------------------------------------------------------------------------- small helpers


def _joined(first: Piece, second: Piece) -> Piece:
    """Two pieces written as one line (a dateline glued to the lead)."""
    out = Piece(f"{first.text} {second.text}", claims=first.claims + second.claims)
    for src in (first, second):
        for key, forms in src.actors.items():
            out.actors.setdefault(key, []).extend(f for f in forms if f not in out.actors.get(key, []))
        for key, forms in src.places.items():
            out.places.setdefault(key, []).extend(f for f in forms if f not in out.places.get(key, []))
    return out


def _place_markup(form: str, loc: str) -> str:
    return form if "{" in form else f"{{p:{loc}={form}}}"


def _gender_of_phrase(text: str) -> str:
    first = re.sub(r"\{[ap]:[a-z0-9_]+=", "", text).lstrip("{").split(" ")[0]
    return "f" if first.startswith(_FEM_HEADS) or first.endswith("ة") else "m"


def _actor_slot(lib: Library, rng: random.Random, actor_id: str, later: str | None = None) -> Slot:
    surface, gender = rng.choice(lib.actors[actor_id].forms)
    return Slot(f"{{a:{actor_id}={surface}}}", gender, actor_id, False, later)


def _pick(rng: random.Random, entries: list[dict[str, Any]], date: dt.date) -> dict[str, Any] | None:
    live = [e for e in entries if active_at(e, date)]
    if not live:
        return None
    return rng.choices(live, weights=[e.get("weight", e.get("w", 1)) for e in live])[0]


def _part_phrase(k: int, fem: bool) -> str:
    """"أربعة منها" (nominative): part of the munitions."""
    if k == 1:
        return "واحدة" if fem else "واحد"
    if k == 2:
        return "اثنتان" if fem else "اثنان"
    return arabic.cardinal_word(k, fem) if k <= 10 else str(k)


def _part_acc(k: int, fem: bool) -> str:
    """"اعترضت اثنين منها" (accusative)."""
    if k == 1:
        return "واحدة" if fem else "واحداً"
    if k == 2:
        return "اثنتين" if fem else "اثنين"
    if k <= 10:
        return _FEM_ACC[k] if fem else arabic.cardinal_word(k, False)
    return str(k)


def _others(k: int) -> str:
    """"وإصابة ثلاثة آخرين" after a killed count of the same victims."""
    if k == 1:
        return "آخر"
    if k == 2:
        return "اثنين آخرين"
    return f"{arabic.cardinal_word(k, False)} آخرين" if k <= 10 else f"{k} آخرين"


# ----------------------------------------------------------------------------- composer


class Composer:
    """Composes the articles of one block (its plan is shared by them)."""

    def __init__(self, lib: Library, seed: int, plan: BlockPlan) -> None:
        self.lib, self.seed, self.plan = lib, seed, plan

    def article(self, position: int) -> Article:
        spec = self.plan.articles[position]
        k = self.plan.block * len(self.plan.articles) + position
        rng = seeded(self.seed, "article", k)
        if spec.kind == "report":
            return _ReportWriter(self, rng, k, spec).write()
        if spec.kind == "statement":
            return _StatementWriter(self, rng, k, spec).write()
        raise ValueError("copies are written by the corpus writer, not composed")


class _Writer:
    """One article being written: its slots and facts, and the pieces rendered so far."""

    def __init__(self, composer: Composer, rng: random.Random, k: int, spec: Any) -> None:
        self.c, self.lib, self.rng, self.k, self.spec = composer, composer.lib, rng, k, spec
        self.slots: dict[str, Slot] = {}
        self.facts: dict[str, Any] = {}
        self.agr = Agreement()
        self.renderer = Renderer(self.lib, rng, self.slots, self.agr, Recorder())
        self.used_templates: set[int] = set()
        self.published: dt.date = dt.date(2020, 1, 1)
        self.last_template: Template | None = None
        self.lead_index = 1                             # pieces before this are headline / datelines
        self.spoken: set[tuple[str, str]] = set()       # (speaker, type) already in a reaction

    # ---------------------------------------------------------------- rendering
    def piece(self, text: str, claims: tuple[dict[str, Any], ...] = ()) -> Piece:
        """Render markup into a piece; MissingSlot propagates and leaves no trace."""
        rec = Recorder()
        self.renderer.rec = rec
        used = set(self.renderer.used)
        try:
            out = tidy(self.renderer.render(text))
            resolved = []
            for spec in claims:
                who = claim_speaker(spec, self.slots)
                if who is None:
                    raise MissingSlot(str(spec["by"]))
                resolved.append(self._claim(spec, *who))
        except MissingSlot:
            self.renderer.used = used
            raise
        return Piece(out, rec.actors, rec.places, resolved)

    def _claim(self, spec: dict[str, Any], speaker: str, anonymous: bool) -> dict[str, Any]:
        # "_key" (dropped from the gold): who speaks, as written -- two anonymous sources are two speakers
        claim: dict[str, Any] = {"speaker": speaker, "claim_type": spec["type"], "subject": spec.get("subj", ""),
                                 "_key": (speaker if not anonymous and not str(spec["by"]).startswith("lit:")
                                          else f"{speaker}/{spec['by']}", spec["type"])}
        if anonymous:
            claim["speaker_anonymous"] = True
        via = spec.get("via")
        if via and via in self.slots and self.slots[via].speaker:
            claim["via"] = self.slots[via].speaker
        if spec.get("opt") or (speaker in self.lib.actors and self.lib.actors[speaker].optional):
            claim["optional"] = True
        return claim

    def template_piece(self, tpl: Template) -> Piece:
        p = self.piece(tpl.text, tpl.claims)
        if tpl.background:
            p.background = self._context_background(tpl.background, p)
        return p

    def choose(self, section: str, extra: dict[str, Any] | None = None) -> Piece | None:
        """A piece from one template of ``section`` that fits the facts and slots (weighted), or None."""
        facts = {**self.facts, **(extra or {})}
        pool = [t for t in self.lib.sections.get(section, [])
                if t.allowed(facts, self.published) and id(t) not in self.used_templates]
        while pool:
            tpl = self.rng.choices(pool, weights=[t.weight for t in pool])[0]
            pool.remove(tpl)
            used = set(self.renderer.used)
            try:
                p = self.template_piece(tpl)
            except MissingSlot:
                continue
            said = {(c["speaker"], c["claim_type"]) for c in p.claims}
            if section in REACTIONS and said & self.spoken:
                self.renderer.used = used
                continue
            self.spoken |= said
            self.used_templates.add(id(tpl))
            self.last_template = tpl
            return p
        return None

    def _context_background(self, bg: dict[str, Any], p: Piece) -> dict[str, Any]:
        loc = bg["loc"]
        entry: dict[str, Any] = {"optional": True, "event_type": bg["event_type"], "date": dt.date.fromisoformat(
            str(bg["date"])), "date_precision": "day"}
        forms = p.places.get(loc)
        if forms:
            info = self.lib.places[loc]
            entry["place"] = {"en": info.name_en, "ar": list(forms), "admin1": info.admin1 or None,
                              "country": info.country}
        entry["target"] = {"en": self.lib.places[loc].name_en, "type": bg["target_type"]}
        entry["weapon"] = bg["weapon"]
        if bg.get("killed"):
            entry["killed"] = {"min": bg["killed"], "max": bg["killed"]}
        if bg.get("perpetrator"):
            entry["perpetrator"] = bg["perpetrator"]
        return entry

    # ---------------------------------------------------------------- shared slots
    def outlet_slots(self, outlet: dict[str, Any]) -> None:
        lib, rng = self.lib, self.rng
        self.slots["o"] = Slot(f"{{a:{outlet['key']}={rng.choice(outlet['o'])}}}", "f", outlet["key"])
        forms = [f for f, _ in lib.actors[outlet["key"]].forms if len(f) > 4]
        if forms and rng.random() < 0.6:
            self.slots["to_outlet"] = Slot(" {l:{a:" + outlet["key"] + "=" + rng.choice(forms) + "}}")
        else:
            self.slots["to_outlet"] = Slot("")
        country = self.facts.get("country", "IQ")
        others = [o for o in lib.outlets if o["key"] not in (outlet["key"], "syrian_observatory")
                  and country in o["countries"]]
        self.slots["other_outlet"] = _actor_slot(lib, rng, rng.choice(others)["key"])
        self.slots["outlet_footer"] = Slot(f"{{a:{outlet['key']}={outlet['o'][0]}}}")
        self.slots["year"] = Slot(str(self.published.year))

    def people_slots(self, date: dt.date, region: str) -> None:
        """Officials in office at ``date`` (condemnations, statements, accusations, denials)."""
        lib, rng, roles = self.lib, self.rng, self.lib.roles

        def person(role: str, name: str, title_slot: str | None = None) -> None:
            e = _pick(rng, roles.get(role, []), date)
            if e is None:
                return
            self.slots[name] = _actor_slot(lib, rng, e["id"])
            if title_slot:
                self.slots[title_slot] = Slot(e.get("title", ""))

        person("prime_ministers", "pm")
        person("pm_spokesmen", "pm_spox", "pm_spox_title")
        person("speakers_of_parliament", "speaker_parl")
        person("iran_spokesmen", "iran_spox")
        person("krg_spokesmen", "krg_spox", "krg_spox_title")
        person("us_accusers", "accuser", "accuser_title")
        self.facts["accuser_us"] = "accuser" in self.slots
        head = _pick(rng, roles.get("unami_heads", []), date)
        if head is not None and rng.random() < 0.5:
            s = _actor_slot(lib, rng, head["id"])
            s.text = ("الممثلة الخاصة للأمين العام ل{a:un=الأمم المتحدة} في العراق " if s.gender == "f"
                      else "الممثل الخاص للأمين العام ل{a:un=الأمم المتحدة} في العراق ") + s.text
            self.slots["unami"] = s
        else:
            self.slots["unami"] = _actor_slot(lib, rng, "unami")
        self.slots["krg"] = _actor_slot(lib, rng, "krg")
        mission = "us_consulate_erbil" if region == "krg" else "us_embassy_baghdad"
        self.slots["us_mission"] = _actor_slot(lib, rng, mission)
        self.slots["reporter_krg"] = _actor_slot(lib, rng, rng.choice(("krg_moi", "krg")))
        if rng.random() < 0.5:
            self.slots["accuser_sdf"] = _actor_slot(lib, rng, "sdf")
        else:
            s = _actor_slot(lib, rng, "farhad_shami")
            s.text = "المتحدث باسم {a:sdf=قوات سوريا الديمقراطية} " + s.text
            self.slots["accuser_sdf"] = s
        extra = lib.world_extra
        self.slots["accused"] = Slot(rng.choice(extra["accused"]))
        self.slots["accused_q"] = Slot(rng.choice(("{a:iran_backed_militias=الجماعات المدعومة من إيران}",
                                                   "{a:iran_backed_militias=الميليشيات المدعومة من إيران}")))
        d = _pick(rng, [e for e in roles["deniers"] if not e.get("regions") or region in e["regions"]], date)
        if d is not None:
            self.slots["denier"] = _actor_slot(lib, rng, d["id"])
            fem = [f for f, g in lib.actors[d["id"]].forms if g == "f"]
            if fem:
                self.slots["denier_f"] = Slot(f"{{a:{d['id']}={fem[0]}}}", "f", d["id"])
        self.slots["denial_quote"] = Slot(rng.choice(extra["denial_quotes"]))
        v = _pick(rng, roles["faction_voices"], date)
        if v is not None:
            self.slots["voice"] = _actor_slot(lib, rng, v["id"])
            self.slots["voice_title"] = Slot(v["title"])
            self.slots["faction_of_voice"] = _actor_slot(lib, rng, v["faction"])
            self.slots["voice_faction"] = _actor_slot(lib, rng, v["faction"])
            self.slots["voice_short"] = Slot(f"{{a:{v['id']}={lib.actors[v['id']].forms[0][0]}}}", "m", v["id"])

    def padding(self, budget: int, site_key: str | None) -> list[Piece]:
        """Context paragraphs filling about ``budget`` bytes (never the same one twice)."""
        out: list[Piece] = []
        used = 0
        facts = {**self.facts, "site": site_key}
        pool = [t for t in self.lib.sections["context"] if t.allowed(facts, self.published)
                and id(t) not in self.used_templates]
        self.rng.shuffle(pool)
        for tpl in pool:
            if used >= budget or len(out) >= (MAX_CONTEXT if budget < 3000 else 4 * MAX_CONTEXT):
                break
            try:
                p = self.template_piece(tpl)
            except MissingSlot:
                continue
            size = len(p.text.encode()) + 1
            if used + size > budget + 400:
                continue
            self.used_templates.add(id(tpl))
            out.append(p)
            used += size
        return out

    def boilerplate(self, pieces: list[Piece]) -> list[Piece]:
        """"Read also" boxes and a footer, the way scraped pages carry them; sometimes a doubled headline."""
        rng = self.rng
        if len(pieces) > 4 and rng.random() < 0.3:
            for _ in range(rng.choice((1, 1, 2))):
                pieces.insert(rng.randint(self.lead_index + 2, len(pieces)), Piece(rng.choice(self.lib.read_also)))
        if rng.random() < 0.25:
            pieces.append(self.piece(rng.choice(self.lib.footer)))
        if rng.random() < 0.03:
            pieces.insert(0, Piece(pieces[0].text))
        return pieces

    @staticmethod
    def fit(head: list[Piece], tail: list[Piece]) -> list[Piece]:
        """At most MAX_BYTES of text: padding (then body) is dropped from the end."""
        def size(ps: list[Piece]) -> int:
            return len("\n".join(p.text for p in ps).encode())

        while size(head + tail) > MAX_BYTES - 300 and tail:   # room for boilerplate lines
            tail.pop()
        return head + tail

    def gold_actors(self, pieces: list[Piece]) -> list[dict[str, Any]]:
        merged: dict[str, list[str]] = {}
        for p in pieces:
            for actor_id, forms in p.actors.items():
                have = merged.setdefault(actor_id, [])
                have += [f for f in forms if f not in have]
        out = []
        for actor_id, surfaces in merged.items():
            info = self.lib.actors[actor_id]
            entry: dict[str, Any] = {"key": actor_id, "en": info.name_en, "ar": surfaces, "type": info.actor_type}
            if info.optional:
                entry["optional"] = True
            out.append(entry)
        return out

    @staticmethod
    def gold_claims(pieces: list[Piece]) -> list[dict[str, Any]]:
        """The claims in text order; a speaker's sentence that directly follows one of the same type
        continues that claim ("وأضاف المصدر أن ..."), as in sample_corpus/gold.yaml."""
        out: list[dict[str, Any]] = []
        previous: dict[tuple[str, str], dict[str, Any]] = {}
        for p in pieces:
            current: dict[tuple[str, str], dict[str, Any]] = {}
            for c in p.claims:
                key = c["_key"]
                old = previous.get(key) or current.get(key)
                if old is not None:
                    if old.get("optional") and not c.get("optional"):
                        old.pop("optional")
                    current[key] = old
                    continue
                claim = {k: v for k, v in c.items() if k != "_key"}
                out.append(claim)
                current[key] = claim
            previous = current
        return out

    def backgrounds(self, pieces: list[Piece]) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        entries, links = [], []
        for p in pieces:
            if p.background is None:
                continue
            gid = f"g{self.k}-i{len(entries) + 2}"
            entries.append({"id": gid, **p.background})
            if p.background_of is not None:
                links.append((gid, p.background_of))
        return entries, links

    @staticmethod
    def places(pieces: list[Piece]) -> dict[str, list[str]]:
        merged: dict[str, list[str]] = {}
        for p in pieces:
            for lid, forms in p.places.items():
                have = merged.setdefault(lid, [])
                have += [f for f in forms if f not in have]
        return merged

    def place_gold(self, places: dict[str, list[str]], loc: str, extra_ids: set[str]) -> dict[str, Any] | None:
        info = self.lib.places[loc]
        forms: list[str] = []
        for lid in [loc, *sorted(extra_ids - {loc})]:
            forms += [f for f in places.get(lid, []) if f not in forms]
        if not forms:
            return None
        return {"en": info.name_en, "ar": forms, "admin1": info.admin1 or None, "country": info.country}

    def dated_line(self, months: str, digits: str = "digit") -> Piece:
        """A dateline with the publication date, for articles without metadata."""
        dm = arabic.day_month(self.published, months, self.rng, digits=digits)
        return self.piece(f"{{city}} - {arabic.weekday(self.published)} {dm}")


# ----------------------------------------------------------------------------- reports


class _ReportWriter(_Writer):
    """An article reporting one incident (maybe one of several reports of it)."""

    def __init__(self, composer: Composer, rng: random.Random, k: int, spec: Any) -> None:
        super().__init__(composer, rng, k, spec)
        self.report: Report = spec.report
        self.inc: Incident = composer.plan.incidents[self.report.incident]
        self.site = self.lib.site(self.inc.site)
        self.outlet = next(o for o in self.lib.outlets if o["key"] == self.report.outlet)
        self.published = self.inc.date + dt.timedelta(days=self.report.lag)
        self.figures: dict[str, Any] = {}
        self.digits = "digit"
        self.launch_text: str | None = None
        self.date_gold: dict[str, Any] = {}
        self.recalled: set[int] = set()

    # ---------------------------------------------------------------- slots
    def incident_slots(self) -> None:
        rng, inc, site, rep = self.rng, self.inc, self.site, self.report
        loc = site["loc"]
        self.digits = "eastern" if rng.random() < 0.06 else "digit"
        text, self.date_gold = time_expression(inc.date, self.published, inc.part_of_day, self.outlet["months"], rng,
                                               self.digits)
        self.slots["time"] = Slot(text)
        form = rng.choice(site["forms"])
        self.slots["site"] = Slot(_place_markup(form, loc), _gender_of_phrase(form))
        short = rng.choice(site.get("short") or site["forms"])
        self.slots["site2"] = Slot(_place_markup(short, loc), _gender_of_phrase(short))
        bare = re.sub(r"^(قاعدة|حقل|مطار|معسكر) ", "", re.sub(r"\{p:[a-z0-9_]+=([^{}]+)\}", r"\1", short))
        aliases = self.lib_place_aliases(loc)
        self.slots["site_short"] = Slot(_place_markup(bare if fold(bare) in aliases else short, loc))
        where = list(site.get("where") or [])
        self.slots["site_where"] = Slot(rng.choice(where) if where and rng.random() < 0.8 else "")
        if site.get("host") and rng.random() < 0.8:
            self.slots["host"] = Slot(site["host"])
        self.facts["has_host"] = "host" in self.slots
        self.slots["gov"] = Slot(site["gov"])
        if site.get("route"):
            self.slots["route"] = Slot(rng.choice(site["route"]))
        self.slots["city"] = Slot(rng.choice(site["city"]))
        if inc.launch is not None and rng.random() < 0.9:
            self.launch_text = site["launch"][inc.launch]
            self.slots["launch"] = Slot(self.launch_text)
        self.munition_slots()
        self.casualty_slots()
        self.actor_slots()
        self.facts.update({"family": inc.family, "weapon": inc.weapon, "kind": site["kind"], "lag": rep.lag,
                           "has_launch": "launch" in self.slots, "claimed": rep.knows_claim and inc.claimer is not None,
                           "disowned": rep.knows_disown, "perp": inc.perp})

    def lib_place_aliases(self, loc: str) -> set[str]:
        from .templates import _dictionaries

        return _dictionaries()[3].get(loc, set())

    def munition_slots(self) -> None:
        lib, rng, inc, rep = self.lib, self.rng, self.inc, self.report
        weapon = inc.weapon if inc.weapon in lib.munitions else "rocket"
        idx = rng.randrange(len(lib.munitions[weapon]))
        noun, (definite, definite_sg) = lib.munitions[weapon][idx], lib.munition_defs[weapon][idx]
        fig = rep.munitions
        style = "word" if rng.random() < 0.55 else self.digits
        self.agr.fem = noun.fem
        known = fig.style in ("exact", "at_least", "about") and fig.value is not None
        self.facts["mun_known"] = known
        if known:
            q = {"exact": None, "at_least": "at_least", "about": "about"}[fig.style]
            self.slots["mun"] = Slot(arabic.qualified(arabic.count_phrase(fig.value, noun, case="gen", style=style),
                                                      q, rng))
            self.slots["mun_nom"] = Slot(arabic.qualified(arabic.count_phrase(fig.value, noun, case="nom", style=style),
                                                          q, rng))
            self.agr.count = fig.value if fig.style == "exact" else None
            self.figures["munitions"] = {"min": fig.value, "max": None if fig.style == "at_least" else fig.value}
        elif fig.style == "vague" and inc.munitions:
            self.slots["mun"] = Slot(f"عدد من {definite}")
            self.slots["mun_nom"] = Slot(f"عدد من {definite}")
            self.figures["munitions"] = {"min": None, "max": None}
        else:
            self.slots["mun"] = Slot(noun.pl)
            self.slots["mun_nom"] = Slot(noun.pl)
            self.figures["munitions"] = None
        one = known and fig.style == "exact" and fig.value == 1
        self.slots["mun_def"] = Slot(definite_sg if one else definite)
        self.slots["mun_def_cap"] = Slot(definite_sg if one else definite)
        many = (inc.munitions or 1) > 1
        fam = inc.family
        self.slots["weapon_instr"] = Slot({"rocket": "برشقة صاروخية",
                                           "drone": "بطائرات مسيّرة" if many else "بطائرة مسيّرة",
                                           "mortar": "بقذائف الهاون", "ied": "بعبوة ناسفة", "airstrike": "بغارات جوية",
                                           "clash": ""}[fam])
        self.slots["attack_noun"] = Slot({"rocket": "الهجوم الصاروخي", "drone": "الهجوم بالطائرات المسيّرة",
                                          "mortar": "القصف بقذائف الهاون", "ied": "تفجير العبوة الناسفة",
                                          "airstrike": "الغارات", "clash": "الهجوم"}[fam])
        self.slots["attack_noun_indef"] = Slot({"rocket": rng.choice(("هجوم صاروخي", "قصف صاروخي")),
                                                "drone": "هجوم بطائرات مسيّرة" if many else "هجوم بطائرة مسيّرة",
                                                "mortar": "قصف بقذائف الهاون", "ied": "تفجير عبوة ناسفة",
                                                "airstrike": "غارات جوية", "clash": "اشتباكات"}[fam],
                                               "f" if fam in ("airstrike", "clash") else "m")
        self.slots["fell"] = Slot("")
        if known and fig.style == "exact" and fig.value >= 3 and fam in ("rocket", "mortar") and not inc.intercepted \
                and rng.random() < 0.5:
            inside = rng.randint(1, fig.value - 1)
            verb = "سقطت" if noun.fem else "سقط"
            self.slots["fell"] = Slot(f"، {verb} {_part_phrase(inside, noun.fem)} منها داخل {{site2}}، "
                                      f"و{_part_phrase(fig.value - inside, noun.fem)} أخرى خارجها في أرض مفتوحة")
        inter = inc.intercepted if known and fig.style == "exact" and inc.intercepted <= fig.value else 0
        all_inter = bool(inter) and inter == fig.value
        self.facts["intercepted"], self.facts["inter_all"] = bool(inter), all_inter
        self.slots["inter"] = Slot("")
        self.slots["inter_quote"] = Slot("")
        self.figures["intercepted"] = inter or None
        if inter and not all_inter:
            self.slots["inter_n"] = Slot(f"{_part_acc(inter, noun.fem)} منها")
            if fam == "drone":
                self.slots["inter"] = Slot(rng.choice(("، تمكنت الدفاعات الجوية من إسقاط {inter_n}",
                                                       "، أسقطت الدفاعات الجوية {inter_n}")))
                self.slots["inter_quote"] = Slot("، إلا أن الدفاعات الجوية تمكنت من إسقاط {inter_n}")
            else:
                self.slots["inter"] = Slot("، فيما اعترضت منظومة الدفاع الجوي (سي رام) {inter_n}")
        elif all_inter:
            one = fig.value == 1
            self.slots["inter"] = Slot("، تم إسقاطها قبل بلوغ هدفها" if one else "، تم إسقاطها جميعاً قبل بلوغ أهدافها")
            self.slots["inter_quote"] = Slot("، إلا أن الدفاعات الجوية أسقطتها قبل بلوغ هدفها" if one
                                             else "، إلا أن الدفاعات الجوية أسقطتها جميعاً")

    def casualty_slots(self) -> None:
        rng, rep, inc = self.rng, self.report, self.inc
        victims = self.lib.victims[inc.victims]
        style = "word" if rng.random() < 0.6 else self.digits
        kf, jf = rep.killed, rep.injured
        kn = kf.value if kf.style in ("exact", "at_least") else None
        jn = jf.value if jf.style in ("exact", "at_least") else None

        def count(n: int, fig: Figure) -> str:
            return arabic.qualified(arabic.count_phrase(n, victims, case="gen", style=style),
                                    "at_least" if fig.style == "at_least" else None, rng)

        def gold(n: int, fig: Figure) -> dict[str, Any]:
            return {"min": n, "max": None if fig.style == "at_least" else n}

        gold_k: Any = None
        gold_j: Any = None
        tail, sent, head = "", "", ""
        if kn and jn:
            inj = _others(jn) if rng.random() < 0.6 and jf.style == "exact" else count(jn, jf)
            killed = count(kn, kf)
            tail = rng.choice((f"، ما أسفر عن مقتل {killed} وإصابة {inj}", f"، مما أدى إلى مقتل {killed} وإصابة {inj}"))
            sent = f"وأسفر الهجوم عن مقتل {killed} وإصابة {inj}."
            head = f" ومقتل {killed}"
            gold_k, gold_j, cas = gold(kn, kf), gold(jn, jf), "both"
        elif kn:
            killed = count(kn, kf)
            tail = rng.choice((f"، ما أسفر عن مقتل {killed}", f"، مما أدى إلى مقتل {killed}"))
            sent = f"وأسفر الهجوم عن مقتل {killed}."
            head = f" ومقتل {killed}"
            gold_k, cas = gold(kn, kf), "killed"
        elif jn:
            wounds = rng.choice(("", " بجروح", " بجروح طفيفة")) if inc.family != "airstrike" else ""
            injured = count(jn, jf)
            tail = rng.choice((f"، ما أسفر عن إصابة {injured}{wounds}", f"، مما أدى إلى إصابة {injured}{wounds}"))
            sent = f"وأسفر الهجوم عن إصابة {injured}{wounds}."
            head = f" وإصابة {injured}"
            gold_j, cas = gold(jn, jf), "injured"
            if kf.style == "none" and rng.random() < 0.3:
                tail += "، دون وقوع قتلى"
                gold_k = {"min": 0, "max": 0}
        elif kf.style == "none" and jf.style == "none":
            tail = rng.choice(("، دون وقوع خسائر بشرية", "، من دون أن يسفر عن إصابات", "، دون تسجيل أي إصابات بشرية"))
            sent = rng.choice(("ولم يسفر الهجوم عن أي خسائر بشرية.", "ولم تسجل أي إصابات بشرية جراء الهجوم."))
            head = rng.choice((" دون خسائر", " دون إصابات"))
            gold_k, gold_j, cas = {"min": 0, "max": 0}, {"min": 0, "max": 0}, "none"
        else:
            cas = "unknown"
        self.slots["cas_tail"] = Slot(tail)
        if sent:
            self.slots["cas_sent"] = Slot(sent)
        self.slots["cas_head"] = Slot(head)
        if head.startswith(" ومقتل"):
            self.slots["cas_head_lead"] = Slot(head[2:])
        self.facts["cas"] = cas
        self.figures["killed"], self.figures["injured"] = gold_k, gold_j
        hurt = bool((gold_k and gold_k["min"]) or (gold_j and gold_j["min"]))
        self.figures["civilian"] = hurt and bool(victims.civilian)

    def actor_slots(self) -> None:
        lib, rng, inc, site = self.lib, self.rng, self.inc, self.site
        extra = lib.world_extra
        sources = [s for s in extra["sources"]
                   if (not s.get("countries") or site["country"] in s["countries"])
                   and (not s.get("kinds") or site["kind"] in s["kinds"])
                   and (not s.get("families") or inc.family in s["families"])]
        src = rng.choices(sources, weights=[s.get("w", 1) for s in sources])[0]
        self.slots["src"] = Slot(src["t"], src["g"], src["key"], True, list(src["later"]))
        reporters = [r for r in extra["reporters"] if site["region"] in r["regions"]
                     and (not r.get("govs") or any(g in site["gov"] for g in r["govs"]))]
        if reporters:
            r = rng.choices(reporters, weights=[x.get("w", 1) for x in reporters])[0]
            self.slots["reporter"] = _actor_slot(lib, rng, r["id"])
            later = {"security_media_cell": "{a:security_media_cell=الخلية}",
                     "syrian_observatory": "{a:syrian_observatory=المرصد السوري}"}
            if r["id"] in later and rng.random() < 0.5:
                self.slots["reporter"].later = later[r["id"]]
        self.slots["security"] = Slot(rng.choice(extra["security"][site["country"]]))
        if inc.faction:
            self.slots["faction"] = _actor_slot(lib, rng, inc.faction)
        self.slots["perp_adj"] = Slot("أمريكية" if inc.perp == "us" else "مجهولة")
        if inc.claimer:
            c = _actor_slot(lib, rng, inc.claimer)
            wrapped = Slot(f"جماعة تطلق على نفسها اسم \"{c.text}\"", "f", inc.claimer)
            self.slots["claimer"] = c
            self.slots["claimer_intro"] = wrapped if rng.random() < 0.35 else Slot(c.text, c.gender, inc.claimer)
            self.slots["claimer_intro_f"] = c if c.gender == "f" else wrapped
            short = rng.random() < 0.5
            self.slots["claimer_short"] = Slot("الجماعة" if short else c.text, "f" if short else c.gender, inc.claimer)
            if rng.random() < 0.45:
                self.slots["via"] = Slot("{a:sabereen_news=قناة صابرين نيوز} على {a:telegram=تطبيق تلغرام}", "f",
                                         "sabereen_news")
                self.slots["via_phrase"] = Slot("نشرته {via}")
            else:
                self.slots["via"] = Slot("{a:telegram=" + rng.choice(("تلغرام", "تطبيق تلغرام")) + "}", "m", "telegram")
                self.slots["via_phrase"] = Slot(rng.choice(("على {via}", "نشرته على {via}")))
            quotes = extra["claim_quotes"].get(site["kind"]) or extra["claim_quotes"]["default"]
            self.slots["claim_quote"] = Slot(rng.choice(quotes))

    # ---------------------------------------------------------------- writing
    def write(self) -> Article:
        rng, inc, rep, site = self.rng, self.inc, self.report, self.site
        self.facts.update({"country": site["country"], "region": site["region"]})
        self.incident_slots()
        self.people_slots(self.published, site["region"])
        self.outlet_slots(self.outlet)
        fmt = self.spec.fmt
        target = self.target_size()

        head: list[Piece] = [self.choose("headline") or self.piece("{attack_noun_indef} على {site}")]
        title = head[0].text
        dateline_tpl = rng.choice(self.outlet["dateline"])
        hint: dt.date | None = self.published if fmt != "txt" else None
        if fmt == "txt" and rng.random() < 0.75:   # no metadata: the text carries its date
            head.append(self.dated_line(self.outlet["months"], self.digits))
            hint = self.published
            if dateline_tpl.endswith("\n"):
                dateline_tpl = ""
        lead = self.choose("lead")
        lead_tpl = self.last_template.text if lead is not None and self.last_template else ""
        if dateline_tpl.endswith("\n"):
            head.append(self.piece(dateline_tpl.rstrip("\n")))
        if lead is not None:
            if dateline_tpl and not dateline_tpl.endswith("\n"):
                lead = _joined(self.piece(dateline_tpl), lead)
            head.append(lead)
        self.lead_index = len(head) - 1
        brief = target < 1800
        body: list[Piece] = []

        def add(section: str, extra: dict[str, Any] | None = None) -> bool:
            p = self.choose(section, extra)
            if p is not None:
                body.append(p)
            return p is not None

        if not brief or rng.random() < 0.5:
            add("detail")
            if target > 3500 and rng.random() < 0.6:
                add("detail")
        if self.facts["intercepted"] and "{inter}" not in lead_tpl and "إسقاط" not in lead_tpl:
            add("intercept")
        if "{cas_tail}" not in lead_tpl and "cas_sent" in self.slots:
            body.append(self.piece("{cas_sent}"))
        if not brief and rng.random() < 0.5:
            add("damage")
        claimed = self.facts["claimed"]
        if claimed:
            if add("claim"):
                if rng.random() < 0.45:
                    add("threat")
                if rep.knows_disown:
                    add("disown")
        elif inc.family in ("rocket", "drone", "mortar", "ied") and rng.random() < 0.85:
            add("no_claim")
        if inc.family == "airstrike" and inc.perp == "us" and rep.knows_claim:
            add("us_claim")
        reactions = ["denial", "accusation", "condemnation", "condemnation", "statement", "outlet_report", "response"]
        rng.shuffle(reactions)
        n_react = 0 if brief else (rng.randint(1, 3) if target < 3500 else rng.randint(2, 5) if target < 6000
                                   else len(reactions))
        for section in reactions:
            if n_react <= 0:
                break
            if section == "denial" and not (claimed or rng.random() < 0.4):
                continue
            if add(section):
                n_react -= 1
        if not brief and (rng.random() < 0.5 or target > 6000):
            # long pieces recall a string of earlier attacks, each with its own date
            recalls = rng.randint(3, 6) if target > 6000 else (1 if rng.random() < 0.75 else 2)
            for _ in range(recalls):
                p = self.background()
                if p is not None:
                    body.append(p)
        size = len("\n".join(p.text for p in head + body).encode())
        padding = self.padding(target - size, site["key"]) if size < target else []
        if len("\n".join(p.text for p in head + body + padding).encode()) < MIN_BYTES:
            padding += self.padding(MIN_BYTES, None)
        pieces = self.boilerplate([p for p in self.fit(head, body + padding) if p.text])
        text = "\n".join(p.text for p in pieces)
        bgs, links = self.backgrounds(pieces)
        gold = self.gold(pieces, hint, bgs)
        return Article(self.k, f"{site['key']}_{inc.weapon}", fmt, text, title, self.published, self.meta(title, fmt),
                       gold, rep.incident, links)

    def target_size(self) -> int:
        r = self.rng.random()
        if r < 0.1:
            return self.rng.randint(1100, 1700)
        if r < 0.7:
            return self.rng.randint(1700, 4000)
        if r < 0.92:
            return self.rng.randint(4000, 7000)
        return self.rng.randint(7000, 9500)

    def meta(self, title: str, fmt: str) -> dict[str, Any] | None:
        if fmt == "txt":
            return None
        rng = self.rng
        url = self.outlet["url"].format(slug=f"{self.site['key'].replace('_', '-')}-{self.k}",
                                        n=100000 + (self.k * 7919) % 900000)
        date = self.published.isoformat()
        if rng.random() < 0.2:
            date += f"T{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}:00+03:00"
        meta: dict[str, Any] = {"url": url, "outlet": self.outlet["name"], "title": title, "published_date": date}
        if rng.random() < 0.1:
            meta.pop("url")
        return meta

    # ---------------------------------------------------------------- earlier attacks
    def background(self) -> Piece | None:
        """Recall an earlier attack: an earlier incident of this block when one fits, else an invented one."""
        rng, inc = self.rng, self.inc
        plan = self.c.plan
        earlier = [(i, x) for i, x in enumerate(plan.incidents)
                   if x.date <= inc.date - dt.timedelta(days=2) and x.family in ("rocket", "drone", "mortar")
                   and i not in self.recalled
                   and self.lib.site(x.site)["country"] == self.site["country"]
                   and self.lib.site(x.site)["kind"] not in ("convoy", "militia_site", "town")]
        twin = [(i, x) for i, x in earlier if inc.twin_of == i]
        if twin or (earlier and rng.random() < 0.6):
            i, bg = (twin or [rng.choice(earlier)])[0]
            self.recalled.add(i)
            return self._background_piece(bg.date, bg.site, bg.weapon, bg.munitions, i)
        same = self.site["kind"] not in ("convoy", "militia_site", "town") and rng.random() < 0.4
        if same:
            site = self.site
        else:
            region = [s for s in self.lib.sites if s["region"] == self.site["region"]
                      and s["kind"] not in ("convoy", "militia_site", "town")
                      and s["years"][0] <= inc.date.year - (1 if inc.date.month < 7 else 0) <= s["years"][1]]
            site = rng.choice(region or [s for s in self.lib.sites if s["kind"] == "base"])
        weapons = [w for w in site["weapons"] if w in ("rocket", "katyusha", "grad", "drone", "mortar")]
        if not weapons:
            return None
        date = inc.date - dt.timedelta(days=rng.randint(3, 200))
        weapon = rng.choice(weapons)
        n = rng.choice((None, 2, 3, 4)) if weapon != "drone" else rng.choice((None, 1, 2))
        return self._background_piece(date, site["key"], weapon, n, None)

    def _background_piece(self, date: dt.date, site_key: str, weapon: str, n: int | None,
                          block_idx: int | None) -> Piece | None:
        rng = self.rng
        site = self.lib.site(site_key)
        form = rng.choice(site.get("short") or site["forms"])
        gap = (self.inc.date - date).days
        slots = {"bg_site": Slot(_place_markup(form, site["loc"]), _gender_of_phrase(form))}
        relative = gap <= 10 and rng.random() < 0.5
        if relative:
            slots["bg_ago"] = Slot(f"{arabic.small_number_word(gap)} أيام" if 3 <= gap <= 10 else "يومين")
            slots["bg_when"] = Slot("")
            gold_date: dict[str, Any] = {"date": None, "relative": f"{gap} days before the main attack"}
        else:
            style = self.outlet["months"]
            r = rng.random()
            if r < 0.4:
                slots["bg_when"] = Slot(f"في {arabic.day_month(date, style, rng, year=True)}")
                gold_date = {"date": date, "date_precision": "day"}
            elif r < 0.7 and date.year == self.published.year:
                slots["bg_when"] = Slot(f"في {arabic.day_month(date, style, rng, year=False)} الماضي")
                gold_date = {"date": None, "date_month_day": date.strftime("%m-%d"), "date_precision": "day"}
            else:
                slots["bg_when"] = Slot(f"في {arabic.month_name(date.month, style, rng)} {date.year}")
                gold_date = {"date": f"{date.year:04d}-{date.month:02d}", "date_precision": "month"}
        noun = self.lib.munitions[weapon][0]
        family = _EVENT[weapon]
        b_weapon = {"rocket_attack": "بالصواريخ", "shelling": "بقذائف الهاون",
                    "drone_attack": "بطائرة مسيّرة" if (n or 1) == 1 else "بطائرات مسيّرة"}[family]
        slots["bg_b_weapon"] = Slot(b_weapon)
        slots["bg_b_mun"] = Slot("ب" + arabic.count_phrase(n, noun, case="gen") if n else b_weapon)
        slots["bg_cas_tail"] = Slot("")
        facts = {"bg_mun_known": bool(n), "bg_relative": relative, "bg_site_fem": slots["bg_site"].gender == "f"}
        self.slots.update(slots)
        try:
            pool = [t for t in self.lib.sections["background"] if t.allowed(facts)
                    and ("{bg_ago}" in t.text) == relative]
            rng.shuffle(pool)
            for tpl in pool:
                try:
                    p = self.piece(tpl.text, tpl.claims)
                except MissingSlot:
                    continue
                entry: dict[str, Any] = {"optional": True, "event_type": family, **gold_date}
                place = self.place_gold(p.places, site["loc"], set())
                if place:
                    entry["place"] = place
                entry["target"] = {"en": self.lib.places[site["loc"]].name_en, "type": site["target_type"]}
                entry["weapon"] = weapon
                if n and "{bg_b_mun}" in tpl.text:
                    entry["munitions"] = {"min": n, "max": n}
                p.background, p.background_of = entry, block_idx
                return p
            return None
        finally:
            for key in slots:
                self.slots.pop(key, None)

    # ---------------------------------------------------------------- gold
    def gold(self, pieces: list[Piece], hint: dt.date | None, backgrounds: list[dict[str, Any]]) -> dict[str, Any]:
        inc, rep, site = self.inc, self.report, self.site
        claims = self.gold_claims(pieces)
        places = self.places(pieces)
        extra: set[str] = set()
        for phrase in (self.slots["site_where"].text, self.slots.get("route", Slot("")).text,
                       *site["forms"], *(site.get("short") or [])):
            for lid in _PLACE_MARK.findall(phrase):
                if site["kind"] == "convoy" or lid.startswith("gn_") or lid in (
                        "iq_baghdadi", "iq_bgd_green_zone", "iq_erbil_airport", "iq_baghdad_airport", "iq_taji",
                        "sy_rmelan"):
                    extra.add(lid)
        status = "unclaimed"
        said = {(c["speaker"], c["claim_type"]) for c in claims}
        if inc.claimer and (inc.claimer, "responsibility_claim") in said:
            status = "disputed" if (inc.claimer, "denial") in said and rep.knows_disown else "claimed"
        if inc.family == "airstrike" and ("centcom", "responsibility_claim") in said:
            status = "claimed"
        g: dict[str, Any] = {"id": f"g{self.k}-i1", "event_type": inc.event_type, "date": None, **self.date_gold}
        if g.get("date") is None and hint is not None:
            g["date_if_published"] = inc.date
        g["date_precision"] = "day"
        place = self.place_gold(places, site["loc"], extra)
        if place:
            g["place"] = place
        if self.launch_text and "launch" in self.renderer.used:
            ids = _PLACE_MARK.findall(self.launch_text)
            launch = self.place_gold(places, ids[0], set(ids)) if ids else None
            if launch:
                g["launch_place"] = launch
        g["target"] = {"en": "coalition logistics convoy" if site["kind"] == "convoy"
                       else self.lib.places[site["loc"]].name_en, "type": site["target_type"]}
        g["weapon"] = inc.weapon
        g["munitions"] = self.figures.get("munitions")
        g["intercepted"] = self.figures.get("intercepted")
        g["killed"] = self.figures["killed"]
        g["injured"] = self.figures["injured"]
        g["civilian_casualties"] = self.figures["civilian"]
        g["claim_status"] = status
        if status in ("claimed", "disputed"):
            g["claimed_by"] = ["centcom"] if inc.family == "airstrike" else [inc.claimer]
        deniers = [c["speaker"] for c in claims if c["claim_type"] == "denial" and not c.get("optional")]
        if deniers:
            g["denied_by"] = deniers
        if inc.perp == "us":
            g["perpetrator"] = "united_states"
        return {"published_hint": hint, "incidents": [g, *backgrounds], "actors": self.gold_actors(pieces),
                "claims": claims}


# ----------------------------------------------------------------------------- statements


class _StatementWriter(_Writer):
    """An article with positions and threats but no attack (sample_corpus 028/029 style)."""

    def write(self) -> Article:
        rng, lib = self.rng, self.lib
        self.published = self.spec.statement_date
        outlets = [o for o in lib.outlets if "IQ" in o["countries"] and not o.get("regions")]
        outlet = rng.choices(outlets, weights=[o.get("weight", 1) for o in outlets])[0]
        self.facts.update({"country": "IQ", "region": "federal", "family": "statement"})
        self.people_slots(self.published, "federal")
        self.outlet_slots(outlet)
        self.slots["time"] = Slot(rng.choice((f"اليوم {arabic.weekday(self.published)}", "مساء اليوم")))
        self.slots["city"] = Slot("{p:iq_baghdad_city=بغداد}")
        fmt = self.spec.fmt
        fallback = "{voice}: {a:foreign_forces=القوات الأجنبية} يجب أن ترحل"
        head = [self.choose("statement_headline") or self.piece(fallback)]
        title = head[0].text
        hint: dt.date | None = self.published if fmt != "txt" else None
        if fmt == "txt" and rng.random() < 0.8:
            head.append(self.dated_line(outlet["months"]))
            hint = self.published
        lead = self.choose("statement_lead")
        if lead is not None:
            head.append(lead)
        self.lead_index = len(head) - 1
        body = [p for p in (self.choose("statement_body") for _ in range(rng.randint(2, 4))) if p is not None]
        target = rng.randint(1400, 5000)
        size = len("\n".join(p.text for p in head + body).encode())
        padding = self.padding(max(MIN_BYTES - size, target - size), None)
        pieces = self.boilerplate([p for p in self.fit(head, body + padding) if p.text])
        meta = None
        if fmt != "txt":
            meta = {"url": outlet["url"].format(slug=f"statement-{self.k}", n=100000 + (self.k * 7919) % 900000),
                    "outlet": outlet["name"], "title": title, "published_date": self.published.isoformat()}
        bgs, _ = self.backgrounds(pieces)
        gold = {"published_hint": hint, "incidents": bgs, "actors": self.gold_actors(pieces),
                "claims": self.gold_claims(pieces)}
        return Article(self.k, "statement", fmt, "\n".join(p.text for p in pieces), title, self.published, meta, gold)
