"""Clitic-aware dictionary matching of actor and place names in normalised Arabic text.

:class:`DictionaryMatcher` is built once from ``(entity_id, alias, context_required)`` rows
(tuples, dicts or :class:`extractors.dictionaries.AliasRecord`) and finds every alias in a
:class:`~extractors.normalize.NormalizedText` with one Aho-Corasick pass (pyahocorasick).

How a text is matched
---------------------
*Skeleton.*  Aliases and text are compared on a "skeleton" of the normalised text: quote marks
(``" “ ” « » „ ‹ › '``) are removed and whitespace runs collapsed to one space (a run containing a
line break becomes ``\\n``, so names never match across paragraphs).  So ``كتائب "حزب الله"`` still
matches the alias ``كتائب حزب الله`` and a double space does not break ``الحشد  الشعبي``.  A removed
quote still counts as a token boundary (``موقع"تويتر"``).  A skeleton->normalised index map, then
``NormalizedText.to_original``, gives exact spans in the published text:
``nt.original[m.start:m.end] == m.surface`` always holds.

*Boundaries.*  A match must end at a token end (a non-letter/digit, a removed quote or the end
of the text follows) and must start either at a token start or right after a proclitic chain
attached to the token: ``و ف ب ل ك`` and ``وب ول وك فب فل فك`` (``والعصائب``, ``بالحشد``,
``وبغداد``).  An alias beginning with ``ال`` also matches its bare form after ``لل`` / ``ولل`` /
``فلل`` (``للحشد الشعبي`` = ل + الحشد الشعبي with the alif elided).  Via a clitic, aliases must
have at least ``min_clitic_alias_len`` letters (default 3) so two-letter names do not fire inside
ordinary words.  Quotes and tatweel between clitic and name are handled by the skeleton
(``لـ"الترا عراق"``, ``و«صابرين نيوز»``).

*Span decision.*  The returned span covers the name only, never the proclitic: ``بالحشد الشعبي``
gives ``الحشد الشعبي``.  For the fused ``لل`` form the span starts at the second ل (the
article's remaining letter): ``للحشد الشعبي`` gives ``لحشد الشعبي``.  Quotes around the name are
outside the span; quotes *inside* a multi-word name stay (``كتائب "حزب الله``).

*Overlaps.*  Candidates are taken left to right, longest first at each start; a candidate that
starts inside an accepted match is dropped (so nested shorter aliases disappear and the longest
alias wins: ``هيئة الحشد الشعبي`` beats ``الحشد الشعبي``).

*Context-required aliases* (``العصائب``, ``الصدر``, ``المهندس`` ...) count only when a non-context
alias of a candidate entity occurred earlier in the same text; among several candidates the one
named in full most recently wins; ``Match.kind`` is then ``'context'``.  An unresolvable
context alias is skipped and does not block shorter overlapping candidates.

*Ambiguous aliases.*  When one normalised alias belongs (non-context) to several entities, the
entity mentioned most recently earlier in the text wins, else the one whose row came first.

Speed (measured on the dev container, Python 3.11, pyahocorasick 2.x): building from 5,000
random aliases (7,500 automaton keys with the bare ``ال``-less variants) takes ~0.15 s; ``find``
on a 5,000-character article takes ~2 ms (``normalize`` of that article ~1 ms).  Matching is one
automaton pass plus O(1) work per raw hit, i.e. linear in the text for a fixed dictionary, so
thousands of articles against thousands of aliases is seconds.  Build once and reuse
(``extractors.dictionaries.actor_matcher()`` / ``location_matcher()`` cache one per data dir).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from extractors.normalize import NormalizedText, normalize, normalize_term

PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
BARE_PREFIXES = frozenset({"لل", "ولل", "فلل"})  # ل + the ل of an article whose alif is elided
QUOTE_CHARS = frozenset("\"“”«»„‟‹›'`″")
_MAX_PREFIX = 3


@dataclass(frozen=True)
class Match:
    entity_id: str
    start: int  # original offsets
    end: int
    surface: str  # original text
    norm_start: int  # offsets in NormalizedText.text
    norm_end: int
    kind: str  # 'alias' | 'context'
    alias: str  # the dictionary alias (as written in the alias table) that produced the match


@dataclass(frozen=True)
class _Entry:
    entity_id: str
    alias: str
    context_required: bool
    bare: bool  # the alias minus its leading ال, only valid after لل
    order: int  # row order, for deterministic tie-breaking


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# A maximal run of quote marks and whitespace: what the skeleton removes or collapses.  (Python's
# \s is exactly str.isspace(), and \w is str.isalnum() plus "_", for every code point.)
_GAP_CHARS = "[" + re.escape("".join(sorted(QUOTE_CHARS))) + r"\s]"
# Only the gaps that change something: a single " " between two kept characters maps to itself,
# so it stays inside the segment that is copied as is.  Leading and trailing gaps always vanish.
_GAP = re.compile(rf"^{_GAP_CHARS}+|{_GAP_CHARS}+\Z|{_GAP_CHARS}{{2,}}|(?! ){_GAP_CHARS}")
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=64)
def _skeleton(text: str) -> tuple[str, list[int], bytearray]:
    """Quote-free, whitespace-collapsed copy of ``text``.

    Returns (skeleton, map skeleton index -> text index, brk) where ``brk[k]`` is 1 when a quote
    mark was removed just before skeleton position k (a token boundary).  ``brk`` has one extra
    slot at the end.

    Each gap (run of quotes and whitespace) between two kept characters becomes one space (a
    line feed if it holds one), mapped to the gap's first whitespace character; a gap of quotes
    only disappears.  The kept character or space right after a removed quote gets ``brk`` 1.
    Work is per unusual gap (regex), not per character: this runs on every article.
    """
    parts: list[str] = []
    smap: list[int] = []
    brk = bytearray()
    gap_quote = False  # the gap before the next kept segment held a quote mark
    gap_space = -1  # ... and this is its first whitespace character (-1: none)
    gap_nl = False

    def emit(p: int, q: int) -> None:
        first = 1 if gap_quote else 0
        if gap_space >= 0 and parts:
            parts.append("\n" if gap_nl else " ")
            smap.append(gap_space)
            brk.append(first)
            first = 0
        parts.append(text[p:q])
        smap.extend(range(p, q))
        brk.append(first)
        brk.extend(bytes(q - p - 1))

    pos = 0
    for m in _GAP.finditer(text):
        a, b = m.span()
        if a > pos:
            emit(pos, a)
        gap = m.group()
        gap_quote = not gap.isspace()
        ws = _SPACE.search(text, a, b)
        gap_space = ws.start() if ws is not None else -1
        gap_nl = "\n" in gap
        pos = b
    if pos < len(text):
        emit(pos, len(text))
    brk.append(1)
    return "".join(parts), smap, brk


def _key(alias: str) -> str:
    """The automaton key of an alias: normalised, quote-free, single-spaced."""
    return _skeleton(normalize_term(alias))[0].strip()


def _coerce_row(row: Any) -> tuple[str, str, bool]:
    from extractors.dictionaries import parse_bool

    if isinstance(row, Mapping):
        eid = row.get("entity_id") or row.get("actor_id") or row.get("location_id")
        return str(eid), str(row.get("alias", "")), parse_bool(row.get("context_required", False))
    if hasattr(row, "entity_id") and hasattr(row, "alias"):
        return row.entity_id, row.alias, parse_bool(getattr(row, "context_required", False))
    eid, alias, *rest = row
    return str(eid), str(alias), parse_bool(rest[0]) if rest else False


class DictionaryMatcher:
    """Find dictionary aliases in normalised text (see the module docstring for the rules)."""

    def __init__(self, rows: Iterable[Any], *, min_clitic_alias_len: int = 3) -> None:
        self.min_clitic_alias_len = min_clitic_alias_len
        table: dict[str, list[_Entry]] = {}
        seen: dict[tuple[str, str, bool], int] = {}
        order = 0
        for row in rows:
            entity_id, alias, context_required = _coerce_row(row)
            key = _key(alias)
            if not entity_id or not key:
                continue
            variants = [(key, False)]
            if key.startswith("ال") and len(key) - 2 >= self.min_clitic_alias_len:
                variants.append((key[2:], True))
            for k, bare in variants:
                ident = (k, entity_id, bare)
                if ident in seen:  # same form twice for one entity: keep the non-context reading
                    entries = table[k]
                    idx = seen[ident]
                    if entries[idx].context_required and not context_required:
                        old = entries[idx]
                        entries[idx] = _Entry(old.entity_id, old.alias, False, old.bare, old.order)
                    continue
                table.setdefault(k, []).append(_Entry(entity_id, alias, context_required, bare, order))
                seen[ident] = len(table[k]) - 1
            order += 1
        self._automaton = ahocorasick.Automaton()
        for k, entries in table.items():
            self._automaton.add_word(k, (len(k), tuple(entries)))
        self._n_keys = len(table)
        self._entity_ids = frozenset(e.entity_id for entries in table.values() for e in entries)
        if self._n_keys:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return self._n_keys

    @property
    def entity_ids(self) -> frozenset[str]:
        return self._entity_ids

    def find(self, nt: NormalizedText | str, context: Iterable[str] = ()) -> list[Match]:
        """All resolved matches in ``nt`` (a NormalizedText, or a raw string to normalise), in text order.

        ``context``: entity ids known to be in context before the text starts (e.g. the outlet that
        published it), so that their context-required aliases resolve from the first mention."""
        if isinstance(nt, str):
            nt = normalize(nt)
        if not self._n_keys or not nt.text:
            return []
        skel, smap, brk = _skeleton(nt.text)
        n = len(skel)
        candidates: list[tuple[int, int, tuple[_Entry, ...]]] = []
        for end_idx, (klen, entries) in self._automaton.iter(skel):
            e = end_idx + 1
            if e < n and _is_word(skel[e]) and not brk[e]:
                continue  # not at a token end
            s = e - klen
            at_token_start = s == 0 or not _is_word(skel[s - 1]) or brk[s]
            prefix = ""
            if not at_token_start:
                j = s
                while j > 0 and s - j <= _MAX_PREFIX and _is_word(skel[j - 1]) and not brk[j]:
                    j -= 1
                if s - j > _MAX_PREFIX or not (j == 0 or not _is_word(skel[j - 1]) or brk[j]):
                    continue
                prefix = skel[j:s]
            long_enough = klen - skel.count(" ", s, e) >= self.min_clitic_alias_len
            valid = []
            for entry in entries:
                if entry.bare:
                    ok = prefix in BARE_PREFIXES
                else:
                    ok = at_token_start or (prefix in PROCLITICS and long_enough)
                if ok:
                    valid.append(entry)
            if not valid:
                continue
            start = s - 1 if valid[0].bare and all(v.bare for v in valid) else s
            if any(v.bare for v in valid) and not all(v.bare for v in valid):
                valid = [v for v in valid if not v.bare]  # the plain reading of the same key wins
            candidates.append((start, e, tuple(valid)))

        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        last_full: dict[str, int] = {eid: -1 for eid in context}
        last_any: dict[str, int] = {}
        out: list[Match] = []
        taken_until = 0
        for start, end, entries in candidates:
            if start < taken_until:
                continue
            resolved = self._resolve(entries, last_full, last_any)
            if resolved is None:
                continue
            entry, kind = resolved
            norm_start, norm_end = smap[start], smap[end - 1] + 1
            o_start, o_end = nt.to_original(norm_start, norm_end)
            out.append(Match(entity_id=entry.entity_id, start=o_start, end=o_end,
                             surface=nt.original[o_start:o_end], norm_start=norm_start, norm_end=norm_end,
                             kind=kind, alias=entry.alias))
            taken_until = end
            last_any[entry.entity_id] = start
            if kind == "alias":
                last_full[entry.entity_id] = start
        return out

    @staticmethod
    def _resolve(entries: tuple[_Entry, ...], last_full: dict[str, int],
                 last_any: dict[str, int]) -> tuple[_Entry, str] | None:
        full = [e for e in entries if not e.context_required]
        if full:
            if len(full) == 1:
                return full[0], "alias"
            best = max(full, key=lambda e: (last_any.get(e.entity_id, -1), -e.order))
            return best, "alias"
        ctx = [e for e in entries if e.entity_id in last_full]
        if not ctx:
            return None
        best = max(ctx, key=lambda e: (last_full[e.entity_id], -e.order))
        return best, "context"


# --------------------------------------------------------------------------- unverified organisations


@dataclass(frozen=True)
class OrgCandidate:
    """A possible organisation name not in the dictionary: cue word + name ("حركة "أهل الكهف"")."""

    name: str  # the name as written, without cue and quotes (original text)
    start: int  # original offsets of ``name``
    end: int
    norm_start: int
    norm_end: int
    cue: str  # the cue as listed in the lexicon
    actor_type: str
    surface: str  # original text from the cue to the end of the name (closing quote included)
    surface_start: int
    surface_end: int
    quoted: bool
    cue_in_name: bool  # "كتائب ..." (the cue is part of the name) vs "فصيل ..." (a descriptor)

    @property
    def display_name(self) -> str:
        """The name an analyst would register: with the cue when the cue is part of it."""
        if not self.cue_in_name:
            return self.name
        return self.surface.replace('"', "").replace("«", "").replace("»", "").replace("“", "").replace("”", "")


# Cues that head a proper name ("كتائب سيد الشهداء", "حركة النجباء"); others are descriptors.
_CUE_IN_NAME = {normalize_term(w) for w in (
    "كتائب", "سرايا", "عصائب", "ألوية", "لواء", "فيلق", "عصبة", "حركة", "جبهة", "تنظيم", "منظمة", "حزب",
    "تيار", "قوات", "جيش", "تجمع", "هيئة", "أفواج", "فوج", "مجلس", "اتحاد", "ائتلاف",
)}
# Plural descriptors: "فصائل المقاومة", "جماعات مسلحة" are almost always generic -- quoted names only.
_QUOTED_ONLY_CUES = {normalize_term(w) for w in (
    "فصائل", "جماعات", "ميليشيات", "مليشيات", "مجاميع", "مجموعات", "حركات", "تنظيمات", "فرق", "خلايا", "قوى",
)}
# Cues that are also ordinary nouns or titles ("حركة السير", "اللواء الركن"): unquoted names must
# begin with a definite token or a typical name head.
_WEAK_CUES = {normalize_term(w) for w in (
    "حركة", "جماعة", "مجموعة", "لواء", "فصيل", "تنظيم", "جبهة", "خلية", "فرقة", "قوة", "قوات", "تيار", "منظمة",
    "هيئة", "ميليشيا", "مليشيا", "تجمع", "جيش", "حزب", "مجلس", "فوج",
)}
_NAME_HEADS = {normalize_term(w) for w in (
    "أبو", "ابو", "أبي", "أنصار", "أهل", "أولياء", "سيد", "سيدة", "حزب", "ثأر", "ثار", "جند", "جنود", "بقية",
    "رجال", "أسود", "أحرار", "شباب", "درع", "حماة", "قبضة", "أصحاب", "عصبة", "بدر", "كتائب", "سرايا",
)}
_BUILTIN_STOPS = {normalize_term(w) for w in (
    # particles, prepositions, pronouns, demonstratives, relatives
    "في", "من", "على", "إلى", "الى", "عن", "مع", "ضد", "بين", "حول", "داخل", "خارج", "عبر", "ضمن", "لدى",
    "نحو", "قرب", "منذ", "بعد", "قبل", "خلال", "تحت", "فوق", "عند", "دون", "غير", "سوى", "أو", "أم", "ثم",
    "حتى", "إذا", "إذ", "أن", "إن", "أنه", "أنها", "إنه", "إنها", "كما", "لكن", "بل", "قد", "لقد", "لم",
    "لن", "لا", "ما", "ماذا", "هل", "كل", "بعض", "أحد", "إحدى", "أي", "هذه", "هذا", "تلك", "ذلك", "هؤلاء",
    "أولئك", "التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي", "هي", "هو", "هم", "هن", "نحن", "وهي",
    "وهو", "التابعة", "تابعة", "التابع", "تابع", "باسم", "بزعامة", "بقيادة", "يقودها", "يتزعمها", "وفق",
    # generic adjectives and descriptors
    "المسلحة", "مسلحة", "مسلح", "المسلح", "العراقية", "العراقي", "عراقية", "عراقي", "الموالية", "موالية",
    "الموالي", "موال", "الشيعية", "شيعية", "الشيعي", "شيعي", "السنية", "سنية", "الإيرانية", "إيرانية",
    "الأمريكية", "الأميركية", "السورية", "اللبنانية", "المدعومة", "مدعومة", "المقربة", "مقربة", "المنضوية",
    "الحليفة", "حليفة", "الولائية", "ولائية", "الخارجة", "خارجة", "المنفلتة", "منفلتة", "المتطرفة",
    "متطرفة", "الإرهابية", "إرهابية", "إرهابي", "مجهولة", "المجهولة", "مجهول", "محلية", "محلي", "المحلية",
    "أخرى", "آخر", "آخرى", "أخر", "عدة", "عديدة", "جديدة", "جديد", "الجديدة", "كبيرة", "كبير", "الكبرى",
    "صغيرة", "صغير", "واحدة", "واحد", "المذكورة", "ذاتها", "نفسها", "نفسه", "المعروفة", "معروفة", "المسماة",
    "المسمى", "تدعى", "يدعى", "تسمى", "يسمى", "ركن", "متقاعد", "الركن", "المتقاعد", "مسلحون", "مسلحين",
    "تطلق", "يطلق", "المزعومة", "مزعومة", "الناشئة", "ناشئة", "سرية", "السرية", "بارز", "بارزة",
    # frequent verbs
    "قال", "قالت", "أعلن", "أعلنت", "تبنى", "تبنت", "نفذ", "نفذت", "استهدف", "استهدفت", "أكد", "أكدت",
    "نفى", "نفت", "هاجم", "هاجمت", "أطلق", "أطلقت", "كان", "كانت", "ليس", "ليست", "ظهرت", "ظهر", "شكلت",
    "تشكلت", "تأسست", "تأسس", "هددت", "هدد", "أصدرت", "أصدر", "نشرت", "نشر", "دعت", "دعا",
    # generic nouns that follow حركة / جماعة in ordinary prose
    "الاحتجاج", "الاحتجاجات", "الاحتجاجية", "السير", "المرور", "الملاحة", "النزوح", "التجارة", "الطيران",
    "النقل", "التنقل", "الأسواق", "الأسهم", "التداول", "العودة", "الشارع", "الجماهير", "البيع", "الشراء",
    "السفر", "الدخول", "الخروج", "المسافرين", "البناء", "الإعمار", "الاستيراد", "التصدير", "الأموال",
    "المقاومة", "الضغط", "الجيش", "الشرطة", "القوات",
)}
_INDEFINITE_NOUN_ENDINGS = ("ات", "ه", "ون", "ين")
_OPEN_QUOTES = frozenset("\"“”«„‟‹'")
_CLOSE_QUOTES = frozenset("\"“”»‟›'")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _coerce_cues(cues: Any) -> list[tuple[str, str, bool | None, str]]:
    """(normalised cue, actor_type, in_name, cue as given) from OrgCues, OrgCue list, dicts, a mapping or strings."""
    if hasattr(cues, "cues") and not isinstance(cues, Mapping):
        cues = cues.cues
    if isinstance(cues, Mapping) and "cues" in cues:
        cues = cues["cues"]
    if isinstance(cues, Mapping):
        cues = [{"cue": k, "actor_type": v} for k, v in cues.items()]
    out = []
    for c in cues or ():
        if isinstance(c, str):
            out.append((normalize_term(c), "militia", None, c))
        elif isinstance(c, Mapping):
            if c.get("cue"):
                out.append((normalize_term(str(c["cue"])), str(c.get("actor_type") or "militia"),
                            c.get("in_name"), str(c["cue"])))
        elif hasattr(c, "cue"):
            out.append((normalize_term(c.cue), getattr(c, "actor_type", "militia") or "militia",
                        getattr(c, "in_name", None), c.cue))
    return [x for x in out if x[0]]


_CueTable = tuple[dict[str, tuple[str, str, "bool | None", str]], frozenset[str]]
_last_cues: tuple[Any, _CueTable] | None = None


def _cue_table(cues: Any) -> _CueTable:
    """({normalised cue: cue tuple}, every token cue_of() can accept), remembered for the last
    immutable cue set: the pipeline passes the same cached OrgCues for every article."""
    global _last_cues
    if _last_cues is not None and _last_cues[0] is cues:
        return _last_cues[1]
    by_cue = {c[0]: c for c in _coerce_cues(cues)}
    # cue_of() accepts a cue, or a proclitic + a cue of >= 3 letters: a set lookup rules out the rest
    tokens = frozenset(by_cue) | frozenset(p + c for c in by_cue if len(c) >= 3 for p in PROCLITICS)
    table = (by_cue, tokens)
    frozen = getattr(getattr(cues, "__dataclass_params__", None), "frozen", False)
    if frozen or isinstance(cues, (tuple, frozenset)):
        _last_cues = (cues, table)
    return table


@lru_cache(maxsize=16)
def _stop_set_cached(stop_words: frozenset[str]) -> frozenset[str]:
    return frozenset(_BUILTIN_STOPS) | {normalize_term(w) for w in stop_words if w}


def _stop_set(stop_words: Iterable[str]) -> frozenset[str] | set[str]:
    if isinstance(stop_words, frozenset):
        return _stop_set_cached(stop_words)
    return set(_BUILTIN_STOPS) | {normalize_term(w) for w in stop_words if w}


def _verb_like(tok: str) -> bool:
    """Imperfect verbs (يضم، يتبع، يقودها ...) and clitic-prefixed ones (ويقول، فيما is a stop)."""
    return len(tok) >= 4 and tok[0] == "ي" and not tok.startswith("يا")


def find_unverified_orgs(nt: NormalizedText | str, cues: Any, stop_words: Iterable[str] = (),
                         known_matches: Iterable[Match] = (), *, allow_numbered: bool = False,
                         max_tokens: int = 4, max_quoted_tokens: int = 6) -> list[OrgCandidate]:
    """Organisation names introduced by a cue word and missing from the dictionaries.

    A cue ("حركة", "فصيل", "كتائب", "لواء", "سرايا", "جماعة" ... optionally with a proclitic و/ف/ب/ل/ك,
    never with the article ال -- "الفصائل المسلحة", "اللواء الركن" are generic or titles) followed by:

    * a quoted name (``حركة "أهل الكهف"``, ``جماعة «...»``) of 1..``max_quoted_tokens`` tokens: taken
      whole (high precision: news quotes unfamiliar names), unless it is only stop words / a number;
    * or a cue that itself opens a quotation (``"كتائب سيد الشهداء"``): the quoted rest is the name;
    * or, unquoted, 1..``max_tokens`` name tokens, stopping at punctuation, stop words (``stop_words``
      plus a built-in list of prepositions, pronouns, generic adjectives such as المسلحة / العراقية /
      الموالية, frequent verbs), imperfect-verb-looking tokens (ي...), a token starting with the
      conjunction و (after the first), the start of a known match, an indefinite noun (-ات/-ة/-ون/-ين)
      or a definite feminine adjective (ال...ة) after a definite token ("كتائب الغضب بيانات",
      "كتيبة السلام العاملة"), an indefinite participle (م...ة: مسلحة، مدعومة).  ``على`` and the
      name ``علي`` fold together; the published spelling decides.  Plural descriptors
      (فصائل، جماعات ...) need a quoted name; cues that are also common nouns or titles (حركة، لواء،
      جماعة ...) need the first token to be definite (ال...) or a typical name head (أبو، أنصار، أهل ...).

    Candidates whose cue or first name token lies inside a ``known_matches`` span are dropped (the
    dictionary already knows them).  A number alone ("لواء 45", PMF brigade numbers) is not a name
    unless ``allow_numbered`` is set -- then the name is the number and ``cue_in_name`` is True.
    """
    if isinstance(nt, str):
        nt = normalize(nt)
    text = nt.text
    by_cue, cue_tokens = _cue_table(cues)
    if not by_cue or not text:
        return []
    stops = _stop_set(stop_words)
    covered = bytearray(len(text) + 1)
    for m in known_matches:
        a, b = max(0, m.norm_start), min(len(text), m.norm_end)
        if b > a:
            covered[a:b] = b"\x01" * (b - a)
    tokens = [(t.group(), t.start(), t.end()) for t in _TOKEN.finditer(text)]
    out: list[OrgCandidate] = []
    seen: set[tuple[int, int]] = set()

    def is_word(tok: str) -> bool:
        return tok[0].isalnum() or tok[0] == "_"

    def cue_of(tok: str) -> tuple[tuple, int] | None:
        if tok in by_cue:
            return by_cue[tok], 0
        for plen in (2, 1):
            if len(tok) - plen >= 3 and tok[:plen] in PROCLITICS and tok[plen:] in by_cue:
                return by_cue[tok[plen:]], plen
        return None

    for i, (tok, ts, _te) in enumerate(tokens):
        if tok not in cue_tokens or not is_word(tok):
            continue
        found = cue_of(tok)
        if found is None:
            continue
        (cue_norm, actor_type, in_name, cue_label), plen = found
        cue_start = ts + plen
        if covered[cue_start]:
            continue
        cue_in_name = bool(in_name) if in_name is not None else cue_norm in _CUE_IN_NAME
        opened_before = i > 0 and tokens[i - 1][0] in _OPEN_QUOTES and tokens[i - 1][2] == ts
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        name_toks: list[tuple[str, int, int]] = []
        quoted = False
        surface_end = None
        if nxt is not None and nxt[0] in _OPEN_QUOTES or opened_before:
            # Quoted: "<cue> "name"" or ""<cue> name"".
            k = i + 2 if not opened_before else i + 1
            while k < len(tokens) and len(name_toks) <= max_quoted_tokens:
                t = tokens[k]
                if t[0] in _CLOSE_QUOTES:
                    surface_end = t[2]
                    break
                if not is_word(t[0]) and t[0] not in "-.":
                    break
                if is_word(t[0]):
                    name_toks.append(t)
                k += 1
            if opened_before and name_toks:
                surface_end = name_toks[-1][2]  # the opening quote is outside the surface: keep it balanced
            if surface_end is None or not name_toks or len(name_toks) > max_quoted_tokens \
                    or name_toks[0][0] in stops or _verb_like(name_toks[0][0]):
                name_toks = []
            else:
                quoted = True
                if opened_before:
                    cue_in_name = True
        if not quoted:
            if cue_norm in _QUOTED_ONLY_CUES:
                continue
            k = i + 1
            while k < len(tokens) and len(name_toks) < max_tokens:
                t, a, _b = tokens[k]
                if not is_word(t) or covered[a] or _verb_like(t):
                    break
                if t in stops and not (t == "علي" and nt.original_span(a, _b).endswith("ي")):
                    break  # على and the name علي fold together: the published spelling decides
                if name_toks and name_toks[-1][0].startswith("ال") and not t.startswith("ال") \
                        and t.endswith(_INDEFINITE_NOUN_ENDINGS):
                    break  # "كتائب الغضب بيانات": an indefinite noun cannot continue a definite name
                if name_toks and name_toks[-1][0].startswith("ال") and t.startswith("ال") and t.endswith("ه"):
                    break  # definite noun + definite feminine adjective: "السلام العاملة", "...الإسلامية"
                if name_toks and t.startswith("و") and len(t) > 3:
                    break
                if t.isdigit() and (name_toks or not allow_numbered):
                    break
                if t.startswith("م") and t.endswith("ه") and not t.startswith("ال") and len(t) >= 5:
                    break  # indefinite participle adjective: مسلحه، مدعومه، مقربه ...
                name_toks.append(tokens[k])
                if t.isdigit():
                    break
                k += 1
            if not name_toks:
                continue
            first = name_toks[0][0]
            if first.isdigit():
                cue_in_name = True
            elif cue_norm in _WEAK_CUES and not first.startswith("ال") and first not in _NAME_HEADS:
                continue
            surface_end = name_toks[-1][2]
        if not name_toks:
            continue
        words = [t[0] for t in name_toks]
        if all(w in stops for w in words) or (all(w.isdigit() for w in words) and not allow_numbered):
            continue
        n_start, n_end = name_toks[0][1], name_toks[-1][2]
        if any(covered[k] for k in range(n_start, n_end)):
            continue
        if (n_start, n_end) in seen:
            continue
        seen.add((n_start, n_end))
        o_start, o_end = nt.to_original(n_start, n_end)
        s_start, s_end = nt.to_original(cue_start, surface_end)
        out.append(OrgCandidate(
            name=nt.original[o_start:o_end], start=o_start, end=o_end, norm_start=n_start, norm_end=n_end,
            cue=cue_label, actor_type=actor_type, surface=nt.original[s_start:s_end], surface_start=s_start,
            surface_end=s_end, quoted=quoted, cue_in_name=cue_in_name,
        ))
    return out
