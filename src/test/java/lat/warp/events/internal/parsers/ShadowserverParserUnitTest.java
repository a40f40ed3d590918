package lat.warp.events.internal.parsers;

import static lat.warp.events.internal.parsers.ShadowserverSamples.OBSERVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import lat.warp.events.Classification;
import lat.warp.events.Event;
import lat.warp.events.Tlp;
import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShadowserverParserUnitTest {

    private static final String HEADER = "timestamp,ip,protocol,port,hostname,tag,asn,geo,region,city";
    private static final String ROW_1 = "2024-01-05 00:00:01,200.7.84.10,tcp,22,host-10.example.com.uy,ssh,28000,UY,MONTEVIDEO,MONTEVIDEO";
    private static final String ROW_2 = "2024-01-05 00:00:02,200.7.84.11,tcp,22,,ssh,28000,UY,MONTEVIDEO,MONTEVIDEO";
    private static final String ROW_3 = "2024-01-05 00:00:03,200.7.84.12,tcp,2222,,ssh,28000,UY,CANELONES,LAS PIEDRAS";
    private static final String SSH_FILE = "2024-01-05-scan_ssh-lacnic-example_org-asn-block.csv";

    private final ShadowserverParser parser = new ShadowserverParser();
    private final Collecting sink = new Collecting();

    private ParseResult parse(String fileName, String content) throws IOException {
        return parser.parse(ShadowserverSamples.stream(content), FeedContext.of(fileName, OBSERVED), sink);
    }

    @Test
    void aRowOfAsciiTextSaysSoToTheWriterAndARowWithOtherTextDoesNot() throws IOException {
        parse(SSH_FILE, HEADER + "\n" + ROW_1 + "\n" + ROW_2.replace("MONTEVIDEO,MONTEVIDEO", "MONTEVIDEO,SAN JOSÉ")
                + "\n" + ROW_3.replace("LAS PIEDRAS", "\"LAS \"\"PIEDRAS\"\"\"") + "\n"
                + ROW_3.replace("ssh", "ssh ŁÓDŹ") + "\n");
        assertThat(sink.events()).hasSize(4);
        assertThat(sink.events()).extracting(e -> lat.warp.events.ExtraFields.asciiOnly(e.extra()))
                .containsExactly(true, false, true, false);
    }

    @Test
    void aTypicalScanReportBecomesEventsWithIntelMqFields() throws IOException {
        ParseResult result = parse(SSH_FILE, HEADER + "\n" + ROW_1 + "\n");

        assertThat(result.failure()).isNull();
        Event e = sink.events().get(0);
        assertThat(e.classification()).isEqualTo(new Classification("other", "other"));
        assertThat(e.classificationIdentifier()).isEqualTo("accessible-ssh");
        assertThat(e.timeSource()).isEqualTo(Instant.parse("2024-01-05T00:00:01Z"));
        assertThat(e.sourceIp()).isEqualTo(IpAddress.parse("200.7.84.10"));
        assertThat(e.sourcePort()).isEqualTo(22);
        assertThat(e.sourceAsn()).isEqualTo(28000L);
        assertThat(e.sourceGeolocationCc()).isEqualTo("UY");
        assertThat(e.sourceGeolocationRegion()).isEqualTo("MONTEVIDEO");
        assertThat(e.sourceReverseDns()).isEqualTo("host-10.example.com.uy");
        assertThat(e.protocolTransport()).isEqualTo("tcp");
        assertThat(e.extra()).containsExactly(java.util.Map.entry("tag", "ssh"));
        assertThat(e.feedName()).isEqualTo("Accessible-SSH");
        assertThat(e.feedCode()).isEqualTo("scan_ssh");
        assertThat(e.raw()).isEqualTo(ROW_1);
        assertThat(e.holderId()).isNull();
    }

    @Test
    void aTruncatedFileRejectsOnlyItsCutLastRow() throws IOException {
        String cut = ROW_3.substring(0, 35);

        ParseResult result = parse(SSH_FILE, HEADER + "\n" + ROW_1 + "\n" + ROW_2 + "\n" + cut);

        assertThat(result.failed()).isFalse();
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        RowProblem problem = result.problems().get(0);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.reason()).contains("Expected 10 columns").contains("cut short");
        assertThat(problem.rawLine()).isEqualTo(cut);
        assertThat(sink.rejected()).containsExactly(problem);
    }

    @Test
    void aFileCutInsideAQuotedFieldRejectsThatRow() throws IOException {
        ParseResult result = parse(SSH_FILE, HEADER + "\n" + ROW_1 + "\n2024-01-05 00:00:02,200.7.84.11,tcp,22,\"host");

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("ends inside a quoted field");
        });
    }

    @ParameterizedTest
    @CsvSource({"SEMICOLON, semicolons", "TAB, tabs", "BAR, vertical bars"})
    void aFileWithAnotherDelimiterFailsAsAWholeWithOneMessage(String delimiter, String named) throws IOException {
        String d = switch (delimiter) {
            case "SEMICOLON" -> ";";
            case "TAB" -> "\t";
            default -> "|";
        };
        String content = (HEADER + "\n" + ROW_1 + "\n" + ROW_2 + "\n").replace(",", d);

        ParseResult result = parse(SSH_FILE, content);

        assertThat(result.failed()).isTrue();
        assertThat(result.failure()).contains(named).contains("commas");
        assertThat(result.problems()).isEmpty();
        assertThat(sink.events()).isEmpty();
        assertThat(sink.rejected()).isEmpty();
    }

    @Test
    void aRowWithABadAddressIsRejectedWithItsLineNumberAndTheOthersAreAccepted() throws IOException {
        String bad = ROW_2.replace("200.7.84.11", "200.7.84.311");

        ParseResult result = parse(SSH_FILE, HEADER + "\n" + ROW_1 + "\n" + bad + "\n" + ROW_3 + "\n");

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("Column 'ip': '200.7.84.311' is not an IP address.");
            assertThat(p.rawLine()).isEqualTo(bad);
        });
        assertThat(sink.events()).extracting(Event::sourceIp)
                .containsExactly(IpAddress.parse("200.7.84.10"), IpAddress.parse("200.7.84.12"));
    }

    @Test
    void rowsWithAnUnreadableTimeOrPortOrAsnOrNoAddressAreRejectedEachWithItsReason() throws IOException {
        String content = HEADER + "\n"
                + ROW_1.replace("2024-01-05 00:00:01", "05/01/2024 00:00") + "\n"
                + ROW_1.replace(",22,", ",ssh,") + "\n"
                + ROW_1.replace(",28000,", ",AS-X,") + "\n"
                + ROW_1.replace("200.7.84.10", "") + "\n"
                + ROW_1 + ",extra\n"
                + ROW_1 + "\n";

        ParseResult result = parse(SSH_FILE, content);

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(result.problems()).extracting(RowProblem::line).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(result.problems()).extracting(RowProblem::reason).containsExactly(
                "Column 'timestamp': '05/01/2024 00:00' is not a time.",
                "Column 'port': 'ssh' is not a port number.",
                "Column 'asn': 'AS-X' is not an AS number.",
                "The row has no address in column 'ip'.",
                "Expected 10 columns as in the header, found 11.");
    }

    @Test
    void anUnknownReportTypeFailsWithAMessageListingTheSupportedTypes() throws IOException {
        ParseResult result = parse("export.csv", "when,who,what\n2024-01-05,200.7.84.10,scan\n");

        assertThat(result.failed()).isTrue();
        assertThat(result.failure())
                .contains("Not a known Shadowserver report")
                .contains("Supported Shadowserver report types (170)")
                .contains("blocklist, compromised_account")
                .contains("scan_ssh")
                .contains("event4_sinkhole_http");
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void anUnknownReportTypeChosenByTheUserFailsListingTheSupportedTypes() throws IOException {
        ParseResult result = parser.parse(ShadowserverSamples.stream(HEADER + "\n" + ROW_1 + "\n"),
                FeedContext.of(SSH_FILE, OBSERVED).withReportType("scan_gopher"), sink);

        assertThat(result.failure()).startsWith("Unknown Shadowserver report type 'scan_gopher'.")
                .contains("scan_ssh");
    }

    @Test
    void aFileInLatin1FailsAsAWholeNamingTheEncoding() throws IOException {
        byte[] latin1 = (HEADER + "\n" + ROW_1 + "\n" + ROW_2.replace("MONTEVIDEO,MONTEVIDEO", "PAYSANDÚ,PAYSANDÚ") + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        ParseResult result = parser.parse(new ByteArrayInputStream(latin1), FeedContext.of(SSH_FILE, OBSERVED), sink);

        assertThat(result.failed()).isTrue();
        assertThat(result.failure()).contains("not UTF-8").contains("line 3");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaksAndLineNumbersFollowThem() throws IOException {
        String content = "timestamp,ip,port,banner,tag\n"
                + "2024-01-05T00:00:01Z,200.7.84.10,22,\"SSH-2.0-OpenSSH, \"\"Ubuntu\"\"\nsecond line\",\"ssh,research\"\n"
                + "2024-01-05T00:00:02Z,200.7.84.300,22,plain,ssh\n";

        ParseResult result = parser.parse(ShadowserverSamples.stream(content),
                FeedContext.of("2024-01-05-scan_ssh-x.csv", OBSERVED), sink);

        Event e = sink.events().get(0);
        assertThat(e.extra()).containsEntry("banner", "SSH-2.0-OpenSSH, \"Ubuntu\"\nsecond line")
                .containsEntry("tag", "ssh,research");
        assertThat(e.raw()).contains("\nsecond line");
        assertThat(result.problems()).singleElement().extracting(RowProblem::line).isEqualTo(4L);
    }

    @ParameterizedTest
    @CsvSource({
            "2024-01-05-scan_ssl_freak-lacnic.csv, scan_ssl_freak",
            "2024-01-05-scan_ssl-lacnic.csv, scan_ssl",
            "2024-01-05-event4_sinkhole_http-lacnic-asn.csv, event4_sinkhole_http",
            "2024-01-05-event4_sinkhole_http_referer-lacnic.csv, event4_sinkhole_http_referer",
            "/uploads/2024-01-05-BLOCKLIST-lacnic.CSV, blocklist",
            "scan6_ssh.csv, scan6_ssh",
            "2024-01-05-device_id6-lacnic.csv, device_id6"
    })
    void theReportTypeInAFileNameIsTheLongestKeyThatOccursAsAWord(String fileName, String key) {
        assertThat(parser.schema().fromFileName(fileName)).isNotNull()
                .extracting(ShadowserverSchema.Report::key).isEqualTo(key);
    }

    @Test
    void aFileNameThatNamesNoReportTypeFindsNone() {
        assertThat(parser.schema().fromFileName("2024-01-05-myscan_sshd-report.csv")).isNull();
        assertThat(parser.schema().fromFileName(null)).isNull();
    }

    @Test
    void aFileNamedAsOneReportButWithAnothersColumnsFails() throws IOException {
        ShadowserverSamples.Entry blocklist = ShadowserverSamples.entry("blocklist");

        ParseResult result = parse(SSH_FILE.replace("scan_ssh", "scan_ssl_freak"), ShadowserverSamples.report(blocklist, 1));

        assertThat(result.failure()).contains("scan_ssl_freak").contains("those of blocklist");
    }

    @Test
    void anIpv6ReportFoundFromItsHeaderUsesTheFirstRowsAddressFamily() throws IOException {
        ShadowserverSamples.Entry v6 = ShadowserverSamples.entry("scan6_ssh");

        ParseResult result = parse("ssh.csv", ShadowserverSamples.report(v6, 1));

        assertThat(result.feedCode()).isEqualTo("scan6_ssh");
        assertThat(sink.events().get(0).classification()).isEqualTo(new Classification("other", "other"));
        assertThat(sink.events().get(0).sourceIp().v6()).isTrue();
    }

    @Test
    void reportsWithoutAClassificationInTheSchemaTakeTheirTwins() {
        ShadowserverSchema schema = parser.schema();

        assertThat(schema.report("scan6_ssh").classification()).isEqualTo(schema.report("scan_ssh").classification());
        assertThat(schema.report("event6_sinkhole_http").classification())
                .isEqualTo(new Classification("malicious-code", "infected-system"));
        assertThat(schema.report("event4_microsoft_sinkhole").classification())
                .isEqualTo(new Classification("malicious-code", "infected-system"));
        assertThat(schema.report("device_id6").classification()).isEqualTo(new Classification("other", "undetermined"));
        assertThat(schema.report("scan_exchange").classification())
                .isEqualTo(new Classification("vulnerable", "vulnerable-system"));
        assertThat(schema.report("scan6_exchange").classification())
                .isEqualTo(new Classification("vulnerable", "vulnerable-system"));
        assertThat(schema.reports().stream().filter(ShadowserverSchema.Report::inherited)).hasSize(52);
    }

    @Test
    void theBlocklistReportIsClassifiedAsABlocklistUnderOther() throws IOException {
        parse("2024-01-05-blocklist-lacnic.csv", ShadowserverSamples.report(ShadowserverSamples.entry("blocklist"), 1));

        assertThat(sink.events().get(0).classification()).isEqualTo(new Classification("other", "blocklist"));
        assertThat(sink.events().get(0).sourceReverseDns()).isEqualTo("host-10.example.com.uy");
    }

    @Test
    void urlReportsKeepTheHostOfTheUrlAsTheFqdn() throws IOException {
        parse("2024-01-05-malware_url-lacnic.csv", ShadowserverSamples.report(ShadowserverSamples.entry("malware_url"), 1));

        Event e = sink.events().get(0);
        assertThat(e.sourceFqdn()).isEqualTo("host-10.example.com.uy");
        assertThat(e.sourceUrl()).isEqualTo("http://200.7.84.10/owa/");
        assertThat(e.classification()).isEqualTo(new Classification("malicious-code", "malware-distribution"));
    }

    @Test
    void sinkholeEventsHaveASourceAndADestination() throws IOException {
        parse("2024-01-05-event4_sinkhole_http-lacnic.csv",
                ShadowserverSamples.report(ShadowserverSamples.entry("event4_sinkhole_http"), 1));

        Event e = sink.events().get(0);
        assertThat(e.sourceIp()).isEqualTo(IpAddress.parse("200.7.84.10"));
        assertThat(e.destinationIp()).isEqualTo(IpAddress.parse("200.40.30.1"));
        assertThat(e.destinationFqdn()).isEqualTo("c2.example.net");
        assertThat(e.destinationReverseDns()).isEqualTo("sinkhole.example.net");
        assertThat(e.malwareName()).isEqualTo("mirai");
        assertThat(e.extra()).containsEntry("family", "Mirai");
        assertThat(e.protocolApplication()).isEqualTo("http");
    }

    @Test
    void valuesThatDoNotFitASecondaryFieldAreKeptAsExtra() throws IOException {
        parse(SSH_FILE, HEADER + "\n" + ROW_1.replace(",UY,", ",URY,").replace("host-10.example.com.uy", "not a host") + "\n");

        Event e = sink.events().get(0);
        assertThat(e.sourceGeolocationCc()).isNull();
        assertThat(e.sourceReverseDns()).isNull();
        assertThat(e.extra()).containsEntry("geo", "URY").containsEntry("hostname", "not a host");
    }

    @Test
    void aFileWithoutItsHeaderLineFailsAsAWhole() throws IOException {
        ParseResult result = parse(SSH_FILE, ROW_1 + "\n" + ROW_2 + "\n" + ROW_3 + "\n");

        assertThat(result.failure()).contains("no 'timestamp' column");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void anEmptyFileFails() throws IOException {
        assertThat(parse(SSH_FILE, "").failure()).contains("empty");
        assertThat(parse(SSH_FILE, "\n\n").failure()).contains("empty");
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyReportNotAFailure() throws IOException {
        ParseResult result = parse(SSH_FILE, HEADER + "\n");

        assertThat(result.failed()).isFalse();
        assertThat(result.rows()).isZero();
    }

    @Test
    void crlfLineEndingsAByteOrderMarkAndBlankLinesAreAccepted() throws IOException {
        ParseResult result = parse(SSH_FILE, "\uFEFF" + HEADER + "\r\n" + ROW_1 + "\r\n\r\n" + ROW_2 + "\r\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(sink.events().get(0).raw()).isEqualTo(ROW_1);
        assertThat(sink.events().get(1).raw()).isEqualTo(ROW_2);
    }

    @Test
    void aGzipFileIsReadLikeThePlainOne() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write((HEADER + "\n" + ROW_1 + "\n" + ROW_2 + "\n").getBytes(StandardCharsets.UTF_8));
        }

        ParseResult result = parser.parse(new ByteArrayInputStream(bytes.toByteArray()),
                FeedContext.of(SSH_FILE + ".gz", OBSERVED), sink);

        assertThat(result.accepted()).isEqualTo(2);
    }

    @Test
    void aTruncatedGzipFileFailsAsAWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 2000; i++) {
                gzip.write((ROW_1 + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] all = bytes.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length / 2);

        ParseResult result = parser.parse(new ByteArrayInputStream(cut), FeedContext.of(SSH_FILE, OBSERVED), sink);

        assertThat(result.failure()).contains("truncated");
    }

    @Test
    void aFileWithoutLineBreaksFailsInsteadOfFillingMemory() throws IOException {
        String huge = HEADER + "\n" + "x".repeat(ShadowserverParser.MAX_RECORD_CHARS + 10);

        ParseResult result = parse(SSH_FILE, huge);

        assertThat(result.failure()).contains("longer than");
    }

    @Test
    void theContextSetsTlpAndFeedNames() throws IOException {
        parser.parse(ShadowserverSamples.stream(HEADER + "\n" + ROW_1 + "\n"),
                new FeedContext(SSH_FILE, null, OBSERVED, Tlp.RED, "LACNIC daily", "Shadowserver Foundation", 90.0), sink);

        Event e = sink.events().get(0);
        assertThat(e.tlp()).isEqualTo(Tlp.RED);
        assertThat(e.feedName()).isEqualTo("LACNIC daily");
        assertThat(e.feedProvider()).isEqualTo("Shadowserver Foundation");
        assertThat(e.feedAccuracy()).isEqualTo(90.0);
        assertThat(e.feedCode()).isEqualTo("scan_ssh");
    }

    @Test
    void theFirstThousandProblemsAreListedAndEveryOneGoesToTheSink() throws IOException {
        StringBuilder content = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 1500; i++) {
            content.append("bad row ").append(i).append('\n');
        }

        ParseResult result = parse(SSH_FILE, content.toString());

        assertThat(result.rejected()).isEqualTo(1500);
        assertThat(result.problems()).hasSize(1000);
        assertThat(sink.rejected()).hasSize(1500);
        assertThat(List.of(result.problems().get(999).line())).containsExactly(1001L);
    }
}
