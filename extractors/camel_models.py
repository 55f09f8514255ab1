"""Optional camel-tools models: lemmas for trigger verbs, and names the dictionaries lack.

Why optional, and why so careful: the rule-based pipeline must run on a machine with no model
downloads (issue 3), but a user who has installed the camel-tools data (``camel_data``) should
get more out of it.  Importing ``camel_tools.morphology`` / ``camel_tools.disambig`` /
``camel_tools.ner`` loads ``camel_tools.data``, which downloads the catalogue from the network
when ``catalogue.json`` is missing, and the NER model would ask the Hugging Face hub for files.
So this module:

1. looks for the data on disk first -- ``$CAMELTOOLS_DATA`` or ``~/.camel_tools``, its
   ``catalogue.json`` (read here as plain JSON) and the default dataset directory of each
   component -- and never imports those camel-tools modules when they are absent;
2. sets ``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` before importing anything;
3. imports lazily, once, and returns ``None`` (the caller keeps its rules) when anything is
   missing or fails to load.

What it offers when present:

* :meth:`CamelModels.lemmas` -- lemmas of a word (the MLE disambiguator's top analysis when that
  model is installed, else every analysis of the morphological analyser), normalised like the
  lexicons, so "وقصفت" can be recognised as the trigger "قصف" without listing every form;
* :meth:`CamelModels.propose` -- *candidate* actors and places the dictionaries do not know,
  with offsets into the text as given: from NER (ORG/PERS → actor, LOC → place) when the NER
  model and torch/transformers are installed, else runs of proper nouns from the analyser.
  They are proposals for review (``unverified`` actors), never dictionary facts.

Use::

    from extractors.camel_models import load_models
    models = load_models()          # None on a machine without camel-tools data
    if models is not None:
        for p in models.propose(text, known_spans=[(m.start, m.end) for m in known_mentions]):
            ...                      # p.kind, p.text, p.start, p.end, p.label, p.source
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .normalize import normalize_term

log = logging.getLogger(__name__)

ENV_VAR = "CAMELTOOLS_DATA"
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
# The camel-tools modules that must never be imported without the data on disk.
GUARDED_MODULES = ("camel_tools.data", "camel_tools.morphology.database", "camel_tools.morphology.analyzer",
                   "camel_tools.disambig.mle", "camel_tools.ner")

MORPHOLOGY, DISAMBIGUATOR, NER = "MorphologyDB", "DisambigMLE", "NamedEntityRecognition"
_NER_KIND = {"ORG": "actor", "PERS": "actor", "PER": "actor", "LOC": "place", "GPE": "place"}
# A token of the text as published: letters/digits with their diacritics and tatweel.
_TOKEN = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


def data_root() -> Path:
    """Where camel-tools keeps its data: ``$CAMELTOOLS_DATA``, else ``~/.camel_tools``."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser().absolute() if env else Path.home() / ".camel_tools"


@dataclass(frozen=True)
class CamelData:
    """The camel-tools files found on disk (None: that model is not installed)."""

    root: Path
    morphology_db: Path | None
    disambiguator: Path | None
    ner_model: Path | None

    @property
    def usable(self) -> bool:
        return self.morphology_db is not None or self.ner_model is not None


