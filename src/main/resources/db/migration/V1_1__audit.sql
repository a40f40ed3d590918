-- The audit trail: an append-only, hash-chained log. Each entry's hash covers the previous entry's
-- hash and every stored field (see lat.warp.audit.internal.AuditHashing), so changing or removing
-- an entry breaks the chain. No foreign keys: the trail must outlive the users and organisations it names.

create table audit_log (
    seq             bigint      primary key,
    occurred_at     timestamptz not null,
    action          text        not null,
    outcome         text        not null,
    actor_kind      text        not null,
    actor_id        text,
    actor_label     text        not null,
    organisation_id uuid,
    object_type     text,
    object_id       text,
    source_address  text,
    details         jsonb       not null default '{}'::jsonb,
    prev_hash       bytea       not null,
    hash            bytea       not null,
    constraint audit_log_seq_positive check (seq > 0),
    constraint audit_log_hash_length check (octet_length(prev_hash) = 32 and octet_length(hash) = 32),
    constraint audit_log_details_object check (jsonb_typeof(details) = 'object')
);

-- Filters of the audit page and API; each ends in seq so "newest first" pages walk the index.
create index audit_log_action_idx on audit_log (action, seq);
create index audit_log_outcome_idx on audit_log (outcome, seq);
create index audit_log_organisation_idx on audit_log (organisation_id, seq) where organisation_id is not null;
create index audit_log_object_idx on audit_log (object_type, object_id, seq) where object_type is not null;
create index audit_log_occurred_at_idx on audit_log (occurred_at);

-- The newest entry's seq and hash, moved forward with every append. Without it, deleting the newest
-- entries would leave a shorter chain that still verifies.
create table audit_head (
    id        smallint primary key default 1,
    last_seq  bigint   not null,
    last_hash bytea    not null,
    constraint audit_head_single_row check (id = 1),
    constraint audit_head_hash_length check (octet_length(last_hash) = 32)
);

-- Seq 0 and an all-zero hash: the chain's genesis, which the first entry links to.
insert into audit_head (id, last_seq, last_hash) values (1, 0, decode(repeat('00', 32), 'hex'));

create function audit_log_reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_append_only
    before update or delete or truncate on audit_log
    for each statement execute function audit_log_reject_change();

-- An insert must extend the chain at its head: no gaps, no forks, no back-dated entries.
create function audit_log_check_link() returns trigger language plpgsql as $$
declare
    head audit_head%rowtype;
begin
    select * into head from audit_head where id = 1;
    if new.seq <> head.last_seq + 1 or new.prev_hash <> head.last_hash then
        raise exception 'audit_log entry % does not extend the chain head %', new.seq, head.last_seq
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end
$$;

create trigger audit_log_links_to_head
    before insert on audit_log
    for each row execute function audit_log_check_link();

-- The head may only move one step forward, onto the entry just appended.
create function audit_head_check_advance() returns trigger language plpgsql as $$
begin
    if tg_op <> 'UPDATE' then
        raise exception 'audit_head: % is not allowed', tg_op using errcode = 'insufficient_privilege';
    end if;
    if new.id <> old.id or new.last_seq <> old.last_seq + 1
            or not exists (select 1 from audit_log where seq = new.last_seq and hash = new.last_hash) then
        raise exception 'audit_head may only advance to the entry just appended'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end
$$;

create trigger audit_head_advance_only
    before update on audit_head
    for each row execute function audit_head_check_advance();

create trigger audit_head_no_removal
    before insert or delete or truncate on audit_head
    for each statement execute function audit_head_check_advance();
