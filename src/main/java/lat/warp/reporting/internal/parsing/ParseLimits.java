package lat.warp.reporting.internal.parsing;

/**
 * How much of a report the parsers read, so that a hostile report cannot exhaust memory or time.
 * Anything beyond a limit is dropped and named in {@link ParsedReport#problems()}.
 *
 * @param maxReportBytes the largest report read at all; a larger one is kept raw by the caller, unparsed
 * @param maxAttachmentBytes the largest attachment kept; a larger one is dropped
 * @param maxAttachments how many attachments are kept
 * @param maxIndicators how many distinct indicators are kept
 * @param maxTextChars how much of the human-readable text is kept and searched for indicators
 * @param maxMimeParts how many MIME parts of an e-mail are looked at
 * @param maxMimeDepth how deeply multiparts and attached messages may nest
 */
public record ParseLimits(long maxReportBytes, int maxAttachmentBytes, int maxAttachments, int maxIndicators,
        int maxTextChars, int maxMimeParts, int maxMimeDepth) {

    /** 25 MiB per report, 10 MiB per attachment, 50 attachments, 10,000 indicators, 1,000,000 characters of text. */
    public static final ParseLimits DEFAULTS = new ParseLimits(25L << 20, 10 << 20, 50, 10_000, 1_000_000, 500, 10);

    public ParseLimits {
        if (maxReportBytes < 1 || maxAttachmentBytes < 0 || maxAttachments < 0 || maxIndicators < 1
                || maxTextChars < 1 || maxMimeParts < 1 || maxMimeDepth < 1) {
            throw new IllegalArgumentException("parse limits must be positive");
        }
    }

    public static ParseLimits defaults() {
        return DEFAULTS;
    }

    public ParseLimits withMaxAttachmentBytes(int bytes) {
        return new ParseLimits(maxReportBytes, bytes, maxAttachments, maxIndicators, maxTextChars, maxMimeParts,
                maxMimeDepth);
    }

    public ParseLimits withMaxIndicators(int count) {
        return new ParseLimits(maxReportBytes, maxAttachmentBytes, maxAttachments, count, maxTextChars, maxMimeParts,
                maxMimeDepth);
    }

    public ParseLimits withMaxReportBytes(long bytes) {
        return new ParseLimits(bytes, maxAttachmentBytes, maxAttachments, maxIndicators, maxTextChars, maxMimeParts,
                maxMimeDepth);
    }
}