def _default_dataset(catalogue: dict[str, Any], root: Path, component: str) -> Path | None:
    comp = (catalogue.get("components") or {}).get(component) or {}
    dataset = (comp.get("datasets") or {}).get(comp.get("default"))
    if not isinstance(dataset, dict) or not dataset.get("path"):
        return None
    path = root / "data" / str(dataset["path"])  # camel-tools resolves dataset paths the same way
    return path if path.is_dir() else None


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def detect(root: Path | None = None) -> CamelData | None:
    """The installed camel-tools data under ``root`` (default :func:`data_root`), read without
    importing camel-tools; None when there is no readable ``catalogue.json`` or no usable model."""
    root = data_root() if root is None else Path(root)
    try:
        catalogue = json.loads((root / "catalogue.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(catalogue, dict):
        return None
    morph_dir = _default_dataset(catalogue, root, MORPHOLOGY)
    morph = morph_dir / "morphology.db" if morph_dir is not None else None
    mle_dir = _default_dataset(catalogue, root, DISAMBIGUATOR)
    mle = mle_dir / "model.json" if mle_dir is not None else None
    ner = _default_dataset(catalogue, root, NER)
    if ner is not None and not ((ner / "config.json").is_file() and _importable("torch")
                                and _importable("transformers")):
        ner = None  # the neural extra (torch, transformers) or the model files are missing
    data = CamelData(root=root,
                     morphology_db=morph if morph is not None and morph.is_file() else None,
                     disambiguator=mle if mle is not None and mle.is_file() else None,
                     ner_model=ner)
    return data if data.usable else None


def force_offline() -> None:
    """Hugging Face must never reach the network from here (set before any import)."""
    os.environ.update(OFFLINE_ENV)


@dataclass(frozen=True)
class Proposal:
    """A name the models found and the dictionaries lack: for review, not a fact."""

    text: str  # as published
    start: int  # offsets into the text given to propose()
    end: int
    kind: str  # actor | place | name (a proper noun of unknown kind)
    label: str  # the model's label: ORG, PERS, LOC … or noun_prop
    source: str  # ner | morphology


class CamelModels:
    """The loaded models; build with :func:`load_models`, which checks the files first."""

    def __init__(self, data: CamelData) -> None:
        force_offline()
        os.environ[ENV_VAR] = str(data.root)  # camel_tools.data reads it when first imported
        self.data = data
        self.analyzer: Any = None
        self.disambiguator: Any = None
        self.ner: Any = None
        if data.morphology_db is not None:
            from camel_tools.morphology.analyzer import Analyzer
            from camel_tools.morphology.database import MorphologyDB

            self.analyzer = Analyzer(MorphologyDB(str(data.morphology_db), "a"), backoff="NONE")
            if data.disambiguator is not None:
                from camel_tools.disambig.mle import MLEDisambiguator

                self.disambiguator = MLEDisambiguator(self.analyzer, str(data.disambiguator))
        if data.ner_model is not None:
            from camel_tools.ner import NERecognizer

            self.ner = NERecognizer(str(data.ner_model), use_gpu=False)

    # ---------------------------------------------------------------- morphology

    def analyses(self, word: str) -> list[dict[str, Any]]:
        """Analyses of one word, best first when the disambiguator is installed."""
        if self.analyzer is None:
            return []
        if self.disambiguator is not None:
            scored = self.disambiguator.disambiguate([word])[0].analyses
            return [s.analysis for s in scored]
        return list(self.analyzer.analyze(word))

    def lemmas(self, word: str, pos: Iterable[str] | None = ("verb",)) -> tuple[str, ...]:
        """Lemmas of ``word`` (normalised like the lexicons), restricted to parts of speech ``pos``.

        With the disambiguator only its top analysis counts; with the analyser alone, every
        analysis does (several readings of an undiacritised word).
        """
        wanted = set(pos) if pos is not None else None
        found = self.analyses(word)
        if self.disambiguator is not None:
            found = found[:1]
        out: list[str] = []
        for a in found:
            if wanted is not None and a.get("pos") not in wanted:
                continue
            lemma = normalize_term(_strip_lex(str(a.get("lex", ""))))
            if lemma and lemma not in out:
                out.append(lemma)
        return tuple(out)

    # ---------------------------------------------------------------- names

    def propose(self, text: str, known_spans: Iterable[tuple[int, int]] | None = None) -> list[Proposal]:
        """Candidate actors/places in ``text`` that overlap none of ``known_spans``.

        ``known_spans`` are offsets into ``text`` of names the dictionaries already matched
        (default: run the actor and place dictionaries on ``text`` here).
        """
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        if not tokens:
            return []
        if known_spans is None:
            known_spans = _dictionary_spans(text)
        known = sorted(known_spans)
        spans = self._ner_spans(tokens) if self.ner is not None else self._proper_noun_spans(tokens)
        out = []
        for start, end, label, kind, source in spans:
            if any(a < end and start < b for a, b in known):
                continue
            out.append(Proposal(text[start:end], start, end, kind, label, source))
        return out

    def _ner_spans(self, tokens: Sequence[tuple[str, int, int]]) -> list[tuple[int, int, str, str, str]]:
        labels = self.ner.predict_sentence([t for t, _s, _e in tokens])
        return _bio_spans(tokens, labels)

    def _proper_noun_spans(self, tokens: Sequence[tuple[str, int, int]]) -> list[tuple[int, int, str, str, str]]:
        out: list[tuple[int, int, str, str, str]] = []
        run: list[tuple[str, int, int]] = []
        for tok in [*tokens, ("", -1, -1)]:
            readings = self.analyses(tok[0]) if tok[0] else []
            if self.disambiguator is not None:
                readings = readings[:1]
            is_name = any(a.get("pos") == "noun_prop" for a in readings)
            if is_name and (not run or tok[1] - run[-1][2] <= 1):
                run.append(tok)
                continue
            if run:
                out.append((run[0][1], run[-1][2], "noun_prop", "name", "morphology"))
            run = [tok] if is_name else []
        return out


def _strip_lex(lex: str) -> str:
    """camel-tools lemma spellings carry a sense index ("قَصَف_1") and diacritics."""
    return re.sub(r"[_-]\d+$", "", lex)


def _bio_spans(tokens: Sequence[tuple[str, int, int]], labels: Sequence[str]) -> list[tuple[int, int, str, str, str]]:
    """Merge B-/I- token labels into (start, end, label, kind, 'ner') spans over original offsets."""
    out: list[tuple[int, int, str, str, str]] = []
    cur: list[Any] | None = None
    for (_tok, s, e), label in zip(tokens, labels, strict=False):
        tag, _, kind = str(label).partition("-")
        if tag == "I" and cur is not None and cur[2] == kind:
            cur[1] = e
            continue
        if cur is not None:
            out.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
        if tag in ("B", "I") and kind in _NER_KIND:
            cur = [s, e, kind, _NER_KIND[kind], "ner"]
    if cur is not None:
        out.append(tuple(cur))  # type: ignore[arg-type]
    return out


def _dictionary_spans(text: str) -> list[tuple[int, int]]:
    from .dictionaries import actor_matcher, location_matcher

    return [(m.start, m.end) for matcher in (actor_matcher(), location_matcher()) for m in matcher.find(text)]


@lru_cache(maxsize=4)
def _load(root: Path) -> CamelModels | None:
    data = detect(root)
    if data is None:
        return None
    try:
        return CamelModels(data)
    except Exception as e:  # noqa: BLE001 - any failure to load means: keep the rules alone
        log.warning("camel-tools data found under %s but not loadable (%s: %s); continuing without it",
                    root, type(e).__name__, e)
        return None


def load_models(root: Path | None = None) -> CamelModels | None:
    """The camel-tools models when their data is installed (loaded once per data directory), else None."""
    return _load(data_root() if root is None else Path(root).absolute())
