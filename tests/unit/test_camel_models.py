"""extractors.camel_models: clean fallback without camel-tools data, real loading with a fixture.

The absent path runs in a fresh interpreter (``CAMELTOOLS_DATA`` pointing at an empty directory)
and checks that none of the network-touching camel-tools modules were imported.

The present path builds, offline, a fixture data directory: a ``catalogue.json`` naming a tiny
hand-written morphology database (the camel-tools text format, four stems) in the layout
camel-tools expects.  The real ``camel_tools.morphology`` Analyzer loads and analyses with it, in
a fresh interpreter whose sockets refuse to connect.  What this does NOT exercise: the real CALIMA
database, the MLE disambiguator and the BERT NER model (their data and torch/transformers are not
installed here); the NER branch is covered through its label-merging code with a stand-in model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import camel_models as cm
from orchestration.settings import REPO_ROOT

T = "\t"
# Stems are stored normalised (ة -> ه), as in the real databases: the analyser normalises input.
TINY_DB = "\n".join([
    "###DEFINES###",
    "DEFINE pos pos:verb pos:noun pos:noun_prop",
    "DEFINE diac diac:*open*",
    "DEFINE lex lex:*open*",
    "DEFINE bw bw:*open*",
    "DEFINE gloss gloss:*open*",
    "DEFINE prc1 prc1:0 prc1:wa_conj",
    "###DEFAULTS###",
    "DEFAULT pos:verb prc1:0 diac:* lex:* bw:* gloss:*",
    "DEFAULT pos:noun prc1:0 diac:* lex:* bw:* gloss:*",
    "DEFAULT pos:noun_prop prc1:0 diac:* lex:* bw:* gloss:*",
    "###ORDER###",
    "ORDER pos diac lex bw gloss prc1",
    "###TOKENIZATIONS###",
    "TOKENIZATION diac",
    "###STEMBACKOFF###",
    "###PREFIXES###",
    T.join(["", "Pref-0", "diac: bw: prc1:0"]),
    T.join(["و", "Pref-Wa", "diac:وَ bw:wa/CONJ+ prc1:wa_conj"]),
    "###SUFFIXES###",
    T.join(["", "Suff-0", "diac: bw:"]),
    T.join(["ت", "Suff-t", "diac:َتْ bw:+at/PVSUFF_SUBJ:3FS"]),
    "###STEMS###",
    T.join(["قصف", "PV", "diac:قَصَف lex:قَصَف_1 bw:qaSaf/PV pos:verb gloss:bomb"]),
    T.join(["استهدف", "PV", "diac:اِسْتَهْدَف lex:اِسْتَهْدَف_1 bw:{isotahodaf/PV pos:verb gloss:target"]),
    T.join(["برقطيه", "NP", "diac:بُرْقُطِيَّة lex:بُرْقُطِيَّة_1 bw:burquTiy~ap/NOUN_PROP pos:noun_prop gloss:Burqutiya"]),
    T.join(["قاعده", "N", "diac:قاعِدَة lex:قاعِدَة_1 bw:qAEidap/NOUN pos:noun gloss:base"]),
    "###TABLE AB###",
    "Pref-0 PV", "Pref-Wa PV", "Pref-0 NP", "Pref-Wa NP", "Pref-0 N",
    "###TABLE BC###",
    "PV Suff-0", "PV Suff-t", "NP Suff-0", "N Suff-0",
    "###TABLE AC###",
    "Pref-0 Suff-0", "Pref-0 Suff-t", "Pref-Wa Suff-0", "Pref-Wa Suff-t",
]) + "\n"

NO_NETWORK = """
import socket
def _refuse(*a, **k):
    raise OSError("network disabled in this test")
