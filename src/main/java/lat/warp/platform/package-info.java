/**
 * The platform the modules stand on: the database (embedded PostgreSQL or an external one), the
 * settings of CONTRACT.md, the clock, outgoing mail and RFC 9457 problem responses.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.platform;
