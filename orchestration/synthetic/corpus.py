"""Write a synthetic corpus to disk, file by file, with its gold: what `marsad generate` runs.

Why the shape: nothing is kept beyond one block of :data:`plan.BLOCK` articles (the block's
plan, its articles' texts for verbatim copies, its incidents' ids for the gold groups), so
memory stays flat whatever ``n`` is, and every article is on disk as soon as it is written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .compose import Article, Composer
from .gold import GoldWriter
from .plan import BLOCK, plan_block
from .templates import Library, library


@dataclass(slots=True)
class GenerationStats:
    """Counts gathered while streaming (no article is kept to compute them)."""

    articles: int = 0
    files: int = 0
    duplicates: int = 0
    statements: int = 0
    incidents: int = 0
    multi_report_incidents: int = 0
    reports_per_incident: dict[int, int] = field(default_factory=dict)
    formats: dict[str, int] = field(default_factory=dict)
    min_bytes: int = 0
    max_bytes: int = 0
    total_bytes: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "articles_per_second": round(self.articles_per_second, 1)}


class _Landing:
    """File naming and writing: zero-padded index first, so files sort in generation order."""

    def __init__(self, root: Path, n: int) -> None:
        self.root = root
        self.width = max(6, len(str(max(n - 1, 0))))
        root.mkdir(parents=True, exist_ok=True)

    def name(self, k: int, slug: str, ext: str) -> str:
        return f"{k:0{self.width}d}_{slug}.{ext}"

    def write_text(self, name: str, text: str, meta: dict[str, Any] | None) -> int:
        (self.root / name).write_text(text + "\n", encoding="utf-8")
        if meta is not None:
            side = self.root / (name[:-4] + ".meta.json")
            side.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return 2
        return 1

    def write_json(self, name: str, article: Article) -> None:
        obj = {"title": article.title, "text": article.text, **{k: v for k, v in (article.meta or {}).items()
                                                                if k != "title"}}
        (self.root / name).write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def append_jsonl(self, name: str, article: Article) -> None:
        obj = {"text": article.text, "title": article.title, **{k: v for k, v in (article.meta or {}).items()
                                                                if k != "title"}}
        with (self.root / name).open("a", encoding="utf-8") as f:
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def generate_corpus(n: int, out: Path, seed: int = 0, gold_path: Path | None = None, *,
                    lib: Library | None = None,
                    on_article: Callable[[int], None] | None = None) -> GenerationStats:
    """Write ``n`` articles to ``out/landing`` and their gold to ``gold_path`` (default ``out/gold.yaml``).

    Deterministic for (``n``, ``seed``, template and dictionary version): article ``k`` depends
    only on its block's plan and its own generator.  ``on_article(k)`` is called after each
    article (progress display).
    """
    lib = lib or library()
    out = Path(out)
    landing = _Landing(out / "landing", n)
    if any(landing.root.iterdir()):
        raise FileExistsError(f"{landing.root} is not empty: generate into a fresh directory")
    gold_path = Path(gold_path) if gold_path else out / "gold.yaml"
    meta = {"tool": "marsad generate", "seed": seed, "articles": n, "templates": lib.version}
    gold = GoldWriter(gold_path, meta)
    stats = GenerationStats()
    t0 = time.perf_counter()
    try:
        for block in range((n + BLOCK - 1) // BLOCK):
            _write_block(lib, seed, block, n, landing, gold, stats, on_article)
    finally:
        gold.close()
    stats.seconds = time.perf_counter() - t0
    return stats


def _write_block(lib: Library, seed: int, block: int, n: int, landing: _Landing, gold: GoldWriter,
                 stats: GenerationStats, on_article: Callable[[int], None] | None) -> None:
    plan = plan_block(lib, seed, block)
    composer = Composer(lib, seed, plan)
    written: dict[int, tuple[str, Article]] = {}   # position -> (gold file name, article): for copies
    main_ids: dict[int, list[str]] = {}            # incident index -> ids of the articles reporting it
    groups: dict[int, list[str]] = {}              # incident index -> every id (reports and recaps)
    jsonl_name: str | None = None
    jsonl_lines = 0
    for pos, spec in enumerate(plan.articles):
        k = block * BLOCK + pos
        if k >= n:
            break
        if spec.kind == "duplicate":
            src_file, art = written[spec.duplicate_of]
            name = landing.name(k, art.slug + "_copy", "txt")
            meta = None
            if spec.fmt == "txt_meta" and art.meta is not None:
                meta = {**art.meta, "url": str(art.meta.get("url", "")).rstrip("/") + "?ref=syndication"}
            stats.files += landing.write_text(name, art.text, meta)
            gold.article({"file": name, "duplicate_of": src_file, "published_hint": art.gold["published_hint"],
                          "incidents": [], "actors": [], "claims": []})
            stats.duplicates += 1
            _count(stats, art.text, "duplicate")
        else:
            art = composer.article(pos)
            if art.fmt == "jsonl":
                if jsonl_name is None:
                    jsonl_name = landing.name(k, "wire_briefs", "jsonl")
                    stats.files += 1
                landing.append_jsonl(jsonl_name, art)
                jsonl_lines += 1
                file = f"{jsonl_name}#{jsonl_lines}"
            elif art.fmt == "json":
                file = landing.name(k, art.slug, "json")
                landing.write_json(file, art)
                stats.files += 1
            else:
                file = landing.name(k, art.slug, "txt")
                stats.files += landing.write_text(file, art.text, art.meta if art.fmt == "txt_meta" else None)
            written[pos] = (file, art)
            gold.article({"file": file, **art.gold})
            if spec.kind == "statement":
                stats.statements += 1
            if art.main_incident is not None:
                gid = f"g{k}-i1"
                main_ids.setdefault(art.main_incident, []).append(gid)
                groups.setdefault(art.main_incident, []).append(gid)
            for gid, idx in art.background_of:
                groups.setdefault(idx, []).append(gid)
            _count(stats, art.text, art.fmt)
        if on_article is not None:
            on_article(k)
    for ids in main_ids.values():
        stats.incidents += 1
        stats.reports_per_incident[len(ids)] = stats.reports_per_incident.get(len(ids), 0) + 1
        if len(ids) > 1:
            stats.multi_report_incidents += 1
    for idx in sorted(groups):
        if len(groups[idx]) > 1 and idx in main_ids:
            gold.same(groups[idx])
    for a, b in plan.distinct:
        if a in main_ids and b in main_ids:
            gold.distinct((main_ids[a][0], main_ids[b][0]))


def _count(stats: GenerationStats, text: str, fmt: str) -> None:
    size = len(text.encode("utf-8"))
    stats.articles += 1
    stats.formats[fmt] = stats.formats.get(fmt, 0) + 1
    stats.total_bytes += size
    stats.min_bytes = size if stats.articles == 1 else min(stats.min_bytes, size)
    stats.max_bytes = max(stats.max_bytes, size)
