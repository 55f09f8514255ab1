"""Cross-article incident fusion: which incident frames (one article's account of one event) are the
same real-world incident, and which stable ``incident_id`` each incident carries.

Pure Python on plain values (no Dagster, no DuckDB) so the rules can be unit-tested and read in one
place:

- :mod:`.score`   — the transparent pairwise score (date window by precision, place via the gazetteer
  hierarchy, weapon, target, shared actors) with its weights, vetoes and threshold;
- :mod:`.cluster` — best-first clustering with cannot-link constraints, and id assignment that keeps
  an incident's id when later runs add reports to it;
- :mod:`.store`   — reading frames from and writing decisions to the warehouse (``fusion.*``).

The Dagster asset is :mod:`orchestration.assets.fusion`; dbt reads ``fusion.incident_registry`` in
``int_incident_frames_clustered``.
"""

from .cluster import Fusion, assign_ids, fuse, fuse_increment
from .score import (
    AMBIGUITY_MARGIN,
    SCORER_VERSION,
    THRESHOLD,
    WEIGHTS,
    Frame,
    Gazetteer,
    PairScore,
    Place,
    candidate_pairs,
    frame_key,
    score_pair,
)

__all__ = [
    "AMBIGUITY_MARGIN", "SCORER_VERSION", "THRESHOLD", "WEIGHTS", "Frame", "Fusion", "Gazetteer", "PairScore",
    "Place", "assign_ids", "candidate_pairs", "frame_key", "fuse", "fuse_increment", "score_pair",
]
