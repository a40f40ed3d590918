/** Reporting over HTTP: the JSON API of reports and incidents ({@code /api/v1/reports}, {@code /api/v1/incidents}). */
@org.jspecify.annotations.NullMarked
package lat.warp.reporting.web;
