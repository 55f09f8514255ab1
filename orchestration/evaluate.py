"""Score a built warehouse against a gold annotation: the project's own extraction scorer.

Why here: issue 3 asks that anyone can measure extraction quality with one command
(``marsad eval``), on the bundled sample corpus or on their own annotated articles, without
reaching outside the repository.  The gold format is the one of ``sample_corpus/gold.yaml``
(and of the shared development gold); only the marts named in the contract are read.

Matching is per article (an article is found by its file name at the end of
``dim_articles.source_uri``):

* **actors** -- a gold actor is found when one of its surface forms (Arabic forms plus the
  English name) agrees with a form the warehouse has for an actor mentioned in that article:
  the mention surfaces, the actor's canonical names and its aliases.  Forms are compared after
  folding (diacritics/tatweel dropped, أ/إ/آ→ا, ى→ي, ة→ه, punctuation to spaces, lower case),
  with and without the article ال on each word; they agree when equal or when one contains the
  other (the contained form at least 4 characters).  A mentioned actor no gold actor claims is
  spurious.
* **incidents** -- gold incidents are taken in order; each takes an unused warehouse incident
  reported by the article whose weapon family agrees (or is unknown on either side) and whose
  place (struck or launch) or date agrees -- among several, the one agreeing on both, then on
  the place, then the first in the article.  A gold date may be a day, a month
  (YYYY-MM) or a year; ``date_if_published`` counts only when the article has a publication
  date.  Matched incidents are then checked field by field: place, date (``date``,
  ``date_month_day`` or ``date_if_published``), munitions / killed / injured ranges (min, and
  max when the gold gives one) and claim status.
* **claims** -- each gold claim takes the first unused warehouse claim of the article with the
  same ``claim_type`` and the same speaker: the warehouse actor(s) matched to the gold speaker
  (or a speaker text agreeing with its forms), or, for an anonymous gold speaker that is not
  a listed actor, an anonymous warehouse speaker.
* ``optional`` gold items are neither rewarded nor penalised: unmatched they are not misses,
  matched they are not hits, and a leftover warehouse incident is absorbed by a leftover
  optional gold incident of a compatible weapon family instead of counting as spurious; an
  optional claim whose speaker the gold does not list matches on type alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

WEAPON_FAMILIES: dict[str, str] = {
    "rocket": "rocket", "katyusha": "rocket", "grad": "rocket", "missile": "rocket",
    "drone": "drone", "airstrike": "airstrike", "ied": "ied", "mortar": "mortar", "gunfire": "gunfire",
}
FIELDS = ("date", "munitions", "killed", "injured", "claim_status", "place")
# Scored twice: against the fused incident (as the shared scorer does: when reports of one incident
# disagree, its range matches none of them) and against the article's own report of it.
REPORT_FIELDS = ("munitions", "killed", "injured", "claim_status")
MIN_CONTAINED = 4  # a form must be this long to count when it only appears inside another

# ------------------------------------------------------------------------------- text folding

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[\"'“”«»()\[\]،,.:;!?؟\-_/]")


def fold(text: object) -> str:
    """Comparable form of a surface: marks dropped, letters folded, punctuation to spaces."""
    if not text:
        return ""
    s = _MARKS.sub("", str(text)).translate(_FOLD)
    return " ".join(_PUNCT.sub(" ", s).split()).lower()


def _without_article(form: str) -> str:
    return " ".join(w[2:] if len(w) > 4 and w.startswith("ال") else w for w in form.split())


def _variants(forms: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for f in forms:
        if f:
            out.add(f)
            out.add(_without_article(f))
    out.discard("")
    return out


def forms_agree(gold_forms: Iterable[object], system_forms: Iterable[str]) -> bool:
    """Do two sets of surfaces name the same thing (equal, or one contained in the other)?"""
    gold = _variants(fold(g) for g in gold_forms)
    system = _variants(system_forms)
    for g in gold:
        for s in system:
            if g == s or (len(g) >= MIN_CONTAINED and g in s) or (len(s) >= MIN_CONTAINED and s in g):
                return True
    return False


def date_agrees(system: object, gold: object) -> bool:
    """A gold date is a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)."""
    if not system or gold is None:
        return False
    s, g = str(system), str(gold)
    return s == g if len(g) == 10 else s.startswith(g)


def family(weapon: object) -> object:
    return WEAPON_FAMILIES.get(weapon, weapon) if isinstance(weapon, str) else weapon


# ------------------------------------------------------------------------------- results


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Accuracy:
    correct: int = 0
    of: int = 0

    def add(self, ok: bool) -> None:
        self.of += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.of if self.of else None


@dataclass
class ArticleResult:
    file: str
    found: bool
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    actors: Score = field(default_factory=Score)
    incidents: Score = field(default_factory=Score)
    claims: Score = field(default_factory=Score)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {k: Accuracy() for k in FIELDS})
    # the same figures read from this article's own report (fct_incident_reports), not the fused incident
    report_fields: dict[str, Accuracy] = field(default_factory=lambda: {k: Accuracy() for k in REPORT_FIELDS})
    articles: list[ArticleResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, in the shape the shared scorer's ``--json`` writes (plus ``details``)."""
        return {
            "actors": self.actors.as_dict(), "incidents": self.incidents.as_dict(), "claims": self.claims.as_dict(),
            "fields": {k: {"correct": v.correct, "of": v.of,
                           "accuracy": None if v.accuracy is None else round(v.accuracy, 3)}
                       for k, v in self.fields.items()},
            "report_fields": {k: {"correct": v.correct, "of": v.of,
                                  "accuracy": None if v.accuracy is None else round(v.accuracy, 3)}
                              for k, v in self.report_fields.items()},
            "details": [asdict(a) for a in self.articles],
        }


