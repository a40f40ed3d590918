/**
 * Reporting's insides: the tables of reports and incidents, the processing every report goes through
 * (raw first, then parse, attribute, answer, group or queue), the incident lifecycle, the mailbox poller
 * and the reporters' e-mails.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.reporting.internal;
