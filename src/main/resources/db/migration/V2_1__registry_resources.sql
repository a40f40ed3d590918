-- Registry resources: who holds which addresses, AS numbers and domains, and whom to tell.

-- Organisations may carry the member id of the registry's roster, the key that matches them on re-import.
alter table organisations add column member_id text;
create unique index organisations_member_id on organisations (member_id) where member_id is not null;

-- IPv4 and IPv6 prefixes. One row per CIDR block (a delegated IPv4 range that is not a CIDR block
-- is split into the minimal set of blocks, each a row).
create table ip_resources (
    id              bigserial primary key,
    prefix          cidr        not null,
    organisation_id uuid references organisations (id),
    status          text        not null check (status in ('ALLOCATED', 'ASSIGNED', 'RESERVED', 'AVAILABLE')),
    country         char(2),
    registered_on   date,
    registry        text        not null,
    -- Where the row came from: 'delegated', 'roster' or 'manual'; a delegated import only ever
    -- touches the rows of its own registry that came from a delegated file.
    source          text        not null check (source in ('delegated', 'roster', 'manual')),
    -- The holder's opaque id in the last delegated file (stable within one file only).
    holder_ref      text,
    updated_at      timestamptz not null default now()
);
create unique index ip_resources_prefix on ip_resources (prefix);
create index ip_resources_organisation on ip_resources (organisation_id);

create table asn_resources (
    id              bigserial primary key,
    first_asn       bigint      not null check (first_asn between 0 and 4294967295),
    last_asn        bigint      not null check (last_asn between first_asn and 4294967295),
    organisation_id uuid references organisations (id),
    status          text        not null check (status in ('ALLOCATED', 'ASSIGNED', 'RESERVED', 'AVAILABLE')),
    country         char(2),
    registered_on   date,
    registry        text        not null,
    source          text        not null check (source in ('delegated', 'roster', 'manual')),
    holder_ref      text,
    updated_at      timestamptz not null default now()
);
create unique index asn_resources_first on asn_resources (first_asn);
create index asn_resources_organisation on asn_resources (organisation_id);

create table domain_resources (
    id              bigserial primary key,
    domain          text        not null check (domain ~ '^[a-z0-9.-]+$'),
    organisation_id uuid        not null references organisations (id),
    source          text        not null check (source in ('roster', 'manual')),
    updated_at      timestamptz not null default now()
);
create unique index domain_resources_domain on domain_resources (domain);

-- Whom to tell: abuse, security and administrative contacts, each with an optional OpenPGP key.
create table contacts (
    id              uuid primary key,
    organisation_id uuid        not null references organisations (id),
    role            text        not null check (role in ('ABUSE', 'SECURITY', 'ADMINISTRATIVE')),
    email           text        not null,
    phone           text,
    language        text check (language in ('es', 'pt', 'en')),
    pgp_key         text,
    source          text        not null check (source in ('roster', 'manual', 'rdap')),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index contacts_organisation on contacts (organisation_id);

-- The routing table (prefix -> origin AS) and AS names, replaced whole by each import.
create table route_origins (
    prefix cidr   not null,
    asn    bigint not null
);
create unique index route_origins_prefix on route_origins (prefix);

create table as_names (
    asn     bigint primary key,
    name    text not null,
    country char(2)
);

-- Every import, applied or refused, with its report.
create table registry_imports (
    id          uuid primary key,
    kind        text        not null check (kind in ('DELEGATED', 'ROSTER', 'ROUTES', 'AS_NAMES')),
    source_name text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    outcome     text        not null check (outcome in ('APPLIED', 'UNCHANGED', 'REFUSED')),
    added       integer     not null default 0,
    changed     integer     not null default 0,
    removed     integer     not null default 0,
    rejected    integer     not null default 0,
    -- Counts per type, file header, the first problems with their line numbers.
    report      jsonb       not null default '{}'::jsonb,
    actor_label text        not null,
    -- Where the raw file is kept (under WARP_DATA_DIR), so that nothing received is lost.
    archive     text
);
create index registry_imports_started on registry_imports (started_at desc);

-- Cached RDAP answers, so that lookups work offline and stay within the registries' rate limits.
create table rdap_cache (
    cache_key  text primary key,
    response   text        not null,
    fetched_at timestamptz not null
);
