"""News-aware Arabic sentence splitter with exact offsets into the published text.

``split_sentences(text)`` cuts a scraped article into :class:`Sentence` objects whose
``start``/``end`` index the ORIGINAL text (``text[s.start:s.end] == s.text``, surrounding
whitespace, bidi marks and the comma of a ".," artefact excluded).  It works on the original
characters (no normalisation is needed to find boundaries), so offsets never drift.

Rules, in the order they apply:

1. **Paragraphs.**  A line break always ends a sentence (``\\n``, ``\\r``, U+2028/2029).  A
   quote left open at the end of a line is treated as a stray quote mark.
2. **Terminators.**  ``.``, ``!``, ``?``, ``؟``, ``۔`` (and runs of them: ``؟!``, ``!!``) end a
   sentence when followed by whitespace, the end of the line, a comma (the ``".,"`` artefact of
   scraped pages: ``... الماضي., وقالوا`` -- the comma is left out of both sentences), or
   directly by an Arabic letter (``الماضي.وقالوا``, a lost space).  Closing quotes / brackets
   right after the terminator stay with the sentence that ends (``... "انتهى." وأضاف``).
   Not boundaries: decimals and dotted dates (``2.5``, ``13.7.2021``); ellipses (``..``,
   ``...``, ``…`` -- in Arabic news they are a soft pause, often in headlines); a full stop
   after a single letter (initials and Arabic abbreviations: ``د.``, ``م.``, ``هـ.``, ``U.S.``)
   or after a listed Latin abbreviation (``Mr.``, ``Dr.``, ``No.``); a terminator followed by a
   colon or a closing bracket; a ``?``/``!`` followed by a comma (a question embedded in a
   sentence); ``إلخ.،``.
3. **Quotes.**  A terminator inside a quotation (``"…"``, ``“…”``, ``«…»``) or inside brackets
   does not end the sentence: a quoted statement stays with its attribution.  Decision: a
   quotation is split only when it is *long* (more than ``LONG_QUOTE_CHARS`` = 300 characters)
   *and* holds at least ``LONG_QUOTE_MIN_SENTENCES`` = 2 internal sentence ends -- a whole
   statement quoted in one paragraph -- because keeping it whole would make one unusable
   "sentence" out of several.  Straight and curly double quotes are paired with a direction
   heuristic (an opening quote follows a space and precedes a letter, a closing quote follows a
   letter and precedes a space or punctuation); unmatched quotes are ignored.
4. **Colon merges.**  A sentence ending with ``:`` (``... قوله:``, ``بالقول:``, ``ما نصه:``,
   ``اقرأ أيضاً:``) continues into the next sentence, even across a line break: the colon
   introduces what follows.  A sentence that *starts* with a quote-introducing fragment
   (``قوله: إن ...``, ``بالقول: ...`` -- produced by stray full stops some outlets insert) is
   merged into the previous sentence of the same paragraph.
5. **Headline.**  The first line is a headline (``is_headline=True``) when it is a single
   sentence, at most ``HEADLINE_MAX_CHARS`` long, other text follows, and either it has no
   final punctuation or the next sentence begins with it.  Following lines identical to it (a
   headline repeated by the scraper) and up to two more short unpunctuated single-sentence lines
   directly after it (a sub-title / deck) are headlines too.
6. **Boilerplate.**  Patterns in ``data/lexicons/boilerplate.yaml`` (see its header) mark "read
   also" boxes, share bars, copyright lines, opinion disclaimers, "click here" and the tail of
   the page ("latest articles", tags ...) as ``is_boilerplate=True``.  Boilerplate sentences
   are kept (indices stay stable), consumers skip them.

Very long comma-chained sentences are kept as one sentence on purpose (that is how Arabic news
is written; the comma is not a sentence boundary).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from extractors.normalize import fold, normalize_char

LONG_QUOTE_CHARS = 300
LONG_QUOTE_MIN_SENTENCES = 2
HEADLINE_MAX_CHARS = 250
DECK_MAX_CHARS = 200
_MAX_DECK_LINES = 2
_MAX_COLON_CHAIN = 3

BOILERPLATE_PATH = Path(__file__).parent / "data" / "lexicons" / "boilerplate.yaml"

_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad"
_TRIM = " \t\u00a0\u2009\u202f\u2002\u2003\u3000" + _INVISIBLE
_LEAD_TRIM = _TRIM + ",،;؛"
_TERMINATORS = ".!?؟۔"
_QUOTE_TOGGLE = '"“”„‟″'  # direction decided by context
_OPEN_DIRECTIONAL = {"«": "»", "‹": "›", "(": ")", "[": "]", "{": "}", "﴾": "﴿"}
_CLOSE_DIRECTIONAL = {v: k for k, v in _OPEN_DIRECTIONAL.items()}
_CLOSERS = set('"”“»›)]}﴿\'’')
_LATIN_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "no", "gen", "col", "lt", "sgt", "capt",
    "maj", "brig", "cpl", "pvt", "adm", "gov", "sen", "rep", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "vol", "approx", "est", "dept",
}
_ETC = {"الخ", "إلخ", "ألخ", "etc"}
# Fragments that cannot open a sentence: a verbal noun introducing a quote, then a colon.
# Matched against the folded (normalised) sentence, so written in folded spelling (ة -> ه).
_FRAGMENT_START = re.compile(
    r"^[\W_]*(?:و?ب?(?:قوله|قولها|قولهم|قولهما|القول)|ما\s+نصه|ما\s+يلي|قائلا|قائله|قائلين|مضيفا|مضيفه)\s*[:：]"
)
_FINAL_PUNCT = set(".!?؟۔…")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    is_boilerplate: bool
    is_headline: bool


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class BoilerplateRules:
    line_prefixes: tuple[tuple[re.Pattern, int | None], ...] = ()
    contains: tuple[tuple[re.Pattern, int | None], ...] = ()
    whole_line: tuple[tuple[re.Pattern, int | None], ...] = ()
    tail_markers: tuple[tuple[re.Pattern, int | None], ...] = ()
    share_tokens: frozenset[str] = frozenset()


def _fold(pattern: str) -> str:
    """Fold a pattern like the text is folded; ASCII (regex syntax, Latin) is kept as written."""
    return "".join(c if c.isascii() else normalize_char(c) for c in pattern)


def _fold_text(text: str) -> str:
    # fold(), not normalize(): no offset map is needed, and sentence-sized strings would evict the
    # article from normalize()'s small cache.
    return " ".join(fold(text).split())


# Neither a letter/digit (str.isalnum) nor whitespace: \w is isalnum() plus "_", so "_" is added back.
_NOT_ALNUM_SPACE = re.compile(r"[^\w\s]|_")


def _strip_punct(folded: str) -> str:
    return " ".join(_NOT_ALNUM_SPACE.sub(" ", folded).split())


def _compile(entries, kind: str) -> tuple[tuple[re.Pattern, int | None], ...]:
    out = []
    for entry in entries or ():
        if isinstance(entry, dict):
            pattern, max_chars = entry.get("pattern"), entry.get("max_chars")
        else:
            pattern, max_chars = entry, None
        if not pattern:
            continue
        folded = _fold(str(pattern))
        if kind in ("whole_line", "tail_markers") and not any(c in folded for c in "\\[]()|?*+"):
            folded = _strip_punct(folded)  # a plain phrase: compared without punctuation
        if kind == "line_prefixes":
            folded = r"^[\W_]*(?:" + folded + ")"
        out.append((re.compile(folded, re.IGNORECASE), int(max_chars) if max_chars else None))
    return tuple(out)


def load_boilerplate_rules(path: str | Path | None = None) -> BoilerplateRules:
    """Compile the boilerplate lexicon (default: the package's ``boilerplate.yaml``)."""
    return _load_rules_cached(str(Path(path) if path else BOILERPLATE_PATH))


@lru_cache(maxsize=8)
def _load_rules_cached(path: str) -> BoilerplateRules:
    p = Path(path)
    data = yaml.safe_load(p.read_text(encoding="utf-8")) if p.exists() else {}
    data = data or {}
    tokens: set[str] = set()
    for tok in data.get("share_tokens") or ():
        tokens.update(_strip_punct(_fold(str(tok))).lower().split())
    return BoilerplateRules(
        line_prefixes=_compile(data.get("line_prefixes"), "line_prefixes"),
        contains=_compile(data.get("contains"), "contains"),
        whole_line=_compile(data.get("whole_line"), "whole_line"),
        tail_markers=_compile(data.get("tail_markers"), "tail_markers"),
        share_tokens=frozenset(tokens),
    )


_UNSAFE_TO_JOIN = re.compile(r"\(\?P[<=]|\\[1-9]|\(\?[aiLmsux]+\)")
_joined_rules: dict[int, tuple[Sequence[tuple[re.Pattern, int | None]], tuple[tuple[re.Pattern, int | None], ...]]] = {}


def _joined(rules: Sequence[tuple[re.Pattern, int | None]]) -> tuple[tuple[re.Pattern, int | None], ...]:
    """The rules with the same size limit and flags joined into one alternation.

    Why: every sentence is tested against every boilerplate rule; one regex per group does the
    same test in one call.  ``(?:a)|(?:b)`` searches / matches / fullmatches a text exactly when
    ``a`` or ``b`` does.  Rules that name or refer back to groups, or set inline flags, stay alone.
    """
    key = id(rules)
    cached = _joined_rules.get(key)
    if cached is not None and cached[0] is rules:
        return cached[1]
    groups: dict[tuple[int | None, int], list[str]] = {}
    alone: list[tuple[re.Pattern, int | None]] = []
    for rx, max_chars in rules:
        if _UNSAFE_TO_JOIN.search(rx.pattern):
            alone.append((rx, max_chars))
        else:
            groups.setdefault((max_chars, rx.flags), []).append(rx.pattern)
    out = [(re.compile("|".join(f"(?:{p})" for p in pats), flags), max_chars)
           for (max_chars, flags), pats in groups.items()]
    joined = tuple(out + alone)
    if len(_joined_rules) > 64:
        _joined_rules.clear()
    _joined_rules[key] = (rules, joined)
    return joined


def _fires(rules: Sequence[tuple[re.Pattern, int | None]], text: str, how: str) -> bool:
    for rx, max_chars in _joined(rules):
        if max_chars is not None and len(text) > max_chars:
            continue
        hit = rx.match(text) if how == "match" else rx.fullmatch(text) if how == "full" else rx.search(text)
        if hit:
            return True
    return False


# --------------------------------------------------------------------------- splitting


def _is_arabic_letter(ch: str) -> bool:
    return ("\u0621" <= ch <= "\u064a") or ("\u066e" <= ch <= "\u06d3") or ("\u06fa" <= ch <= "\u06ff")


_QUOTE_OR_BRACKET = re.compile("[" + re.escape(_QUOTE_TOGGLE + "".join(_OPEN_DIRECTIONAL) + "".join(_CLOSE_DIRECTIONAL))
                               + "]")
_TERMINATOR_OR_ELLIPSIS = re.compile("[" + re.escape(_TERMINATORS) + "…]")


def _quote_regions(s: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of quotations and brackets in one line."""
    regions: list[tuple[int, int]] = []
    toggle_open: int | None = None
    stacks: dict[str, list[int]] = {}
    n = len(s)
    for m in _QUOTE_OR_BRACKET.finditer(s):  # the only characters that change anything below
        i = m.start()
        ch = s[i]
        if ch in _QUOTE_TOGGLE:
            prev = s[i - 1] if i > 0 else " "
            nxt = s[i + 1] if i + 1 < n else " "
            looks_open = (prev.isspace() or prev in "([«:،,؛;") and not nxt.isspace()
            looks_close = not prev.isspace() and (nxt.isspace() or not (nxt.isalnum() or nxt in "ـ"))
            if toggle_open is None:
                if looks_close and not looks_open and i > 0:
                    continue  # a stray closing quote
                toggle_open = i
            elif looks_open and not looks_close:
                toggle_open = i  # the earlier quote was stray: restart here
            else:
                regions.append((toggle_open, i))
                toggle_open = None
        elif ch in _OPEN_DIRECTIONAL:
            stacks.setdefault(ch, []).append(i)
        elif ch in _CLOSE_DIRECTIONAL:
            stack = stacks.get(_CLOSE_DIRECTIONAL[ch])
            if stack:
                regions.append((stack.pop(), i))
    return regions


def _terminator_ends(s: str) -> list[tuple[int, int, int]]:
    """Candidate boundaries in one line: (terminator index, end of sentence, start of next)."""
    out: list[tuple[int, int, int]] = []
    n = len(s)
    i = 0
    while i < n:
        nxt_term = _TERMINATOR_OR_ELLIPSIS.search(s, i)  # skip to the next candidate in C
        if nxt_term is None:
            break
        i = nxt_term.start()
        ch = s[i]
        j = i
        while j < n and s[j] in _TERMINATORS:
            j += 1
        run = s[i:j]
        if ch == "…" or (run.count(".") >= 2 and set(run) == {"."}):
            i = max(j, i + 1)  # ellipsis: a pause, not a boundary
            continue
        if run == ".":
            prev = s[i - 1] if i > 0 else " "
            nxt = s[j] if j < n else " "
            if prev.isdigit() and nxt.isdigit():
                i = j
                continue
            k = i
            while k > 0 and (s[k - 1].isalpha()):
                k -= 1
            token = s[k:i].replace("ـ", "")
            if len(token) == 1 or token.lower() in _LATIN_ABBREVIATIONS:
                i = j
                continue
        else:
            token = ""
        p = j
        while p < n and s[p] in _CLOSERS:
            p += 1
        nxt = s[p] if p < n else ""
        cut = False
        if not nxt:
            cut = True
        elif nxt.isspace() or nxt in _INVISIBLE:
            q = p
            while q < n and (s[q].isspace() or s[q] in _INVISIBLE):
                q += 1
            cut = q >= n or s[q] not in ":：)]}"
            if cut and q < n and s[q] in ",،" and "." not in run:
                cut = False
        elif nxt in ",،":
            cut = "." in run and token.replace("ـ", "") not in _ETC
        elif _is_arabic_letter(nxt) and p == j and i > 0:
            # A lost space ("الماضي.وقالوا"); not after Latin ("U.S.A"), single letters are excluded above.
            cut = run != "." or _is_arabic_letter(s[i - 1]) or s[i - 1].isdigit()
        if cut:
            q = p
            while q < n and s[q] in _LEAD_TRIM:
                q += 1
            out.append((i, p, q))
        i = j
    return out


def _split_line(s: str) -> list[tuple[int, int]]:
    """Sentence spans (line coordinates, untrimmed) of one line."""
    candidates = _terminator_ends(s)
    if not candidates:
        return [(0, len(s))]
    regions = _quote_regions(s)
    protected: list[tuple[int, int]] = []
    for a, b in regions:
        inside = sum(1 for t, end, _ in candidates if a < t < b and end < b)
        if b - a > LONG_QUOTE_CHARS and inside >= LONG_QUOTE_MIN_SENTENCES:
            continue  # a long quotation of several sentences: let it split
        protected.append((a, b))
    spans = []
    start = 0
    for t, end, nxt in candidates:
        if any(a < t < b and end <= b for a, b in protected):
            continue
        spans.append((start, end))
        start = nxt
    spans.append((start, len(s)))
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a] in _LEAD_TRIM or text[a].isspace()):
        a += 1
    while b > a and (text[b - 1] in _TRIM or text[b - 1].isspace()):
        b -= 1
    return a, b


_LINE_BREAK_RE = re.compile("[" + re.escape(_LINE_BREAKS) + "]")


def _lines(text: str) -> list[tuple[int, int]]:
    lines = []
    start = 0
    for m in _LINE_BREAK_RE.finditer(text):
        lines.append((start, m.start()))
        start = m.start() + 1
    lines.append((start, len(text)))
    return lines


@dataclass
class _Raw:
    start: int
    end: int
    line: int
    last_line: int


def _ends_with_colon(s: str) -> bool:
    s = s.rstrip(_TRIM + "ـ")
    return s.endswith((":", "："))


def _has_final_punct(s: str) -> bool:
    s = s.rstrip(_TRIM)
    while s and s[-1] in _CLOSERS:
        s = s[:-1].rstrip(_TRIM)
    return bool(s) and s[-1] in _FINAL_PUNCT


def split_sentences(text: str, *, boilerplate: BoilerplateRules | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text`` (see the module docstring)."""
    rules = boilerplate if boilerplate is not None else load_boilerplate_rules()
    raws: list[_Raw] = []
    for line_no, (ls, le) in enumerate(_lines(text)):
        line = text[ls:le]
        if not line.strip(_TRIM):
            continue
        for a, b in _split_line(line):
            a, b = _trim(text, ls + a, ls + b)
            if b > a and any(c.isalnum() for c in text[a:b]):
                raws.append(_Raw(a, b, line_no, line_no))

    # Colon merges and quote-introducing fragments.
    merged: list[_Raw] = []
    chain = 0
    for r in raws:
        if merged and _ends_with_colon(text[merged[-1].start:merged[-1].end]) and chain < _MAX_COLON_CHAIN:
            merged[-1].end, merged[-1].last_line = r.end, r.line
            chain += 1
            continue
        if merged and merged[-1].last_line == r.line and _FRAGMENT_START.match(_fold_text(text[r.start:r.end])):
            merged[-1].end = r.end
            continue
        merged.append(r)
        chain = 0
    if not merged:
        return []

    # Sentences per line (a sentence belongs to the line it starts on).
    per_line: dict[int, list[int]] = {}
    for k, r in enumerate(merged):
        per_line.setdefault(r.line, []).append(k)
    lines_in_order = sorted(per_line)

    headline = _headlines(text, merged, per_line, lines_in_order)
    boiler = _boilerplate(text, merged, per_line, rules)
    return [
        Sentence(index=k, start=r.start, end=r.end, text=text[r.start:r.end],
                 is_boilerplate=boiler[k], is_headline=headline[k])
        for k, r in enumerate(merged)
    ]


def _same(a: str, b: str) -> bool:
    return _strip_punct(_fold_text(a)) == _strip_punct(_fold_text(b))


def _headlines(text: str, merged: list[_Raw], per_line: dict[int, list[int]], lines: list[int]) -> list[bool]:
    flags = [False] * len(merged)
    if len(merged) < 2:
        return flags
    first_line = per_line[lines[0]]
    if len(first_line) != 1:
        return flags
    head = merged[first_line[0]]
    head_text = text[head.start:head.end]
    if head.last_line != head.line or len(head_text) > HEADLINE_MAX_CHARS:
        return flags
    nxt = merged[1]
    nxt_text = text[nxt.start:nxt.end]
    head_key = _strip_punct(_fold_text(head_text))
    begins_next = bool(head_key) and _strip_punct(_fold_text(nxt_text)).startswith(head_key)
    if _has_final_punct(head_text) and not begins_next:
        return flags
    flags[0] = True
    decks = 0
    for line_no in lines[1:]:
        ks = per_line[line_no]
        if len(ks) != 1 or ks[0] + 1 >= len(merged):
            break
        r = merged[ks[0]]
        s = text[r.start:r.end]
        if r.last_line != r.line:
            break
        if _same(s, head_text):
            flags[ks[0]] = True
            continue
        if decks < _MAX_DECK_LINES and not _has_final_punct(s) and len(s) <= DECK_MAX_CHARS \
                and not _ends_with_colon(s) and _looks_like_deck(text, merged, ks[0]):
            flags[ks[0]] = True
            decks += 1
            continue
        break
    return flags


def _looks_like_deck(text: str, merged: list[_Raw], k: int) -> bool:
    """A second unpunctuated short line right under the headline, followed by a punctuated body."""
    nxt = merged[k + 1]
    return _has_final_punct(text[nxt.start:nxt.end]) or len(text[nxt.start:nxt.end]) > HEADLINE_MAX_CHARS


def _boilerplate(text: str, merged: list[_Raw], per_line: dict[int, list[int]], rules: BoilerplateRules) -> list[bool]:
    flags = [False] * len(merged)
    folded = [_fold_text(text[r.start:r.end]) for r in merged]
    bare = [_strip_punct(f) for f in folded]
    for ks in per_line.values():
        if _fires(rules.line_prefixes, folded[ks[0]], "match"):
            for k in ks:
                flags[k] = True
    for k in range(len(merged)):
        if flags[k]:
            continue
        if _fires(rules.contains, folded[k], "search") or _fires(rules.whole_line, bare[k], "full"):
            flags[k] = True
            continue
        toks = [t for t in bare[k].lower().split() if not t.isdigit()]
        if toks and rules.share_tokens and all(t in rules.share_tokens for t in toks):
            flags[k] = True
    for ks in per_line.values():
        if len(ks) == 1 and _fires(rules.tail_markers, bare[ks[0]], "full"):
            for k in range(ks[0], len(merged)):
                flags[k] = True
            break
    return flags


def sentence_index_at(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Index of the sentence containing original offset ``offset`` (None between sentences)."""
    starts = [s.start for s in sentences]
    pos = bisect.bisect_right(starts, offset) - 1
    if pos >= 0 and sentences[pos].start <= offset < sentences[pos].end:
        return sentences[pos].index
    return None
