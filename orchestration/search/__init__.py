"""Arabic full-text search over the warehouse: the analyser, the index build, queries and the index check."""
