-- Outgoing mail waits here until an SMTP server takes it: with no server configured, mail is queued, not lost.
create table outbound_mail (
    id              uuid primary key,
    recipient       text        not null,
    subject         text        not null,
    body            text,
    -- Bodies that carry a secret (password reset links) are erased once delivered.
    erase_when_sent boolean     not null default false,
    created_at      timestamptz not null default now(),
    next_attempt_at timestamptz not null default now(),
    attempts        integer     not null default 0,
    sent_at         timestamptz,
    last_error      text
);
create index outbound_mail_pending on outbound_mail (next_attempt_at) where sent_at is null;

-- Facts the server records about itself once (for example that the demo data has been loaded).
create table server_facts (
    name       text primary key,
    value      text        not null,
    created_at timestamptz not null default now()
);
