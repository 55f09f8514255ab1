-- The tables the Python assets write and dbt reads (the dbt sources).
-- This file is the contract between `orchestration/` (writers) and `dbt_project/` (readers).
-- Idempotent: run at the start of every refresh.

create schema if not exists raw;
create schema if not exists extract;
create schema if not exists ref;
create schema if not exists ops;

-- ---------------------------------------------------------------- raw: one row per distinct article
create table if not exists raw.articles (
    article_id            varchar primary key,   -- sha256 (first 16 hex) of the normalised text
    source_uri            varchar not null,      -- first file (or file#line for JSONL) it came from
    url                   varchar,
    outlet                varchar,               -- from metadata, else null
    title                 varchar,
    meta_published_date   date,                  -- from metadata only; inference happens in extraction
    text                  varchar not null,      -- decoded text as published (HTML stripped)
    char_count            integer not null,
    encoding              varchar not null,      -- utf-8, utf-8-sig, utf-16, cp1256
    ingested_at           timestamp not null
);

-- every input unit (file, or JSONL line) and what became of it: the reconciliation log
create table if not exists raw.ingest_log (
    source_uri     varchar primary key,
    file_sha256    varchar,
    byte_size      bigint,
    status         varchar not null,             -- ingested | duplicate | quarantined
    article_id     varchar,                      -- for ingested / duplicate
    detail         varchar,                      -- e.g. a metadata field that was dropped and why
    seen_at        timestamp not null
);

create table if not exists raw.quarantine (
    source_uri     varchar primary key,
    file_sha256    varchar,
    byte_size      bigint,
    reason         varchar not null,             -- empty | binary | undecodable | not_arabic | too_short | too_large | malformed_json | missing_text | unreadable | unsupported_type
    detail         varchar,
    quarantined_at timestamp not null
);

-- one row per ingestion run: when it looked at the landing directory (the reconciliation check
-- excuses files that arrived after started_at: the next run picks them up)
create table if not exists raw.ingest_runs (
    run_id             varchar primary key,
    landing            varchar not null,
    started_at         timestamp not null,
    finished_at        timestamp not null,
    units_seen         bigint not null,
    ingested           bigint not null,
    duplicates         bigint not null,
    quarantined        bigint not null,
    skipped_unchanged  bigint not null
);

-- ---------------------------------------------------------------- ref: dictionaries (from extractors/data)
create table if not exists ref.actors (
    actor_id           varchar primary key,
    name_ar            varchar not null,
    name_en            varchar,
    actor_type         varchar not null,
    parent_actor_id    varchar,
    affiliation        varchar,
    attribution_source varchar,
    is_collective      boolean not null,         -- a generic label ("Iran-backed militias"), not one organisation
    verified           boolean not null
);

create table if not exists ref.actor_aliases (
    actor_id  varchar not null,
    alias     varchar not null,
    lang      varchar
);

create table if not exists ref.locations (
    location_id        varchar primary key,
    name_ar            varchar not null,
    name_en            varchar,
    location_type      varchar not null,         -- country | governorate | district | city | neighbourhood | site
    admin1             varchar,
    country_code       varchar,
    latitude           double,
    longitude          double,
    geo_precision      integer not null,         -- 1 site/neighbourhood, 2 town/district, 3 governorate, 4 country
    parent_location_id varchar
);

-- ---------------------------------------------------------------- extract: per article, per extractor version
create table if not exists extract.article_meta (
    article_id            varchar primary key,
    extractor_version     varchar not null,
    published_date        date,
    published_date_source varchar not null,      -- metadata | inferred | unknown
    outlet                varchar,
    n_sentences           integer not null,
    extracted_at          timestamp not null
);

create table if not exists extract.sentences (
    article_id      varchar not null,
    sentence_index  integer not null,
    char_start      integer not null,
    char_end        integer not null,
    text            varchar not null,
    is_boilerplate  boolean not null,
    primary key (article_id, sentence_index)
);

create table if not exists extract.actor_mentions (
    article_id      varchar not null,
    mention_index   integer not null,
    actor_id        varchar not null,
    surface         varchar not null,            -- exactly original_text[char_start:char_end]
    sentence_index  integer not null,
    char_start      integer not null,
    char_end        integer not null,
    match_kind      varchar not null,            -- alias | context | cue
    primary key (article_id, mention_index)
);

-- organisations found by a cue ("حركة X", "كتائب X") that the dictionary lacks
create table if not exists extract.unverified_actors (
    actor_id    varchar not null,                -- 'unv_' || hash of the normalised name
    article_id  varchar not null,
    name_ar     varchar not null,
    actor_type  varchar not null,
    cue         varchar not null,
    primary key (actor_id, article_id)
);

create table if not exists extract.place_mentions (
    article_id      varchar not null,
    mention_index   integer not null,
    location_id     varchar not null,
    surface         varchar not null,
    sentence_index  integer not null,
    char_start      integer not null,
    char_end        integer not null,
    role            varchar not null,            -- struck | launch | mention
    primary key (article_id, mention_index)
);

-- incident frames: one per event an article describes (fusion across articles is dbt's job)
create table if not exists extract.incident_frames (
    article_id           varchar not null,
    frame_index          integer not null,
    is_background        boolean not null,       -- mentioned in passing, not the article's news
    event_type           varchar not null,
    weapon               varchar,
    incident_date        date,
    date_precision       varchar not null,       -- day | month | year | unknown
    date_text            varchar,
    location_id          varchar,
    launch_location_id   varchar,
    target_name          varchar,
    target_type          varchar,
    munitions_min        integer,
    munitions_max        integer,
    intercepted          integer,
    killed_min           integer,
    killed_max           integer,
    injured_min          integer,
    injured_max          integer,
    civilian_casualties  boolean,
    claim_status         varchar not null,       -- claimed | unclaimed | disputed | disowned
    sentence_index       integer not null,       -- the sentence with the trigger
    char_start           integer not null,
    char_end             integer not null,
    evidence_text        varchar not null,
    confidence           double not null,
    primary key (article_id, frame_index)
);

create table if not exists extract.incident_actors (
    article_id   varchar not null,
    frame_index  integer not null,
    actor_id     varchar not null,
    role         varchar not null,               -- claimed_perpetrator | alleged_perpetrator | target | victim | denier | responder
    primary key (article_id, frame_index, actor_id, role)
);

create table if not exists extract.claims (
    article_id         varchar not null,
    claim_index        integer not null,
    sentence_index     integer not null,
    char_start         integer not null,
    char_end           integer not null,
    frame_index        integer,                  -- the incident frame it is about, if any
    speaker_actor_id   varchar,
    speaker_text       varchar,
    speaker_anonymous  boolean not null,
    claim_type         varchar not null,
    predicate          varchar not null,
    via_actor_id       varchar,
    quote_text         varchar,
    claim_date         date,
    confidence         double not null,
    primary key (article_id, claim_index)
);

create table if not exists extract.claim_actors (
    article_id   varchar not null,
    claim_index  integer not null,
    actor_id     varchar not null,
    role         varchar not null,               -- accused | denied_for | condemned | credited | mentioned
    primary key (article_id, claim_index, actor_id, role)
);

-- ---------------------------------------------------------------- fusion: which frames are one incident
-- Written by the fuse_incidents asset (orchestration/fusion/) after extraction, read by dbt
-- (int_incident_frames_clustered).  The registry persists across refreshes: it is how an incident
-- keeps its incident_id when later runs add reports of it.
create schema if not exists fusion;

-- every scored candidate pair (frames of different articles whose date windows overlap), part by part
create table if not exists fusion.frame_pairs (
    frame_key_a      varchar not null,           -- md5(article_id || ':incident:' || frame_index)
    article_id_a     varchar not null,
    frame_index_a    integer not null,
    frame_key_b      varchar not null,
    article_id_b     varchar not null,
    frame_index_b    integer not null,
    date_relation    varchar not null,           -- same_day | adjacent_day | day_in_month | same_month | apart | too_vague
    date_gap_days    integer,
    date_score       double not null,
    place_relation   varchar not null,           -- same | within_site | nearby | within_town | within_governorate | article_place | within_country | unknown | apart
    place_score      double not null,
    means_relation   varchar not null,           -- same | same_family | related | unknown | different
    means_score      double not null,
    target_relation  varchar not null,           -- same | different | unknown
    target_score     double not null,
    actor_relation   varchar not null,           -- shared | none_shared
    actor_score      double not null,
    score            double not null,            -- weighted sum of the part scores
    threshold        double not null,
    veto             varchar,                    -- same_article | date_too_vague | dates_apart | places_apart | different_means
    is_match         boolean not null,           -- score >= threshold and no veto
    decision         varchar not null,           -- fused | ambiguous | conflict | below_threshold | vetoed
    same_incident    boolean not null,           -- the two frames ended up in one incident
    scorer_version   varchar not null,
    scored_at        timestamp not null,
    primary key (frame_key_a, frame_key_b)
);

-- frame -> incident, one row per current incident frame
create table if not exists fusion.incident_registry (
    frame_key        varchar primary key,
    article_id       varchar not null,
    frame_index      integer not null,
    incident_id      varchar not null,
    assigned_at      timestamp not null,         -- when the frame was first given this incident_id
    is_ambiguous     boolean not null,           -- left unfused: its best matches are incidents that cannot be one
    scorer_version   varchar not null
);
-- digest of what fusion read about the frame: an unchanged frame keeps its scored pairs (incremental runs)
alter table fusion.incident_registry add column if not exists frame_hash varchar;
-- the frame representing the frame's node (identical accounts from other articles are scored once)
alter table fusion.incident_registry add column if not exists node_key varchar;

-- what the last fusion run scored with (scorer version, threshold, gazetteer digest)
create table if not exists fusion.state (
    key              varchar primary key,
    value            varchar not null,
    updated_at       timestamp not null
);

-- ---------------------------------------------------------------- ops: what was published when
-- one row per publication, written into the build just before it is swapped in (orchestration/publish.py)
create table if not exists ops.publications (
    publication_id           integer primary key,
    published_at             timestamp not null,
    run_id                   varchar not null,
    job_name                 varchar,
    previous_publication_id  integer,
    extractor_version        varchar,
    dictionary_version       varchar,
    articles                 bigint not null,
    quarantined              bigint not null,
    checks_passed            integer not null,
    checks_warned            integer not null,
    table_counts             varchar not null,  -- JSON object: table -> row count
    data_docs                varchar            -- Great Expectations Data Docs of the publishing run
);
