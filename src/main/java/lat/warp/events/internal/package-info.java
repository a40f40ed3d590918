/**
 * The events pipeline's inside: feed jobs (the work queue), the worker that parses a job's file on one thread
 * and writes its batches on another, the storage of events (binary COPY, deduplication held in memory per job
 * and day, rollups; ADR 0010 and 0012), partitions and retention, and the unattended intake paths.
 */
@NullMarked
package lat.warp.events.internal;

import org.jspecify.annotations.NullMarked;
