/**
 * Security events: normalised events with IntelMQ's field names ({@link lat.warp.events.Event}), the
 * RSIT classification ({@link lat.warp.events.Taxonomy}), TLP 2.0 labels ({@link lat.warp.events.Tlp}),
 * and, inside, the feed parsers (Shadowserver reports, generic CSV with a saved column mapping, JSON Lines)
 * that turn feeds into events. The pipeline, storage, views and rollups build on these.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.events;
