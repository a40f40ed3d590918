package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import lat.warp.events.Event;
import lat.warp.events.Taxonomy;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix;
import org.junit.jupiter.api.Test;

class EventRowsUnitTest {

    private static Event.Builder event() {
        return Event.builder().timeSource(Instant.parse("2026-01-05T10:15:00Z"))
                .timeObservation(Instant.parse("2026-01-05T12:00:00Z"))
                .classification(Taxonomy.rsit().normalise("vulnerable", "vulnerable-system"))
                .sourceIp(IpPrefix.IpAddress.parse("200.7.84.10")).sourcePort(3389).feedName("Scan RDP");
    }

    @Test
    void theKeyIgnoresRawAndObservationTimeOnly() {
        byte[] key = EventRows.dedupKey(event().raw("a,b").build());
        assertThat(key).hasSize(16);
        assertThat(EventRows.dedupKey(event().raw("other line").timeObservation(Instant.now()).build())).isEqualTo(key);
        assertThat(EventRows.dedupKey(event().sourcePort(3390).build())).isNotEqualTo(key);
        assertThat(EventRows.dedupKey(event().tlp(Tlp.GREEN).build())).isNotEqualTo(key);
        assertThat(EventRows.dedupKey(event().extra("tag", "rdp").build())).isNotEqualTo(key);
        assertThat(EventRows.dedupKey(event().timeSource(Instant.parse("2026-01-05T10:15:01Z")).build())).isNotEqualTo(key);
    }

    @Test
    void copyTextEscapesWhatWouldBreakARow() {
        StringBuilder out = new StringBuilder();
        EventRows.appendCopy(out, UUID.randomUUID(), new byte[16], event().raw("tab\there\nnew \\ line").build());
        assertThat(out.toString()).endsWith("tab\\there\\nnew \\\\ line\n").doesNotContain("\r");
        assertThat(out.toString().split("\t")).hasSize(EventRows.COLUMNS.split(",").length);
        assertThat(out.toString()).startsWith("2026-01-05\t");
    }
}
