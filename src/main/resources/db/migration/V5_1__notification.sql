-- Notification (module lat.warp.notification). ADR 0013.

-- One row per organisation that saved a policy; without one the defaults apply (daily digest to the abuse contacts).
create table notification_policies (
    organisation_id    uuid primary key references organisations (id) on delete cascade,
    contact_ids        uuid[]      not null default '{}',
    schedule           text        not null check (schedule in ('IMMEDIATE', 'HOURLY', 'DAILY', 'WEEKLY')),
    business_days_only boolean     not null,
    time_zone          text        not null,
    language           text        not null check (language in ('es', 'pt', 'en')),
    attachment_format  text        not null check (attachment_format in ('CSV', 'JSON', 'XARF')),
    minimum_severity   text        not null check (minimum_severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    muted_types        text[]      not null default '{}',
    encrypt            boolean     not null,
    updated_at         timestamptz not null default now()
);

-- Webhooks: the signing secret is needed to sign, so it is kept (never shown again after it is created).
create table notification_webhooks (
    id              uuid primary key,
    organisation_id uuid        not null references organisations (id) on delete cascade,
    url             text        not null,
    secret          text        not null,
    allow_private   boolean     not null default false,
    created_at      timestamptz not null default now()
);
create index notification_webhooks_organisation on notification_webhooks (organisation_id);

-- The outbox: one row per message to one recipient over one channel, written in the transaction that
-- decided it. The sender claims rows with FOR UPDATE SKIP LOCKED. The id is the Message-ID / X-WARP-Delivery.
create table notification_deliveries (
    id              uuid primary key,
    organisation_id uuid        not null,
    dedup_key       text        not null unique,
    channel         text        not null check (channel in ('EMAIL', 'WEBHOOK')),
    recipient       text        not null,
    contact_id      uuid,
    webhook_id      uuid,
    kind            text        not null,
    reference       text        not null,
    subject         text        not null,
    language        text        not null,
    attachment_format text      not null,
    encrypt         boolean     not null default false,
    payload         jsonb       not null,
    state           text        not null default 'PENDING' check (state in ('PENDING', 'SENT', 'PARKED')),
    attempts        integer     not null default 0,
    max_attempts    integer     not null,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create index notification_deliveries_due on notification_deliveries (next_attempt_at) where state = 'PENDING';
create index notification_deliveries_organisation on notification_deliveries (organisation_id, created_at desc);
create index notification_deliveries_parked on notification_deliveries (created_at desc) where state = 'PARKED';

-- Notices kept for an organisation's next digest.
create table notification_digest_items (
    id              bigserial primary key,
    organisation_id uuid        not null,
    dedup_key       text        not null unique,
    payload         jsonb       not null,
    created_at      timestamptz not null default now(),
    digested_at     timestamptz
);
create index notification_digest_items_pending on notification_digest_items (organisation_id) where digested_at is null;

-- Until when each organisation's digests have covered: the next digest starts there.
create table notification_digest_state (
    organisation_id uuid primary key,
    covered_until   timestamptz not null
);

-- Acknowledgement links: only the SHA-256 of the secret is kept; a link works once.
create table notification_ack_tokens (
    token_hash      bytea primary key,
    organisation_id uuid        not null,
    reference       text        not null,
    incident_id     uuid,
    title           text        not null,
    language        text        not null,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null,
    used_at         timestamptz
);

-- The WARP's OpenPGP key: the secret key ring is protected by a passphrase kept outside the database.
create table notification_pgp_key (
    id          integer primary key check (id = 1),
    fingerprint text        not null,
    public_key  text        not null,
    secret_key  text        not null,
    created_at  timestamptz not null default now()
);