# ------------------------------------------------------------------------------- the marts


class Marts:
    """What the scorer needs from the warehouse, read once (read-only connection)."""

    def __init__(self, warehouse: Path) -> None:
        import duckdb

        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            self._load(con)
        finally:
            con.close()

    @staticmethod
    def _rows(con, sql: str) -> list[dict[str, Any]]:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    @staticmethod
    def _columns(con, table: str) -> set[str]:
        return {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?",
            [table]).fetchall()}

    def _load(self, con) -> None:
        self.articles = self._rows(con, "select article_id, source_uri, published_date from marts.dim_articles")
        self.actor_names: dict[str, set[str]] = {}
        for r in self._rows(con, "select actor_id, name_ar, name_en from marts.dim_actors"):
            self.actor_names.setdefault(r["actor_id"], set()).update(f for f in (fold(r["name_ar"]),
                                                                                 fold(r["name_en"])) if f)
        alias_cols = self._columns(con, "dim_actor_aliases")
        alias = next((c for c in ("alias", "alias_ar") if c in alias_cols), None)
        if alias:
            for r in self._rows(con, f"select actor_id, {alias} as alias from marts.dim_actor_aliases"):
                self.actor_names.setdefault(r["actor_id"], set()).add(fold(r["alias"]))
        places = {r["location_id"]: {fold(r["name_ar"]), fold(r["name_en"])} - {""}
                  for r in self._rows(con, "select location_id, name_ar, name_en from marts.dim_locations")}
        has_launch = "launch_location_id" in self._columns(con, "fct_incidents")
        incidents = {r["incident_id"]: r for r in self._rows(con, "select * from marts.fct_incidents")}
        for r in incidents.values():
            r["_places"] = set(places.get(r.get("location_id"), set()))
            if has_launch:
                r["_places"] |= places.get(r.get("launch_location_id"), set())
        self.incidents_by_article: dict[str, list[dict]] = {}
        for r in self._rows(con, "select distinct article_id, incident_id from marts.fct_incident_reports "
                                 "order by article_id, incident_id"):
            if r["incident_id"] in incidents:
                self.incidents_by_article.setdefault(r["article_id"], []).append(incidents[r["incident_id"]])
        self.reports: dict[tuple[str, str], dict] = {}
        for r in self._rows(con, "select * from marts.fct_incident_reports order by article_id, incident_id, "
                                 "frame_index"):
            self.reports.setdefault((r["article_id"], r["incident_id"]), r)
        self.mentions_by_article: dict[str, list[dict]] = {}
        for r in self._rows(con, "select article_id, actor_id, surface from marts.fct_actor_mentions "
                                 "order by article_id, char_start"):
            self.mentions_by_article.setdefault(r["article_id"], []).append(r)
        self.claims_by_article: dict[str, list[dict]] = {}
        for r in self._rows(con, "select * from marts.fct_claims order by article_id, char_start, claim_id"):
            self.claims_by_article.setdefault(r["article_id"], []).append(r)

    def article(self, file_name: str) -> dict[str, Any] | None:
        for a in self.articles:
            if str(a["source_uri"] or "").replace("\\", "/").endswith(file_name):
                return a
        return None


