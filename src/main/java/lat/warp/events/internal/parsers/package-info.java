/**
 * Feed parsers: each reads one file as a stream, hands every event to an {@link
 * lat.warp.events.internal.parsers.EventSink} as it goes (never a list of all rows), reports each rejected
 * row with its line number and reason, and refuses a whole file with one clear message when the file itself
 * is wrong (unknown report type, wrong delimiter, not UTF-8). Memory stays bounded whatever the input.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.events.internal.parsers;
