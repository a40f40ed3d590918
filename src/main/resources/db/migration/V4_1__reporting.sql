-- Incident reporting (issue 5): reports from every channel, kept raw before anything else; the incidents
-- they become, with their numbers, timeline, messages, attachments, evidence and hand-offs to CSIRTs.

create table incidents (
    id                       uuid        primary key,
    -- WARP-YYYY-NNNNNN: the year and a per-year sequence (incident_counters), unique, gaps allowed.
    number                   text        not null unique,
    state                    text        not null check (state in ('NEW', 'TRIAGED', 'NOTIFIED', 'ACKNOWLEDGED',
                                                 'RESOLVED', 'CLOSED', 'REJECTED', 'REOPENED')),
    tlp                      text        not null,
    severity                 text        not null check (severity in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    classification_taxonomy  text,
    classification_type      text,
    title                    text        not null,
    -- The member (or CSIRT) concerned; null while nobody is.
    organisation_id          uuid,
    -- A CSIRT the incident was handed to; it sees the incident as its own.
    forwarded_to             uuid,
    assignee                 uuid,
    assignee_label           text,
    advice_requested         boolean     not null default false,
    merged_into              uuid references incidents (id),
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    last_report_at           timestamptz not null,
    triaged_at               timestamptz,
    notified_at              timestamptz,
    acknowledged_at          timestamptz,
    resolved_at              timestamptz,
    closed_at                timestamptz
);
create index incidents_organisation on incidents (organisation_id, updated_at desc);
create index incidents_forwarded on incidents (forwarded_to, updated_at desc) where forwarded_to is not null;
create index incidents_state on incidents (state, updated_at desc);
-- Automatic grouping: the open incident of a member and classification.
create index incidents_grouping on incidents (organisation_id, classification_type, last_report_at desc)
    where state not in ('RESOLVED', 'CLOSED', 'REJECTED');

create table incident_counters (
    year  integer primary key,
    last  integer not null
);

create table reports (
    id                     uuid        primary key,
    channel                text        not null check (channel in ('PUBLIC_FORM', 'MEMBER_FORM', 'API', 'EMAIL')),
    received_at            timestamptz not null,
    -- The report exactly as received (form fields as JSON, the API body, the whole RFC 822 mail).
    raw                    bytea       not null,
    raw_content_type       text        not null,
    -- The mail's Message-ID: a message seen twice (poller restarted before marking it) is stored once.
    message_id             text        unique,
    status                 text        not null check (status in ('RECEIVED', 'UNCONFIRMED', 'QUEUED', 'ATTACHED',
                                               'OUT_OF_REGION', 'FORWARDED', 'REJECTED')),
    format                 text,
    subject                text,
    body                   text,
    reporter_email         text,
    reporter_name          text,
    language               text        not null default 'es',
    classification_hint    text,
    occurred_at            timestamptz,
    -- Why a human must look at it (the parser's reasons); empty when it parsed cleanly.
    problems               text[]      not null default '{}',
    client_address         text,
    submitted_by           uuid,
    submitted_by_label     text,
    submitted_org          uuid,
    email_token_hash       bytea       unique,
    email_confirmed_at     timestamptz,
    tracking_hash          bytea       not null unique,
    incident_id            uuid        references incidents (id),
    -- The organisation most of the report's addresses belong to, found at intake.
    attributed_org         uuid,
    out_of_region_registries text,
    rejected_reason        text,
    processed_at           timestamptz
);
create index reports_queue on reports (status, received_at);
create index reports_incident on reports (incident_id);
create index reports_client on reports (client_address, received_at) where channel = 'PUBLIC_FORM';

create table report_indicators (
    report_id   uuid    not null references reports (id),
    position    integer not null,
    kind        text    not null,
    value       text    not null,
    in_region   boolean,
    registry    text,
    holder_id   uuid,
    holder_name text,
    country     text,
    primary key (report_id, position)
);
create index report_indicators_value on report_indicators (value);

create table report_attachments (
    id          uuid    primary key,
    report_id   uuid    not null references reports (id),
    filename    text,
    sniffed_type text   not null,
    size_bytes  bigint  not null,
    sha256      text    not null,
    content     bytea   not null
);

create table incident_timeline (
    id          bigserial   primary key,
    incident_id uuid        not null references incidents (id),
    at          timestamptz not null,
    kind        text        not null,
    actor_label text        not null,
    detail      text,
    -- Who may see the step: INTERNAL (analysts), MEMBER (and analysts), REPORTER (everyone involved).
    audience    text        not null check (audience in ('INTERNAL', 'MEMBER', 'REPORTER'))
);
create index incident_timeline_incident on incident_timeline (incident_id, at, id);

create table incident_messages (
    id          uuid        primary key,
    incident_id uuid        not null references incidents (id),
    audience    text        not null check (audience in ('INTERNAL', 'MEMBER', 'REPORTER')),
    author      text        not null check (author in ('ANALYST', 'MEMBER', 'REPORTER', 'SYSTEM')),
    author_label text       not null,
    body        text        not null,
    report_id   uuid        references reports (id),
    created_at  timestamptz not null
);
create index incident_messages_incident on incident_messages (incident_id, created_at);

create table incident_attachments (
    id          uuid        primary key,
    incident_id uuid        not null references incidents (id),
    filename    text,
    sniffed_type text       not null,
    size_bytes  bigint      not null,
    sha256      text        not null,
    content     bytea       not null,
    shared_with_member boolean not null default false,
    created_by  text        not null,
    created_at  timestamptz not null
);
create index incident_attachments_incident on incident_attachments (incident_id);

-- Feed events gathered as evidence, by the key that identifies an event: (time.source, source.ip, type).
create table incident_evidence (
    incident_id         uuid        not null references incidents (id),
    time_source         timestamptz not null,
    source_ip           text        not null default '',
    classification_type text        not null,
    feed_name           text,
    added_at            timestamptz not null,
    primary key (incident_id, time_source, source_ip, classification_type)
);

create table incident_forwards (
    id           uuid        primary key,
    incident_id  uuid        not null references incidents (id),
    csirt_id     uuid        not null,
    forwarded_at timestamptz not null,
    forwarded_by text        not null,
    note         text
);
create index incident_forwards_csirt on incident_forwards (csirt_id);
