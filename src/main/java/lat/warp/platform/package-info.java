/**
 * The platform the modules stand on: the database (embedded PostgreSQL or an external one), the
 * settings of CONTRACT.md, outgoing mail, the web shell (layout, languages, error pages, problem
 * details) and the HTTP security headers.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.platform;
