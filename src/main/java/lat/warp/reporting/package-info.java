/**
 * Incident reporting: reports from every channel (public form, members' form, API, IMAP mailbox,
 * IODEF), each stored raw before it is parsed; the analysts' triage queue; incidents with their
 * number, TLP, severity, state machine, messages, attachments, timeline and SLA clocks; the member's
 * and the reporter's views. Publishes {@link lat.warp.reporting.IncidentChanged} in the transaction
 * that changes an incident, so that notification can tell the member.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.reporting;
