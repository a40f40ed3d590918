-- Identity: users, their membership in one organisation with roles, password resets and API tokens.
create table users (
    id                  uuid primary key,
    email               text        not null check (length(email) between 3 and 254),
    name                text        not null check (length(name) between 1 and 200),
    language            text        not null check (language in ('es', 'pt', 'en')),
    password_hash       text,
    enabled             boolean     not null default true,
    failed_logins       integer     not null default 0,
    locked_until        timestamptz,
    -- TOTP (RFC 6238): the shared secret, and the last accepted time step so that no code is used twice.
    totp_secret         bytea,
    totp_last_step      bigint      not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    password_changed_at timestamptz,
    last_login_at       timestamptz
);
create unique index users_email on users (lower(email));

-- One membership per user for now (ADR 0005): a user acts for exactly one organisation.
create table memberships (
    user_id         uuid primary key references users (id) on delete cascade,
    organisation_id uuid   not null references organisations (id),
    roles           text[] not null check (cardinality(roles) > 0)
);
create index memberships_organisation on memberships (organisation_id);

-- Single-use password reset links; only the SHA-256 of the secret is kept.
create table password_resets (
    token_hash bytea primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_resets_user on password_resets (user_id);

-- API tokens of an organisation; only the SHA-256 of the whole bearer string is kept.
create table api_tokens (
    id              text primary key,
    organisation_id uuid        not null references organisations (id),
    name            text        not null check (length(name) between 1 and 100),
    secret_hash     bytea       not null unique,
    role            text        not null,
    scopes          text[]      not null,
    created_by      text        not null,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz,
    revoked_at      timestamptz,
    last_used_at    timestamptz
);
create index api_tokens_organisation on api_tokens (organisation_id);
