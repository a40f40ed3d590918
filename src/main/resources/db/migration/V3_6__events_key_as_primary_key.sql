-- ADR 0016. An event is identified by its day and its deduplication key: that pair becomes the primary key,
-- in place of (day, id), whose index was written row by row at every COPY and read by no query (a page's
-- cursor runs over the holder, threats and time indexes, which carry id). id stays, from its sequence, as the
-- cursor's tie-break. The key is the first 16 bytes of a SHA-256 (EventRows.dedupKey), held as uuid: a fixed
-- 16-byte value the B-tree compares in one step, where bytea carried a length and a variable-length compare.
-- The bytes do not change (a file ingested before is still recognised when sent again); the binary COPY
-- form of both types is the same 16 bytes, so the writer and the key reader (EventStore.load) are unchanged.
-- On an installation with events this rewrites the events table once (minutes per ten million rows).
alter table events drop constraint if exists events_pkey;
drop index if exists events_dedup;
alter table events alter column dedup_key type uuid using encode(dedup_key, 'hex')::uuid;
alter table events add primary key (day, dedup_key);