# ------------------------------------------------------------------------------- scoring


def _required(items: Iterable[dict]) -> int:
    return sum(1 for x in items if not x.get("optional"))


def _score_actors(gold: dict[str, dict], mentions: list[dict], marts: Marts, ev: Evaluation,
                  out: ArticleResult) -> dict[str, set[str]]:
    system: dict[str, set[str]] = {}
    for m in mentions:
        system.setdefault(m["actor_id"], set()).add(fold(m["surface"]))
    for actor_id, forms in system.items():
        forms |= marts.actor_names.get(actor_id, set())
    matched: dict[str, set[str]] = {}
    claimed: set[str] = set()
    for key, g in gold.items():
        hits = {a for a, forms in system.items() if forms_agree([*g.get("ar", []), g.get("en", "")], forms)}
        if hits:
            matched[key] = hits
            claimed |= hits
            if not g.get("optional"):
                ev.actors.tp += 1
        elif not g.get("optional"):
            ev.actors.fn += 1
            out.missed.append(f"actor {key}")
    for actor_id, forms in system.items():
        if actor_id not in claimed:
            ev.actors.fp += 1
            out.spurious.append(f"actor {actor_id} {sorted(forms)[:2]}")
    return matched


def _gold_places(gi: dict) -> list[str]:
    forms: list[str] = []
    for key in ("place", "launch_place"):
        p = gi.get(key)
        if isinstance(p, dict):
            forms += [*(p.get("ar") or []), p.get("en") or ""]
    return forms


def _figure_ok(gold: object, lo: object, hi: object) -> bool | None:
    """None when the gold gives no figure; else whether (lo, hi) is it (an open gold max accepts any)."""
    if not isinstance(gold, dict) or gold.get("min") is None:
        return None
    return lo == gold["min"] and (gold.get("max") is None or hi == gold["max"])


def _check_report_fields(gi: dict, report: dict | None, ev: Evaluation) -> None:
    """The article's own figures and claim status (``fct_incident_reports``) against its gold."""
    if report is None:
        return
    for name in ("munitions", "killed", "injured"):
        ok = _figure_ok(gi.get(name), report.get(f"{name}_min"), report.get(f"{name}_max"))
        if ok is not None:
            ev.report_fields[name].add(ok)
    if gi.get("claim_status"):
        ev.report_fields["claim_status"].add(report.get("claim_status") == gi["claim_status"])


