{#-
  Stable surrogate keys.  They hash the natural key of the extract row, so rebuilding the
  warehouse from the same extraction gives the same ids.
-#}

{#- One incident frame (extract.incident_frames: article_id, frame_index).  The fusion asset
    computes the same key in Python (orchestration/fusion/score.py:frame_key); an incident's id
    is the key of the frame that first reported it. -#}
{% macro incident_frame_key(article_id, frame_index) -%}
    md5({{ article_id }} || ':incident:' || cast({{ frame_index }} as varchar))
{%- endmacro %}

{#- One claim (extract.claims: article_id, claim_index). -#}
{% macro claim_key(article_id, claim_index) -%}
    md5({{ article_id }} || ':claim:' || cast({{ claim_index }} as varchar))
{%- endmacro %}

{#- One actor mention (extract.actor_mentions: article_id, mention_index).  Namespaced so it
    can never equal an incident or claim key built from the same article and index. -#}
{% macro actor_mention_key(article_id, mention_index) -%}
    md5({{ article_id }} || ':mention:' || cast({{ mention_index }} as varchar))
{%- endmacro %}
