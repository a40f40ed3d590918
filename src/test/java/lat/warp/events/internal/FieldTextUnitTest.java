package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTextUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"200.7.84.10", "0.0.0.0", "255.255.255.255", "2001:13c7:7001:4000::a", "::", "::1",
            "2801:1e::", "2001:db8:0:0:1:0:0:1", "::ffff:200.7.84.10", "2001:db8::200.7.84.10",
            "fe80:0000:0000:0000:0204:61ff:fe9d:f156"})
    void readsAddressesAsTheRegistryDoes(String text) {
        assertThat(FieldText.ip(text)).isEqualTo(IpAddress.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"200.7.84.256", "200.7.84", "200.7.84.10.1", "200.07.84.10", "example.com",
            "2001:db8:::1", "2001:db8::1::2", "12345::", ":1", "1:2:3:4:5:6:7:8:9", "200.7.84.10/24", "", " "})
    void refusesWhatIsNoAddress(String text) {
        assertThat(FieldText.ip(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "2024-01-05T10:15:00Z, 2024-01-05T10:15:00Z",
            "2024-01-05 10:15:00, 2024-01-05T10:15:00Z",
            "2024-01-05 10:15:00 UTC, 2024-01-05T10:15:00Z",
            "2024-01-05T10:15:00.123456+00:00, 2024-01-05T10:15:00.123456Z",
            "2024-01-05T07:15:00-03:00, 2024-01-05T10:15:00Z",
            "2024-01-05T07:15-0300, 2024-01-05T10:15:00Z",
            "2024-01-05T13:15:00+03, 2024-01-05T10:15:00Z",
            "2024-01-05, 2024-01-05T00:00:00Z",
            "2024-02-29 23:59:59, 2024-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z, 1969-12-31T23:59:59Z"
    })
    void readsTheTimeFormatsFeedsUse(String text, Instant expected) {
        assertThat(FieldText.instant(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"05/01/2024 10:15", "2024-13-05 10:00:00", "2023-02-29", "2024-01-05 24:00:00",
            "2024-01-05T10:15:00ZZ", "2024-01-05T10:15:00+25:00", "2024-01-05 10", "yesterday", ""})
    void refusesWhatIsNoTime(String text) {
        assertThat(FieldText.instant(text)).isNull();
    }

    @Test
    void computesEveryDayOfFourHundredYearsAsJavaTimeDoes() {
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.isBefore(LocalDate.of(2300, 1, 1)); d = d.plusDays(1)) {
            assertThat(FieldText.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(d.toEpochDay());
        }
        assertThat(FieldText.instant("2024-01-05T10:15:00Z"))
                .isEqualTo(LocalDate.of(2024, 1, 5).atTime(10, 15).toInstant(ZoneOffset.UTC));
    }

    @Test
    void formatsTimesAsIntelMqDoes() {
        assertThat(FieldText.format(Instant.parse("2024-01-05T10:15:00Z"))).isEqualTo("2024-01-05T10:15:00+00:00");
    }

    @Test
    void readsPortsAndAsNumbers() {
        assertThat(FieldText.port("443")).isEqualTo(443);
        assertThat(FieldText.port("65536")).isEqualTo(-1);
        assertThat(FieldText.port("-1")).isEqualTo(-1);
        assertThat(FieldText.asn("AS28000")).isEqualTo(28000);
        assertThat(FieldText.asn("as28000")).isEqualTo(28000);
        assertThat(FieldText.asn("4294967295")).isEqualTo(4294967295L);
        assertThat(FieldText.asn("4294967296")).isEqualTo(-1);
        assertThat(FieldText.asn("28000.5")).isEqualTo(-1);
    }

    @Test
    void normalisesNamesAsIntelMqDoes() {
        assertThat(FieldText.hostName("Host-10.Example.COM.uy.")).isEqualTo("host-10.example.com.uy");
        assertThat(FieldText.hostName("200.7.84.10")).isNull();
        assertThat(FieldText.hostName("not a host")).isNull();
        assertThat(FieldText.countryCode("uy")).isEqualTo("UY");
        assertThat(FieldText.countryCode("URY")).isNull();
        assertThat(FieldText.url("hxxp://evil.example/x")).isEqualTo("http://evil.example/x");
        assertThat(FieldText.url("/owa/")).isNull();
        assertThat(FieldText.protocol("TCP")).isEqualTo("tcp");
        assertThat(FieldText.malwareName("Mirai")).isEqualTo("mirai");
    }
}
