package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import lat.warp.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

class EventUnitTest {

    static Event sample() {
        return Event.builder()
                .timeSource(Instant.parse("2024-01-05T10:15:00Z"))
                .timeObservation(Instant.parse("2024-01-05T12:00:00.250Z"))
                .classification(new Classification("vulnerable", "vulnerable-system"))
                .classificationIdentifier("open-redis")
                .sourceIp(IpAddress.parse("200.7.84.10"))
                .sourcePort(6379)
                .sourceAsn(28000L)
                .sourceAsName("LACNIC")
                .sourceNetwork(IpPrefix.parse("200.7.84.0/24"))
                .sourceReverseDns("host-10.example.com.uy")
                .sourceGeolocationCc("UY")
                .sourceGeolocationCity("MONTEVIDEO")
                .destinationIp(IpAddress.parse("2001:13c7:7001:8000::1"))
                .destinationPort(443)
                .protocolTransport("tcp")
                .protocolApplication("redis")
                .feedName("Open-Redis")
                .feedProvider("Shadowserver")
                .feedCode("scan_redis")
                .feedAccuracy(100.0)
                .tlp(Tlp.AMBER_STRICT)
                .extra(Map.of("tag", "redis", "severity", "high", "count", 3))
                .raw("2024-01-05 10:15:00,200.7.84.10,tcp,6379,\"línea\"")
                .build();
    }