def _check_fields(gi: dict, si: dict, place_ok: bool, published: bool, ev: Evaluation, out: ArticleResult) -> None:
    ev.fields["place"].add(place_ok)
    sdate = str(si["incident_date"]) if si.get("incident_date") else ""
    expected = ok = None
    if gi.get("date"):
        expected, ok = str(gi["date"]), date_agrees(sdate, gi["date"])
    elif gi.get("date_month_day"):
        expected, ok = f"*-{gi['date_month_day']}", bool(sdate) and sdate.endswith(str(gi["date_month_day"]))
    elif gi.get("date_if_published") and published:
        expected, ok = str(gi["date_if_published"]), date_agrees(sdate, gi["date_if_published"])
    if expected is not None:
        ev.fields["date"].add(bool(ok))
        if not ok:
            out.missed.append(f"{gi['id']} date {sdate or None} != {expected}")
    for name in ("munitions", "killed", "injured"):
        lo, hi = si.get(f"{name}_min"), si.get(f"{name}_max")
        ok = _figure_ok(gi.get(name), lo, hi)
        if ok is None:
            continue
        ev.fields[name].add(ok)
        if not ok:
            out.missed.append(f"{gi['id']} {name} {lo}-{hi} != {gi.get(name)}")
    if gi.get("claim_status"):
        ok = si.get("claim_status") == gi["claim_status"]
        ev.fields["claim_status"].add(ok)
        if not ok:
            out.missed.append(f"{gi['id']} claim_status {si.get('claim_status')} != {gi['claim_status']}")


def _score_incidents(gold: list[dict], system: list[dict], published: bool, ev: Evaluation,
                     out: ArticleResult, reports: Mapping[str, dict] | None = None) -> None:
    """``reports``: incident id -> this article's report of it, for the per-report figures."""
    used: set[str] = set()
    matched: set[str] = set()
    for gi in gold:
        fam, gdate, gplaces = family(gi.get("weapon")), gi.get("date") or gi.get("date_if_published"), _gold_places(gi)
        hit, best = None, (0, 0)
        for si in system:  # the candidate agreeing on most (place and date, then place), first on ties
            if si["incident_id"] in used:
                continue
            sfam = family(si.get("weapon"))
            if fam and sfam and fam != sfam:
                continue
            place_ok = bool(gplaces) and forms_agree(gplaces, si["_places"])
            date_ok = date_agrees(si.get("incident_date"), gdate)
            rank = (int(place_ok) + int(date_ok), int(place_ok))
            if rank > best:
                hit, best = (si, place_ok), rank
        if hit is None:
            if not gi.get("optional"):
                ev.incidents.fn += 1
                out.missed.append(f"incident {gi['id']}")
            continue
        si, place_ok = hit
        used.add(si["incident_id"])
        matched.add(gi["id"])
        if not gi.get("optional"):
            ev.incidents.tp += 1
            _check_fields(gi, si, place_ok, published, ev, out)
            _check_report_fields(gi, (reports or {}).get(si["incident_id"]), ev)
    spare = [gi for gi in gold if gi.get("optional") and gi["id"] not in matched]
    for si in system:
        if si["incident_id"] in used:
            continue
        sfam = family(si.get("weapon"))
        background = next((gi for gi in spare if family(gi.get("weapon")) in (sfam, None)), None)
        if background is not None:
            spare.remove(background)
            continue
        ev.incidents.fp += 1
        where = si.get("location_id") or "?"
        out.spurious.append(f"incident {si['incident_id']} {si.get('event_type')} {si.get('incident_date')} {where}")


def _speaker_ok(gc: dict, sc: dict, gold_actors: dict[str, dict], matched: dict[str, set[str]]) -> bool:
    speaker = str(gc.get("speaker") or "")
    anonymous = speaker.startswith("anonymous") or (bool(gc.get("speaker_anonymous")) and speaker not in gold_actors)
    if anonymous:
        return bool(sc.get("speaker_anonymous"))
    if speaker not in gold_actors:
        return bool(gc.get("optional"))  # an optional claim by someone the gold does not list: type suffices
    if sc.get("speaker_actor_id") in matched.get(speaker, set()):
        return True
    return bool(sc.get("speaker_text")) and forms_agree(gold_actors[speaker].get("ar", []), [fold(sc["speaker_text"])])


