package lat.warp.registry.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.internal.imports.RosterContact.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberRosterParserUnitTest {

    private static final String PGP_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\\n\\nmDMEZ...\\n"
            + "-----END PGP PUBLIC KEY BLOCK-----\\n";

    private static final String JSON_ROSTER = """
            [
              {
                "memberId": "UY-ANTE-LACNIC",
                "name": "Administración Nacional de Telecomunicaciones",
                "country": "uy",
                "sector": "ISP",
                "contacts": [
                  {"role": "abuse", "email": "abuse@antel.example.uy", "phone": "+598 2928 0000", "language": "es"},
                  {"role": "security", "email": "csirt@antel.example.uy", "language": "ES", "pgpKey": "%s"}
                ],
                "resources": ["200.7.84.0/22", "2801:1e::/32", "AS28000", "AS28001-AS28010", "Example.ORG.uy."]
              },
              {
                "memberId": "BR-EXEM-LACNIC",
                "name": "Exemplo Telecom, S.A.",
                "country": "BR",
                "contacts": [{"role": "administrative", "email": "hostmaster@exemplo.example.br"}],
                "resources": ["as64500-64510"]
              }
            ]
            """.formatted(PGP_KEY);

    private final MemberRosterParser parser = new MemberRosterParser();

    @Test
    void aJsonRosterGivesMembersWithContactsPrefixesAsnRangesAndDomains() throws IOException {
        Roster roster = parser.parseJson(RegistryFiles.stream(JSON_ROSTER));

        assertThat(roster.problems()).isEmpty();
        assertThat(roster.acceptable()).isTrue();
        assertThat(roster.entries()).hasSize(2);
        RosterEntry antel = roster.entries().getFirst();
        assertThat(antel.line()).isEqualTo(2);
        assertThat(antel.memberId()).isEqualTo("UY-ANTE-LACNIC");
        assertThat(antel.name()).isEqualTo("Administración Nacional de Telecomunicaciones");
        assertThat(antel.country()).isEqualTo("UY");
        assertThat(antel.sector()).isEqualTo("ISP");
        assertThat(antel.contacts()).containsExactly(
                new RosterContact(Role.ABUSE, "abuse@antel.example.uy", "+598 2928 0000", "es", null),
                new RosterContact(Role.SECURITY, "csirt@antel.example.uy", null, "es",
                        PGP_KEY.replace("\\n", "\n").strip()));
        assertThat(antel.prefixes()).containsExactly(IpPrefix.parse("200.7.84.0/22"), IpPrefix.parse("2801:1e::/32"));
        assertThat(antel.asnRanges()).containsExactly(new long[] {28_000, 28_000}, new long[] {28_001, 28_010});
        assertThat(antel.domains()).containsExactly("example.org.uy");
        RosterEntry exemplo = roster.entries().get(1);
        assertThat(exemplo.line()).isEqualTo(13);
        assertThat(exemplo.sector()).isNull();
        assertThat(exemplo.asnRanges()).containsExactly(new long[] {64_500, 64_510});
    }

    @Test
    void badJsonMembersAreReportedAtTheLineWhereTheyBegin() throws IOException {
        String json = """
                [
                  {"memberId": "A", "name": "Good", "country": "AR", "resources": ["45.4.96.0/24"]},
                  {"memberId": "B", "name": "Bad mail", "country": "AR",
                   "contacts": [{"role": "abuse", "email": "abuse at example.com"}]},
                  {"memberId": "C", "name": "Bad country", "country": "XX"},
                  {"memberId": "D", "name": "Bad resources", "country": "BR",
                   "resources": ["45.4.96.1/24", "AS5-AS3", "45.4.96.0", "not a domain", "AS4294967296"]},
                  {"memberId": "a", "name": "Duplicate of A", "country": "AR"},
                  {"memberId": "E", "country": "CL"},
                  {"memberId": "F", "name": "Typo", "country": "CL", "contact": []},
                  {"memberId": "G", "name": "Roles", "country": "CL",
                   "contacts": [{"role": "noc", "email": "noc@g.example"}, {"role": "abuse"},
                                {"role": "security", "email": "s@g.example", "language": "fr", "phone": "call me",
                                 "pgpKey": "ssh-ed25519 AAAA"}]},
                  "not an object",
                  {"name": "No id", "country": "PE", "sector": 7}
                ]
                """;

        Roster roster = parser.parseJson(RegistryFiles.stream(json));

        assertThat(roster.acceptable()).isFalse();
        assertThat(roster.entries()).extracting(RosterEntry::memberId).containsExactly("A");
        assertThat(roster.problems()).containsExactly(
                new LineProblem(3, "bad abuse e-mail 'abuse at example.com'"),
                new LineProblem(5, "bad country 'XX' (an ISO 3166-1 two-letter code)"),
                new LineProblem(6, "bad resource '45.4.96.1/24': 45.4.96.1 is not the first address of a /24"),
                new LineProblem(6, "bad resource 'AS5-AS3': not an AS number or range"),
                new LineProblem(6, "bad resource '45.4.96.0': a prefix needs a length, e.g. /24"),
                new LineProblem(6, "bad resource 'not a domain': not a prefix, AS number or domain name"),
                new LineProblem(6, "bad resource 'AS4294967296': not an AS number or range"),
                new LineProblem(8, "duplicate member id 'a' (first on line 2)"),
                new LineProblem(9, "missing name"),
                new LineProblem(10, "unknown property 'contact'"),
                new LineProblem(11, "bad contact role 'noc' (abuse, security or administrative)"),
                new LineProblem(11, "the abuse contact has no e-mail address"),
                new LineProblem(11, "bad security phone 'call me'"),
                new LineProblem(11, "bad language 'fr' (es, pt or en)"),
                new LineProblem(11, "the security PGP key is not an ASCII-armoured public key block"),
                new LineProblem(15, "a member must be a JSON object"),
                new LineProblem(16, "sector must be a string"),
                new LineProblem(16, "missing member id"));
    }

    @Test
    void malformedJsonIsReportedNotThrown() throws IOException {
        Roster roster = parser.parseJson(RegistryFiles.stream("[\n {\"memberId\": \"A\",\n \"name\": }\n]"));

        assertThat(roster.acceptable()).isFalse();
        assertThat(roster.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("not valid JSON");
        });
    }

    @Test
    void aJsonRosterThatIsNotAnArrayOrEndsEarlyIsRefused() throws IOException {
        assertThat(parser.parseJson(RegistryFiles.stream("{\"memberId\": \"A\"}")).problems())
                .containsExactly(new LineProblem(1, "a JSON roster is an array of members"));
        assertThat(parser.parseJson(RegistryFiles.stream("[{\"memberId\": \"A\", \"name\": \"A\", \"country\": \"UY\"}"))
                .problems()).singleElement().satisfies(p -> assertThat(p.reason()).startsWith("not valid JSON: Unexpected end-of-input"));
    }

    @Test
    void aCsvRosterGivesTheSameMembersAsJson() throws IOException {
        String csv = "\uFEFFmember_id,name,country,sector,abuse_email,security_email,admin_email,language,resources\r\n"
                + "UY-ANTE-LACNIC,Administración Nacional de Telecomunicaciones,UY,ISP,abuse@antel.example.uy,"
                + "csirt@antel.example.uy,,es,200.7.84.0/22 2801:1e::/32  AS28000 AS28001-AS28010 example.org.uy\r\n"
                + "\r\n"
                + "BR-EXEM-LACNIC,\"Exemplo Telecom, S.A. \"\"Ex\"\"\",BR,,,,hostmaster@exemplo.example.br,,"
                + "\"AS64500-64510\n177.0.0.0/14\"\r\n";

        Roster roster = parser.parseCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));

        assertThat(roster.problems()).isEmpty();
        assertThat(roster.entries()).hasSize(2);
        RosterEntry antel = roster.entries().getFirst();
        assertThat(antel.line()).isEqualTo(2);
        assertThat(antel.contacts()).containsExactly(
                new RosterContact(Role.ABUSE, "abuse@antel.example.uy", null, "es", null),
                new RosterContact(Role.SECURITY, "csirt@antel.example.uy", null, "es", null));
        assertThat(antel.prefixes()).containsExactly(IpPrefix.parse("200.7.84.0/22"), IpPrefix.parse("2801:1e::/32"));
        assertThat(antel.asnRanges()).containsExactly(new long[] {28_000, 28_000}, new long[] {28_001, 28_010});
        assertThat(antel.domains()).containsExactly("example.org.uy");
        RosterEntry exemplo = roster.entries().get(1);
        assertThat(exemplo.line()).isEqualTo(4);
        assertThat(exemplo.name()).isEqualTo("Exemplo Telecom, S.A. \"Ex\"");
        assertThat(exemplo.sector()).isNull();
        assertThat(exemplo.contacts()).containsExactly(
                new RosterContact(Role.ADMINISTRATIVE, "hostmaster@exemplo.example.br", null, null, null));
        assertThat(exemplo.prefixes()).containsExactly(IpPrefix.parse("177.0.0.0/14"));
    }

    @Test
    void columnsMayComeInAnyOrder() throws IOException {
        String csv = """
                resources,language,admin_email,security_email,abuse_email,sector,country,name,member_id
                45.4.96.0/24,pt,,,abuse@a.example,,BR,Member A,A
                """;

        Roster roster = parser.parseCsv(RegistryFiles.stream(csv));

        assertThat(roster.problems()).isEmpty();
        assertThat(roster.entries()).singleElement().satisfies(e -> {
            assertThat(e.memberId()).isEqualTo("A");
            assertThat(e.contacts()).containsExactly(new RosterContact(Role.ABUSE, "abuse@a.example", null, "pt", null));
        });
    }

    @Test
    void badCsvRowsAreReportedWithTheirLineNumbers() throws IOException {
        String csv = """
                member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources
                A,Good,AR,ISP,abuse@a.example,,,es,45.4.96.0/24
                B,Bad mail,AR,ISP,abuse@,,,es,
                C,Bad country,Uruguay,ISP,abuse@c.example,,,es,
                D,Bad resource,UY,ISP,abuse@d.example,,,es,200.7.84.0/33 ASX
                A,Duplicate,UY,ISP,abuse@e.example,,,es,
                F,,UY,ISP,abuse@f.example,,,es,
                G,Too few,UY
                H,Language,UY,,abuse@h.example,,,de,
                """;

        Roster roster = parser.parseCsv(RegistryFiles.stream(csv));

        assertThat(roster.entries()).extracting(RosterEntry::memberId).containsExactly("A");
        assertThat(roster.problems()).containsExactly(
                new LineProblem(3, "bad abuse e-mail 'abuse@'"),
                new LineProblem(4, "bad country 'Uruguay' (an ISO 3166-1 two-letter code)"),
                new LineProblem(5, "bad resource '200.7.84.0/33': A prefix length must be between 0 and 32."),
                new LineProblem(5, "bad resource 'ASX': not a prefix, AS number or domain name"),
                new LineProblem(6, "duplicate member id 'A' (first on line 2)"),
                new LineProblem(7, "missing name"),
                new LineProblem(8, "3 fields; the header has 9"),
                new LineProblem(9, "bad language 'de' (es, pt or en)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "member_id,name,country,sector,abuse_email,security_email,admin_email,language; missing column resources",
            "member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources,notes; "
                    + "unknown column 'notes'",
            "member_id,name,name,country,sector,abuse_email,security_email,admin_email,language,resources; "
                    + "column name appears twice",
    })
    void aCsvHeaderWithoutExactlyTheRosterColumnsIsRefused(String header, String reason) throws IOException {
        Roster roster = parser.parseCsv(RegistryFiles.stream(header + "\nA,Member,UY,,,,,,\n"));

        assertThat(roster.entries()).isEmpty();
        assertThat(roster.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).startsWith(reason);
        });
    }

    @Test
    void malformedCsvQuotingStopsTheReadWithTheLineOfTheFault() throws IOException {
        String csv = """
                member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources
                A,Good,AR,,,,,,
                B,"Unclosed,AR,,,,,,
                C,Never read,AR,,,,,,
                """;

        Roster roster = parser.parseCsv(RegistryFiles.stream(csv));

        assertThat(roster.acceptable()).isFalse();
        assertThat(roster.problems()).containsExactly(new LineProblem(3,
                "malformed CSV: a quoted field is not closed; rows after it were not read"));
    }

    @Test
    void aQuoteInsideAnUnquotedCsvFieldIsMalformed() throws IOException {
        String csv = "member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources\n"
                + "A,The \"Good\" One,AR,,,,,,\n";

        Roster roster = parser.parseCsv(RegistryFiles.stream(csv));

        assertThat(roster.problems()).containsExactly(new LineProblem(2,
                "malformed CSV: a quote inside an unquoted field (quote the whole field); rows after it were not read"));
    }

    @Test
    void anEmptyCsvFileIsRefused() throws IOException {
        assertThat(parser.parseCsv(RegistryFiles.stream("")).problems())
                .containsExactly(new LineProblem(0, "the file is empty: no header line"));
    }

    @Test
    void csvThatIsNotUtf8IsRefused() throws IOException {
        byte[] latin1 = ("member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources\n"
                + "A,Administración,UY,,,,,,\n").getBytes(StandardCharsets.ISO_8859_1);

        Roster roster = parser.parseCsv(new ByteArrayInputStream(latin1));

        assertThat(roster.problems()).extracting(LineProblem::reason).containsExactly("the file is not UTF-8 text");
    }

    @Test
    void theEntryCannotBeChangedThroughItsAsnArrays() throws IOException {
        RosterEntry entry = parser.parseJson(RegistryFiles.stream(JSON_ROSTER)).entries().getFirst();

        entry.asnRanges().getFirst()[0] = 1;

        assertThat(entry.asnRanges().getFirst()).containsExactly(28_000, 28_000);
        assertThat(List.copyOf(entry.domains())).isEqualTo(entry.domains());
    }
}
