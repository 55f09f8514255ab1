"""Stream the gold annotation to disk in the format of ``sample_corpus/gold.yaml``.

Why streaming: a million articles' gold does not fit comfortably in memory, and YAML needs
no whole-document writer -- each article is one item of the top-level ``articles`` list, so
it is dumped on its own and appended.  The cross-article lists (``same_incident``,
``distinct_incidents``) are only known block by block; they go to side files that are
appended after the last article.  A ``.jsonl`` gold path writes one JSON object per article
instead (plus one line per group), which orchestration/evaluate.py also reads line by line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import IO, Any

import yaml

HEADER = """\
# Gold annotation of a synthetic corpus written by `marsad generate` (orchestration/synthetic).
# Same schema and conventions as sample_corpus/gold.yaml, so `marsad eval` scores it:
#     marsad eval --gold THIS_FILE --landing OUT/landing
# - Every incident, figure, claim and actor here is what the generated article itself says:
#   reports of one incident keep their own (conflicting) figures; background attacks recalled
#   in passing are `optional: true` incidents with their own dates.
# - `ar` lists surfaces exactly as written (a surface after the prefix لـ is written with
#   ال folded: "السومرية نيوز" appears as "للسومرية نيوز").
# - An exact copy of another article has `duplicate_of` and no items: the warehouse stores
#   the text once, under its first file name, and its gold is the original's.
# - Events are fictional; actors and places are real (the project's dictionaries).
"""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: ~10x faster
    """Block style for articles, flow style for small leaf mappings and lists (as the sample gold)."""


def _represent_date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.date, _represent_date)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


class GoldWriter:
    """Append-only gold file: ``article()`` per article, ``same()`` / ``distinct()`` per group."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = Path(path)
        self.jsonl = self.path.suffix == ".jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._main: IO[str] = self.path.open("w", encoding="utf-8")
        self._same_path = self.path.with_name(self.path.name + ".same.part")
        self._distinct_path = self.path.with_name(self.path.name + ".distinct.part")
        self._same: IO[str] = self._same_path.open("w", encoding="utf-8")
        self._distinct: IO[str] = self._distinct_path.open("w", encoding="utf-8")
        if self.jsonl:
            self._main.write(json.dumps({"version": 1, "generator": meta}, ensure_ascii=False) + "\n")
        else:
            self._main.write(HEADER)
            self._main.write(yaml.dump({"version": 1, "generator": meta}, Dumper=_Dumper, allow_unicode=True,
                                       sort_keys=False, default_flow_style=None, width=4096))
            self._main.write("articles:\n")

    def article(self, entry: dict[str, Any]) -> None:
        if self.jsonl:
            self._main.write(json.dumps(entry, ensure_ascii=False, default=_json_default) + "\n")
            return
        self._main.write(yaml.dump([entry], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                   default_flow_style=None, width=4096))

    def same(self, ids: list[str]) -> None:
        self._same.write(json.dumps(ids, ensure_ascii=False) + "\n")

    def distinct(self, pair: tuple[str, str]) -> None:
        self._distinct.write(json.dumps(list(pair), ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Append the group lists after the articles and remove the side files."""
        self._same.close()
        self._distinct.close()
        for key, part in (("same_incident", self._same_path), ("distinct_incidents", self._distinct_path)):
            if self.jsonl:
                with part.open(encoding="utf-8") as f:
                    for line in f:
                        self._main.write(json.dumps({key: json.loads(line)}, ensure_ascii=False) + "\n")
            else:
                self._main.write(f"{key}:\n")
                with part.open(encoding="utf-8") as f:
                    wrote = False
                    for line in f:
                        self._main.write("- [" + ", ".join(json.loads(line)) + "]\n")
                        wrote = True
                    if not wrote:
                        self._main.write("  []\n")
            part.unlink()
        self._main.close()
