package lat.warp.reporting;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a logged-in member or CSIRT reports through its form.
 *
 * @param classificationType an RSIT type the reporter suggests ({@code phishing}), or null
 */
public record MemberReport(String subject, String description, @Nullable String classificationType,
        List<Upload> attachments) {

    public MemberReport {
        attachments = List.copyOf(attachments);
    }
}
