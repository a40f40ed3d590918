-- Events stored for ingest throughput (ADR 0012): the original row is not stored again per event (the
-- job's archived file keeps it; line says where), and only the indexes written row by row that the live
-- queries need stay on the parent. See ADR 0012 for what moved where.

alter table events drop column raw;
-- The line of the row in its job's archived file (feed_jobs.stored_path): where raw is read from.
alter table events add column line bigint;

-- Analysts' search by address and by time: built per partition once its day has been ingested
-- (EventPartitions.indexIngested), not maintained row by row during ingest.
drop index if exists events_source_ip;
drop index if exists events_time;
-- By type: the type filter runs over the time order (a handful of types per day); not worth a B-tree.
drop index if exists events_type_time;

-- extra is read back whole, never queried inside: json keeps the text as sent (validated), where jsonb
-- would parse every row into its binary tree at COPY, the largest single cost of a Shadowserver row.
alter table events alter column extra type json using extra::json;

-- Fewer round trips to the sequence during COPY; ids stay unique, not gap-free (they never were).
alter sequence events_id_seq cache 1000;
