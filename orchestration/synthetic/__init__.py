"""Synthetic Arabic news corpus with its gold annotation: what `marsad generate` writes.

Why: the bundled sample corpus has 34 hand-annotated articles; measuring extraction and fusion
at scale needs many more, with a gold that is exactly right.  The articles are composed from
versioned templates (``templates/*.yaml``) and the project's own dictionaries, and the gold is
recorded while they are written.

Modules: ``templates`` (load and validate the template data), ``arabic`` (numerals, dates),
``render`` (markup → text, recording what is named), ``plan`` (which article reports which
incident, per block of articles), ``compose`` (one article and its gold), ``gold`` (streaming
gold writer), ``corpus`` (the file writer), ``command`` (the CLI).
"""
