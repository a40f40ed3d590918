package lat.warp.reporting;

import java.util.List;
import lat.warp.identity.Language;
import org.jspecify.annotations.Nullable;

/**
 * What the public form sends. No account: the reporter's address is confirmed by a link before anything
 * else happens with the report.
 *
 * @param honeypot the form's hidden field: people leave it empty, robots fill it in
 * @param clientAddress the sender's IP address, for the rate limit
 */
public record PublicReport(String reporterEmail, @Nullable String reporterName, Language language, String subject,
        String description, @Nullable String honeypot, String clientAddress, List<Upload> attachments) {

    public PublicReport {
        attachments = List.copyOf(attachments);
    }
}
