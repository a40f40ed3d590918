package lat.warp.reporting;

/** Where a report stands. */
public enum ReportStatus {
    /** Stored raw, not yet processed (or processing failed: it waits for a human). */
    RECEIVED,
    /** From the public form, waiting for the reporter to confirm the e-mail address. */
    UNCONFIRMED,
    /** In the analysts' queue. */
    QUEUED,
    /** Part of an incident. */
    ATTACHED,
    /** Every address is outside the region: the reporter was told which RIR to ask. */
    OUT_OF_REGION,
    /** Handed to a CSIRT. */
    FORWARDED,
    /** Spam or out of scope. */
    REJECTED
}
