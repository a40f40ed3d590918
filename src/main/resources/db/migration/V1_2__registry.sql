-- Registry: the organisations known to the WARP. Resources, contacts and keys come with the registry issue.
create table organisations (
    id                 uuid primary key,
    name               text        not null check (length(name) between 1 and 200),
    kind               text        not null check (kind in ('WARP', 'MEMBER', 'CSIRT')),
    country            char(2)     not null check (country ~ '^[A-Z]{2}$'),
    sector             text,
    require_two_factor boolean     not null default false,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

-- There is exactly one WARP, and names are unique regardless of case.
create unique index organisations_single_warp on organisations (kind) where kind = 'WARP';
create unique index organisations_name on organisations (lower(name));
