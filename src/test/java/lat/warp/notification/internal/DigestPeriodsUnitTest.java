package lat.warp.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import lat.warp.notification.NotificationPolicy;
import lat.warp.notification.NotificationPolicy.Schedule;
import lat.warp.reporting.Severity;
import lat.warp.shared.OrganisationId;
import org.junit.jupiter.api.Test;

/** Where a digest period ends: the member's own hour, midnight or Monday, in its own time zone. */
class DigestPeriodsUnitTest {

    private static NotificationPolicy policy(Schedule schedule, String zone) {
        return new NotificationPolicy(OrganisationId.random(), true, List.of(), List.of(), schedule, true,
                ZoneId.of(zone), "es", NotificationPolicy.AttachmentFormat.CSV, Severity.LOW, Set.of(), true);
    }

    @Test
    void aDailyDigestEndsAtTheMembersLocalMidnight() {
        // 02:30 UTC on Tuesday is still Monday 23:30 in Montevideo (UTC-3): the period ended Monday 00:00 there.
        Instant now = Instant.parse("2026-11-24T02:30:00Z");
        assertThat(DigestJob.periodEnd(policy(Schedule.DAILY, "America/Montevideo"), now))
                .isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
        assertThat(DigestJob.periodEnd(policy(Schedule.DAILY, "UTC"), now))
                .isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void anHourlyDigestEndsOnTheHourAndAWeeklyOneOnMonday() {
        Instant now = Instant.parse("2026-11-26T14:45:10Z"); // a Thursday
        assertThat(DigestJob.periodEnd(policy(Schedule.HOURLY, "America/Sao_Paulo"), now))
                .isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
        assertThat(DigestJob.periodEnd(policy(Schedule.WEEKLY, "America/Sao_Paulo"), now))
                .isEqualTo(Instant.parse("2026-11-23T03:00:00Z"));
    }

    @Test
    void theDefaultsFollowTheCountry() {
        assertThat(DefaultPolicies.language("BR")).isEqualTo("pt");
        assertThat(DefaultPolicies.language("UY")).isEqualTo("es");
        assertThat(DefaultPolicies.language("MX")).isEqualTo("es");
        assertThat(DefaultPolicies.language("TT")).isEqualTo("en");
        NotificationPolicy defaults = DefaultPolicies.of(OrganisationId.random(), "AR", List.of());
        assertThat(defaults.saved()).isFalse();
        assertThat(defaults.schedule()).isEqualTo(Schedule.DAILY);
        assertThat(defaults.businessDaysOnly()).isTrue();
        assertThat(defaults.timeZone()).isEqualTo(ZoneId.of("America/Argentina/Buenos_Aires"));
        assertThat(defaults.language()).isEqualTo("es");
    }

    @Test
    void webhookAddressesThatAreNotPublicAreRecognised() throws Exception {
        for (String address : List.of("127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.1.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1")) {
            assertThat(WebhookAddresses.isPublic(java.net.InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : List.of("200.7.84.10", "8.8.8.8", "2001:db8::1", "2800:1e0::1")) {
            assertThat(WebhookAddresses.isPublic(java.net.InetAddress.getByName(address))).as(address).isTrue();
        }
    }
}
