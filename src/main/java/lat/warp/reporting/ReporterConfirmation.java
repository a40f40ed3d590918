package lat.warp.reporting;

import lat.warp.reporting.internal.ReporterMail;
import lat.warp.reporting.internal.Secrets;
import lat.warp.shared.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The public reporter's confirmation link, and the tracking link that follows it. The public form shows
 * no tracking link (the address is not confirmed yet, and the tracking secret made at submission is never
 * shown): once the reporter follows the e-mailed link, the report is processed and the reporter gets a
 * fresh tracking secret, shown once on the page (or API answer) the confirmation leads to and sent to the
 * confirmed address, so that it is not lost with the browser tab.
 */
@Service
public class ReporterConfirmation {

    private final ReportIntake intake;
    private final ReporterMail mail;
    private final JdbcClient jdbc;

    ReporterConfirmation(ReportIntake intake, ReporterMail mail, JdbcClient jdbc) {
        this.intake = intake;
        this.mail = mail;
        this.jdbc = jdbc;
    }

    /**
     * Confirms the reporter's address (the report is processed now) and replaces the report's tracking
     * secret with a new one, returned here only.
     *
     * @throws NotFoundException for an unknown or used confirmation token
     */
    public SubmittedReport confirm(String confirmationToken) {
        // Not one transaction: the intake commits the confirmation before processing the report in its own.
        ReportId id = intake.confirmReporterEmail(confirmationToken);
        String tracking = Secrets.newToken();
        jdbc.sql("update reports set tracking_hash = ? where id = ?").params(Secrets.hash(tracking), id.value())
                .update();
        jdbc.sql("select reporter_email, language, coalesce(subject, '') as subject from reports where id = ?")
                .param(id.value())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .optional().filter(r -> r[0] != null)
                .ifPresent(r -> mail.receipt(r[0], r[1], r[2], tracking));
        return new SubmittedReport(id, tracking, mail.trackingUrl(tracking));
    }
}