    @Test
    void toIntelMqGivesIntelMqsDottedFieldsWithOnlyTheValuesPresent() {
        Map<String, Object> m = sample().toIntelMq();

        assertThat(m).containsEntry("time.source", "2024-01-05T10:15:00+00:00")
                .containsEntry("time.observation", "2024-01-05T12:00:00.250+00:00")
                .containsEntry("classification.taxonomy", "vulnerable")
                .containsEntry("classification.type", "vulnerable-system")
                .containsEntry("classification.identifier", "open-redis")
                .containsEntry("source.ip", "200.7.84.10")
                .containsEntry("source.port", 6379)
                .containsEntry("source.asn", 28000L)
                .containsEntry("source.network", "200.7.84.0/24")
                .containsEntry("source.geolocation.cc", "UY")
                .containsEntry("destination.ip", "2001:13c7:7001:8000::1")
                .containsEntry("tlp", "AMBER+STRICT")
                .containsEntry("extra.tag", "redis")
                .containsEntry("extra.count", 3)
                .containsEntry("raw", java.util.Base64.getEncoder().encodeToString(
                        "2024-01-05 10:15:00,200.7.84.10,tcp,6379,\"línea\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .doesNotContainKeys("source.fqdn", "malware.name", "holderId", "holder");
    }

    @Test
    void fromIntelMqReadsBackWhatToIntelMqWrote() {
        Event event = sample();

        assertThat(Event.fromIntelMq(event.toIntelMq())).isEqualTo(event);
    }

    @Test
    void fromIntelMqReadsTextValuesLegacyNamesAndAnExtraObject() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("__type", "Event");
        fields.put("classification.taxonomy", "malicious code");
        fields.put("classification.type", "botnet drone");
        fields.put("source.ip", "200.7.84.10");
        fields.put("source.port", "8080");
        fields.put("source.asn", "AS28000");
        fields.put("source.fqdn", "Host.Example.COM.");
        fields.put("source.geolocation.cc", "uy");
        fields.put("source.geolocation.latitude", -34.9);
        fields.put("malware.name", "Mirai");
        fields.put("tlp", "WHITE");
        fields.put("time.source", "2024-01-05 10:15:00");
        fields.put("extra", "{\"tag\": \"iot\", \"count\": 2}");
        fields.put("raw", "not base64 at all!");

        Event e = Event.fromIntelMq(fields);

        assertThat(e.classification()).isEqualTo(new Classification("malicious-code", "infected-system"));
        assertThat(e.sourcePort()).isEqualTo(8080);
        assertThat(e.sourceAsn()).isEqualTo(28000L);
        assertThat(e.sourceFqdn()).isEqualTo("host.example.com");
        assertThat(e.sourceGeolocationCc()).isEqualTo("UY");
        assertThat(e.malwareName()).isEqualTo("mirai");
        assertThat(e.tlp()).isEqualTo(Tlp.CLEAR);
        assertThat(e.timeSource()).isEqualTo(Instant.parse("2024-01-05T10:15:00Z"));
        assertThat(e.extra()).containsExactly(entry("count", 2), entry("source.geolocation.latitude", -34.9),
                entry("tag", "iot"));
        assertThat(e.raw()).isEqualTo("not base64 at all!");
    }

    @Test
    void fromIntelMqRefusesAWrongValueNamingTheField() {
        assertThatThrownBy(() -> Event.fromIntelMq(Map.of("classification.type", "scanner", "source.ip", "200.7.84.256")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Not an IP address: '200.7.84.256'.")
                .extracting(ex -> ((InvalidInputException) ex).field()).isEqualTo("source.ip");
        assertThatThrownBy(() -> Event.fromIntelMq(Map.of("classification.type", "scanner", "source.port", 70000)))
                .hasMessage("Not a port number: '70000'.");
        assertThatThrownBy(() -> Event.fromIntelMq(Map.of("source.ip", "200.7.84.1")))
                .hasMessage("The classification type is missing.");
    }

    @Test
    void anAsNumberZeroMeansNone() {
        Event e = Event.builder().classification(new Classification("other", "other")).sourceAsn(0L).build();

        assertThat(e.sourceAsn()).isNull();
    }

    @Test
    void anEventNeedsAValidRsitClassification() {
        assertThatThrownBy(() -> Event.builder().classification(new Classification("vulnerable", "vulnerable service")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an RSIT classification");
    }

    @Test
    void extraIsAnImmutableSortedMap() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("zeta", "z");
        given.put("alpha", "a");
        given.put("mid", "m");
        given.put("none", null);
        Event e = Event.builder().classification(new Classification("other", "other")).extra(given).build();

        SortedMap<String, Object> extra = e.extra();
        assertThat(List.copyOf(extra.keySet())).containsExactly("alpha", "mid", "zeta");
        assertThat(extra.firstKey()).isEqualTo("alpha");
        assertThat(extra.lastKey()).isEqualTo("zeta");
        assertThat(extra.headMap("mid")).containsExactly(entry("alpha", "a"));
        assertThat(extra.tailMap("mid")).containsExactly(entry("mid", "m"), entry("zeta", "z"));
        assertThat(extra.subMap("b", "z")).containsExactly(entry("mid", "m"));
        assertThat(extra).isEqualTo(new TreeMap<>(Map.of("alpha", "a", "mid", "m", "zeta", "z")));
        assertThat(extra.hashCode()).isEqualTo(new TreeMap<>(Map.of("alpha", "a", "mid", "m", "zeta", "z")).hashCode());
        assertThatThrownBy(() -> extra.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aLayoutSharesItsNamesAcrossRowsAndLeavesOutEmptyCells() {
        ExtraFields.Layout layout = ExtraFields.layout(List.of("tag", "banner", "naics"));
        Object[] values = new Object[layout.size()];
        values[layout.slotOf("tag")] = "ssh";
        values[layout.slotOf("naics")] = "517311";

        SortedMap<String, Object> row = layout.map(values);

        assertThat(row).containsExactly(entry("naics", "517311"), entry("tag", "ssh"));
        assertThat(row.get("banner")).isNull();
        assertThat(row.containsKey("banner")).isFalse();
        assertThat(row).hasSize(2);
    }

    @Test
    void theHolderIsFilledInLaterAndIsNoIntelMqField() {
        Event e = sample().withHolderId("org-42");

        assertThat(e.holderId()).isEqualTo("org-42");
        assertThat(e.toIntelMq()).isEqualTo(sample().toIntelMq());
    }
}
