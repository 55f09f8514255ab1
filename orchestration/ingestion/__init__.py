"""Pure-Python ingestion: decoding, HTML extraction, quality gates, landing-directory walking."""

from .readers import ArticleRecord, Quarantined, article_id_for, read_landing

__all__ = ["ArticleRecord", "Quarantined", "article_id_for", "read_landing"]
