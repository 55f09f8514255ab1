"""Arabic extraction library: article text → sentences, actors, places, incidents and claims.

Pure Python with no Dagster imports, so it can be used from a notebook, a test or another
orchestrator.  Every fact carries character offsets into the article as published.
"""

from __future__ import annotations

from functools import lru_cache

__version__ = "0.2.0"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Code version + a hash of every dictionary/lexicon file: a change to either re-extracts."""
    from .dictionaries import dictionary_version

    return f"{__version__}+{dictionary_version()}"


def extract_article(*args, **kwargs):
    """See :func:`extractors.pipeline.extract_article`."""
    from .pipeline import extract_article as _extract

    return _extract(*args, **kwargs)


def __getattr__(name: str):
    if name == "EXTRACTOR_VERSION":
        return extractor_version()
    raise AttributeError(name)
