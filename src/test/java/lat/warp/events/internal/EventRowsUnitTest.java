package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import lat.warp.events.Event;
import lat.warp.events.ExtraFields;
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
    void theKeyTellsFieldsApartByTheirLengthsAndExtrasByTheirNames() {
        assertThat(EventRows.dedupKey(event().sourceAsName("ab").sourceFqdn("c").build()))
                .isNotEqualTo(EventRows.dedupKey(event().sourceAsName("a").sourceFqdn("bc").build()));
        assertThat(EventRows.dedupKey(event().extra("tag", "rdp").build()))
                .isNotEqualTo(EventRows.dedupKey(event().extra("tags", "rdp").build()));
        assertThat(EventRows.dedupKey(event().sourceAsName("").build())).isNotEqualTo(EventRows.dedupKey(event().build()));
        // A parser's layout shared by its rows, or a map of the same names and values: the same key.
        ExtraFields.Layout layout = ExtraFields.layout(List.of("tag", "count"));
        Object[] values = new Object[2];
        values[layout.slotOf("tag")] = "rdp";
        values[layout.slotOf("count")] = 3;
        assertThat(EventRows.dedupKey(event().extra(layout.map(values)).build()))
                .isEqualTo(EventRows.dedupKey(event().extra("count", 3).extra("tag", "rdp").build()));
    }

    @Test
    void keyVersion2IsSha256OverTheFieldsInBinaryTheExtrasNamesDigestAndItsStoredValues() throws Exception {
        Event e = event().sourceAsn(27750L).tlp(Tlp.GREEN).extra("tag", "rdp").extra("count", 3).build();
        // The definition written out by hand: each field length-prefixed, -1 when absent.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(8);
        out.writeLong((Instant.parse("2026-01-05T10:15:00Z").getEpochSecond() - 946_684_800L) * 1_000_000L);
        for (String text : List.of(e.classification().taxonomy(), e.classification().type())) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        out.writeInt(-1); // classification.identifier
        out.writeInt(8);
        out.write(new byte[] {2, 32, 0, 4, (byte) 200, 7, 84, 10}); // source.ip as inet
        out.writeInt(4);
        out.writeInt(3389);
        out.writeInt(8);
        out.writeLong(27750);
        for (int i = 0; i < 21; i++) {
            // source.as_name to feed.provider, but feed.name: none.
            if (i == 19) {
                out.writeInt(8);
                out.write("Scan RDP".getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeInt(-1);
            }
        }
        out.writeInt(-1); // feed.accuracy
        out.writeInt(-1); // feed.code
        out.writeInt(5);
        out.write("GREEN".getBytes(StandardCharsets.UTF_8));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(new byte[] {0, 0, 0, 5});
        sha.update("count".getBytes(StandardCharsets.UTF_8));
        sha.update(new byte[] {0, 0, 0, 3});
        sha.update("tag".getBytes(StandardCharsets.UTF_8));
        out.writeInt(16);
        out.write(java.util.Arrays.copyOf(sha.digest(), 16));
        out.write("[3,\"rdp\"]".getBytes(StandardCharsets.UTF_8));
        sha.reset();
        assertThat(EventRows.dedupKey(e)).isEqualTo(java.util.Arrays.copyOf(sha.digest(bytes.toByteArray()), 16));
    }

    @Test
    void aRowWhoseExtraWasEncodedForTheKeyIsTheRowEncodedWhole() {
        UUID job = UUID.randomUUID();
        byte[] key = new byte[16];
        // Hexadecimal values too, packed in the row (ADR 0023) either way, and values that start with the mark.
        Event e = event().extra("tag", "rdp").extra("ñandú", "tab\tquote\"").extra("count", 3)
                .extra("md5_fingerprint", "8D:F7:DF:A7:A7:F6:86:48:28:6E:EF:FE:99:F4:C1:D4")
                .extra("jarm", "f33ed4a56efc86704f566f5468ad6d41d80c796c0557e2844372df056b2a5a")
                .extra("marked", "\u007fh0123456789abcdef").extra("marked_quote", "\u007f\"")
                .extra("almost", "f33ed4a56efc86704f566f5468ad6d41d80c796c0557e2844372df056b2a5g").build();
        for (ExtraLayouts layouts : List.of(ExtraLayouts.inMemory(100), ExtraLayouts.inMemory(0))) {
            // With a layout (the values only), and past the limit of layouts (the row keeps its names).
            CopyBuffer whole = new CopyBuffer(4);
            EventRows.appendBinary(whole, job, key, e, null, 7, layouts);
            CopyBuffer scratch = new CopyBuffer(4);
            EventRows.KeySpans spans = new EventRows.KeySpans();
            int at = EventRows.keyInputV2(scratch, e, null, new EventRows.ExtraNames(), spans);
            assertThat(at).isPositive().isEqualTo(spans.array);
            CopyBuffer copied = new CopyBuffer(4);
            EventRows.appendBinary(copied, job, key, e, null, e.sourceAsn(), e.sourceAsName(),
                    e.sourceGeolocationCc(), 7, layouts, scratch, spans);
            assertThat(java.util.Arrays.copyOf(copied.array(), copied.size()))
                    .isEqualTo(java.util.Arrays.copyOf(whole.array(), whole.size()));

            // The fields attribution completes are the row's own, the others copied from the key's input.
            for (Event feed : List.of(e, e.toBuilder().sourceAsn(64500L).sourceAsName("FEED AS").sourceGeolocationCc("AR")
                    .sourceGeolocationRegion("SANTA FE").sourceNetwork(lat.warp.registry.IpPrefix.parse("192.0.2.0/24"))
                    .sourceReverseDns("host.example").destinationPort(443).feedAccuracy(75.0).build())) {
                CopyBuffer enrichedWhole = new CopyBuffer(4);
                EventRows.appendBinary(enrichedWhole, job, key, feed, null, 27750L, "ANTEL – Uruguay", "UY", 7, layouts,
                        null, null);
                EventRows.KeySpans feedSpans = new EventRows.KeySpans();
                EventRows.keyInputV2(scratch, feed, null, new EventRows.ExtraNames(), feedSpans);
                CopyBuffer enrichedCopied = new CopyBuffer(4);
                EventRows.appendBinary(enrichedCopied, job, key, feed, null, 27750L, "ANTEL – Uruguay", "UY", 7, layouts,
                        scratch, feedSpans);
                assertThat(java.util.Arrays.copyOf(enrichedCopied.array(), enrichedCopied.size()))
                        .isEqualTo(java.util.Arrays.copyOf(enrichedWhole.array(), enrichedWhole.size()));
            }
        }
        assertThat(EventRows.keyInputV2(new CopyBuffer(4), event().build(), null, new EventRows.ExtraNames(), null))
                .isEqualTo(-1);
    }

    @Test
    void anExtraVouchedAsciiIsWrittenAsTheSameBytesEscapesIncluded() {
        ExtraFields.Layout layout = ExtraFields.layout(List.of("a", "b", "c", "d", "e"));
        Object[] values = {"plain", "quote\" back\\slash", "tab\there", null, 42};
        ExtraLayouts layouts = ExtraLayouts.inMemory(100);
        CopyBuffer vouched = new CopyBuffer(4);
        CopyBuffer unknown = new CopyBuffer(4);
        int id = EventRows.extraValues(vouched, layout.map(values.clone(), true), layouts);
        assertThat(EventRows.extraValues(unknown, layout.map(values.clone(), false), layouts)).isEqualTo(id);
        assertThat(new String(vouched.array(), 0, vouched.size(), StandardCharsets.UTF_8))
                .isEqualTo(new String(unknown.array(), 0, unknown.size(), StandardCharsets.UTF_8))
                .isEqualTo("[\"plain\",\"quote\\\" back\\\\slash\",\"tab\\there\",null,42]");
    }

    @Test
    void anAsciiValueIsWrittenAsJsonLikeAnyOtherEightBytesAtATime() {
        // Every ASCII character, at every place of an eight-byte word and in the tail, against the general path.
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 20_000; round++) {
            char[] text = new char[random.nextInt(40)];
            for (int i = 0; i < text.length; i++) {
                // Mostly letters, like a feed's values; now and then any ASCII character.
                text[i] = random.nextInt(8) == 0 ? (char) random.nextInt(0x80) : (char) ('a' + random.nextInt(26));
            }
            String s = new String(text);
            CopyBuffer ascii = new CopyBuffer(4);
            ascii.write('x');
            EventRows.jsonAscii(ascii, s);
            CopyBuffer general = new CopyBuffer(4);
            general.write('x');
            EventRows.jsonValue(general, s);
            assertThat(Arrays.copyOf(ascii.array(), ascii.size())).as("%s", s)
                    .isEqualTo(Arrays.copyOf(general.array(), general.size()));
        }
        for (int c = 0; c < 0x80; c++) {
            long word = 0x6161_6161_6161_6161L;
            for (int at = 0; at < Long.BYTES; at++) {
                long with = word & ~(0xFFL << (8 * at)) | ((long) c << (8 * at));
                assertThat(EventRows.needsEscape(with)).as("%x at %d", c, at).isEqualTo(c == '"' || c == '\\' || c < 0x20);
            }
        }
    }

    @Test
    void aBinaryRowHasEveryColumnWithItsLengthAndTextWithoutNul() {
        CopyBuffer out = new CopyBuffer(16);
        EventRows.appendBinary(out, UUID.randomUUID(), new byte[16],
                event().sourceAsName("tab\there\nnew \\ line\0 ñ").build(), null, 42, ExtraLayouts.inMemory(100));
        ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.size());
        assertThat((int) b.getShort()).isEqualTo(EventRows.COLUMN_COUNT)
                .isEqualTo(EventRows.COLUMNS.split(",").length);
        List<byte[]> fields = new ArrayList<>();
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] value = length < 0 ? null : new byte[length];
            if (value != null) {
                b.get(value);
            }
            fields.add(value);
        }
        assertThat(fields).hasSize(EventRows.COLUMN_COUNT);
        // day: days since 2000-01-01; the last column is the line.
        assertThat(ByteBuffer.wrap(fields.get(0)).getInt()).isEqualTo(
                (int) (java.time.LocalDate.parse("2026-01-05").toEpochDay() - java.time.LocalDate.parse("2000-01-01").toEpochDay()));
        assertThat(ByteBuffer.wrap(fields.getLast()).getLong()).isEqualTo(42);
        List<String> columns = List.of(EventRows.COLUMNS.split(",\\s*"));
        assertThat(new String(fields.get(columns.indexOf("source_as_name")), StandardCharsets.UTF_8))
                .isEqualTo("tab\there\nnew \\ line ñ");
        // source_ip as inet: IPv4 family, 32 bits, not a cidr, 4 bytes, the address.
        assertThat(fields.get(columns.indexOf("source_ip"))).containsExactly(2, 32, 0, 4, 200, 7, 84, 10);
        assertThat(fields.get(columns.indexOf("holder_id"))).isNull();
    }

    @Test
    void keyVersion1IsSha256OverTheIntelMqFieldsButRawAndObservationTime() throws Exception {
        Event rich = event().raw("x").classificationIdentifier("rdp").sourceAsn(27750L).sourceAsName("LACNIC")
                .sourceNetwork(IpPrefix.parse("200.7.84.0/24")).sourceGeolocationCc("UY").sourceReverseDns("a.example")
                .destinationIp(IpPrefix.IpAddress.parse("2001:db8::1")).destinationPort(80).protocolTransport("tcp")
                .feedProvider("Shadowserver").feedAccuracy(90.5).feedCode("scan_rdp").tlp(Tlp.AMBER_STRICT)
                .extra("tag", "rdp").extra("count", 3).extra("ñandú", "tab\tquote\"").build();
        for (Event e : List.of(rich, event().build(), event().timeSource(Instant.parse("2026-01-05T00:00:09.250Z"))
                .sourceIp(IpPrefix.IpAddress.parse("2001:db8::5")).build(),
                event().sourceIp(IpPrefix.IpAddress.parse("10.0.255.7")).timeSource(Instant.parse("0999-12-31T23:59:59Z")).build())) {
            // The definition, as it was first written: over the map of Event.toIntelMq().
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (var field : e.toIntelMq().entrySet()) {
                if (field.getKey().equals("raw") || field.getKey().equals("time.observation")) {
                    continue;
                }
                sha.update(field.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1F);
                sha.update(String.valueOf(field.getValue()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1E);
            }
            byte[] expected = java.util.Arrays.copyOf(sha.digest(), 16);
            assertThat(EventRows.keyV1(e, java.security.MessageDigest.getInstance("SHA-256"), new CopyBuffer(4), null))
                    .isEqualTo(expected);
        }
    }

    @Test
    void extraIsStoredAsItsValuesInTheOrderOfItsLayoutsNames() {
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        ExtraLayouts layouts = ExtraLayouts.inMemory(100);
        // Any map: its own names are the layout.
        Event e = event().extra("tag", "rdp").extra("count", 3).extra("big", 12345678901L).extra("flag", true)
                .extra("ñandú", "tab\tquote\" back\\slash \u0001 end").extra("list", List.of("a", "b")).build();
        CopyBuffer out = new CopyBuffer(4);
        int id = EventRows.extraValues(out, e.extra(), layouts);
        var values = mapper.readTree(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8));
        List<String> names = layouts.names(id);
        assertThat(names).containsExactlyElementsOf(e.extra().keySet());
        var rebuilt = mapper.createObjectNode();
        for (int i = 0; i < names.size(); i++) {
            rebuilt.set(names.get(i), values.get(i));
        }
        assertThat(rebuilt).isEqualTo(mapper.valueToTree(e.extra()));
        // The same names again: the same layout.
        assertThat(EventRows.extraValues(new CopyBuffer(4), e.extra(), layouts)).isEqualTo(id);

        // A parser's layout: one id for every row, null where a row has no value, and no name written.
        ExtraFields.Layout file = ExtraFields.layout(List.of("severity", "tag", "naics"));
        CopyBuffer row = new CopyBuffer(4);
        int fileId = EventRows.extraValues(row, file.map(new Object[] {null, "high", "rdp"}), layouts);
        assertThat(new String(row.array(), 0, row.size(), StandardCharsets.UTF_8)).isEqualTo("[null,\"high\",\"rdp\"]");
        assertThat(layouts.names(fileId)).containsExactly("naics", "severity", "tag");
        assertThat(EventRows.extraValues(new CopyBuffer(4), file.map(new Object[] {"5", null, null}), layouts)).isEqualTo(fileId);
        assertThat(fileId).isNotEqualTo(id);
    }

    @Test
    void pastTheLimitOfLayoutsARowKeepsItsNames() {
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        ExtraLayouts layouts = ExtraLayouts.inMemory(1);
        Event first = event().extra("a", "1").build();
        assertThat(EventRows.extraValues(new CopyBuffer(4), first.extra(), layouts)).isPositive();
        Event other = event().extra("b", 2).extra("c", "x\"y").build();
        CopyBuffer out = new CopyBuffer(4);
        assertThat(EventRows.extraValues(out, other.extra(), layouts)).isEqualTo(ExtraLayouts.NONE);
        assertThat(mapper.readTree(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)))
                .isEqualTo(mapper.valueToTree(other.extra()));
        // A layout known before the limit is still used.
        assertThat(EventRows.extraValues(new CopyBuffer(4), first.extra(), layouts)).isPositive();
    }

    @Test
    void aFeedsWindowRoundsTimeSourceDownInTheKeyAndMustDivideADay() throws Exception {
        DedupProperties dedup = new DedupProperties(java.util.Map.of("Scan RDP", java.time.Duration.ofHours(1)));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        CopyBuffer scratch = new CopyBuffer(4);
        Event at1005 = event().timeSource(Instant.parse("2026-01-05T10:05:00Z")).build();
        Event at1050 = event().timeSource(Instant.parse("2026-01-05T10:50:30Z")).build();
        Event at1105 = event().timeSource(Instant.parse("2026-01-05T11:05:00Z")).build();
        byte[] key = EventRows.keyV1(at1005, sha, scratch, dedup.windowOf(at1005));
        assertThat(EventRows.keyV1(at1050, sha, scratch, dedup.windowOf(at1050))).isEqualTo(key);
        assertThat(EventRows.keyV1(at1105, sha, scratch, dedup.windowOf(at1105))).isNotEqualTo(key);
        EventRows.ExtraNames names = new EventRows.ExtraNames();
        java.util.function.Function<Event, byte[]> v2 = e -> {
            EventRows.keyInputV2(scratch, e, dedup.windowOf(e), names, null);
            return EventRows.key(sha, scratch);
        };
        assertThat(v2.apply(at1050)).isEqualTo(v2.apply(at1005)).isNotEqualTo(key);
        assertThat(v2.apply(at1105)).isNotEqualTo(v2.apply(at1005));
        // Without a window (another feed, or the default), the exact time is in the key.
        assertThat(dedup.windowOf(event().feedName("other").build())).isNull();
        assertThat(EventRows.keyV1(at1050, sha, scratch, null)).isNotEqualTo(EventRows.keyV1(at1005, sha, scratch, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DedupProperties(
                java.util.Map.of("x", java.time.Duration.ofMinutes(7)))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DedupProperties(
                java.util.Map.of("x", java.time.Duration.ofDays(2)))).isInstanceOf(IllegalArgumentException.class);
    }
}
