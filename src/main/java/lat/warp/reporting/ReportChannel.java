package lat.warp.reporting;

/** How a report reached the WARP. */
public enum ReportChannel {
    /** The public web form: no account, the reporter's address is confirmed by a link. */
    PUBLIC_FORM,
    /** The form for logged-in members and CSIRTs. */
    MEMBER_FORM,
    /** {@code POST /api/v1/reports}. */
    API,
    /** The IMAP mailbox. */
    EMAIL
}
