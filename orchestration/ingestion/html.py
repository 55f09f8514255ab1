"""Article text and metadata out of a saved news page (selectolax: fast, lenient HTML5 parser)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_NOISE = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, button, template"
_BLOCKS = "p, h1, h2, h3, h4, li, blockquote"
_META = {
    "title": ("meta[property='og:title']", "meta[name='title']"),
    "outlet": ("meta[property='og:site_name']", "meta[name='publisher']"),
    "url": ("meta[property='og:url']", "link[rel='canonical']"),
    "published_date": ("meta[property='article:published_time']", "meta[name='date']",
                       "meta[itemprop='datePublished']", "time[datetime]"),
}


def _attr(tree: HTMLParser, selectors: tuple[str, ...]) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is None:
            continue
        value = node.attributes.get("content") or node.attributes.get("href") or node.attributes.get("datetime")
        if value and value.strip():
            return value.strip()
    return None


def extract_html(markup: str) -> tuple[str, dict[str, str]]:
    """(article text, metadata) from HTML; scripts, navigation and page chrome are dropped."""
    tree = HTMLParser(markup)
    meta = {k: v for k, sels in _META.items() if (v := _attr(tree, sels))}
    if "title" not in meta and (t := tree.css_first("title")) is not None and t.text(strip=True):
        meta["title"] = t.text(strip=True)
    for node in tree.css(_NOISE):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return "", meta
    blocks = [n.text(separator=" ", strip=True) for n in root.css(_BLOCKS)]
    blocks = [b for b in blocks if b]
    text = "\n".join(blocks) if blocks else root.text(separator="\n", strip=True)
    return text, meta
