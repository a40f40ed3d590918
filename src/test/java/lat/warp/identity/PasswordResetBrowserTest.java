package lat.warp.identity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.shared.Role;
import lat.warp.testing.BrowserSupport;
import lat.warp.testing.Fixtures;
import lat.warp.testing.Fixtures.TestUser;
import lat.warp.testing.WarpIntegrationTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * "Forgot your password" end to end: the page, the queued e-mail delivered over SMTP to GreenMail,
 * the link, the new password. Its own Spring context (the shared one has no SMTP server), hence its
 * own data directory: two contexts must never share one embedded PostgreSQL.
 */
@WarpIntegrationTest
@TestPropertySource(properties = {"WARP_SMTP_HOST=localhost", "WARP_SMTP_PORT=3025",
        "warp.data-dir=target/test-data/${warp.test.run:ide}/mail"})
class PasswordResetBrowserTest {

    /** The relay sends every 200 ms in tests, but starts 5 s after the context. */
    private static final long MAIL_TIMEOUT_MILLIS = 15_000;
    private static final Pattern RESET_LINK = Pattern.compile("http://localhost[^\\s/]*(/password/reset/\\S+)");

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(ServerSetupTest.SMTP);

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    @Autowired
    Fixtures fixtures;

    @Test
    void forgottenPasswordIsResetThroughTheEmailedLink(Page page) throws Exception {
        TestUser member = fixtures.user(Role.MEMBER);
        String newPassword = "a brand new sentence to remember";

        page.navigate("/password/forgot");
        page.locator("#email").fill(member.email());
        page.locator("main form button[type=submit]").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText(Pattern.compile("a link is on its way"));

        String resetPath = resetPathFromMailTo(member.email());

        page.navigate(resetPath);
        page.locator("#password").fill(newPassword);
        page.locator("#confirmation").fill(newPassword);
        page.locator("main form button[type=submit]").click();
        page.waitForURL("/login?reset");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText(Pattern.compile("password has been changed"));

        page.locator("#email").fill(member.email());
        page.locator("#password").fill(newPassword);
        page.locator("main form button[type=submit]").click();
        page.waitForURL("/");
        assertThat(page.locator("header .account a")).hasText(member.email());

        page.navigate(resetPath);
        assertThat(page.getByRole(AriaRole.ALERT)).hasText(Pattern.compile("no longer valid"));
        assertThat(page.locator("#password")).hasCount(0);
    }

    /** Waits for the reset mail to the address and returns its link's path, to open on the test server's port. */
    private static String resetPathFromMailTo(String email) throws MessagingException, IOException {
        long deadline = System.currentTimeMillis() + MAIL_TIMEOUT_MILLIS;
        while (true) {
            for (MimeMessage message : mailServer.getReceivedMessages()) {
                boolean toUser = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(email));
                if (toUser) {
                    String body = message.getContent().toString();
                    Matcher link = RESET_LINK.matcher(body);
                    Assertions.assertThat(link.find()).as("a reset link in the mail:%n%s", body).isTrue();
                    return URI.create(link.group()).getRawPath();
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No mail to " + email + " reached the SMTP server within "
                        + MAIL_TIMEOUT_MILLIS + " ms; received: " + mailServer.getReceivedMessages().length);
            }
            mailServer.waitForIncomingEmail(500, mailServer.getReceivedMessages().length + 1);
        }
    }
}