def _score_claims(gold: list[dict], system: list[dict], gold_actors: dict[str, dict],
                  matched: dict[str, set[str]], ev: Evaluation, out: ArticleResult) -> None:
    used: set[str] = set()
    for gc in gold:
        hit = next((sc for sc in system if sc["claim_id"] not in used and sc.get("claim_type") == gc["claim_type"]
                    and _speaker_ok(gc, sc, gold_actors, matched)), None)
        if hit is None:
            if not gc.get("optional"):
                ev.claims.fn += 1
                out.missed.append(f"claim {gc.get('speaker')} {gc['claim_type']}: {str(gc.get('subject', ''))[:60]}")
            continue
        used.add(hit["claim_id"])
        if not gc.get("optional"):
            ev.claims.tp += 1
    for sc in system:
        if sc["claim_id"] not in used:
            ev.claims.fp += 1
            speaker = sc.get("speaker_text") or sc.get("speaker_actor_id")
            out.spurious.append(f"claim {sc.get('claim_type')} by {speaker}")


def gold_articles(gold_path: Path) -> Iterable[dict]:
    """The article entries of a gold file: YAML (``articles:`` list) or JSON Lines, read line by line.

    A ``.jsonl`` gold (written by ``marsad generate --gold FILE.jsonl`` for very large corpora)
    holds one article object per line, plus lines holding ``same_incident`` / ``distinct_incidents``
    groups and a header, which scoring does not need.
    """
    path = Path(gold_path)
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    if "file" in obj:
                        yield obj
        return
    gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    yield from gold.get("articles", [])


def evaluate(warehouse: Path, gold_path: Path) -> Evaluation:
    """Score ``warehouse`` (a built DuckDB file) against the gold at ``gold_path`` (YAML or JSON Lines).

    An entry with ``duplicate_of`` is a verbatim copy of another file: the warehouse stores the
    text once (under the first file name), so the copy has nothing of its own to score.
    """
    marts = Marts(warehouse)
    ev = Evaluation()
    for art in gold_articles(gold_path):
        if art.get("duplicate_of"):
            continue
        out = ArticleResult(file=art["file"], found=False)
        ev.articles.append(out)
        row = marts.article(art["file"])
        if row is None:  # everything the gold expects from it is missed
            ev.actors.fn += _required(art.get("actors", []))
            ev.incidents.fn += _required(art.get("incidents", []))
            ev.claims.fn += _required(art.get("claims", []))
            continue
        out.found = True
        aid = row["article_id"]
        gold_actors = {a["key"]: a for a in art.get("actors", [])}
        matched = _score_actors(gold_actors, marts.mentions_by_article.get(aid, []), marts, ev, out)
        published = bool(row.get("published_date"))
        system = marts.incidents_by_article.get(aid, [])
        reports = {si["incident_id"]: marts.reports.get((aid, si["incident_id"])) for si in system}
        _score_incidents(art.get("incidents", []), system, published, ev, out, reports)
        _score_claims(art.get("claims", []), marts.claims_by_article.get(aid, []), gold_actors, matched, ev, out)
    return ev


def format_report(ev: Evaluation, *, details: bool = True) -> list[str]:
    """Plain-text lines: per-article misses and spurious rows, then the scores."""
    lines: list[str] = []
    if details:
        for a in ev.articles:
            if not a.missed and not a.spurious and a.found:
                continue
            lines.append(f"== {a.file}" + ("" if a.found else "  (article not in marts.dim_articles)"))
            lines += [f"   missed   {m}" for m in a.missed]
            lines += [f"   spurious {s}" for s in a.spurious]
    for name in ("actors", "incidents", "claims"):
        s: Score = getattr(ev, name)
        lines.append(f"{name:10s} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  (tp={s.tp} fp={s.fp} fn={s.fn})")
    for name, acc in ev.fields.items():
        value = "n/a" if acc.accuracy is None else f"{acc.accuracy:.3f}"
        lines.append(f"field {name:13s} {acc.correct}/{acc.of}  accuracy={value}")
    for name, acc in ev.report_fields.items():
        value = "n/a" if acc.accuracy is None else f"{acc.accuracy:.3f}"
        lines.append(f"report field {name:6s} {acc.correct}/{acc.of}  accuracy={value}"
                     "  (this article's own report, before fusion)")
    return lines