socket.socket.connect = _refuse
socket.create_connection = _refuse
"""


def _fixture_data(root: Path) -> Path:
    db_dir = root / "data" / "morphology_db" / "tiny-msa"
    db_dir.mkdir(parents=True)
    (db_dir / "morphology.db").write_text(TINY_DB, encoding="utf-8")
    catalogue = {"version": "1.6", "packages": {}, "components": {
        cm.MORPHOLOGY: {"default": "tiny-msa", "datasets": {"tiny-msa": {"path": "morphology_db/tiny-msa"}}}}}
    (root / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    return root


def _run(code: str, data: Path, home: Path) -> dict:
    """Run ``code`` in a fresh interpreter with camel-tools pointed at ``data``; it prints JSON."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update({"CAMELTOOLS_DATA": str(data), "HOME": str(home), "PYTHONPATH": str(REPO_ROOT)})
    out = subprocess.run([sys.executable, "-c", NO_NETWORK + code], env=env, cwd=REPO_ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_absent_data_falls_back_without_importing_camel_models(tmp_path):
    empty = tmp_path / "camel"
    empty.mkdir()
    res = _run("""
import json, sys, os
from extractors.camel_models import GUARDED_MODULES, detect, load_models
from extractors import extract_article
r = extract_article("أعلنت كتائب حزب الله مسؤوليتها عن قصف قاعدة عين الأسد بثلاثة صواريخ أمس.")
print(json.dumps({"detect": detect() is None, "load": load_models() is None, "incidents": len(r.incidents),
                  "imported": sorted(m for m in sys.modules if m.startswith(GUARDED_MODULES)),
                  "offline": os.environ.get("HF_HUB_OFFLINE")}))
""", empty, tmp_path)
    assert res == {"detect": True, "load": True, "incidents": 1, "imported": [], "offline": None}


def test_detect_needs_catalogue_and_a_model(tmp_path, monkeypatch):
    monkeypatch.setenv(cm.ENV_VAR, str(tmp_path))
    assert cm.data_root() == tmp_path.absolute()
    assert cm.detect() is None  # nothing there
    (tmp_path / "catalogue.json").write_text("{not json", encoding="utf-8")
    assert cm.detect() is None  # unreadable catalogue
    (tmp_path / "catalogue.json").write_text(json.dumps({"components": {}}), encoding="utf-8")
    assert cm.detect() is None  # a catalogue but no model directory
    _fixture_data(tmp_path / "full")
    data = cm.detect(tmp_path / "full")
    assert data is not None and data.morphology_db is not None and data.ner_model is None
    assert data.disambiguator is None


def test_present_morphology_gives_lemmas_and_proposals_offline(tmp_path):
    data = _fixture_data(tmp_path / "camel")
    res = _run("""
import json, sys, os
from extractors.camel_models import load_models
m = load_models()
text = "وقصفت طائرة مسيرة قاعدة قرب برقطية في ديالى."
props = m.propose(text)
print(json.dumps({
    "lemmas": [m.lemmas(w) for w in ("وقصفت", "استهدف", "قاعدة", "كتب")],
    "noun_lemma": m.lemmas("قاعدة", pos=("noun",)),
    "proposals": [[p.text, p.start, p.end, p.kind, p.source] for p in props],
    "surface_ok": all(text[p.start:p.end] == p.text for p in props),
    "known_blocks": m.propose(text, known_spans=[(28, 34)]) == [],
    "offline": [os.environ.get("HF_HUB_OFFLINE"), os.environ.get("TRANSFORMERS_OFFLINE")],
    "analyzer_loaded": "camel_tools.morphology.analyzer" in sys.modules,
    "ner_loaded": "camel_tools.ner" in sys.modules,
}, ensure_ascii=False))
""", data, tmp_path)
    assert res["lemmas"] == [["قصف"], ["استهدف"], [], []]
    assert res["noun_lemma"] == ["قاعده"]
    assert res["proposals"] == [["برقطية", 28, 34, "name", "morphology"]]
    assert res["surface_ok"] and res["known_blocks"]
    assert res["offline"] == ["1", "1"]
    assert res["analyzer_loaded"] and not res["ner_loaded"]


def test_broken_data_falls_back(tmp_path, caplog):
    data = _fixture_data(tmp_path / "camel")
    (data / "data" / "morphology_db" / "tiny-msa" / "morphology.db").write_text("garbage\n", encoding="utf-8")
    res = _run("""
import json
from extractors.camel_models import load_models
print(json.dumps({"load": load_models() is None}))
""", data, tmp_path)
    assert res == {"load": True}


class _StandInNER:
    """Stands in for camel_tools.ner.NERecognizer (BERT; not installed here): labels by lookup."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def predict_sentence(self, tokens: list[str]) -> list[str]:
        return [self.labels.get(t, "O") for t in tokens]


def test_ner_labels_become_proposals_with_original_offsets():
    models = cm.CamelModels.__new__(cm.CamelModels)
    models.analyzer = models.disambiguator = None
    models.ner = _StandInNER({"كتائب": "B-ORG", "الفجر": "I-ORG", "الجديد": "I-ORG", "برقطية": "B-LOC",
                              "أبو": "B-PERS", "حيدر": "I-PERS"})
    text = "تبنّت كتائب الفجر الجديد هجوماً على برقطية، وقال أبو حيدر إن…"
    props = models.propose(text, known_spans=[])
    assert [(p.text, p.kind, p.label) for p in props] == [
        ("كتائب الفجر الجديد", "actor", "ORG"), ("برقطية", "place", "LOC"), ("أبو حيدر", "actor", "PERS")]
    assert all(text[p.start:p.end] == p.text for p in props)
    assert models.propose(text, known_spans=[(props[1].start, props[1].end)])[1].text == "أبو حيدر"


@pytest.mark.parametrize("lex,want", [("قَصَف_1", "قَصَف"), ("اِسْتَهْدَف-2", "اِسْتَهْدَف"), ("plain", "plain")])
def test_strip_lex(lex, want):
    assert cm._strip_lex(lex) == want
