"""`marsad search QUERY`: print the matching articles, their matched sentences, and what those feed.

Matches are highlighted in the sentence as published (diacritics kept).  On a terminal the
highlight is a colour; in a pipe or a file, where rich drops colours, the matched words are
wrapped in ⟦ ⟧ instead so the output still shows what matched.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from .search.query import ArticleHit, SearchIndexMissing, SearchResult, search
from .warehouse_access import WarehouseUnavailable, open_published

HIGHLIGHT = "bold black on yellow"
OPEN, CLOSE = "⟦", "⟧"


def highlighted(text: str, spans: list[tuple[int, int]], plain: bool) -> Text:
    """``text`` with ``spans`` highlighted: styled, or bracketed when ``plain``."""
    if not plain:
        out = Text(text)
        for a, b in spans:
            out.stylize(HIGHLIGHT, a, b)
        return out
    out, pos = Text(), 0
    for a, b in sorted(spans):
        out.append(text[pos:a])
        out.append(f"{OPEN}{text[a:b]}{CLOSE}")
        pos = b
    out.append(text[pos:])
    return out


def _print_hit(console: Console, rank: int, hit: ArticleHit, plain: bool) -> None:
    meta = " · ".join(str(v) for v in (hit.article_id, hit.outlet or "outlet unknown",
                                        hit.published_date or "date unknown") if v)
    console.print(Text(f"{rank}. ", style="bold") + Text(meta, style="bold") + Text(f" · score {hit.score:.2f}"))
    if hit.title:
        console.print(Text("   ") + highlighted(hit.title, hit.title_spans, plain))
    for s in hit.sentences:
        console.print(Text(f"   sentence {s.sentence_index} [{s.char_start}:{s.char_end}]: ", style="dim")
                      + highlighted(s.text, s.spans, plain))
        for f in s.feeds:
            console.print(Text(f"      → {f.kind} {f.label} ({f.ref})", style="cyan"))
    if hit.incident_ids:
        console.print(Text(f"   incidents reported by this article: {', '.join(hit.incident_ids)}", style="dim"))


def print_result(console: Console, result: SearchResult) -> None:
    plain = not console.is_terminal
    terms = " ".join(result.terms)
    if result.stale_index:
        console.print(f"[yellow]the index was built by analyser {result.index_version}: run `marsad refresh` "
                      "to rebuild it; some matches may be missing[/yellow]")
    if not result.hits:
        console.print(Text(f"no article matches «{result.query}» (searched for: {terms})"))
        return
    console.print(Text(f"{result.total} article(s) match «{result.query}» (searched for: {terms}); "
                       f"showing {len(result.hits)}"))
    for rank, hit in enumerate(result.hits, 1):
        _print_hit(console, rank, hit, plain)


def run_search(console: Console, query: str, warehouse: Path, limit: int) -> int:
    """Search the published ``warehouse``; returns the exit code (0 also when nothing matches)."""
    try:
        con = open_published(warehouse)
    except WarehouseUnavailable as e:
        console.print(Text(str(e), style="red"))
        return 2
    try:
        result = search(con, query, limit=limit)
    except SearchIndexMissing as e:
        console.print(Text(f"{warehouse}: {e}", style="red"))
        return 2
    finally:
        con.close()
    if not result.terms:
        console.print(Text(f"nothing to search for in «{query}»: give at least one Arabic (or Latin) word or number",
                           style="red"))
        return 2
    print_result(console, result)
    return 0
