"""Fill template markup into Arabic text while recording what the text names.

Why one pass does both: the gold must list exactly the actor and place surfaces the article
contains, so they are recorded at the moment they are written, not recovered afterwards by
matching (which would inherit the extractor's blind spots).

Markup (see templates/sentences.yaml): ``{slot}``, ``{a:ID=surface}``, ``{p:ID=surface}``,
``{x|y}`` (a choice), ``{g:slot:masc|fem}``, ``{agr:msg|mdu|fsg|fdu|pl}``, ``{b:X}`` / ``{l:X}``
(the prefixes بـ / لـ, X a slot name or markup).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from .templates import Library, fold

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


class MissingSlot(KeyError):
    """The template needs a slot this article does not have: try another template."""


@dataclass(slots=True)
class Slot:
    """A value the composer offers to templates: text (may hold markup) plus who it is."""

    text: str
    gender: str | None = None       # m | f, for {g:slot:...}
    speaker: str | None = None      # gold speaker key when the slot is a claim's speaker
    anonymous: bool = False
    later: str | list[str] | None = None  # how the article refers back to it (a list: the first
                                          # back-reference picks one, the rest use the plain first form)


@dataclass(slots=True)
class Recorder:
    """What the article names so far: actors and places with their surfaces, in order."""

    actors: dict[str, list[str]] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)

    def actor(self, actor_id: str, surface: str) -> None:
        forms = self.actors.setdefault(actor_id, [])
        if surface not in forms:
            forms.append(surface)

    def place(self, location_id: str, surface: str) -> None:
        forms = self.places.setdefault(location_id, [])
        if surface not in forms:
            forms.append(surface)


@dataclass(slots=True)
class Agreement:
    """Number and gender of the munitions, for {agr:...}."""

    fem: bool = False
    count: int | None = None   # None: unknown / vague (plural agreement)

    def pick(self, forms: list[str]) -> str:
        msg, mdu, fsg, fdu, pl = forms
        if self.count == 1:
            return fsg if self.fem else msg
        if self.count == 2:
            return fdu if self.fem else mdu
        return pl


def join_prefix(prefix: str, text: str) -> str:
    """بـ / لـ as Arabic writes them: لـ + ال → لل, a prefix before a digit takes a tatweel."""
    if not text:
        return text
    if text[0].isdigit() or text[0] in "٠١٢٣٤٥٦٧٨٩\"(":
        return f"{prefix}ـ{text}"
    if prefix == "ل" and text.startswith("ال"):
        return "لل" + text[2:]
    return prefix + text


def _split_top(content: str, sep: str = "|") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in content:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


class Renderer:
    """Renders markup against the article's slots; records actors/places in ``recorder``."""

    def __init__(self, lib: Library, rng: random.Random, slots: dict[str, Slot], agreement: Agreement,
                 recorder: Recorder) -> None:
        self.lib, self.rng, self.slots, self.agr, self.rec = lib, rng, slots, agreement, recorder
        self.used: set[str] = set()

    def slot(self, name: str) -> Slot:
        s = self.slots.get(name)
        if s is None:
            raise MissingSlot(name)
        return s

    def render(self, text: str, depth: int = 0) -> str:
        """The text with every markup expression replaced (recursively, slots may hold markup)."""
        if depth > 6:
            raise ValueError(f"markup nested too deep: {text[:80]}")
        out: list[str] = []
        i = 0
        while True:
            start = text.find("{", i)
            if start < 0:
                out.append(text[i:])
                return "".join(out)
            out.append(text[i:start])
            j, level = start + 1, 1
            while level:  # the matching brace (expressions nest)
                close, opened = text.find("}", j), text.find("{", j)
                if close < 0:
                    raise ValueError(f"unbalanced braces in template: {text}")
                if 0 <= opened < close:
                    level, j = level + 1, opened + 1
                else:
                    level, j = level - 1, close + 1
            out.append(self._expr(text[start + 1:j - 1], depth))
            i = j

    def _expr(self, content: str, depth: int) -> str:
        if _IDENT.match(content):
            s = self.slot(content)
            text = s.text
            if s.later is not None and content in self.used:
                if isinstance(s.later, list):
                    text = self.rng.choice(s.later) if f"{content}#later" not in self.used else s.later[0]
                    self.used.add(f"{content}#later")
                else:
                    text = s.later
            self.used.add(content)
            return self.render(text, depth + 1)
        head, _, rest = content.partition(":")
        if head in ("a", "p") and _IDENT.match(rest.split("=", 1)[0]):
            ident, _, surface = rest.partition("=")
            if head == "a":
                if not surface:
                    surface = self.rng.choice(self.lib.actors[ident].forms)[0]
                self.rec.actor(ident, surface)
            else:
                surface = surface or self.lib.places[ident].name_ar
                self.rec.place(ident, surface)
                actor = self.lib.place_actor.get(ident)   # "السفارة الأمريكية": the place and the mission
                if actor and fold(surface) in self.lib.plain_alias_folds.get(actor, ()):
                    self.rec.actor(actor, surface)
            return surface
        if head == "g":
            name, _, forms = rest.partition(":")
            masc, fem = _split_top(forms)
            gender = self.slot(name).gender or "m"
            return self.render(fem if gender == "f" else masc, depth + 1)
        if head == "agr":
            forms = _split_top(rest)
            if len(forms) != 5:
                raise ValueError(f"agr needs 5 forms: {content}")
            return self.render(self.agr.pick(forms), depth + 1)
        if head in ("b", "l"):
            inner = self.render(self.slot(rest).text, depth + 1) if _IDENT.match(rest) else self.render(rest, depth + 1)
            return join_prefix("ب" if head == "b" else "ل", inner)
        options = _split_top(content)
        return self.render(self.rng.choice(options), depth + 1)


def slot_names(text: str) -> set[str]:
    """Slots a template refers to (for cheap pre-filtering of templates an article cannot fill)."""
    names: set[str] = set()
    for m in re.finditer(r"\{([a-z_][a-z0-9_]*)(?:[}:])", text):
        if m.group(1) not in ("a", "p", "g", "agr", "b", "l"):
            names.add(m.group(1))
    for m in re.finditer(r"\{g:([a-z_][a-z0-9_]*):", text):
        names.add(m.group(1))
    for m in re.finditer(r"\{[bl]:([a-z_][a-z0-9_]*)\}", text):
        names.add(m.group(1))
    return names


def claim_speaker(spec: dict[str, Any], slots: dict[str, Slot]) -> tuple[str, bool] | None:
    """(gold speaker key, anonymous) of a template claim, or None if its slot is missing."""
    by = str(spec["by"])
    if by.startswith("a:"):
        return by[2:], False
    if by.startswith("lit:"):
        return by[4:], False
    if by == "anon":
        return "anonymous_sources", True
    if by == "anon_official":
        return "anonymous_official", True
    s = slots.get(by)
    if s is None or s.speaker is None:
        return None
    return s.speaker, s.anonymous
