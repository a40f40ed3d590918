package lat.warp.registry.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lat.warp.registry.IpPrefix;
import lat.warp.registry.IpPrefix.IpAddress;
import lat.warp.registry.internal.imports.RosterContact.Role;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the member roster the registry hands to the WARP, as JSON or CSV (UTF-8). The format is
 * specified in {@code docs/registry-roster-format.md}; in short:
 *
 * <pre>
 * JSON: [ { "memberId": "UY-ANTE-LACNIC", "name": "…", "country": "UY", "sector": "ISP",
 *           "contacts": [ { "role": "abuse|security|administrative", "email": "…", "phone": "…",
 *                           "language": "es|pt|en", "pgpKey": "-----BEGIN PGP PUBLIC KEY BLOCK-----…" } ],
 *           "resources": [ "200.7.84.0/22", "2801:1e::/32", "AS28000", "AS28001-AS28010", "example.org.uy" ] } ]
 * CSV:  member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources
 *       (resources separated by spaces; language applies to the three e-mail contacts)
 * </pre>
 *
 * <p>Every problem is reported with the line where the member begins; a member with a problem is left out
 * of {@link Roster#entries()}, and the caller refuses the roster unless {@link Roster#acceptable()}.
 */
public final class MemberRosterParser {

    static final int MAX_CSV_RECORD_CHARS = 64 * 1024;

    private static final List<String> CSV_COLUMNS = List.of("member_id", "name", "country", "sector",
            "abuse_email", "security_email", "admin_email", "language", "resources");
    private static final Set<String> JSON_PROPERTIES = Set.of("memberId", "name", "country", "sector", "contacts",
            "resources");
    private static final Set<String> CONTACT_PROPERTIES = Set.of("role", "email", "phone", "language", "pgpKey");
    private static final Set<String> LANGUAGES = Set.of("es", "pt", "en");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final long MAX_ASN = 0xFFFF_FFFFL;

    private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern EMAIL = Pattern.compile(
            LOCAL_ATOM + "(?:\\." + LOCAL_ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+\\.?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile(".*\\.[0-9]+\\.?");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{3,30}");
    private static final Pattern ASN_RANGE = Pattern.compile("(?i)AS(\\d{1,10})(?:-(?:AS)?(\\d{1,10}))?");
    private static final String PGP_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String PGP_END = "-----END PGP PUBLIC KEY BLOCK-----";

    private static final JsonMapper JSON = JsonMapper.builder()
            // The caller opened the stream and closes it.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // Members are read one at a time from the open array; the next one is not trailing garbage.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads a JSON roster: an array of member objects.
     *
     * @param in UTF-8 JSON; not closed here
     */
    public Roster parseJson(InputStream in) throws IOException {
        Run run = new Run();
        try (JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                run.problems.add(1, "a JSON roster is an array of members");
                return run.roster();
            }
            // An array that ends early makes nextToken() throw, reported below as not valid JSON.
            while (json.nextToken() != JsonToken.END_ARRAY) {
                int line = json.currentTokenLocation().getLineNr();
                JsonNode member = JSON.readTree(json);
                if (member == null || !member.isObject()) {
                    run.problems.add(line, "a member must be a JSON object");
                } else {
                    run.readJsonMember(line, member);
                }
            }
            if (json.nextToken() != null) {
                run.problems.add(json.currentTokenLocation().getLineNr(), "unexpected content after the roster");
            }
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            run.problems.add(where == null ? 0 : where.getLineNr(), "not valid JSON: " + e.getOriginalMessage());
        }
        return run.roster();
    }

    /**
     * Reads a CSV roster (RFC 4180) whose first record is the header
     * {@code member_id,name,country,sector,abuse_email,security_email,admin_email,language,resources}, in
     * any column order.
     *
     * @param in UTF-8 CSV; not closed here
     */
    public Roster parseCsv(InputStream in) throws IOException {
        Run run = new Run();
        InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        CsvReader csv = new CsvReader(reader, MAX_CSV_RECORD_CHARS);
        try {
            List<String> header = csv.next();
            if (header == null) {
                run.problems.add(0, "the file is empty: no header line");
                return run.roster();
            }
            Map<String, Integer> columns = readCsvHeader(header, run.problems);
            if (columns == null) {
                return run.roster();
            }
            List<String> fields;
            while ((fields = csv.next()) != null) {
                int line = csv.recordLine();
                if (fields.size() == 1 && fields.getFirst().isBlank()) {
                    continue;
                }
                if (fields.size() != header.size()) {
                    run.problems.add(line, fields.size() + " fields; the header has " + header.size());
                    continue;
                }
                run.readCsvMember(line, fields, columns);
            }
        } catch (CsvReader.MalformedCsvException e) {
            run.problems.add(e.line(), "malformed CSV: " + e.getMessage() + "; rows after it were not read");
        } catch (CharacterCodingException e) {
            run.problems.add(csv.recordLine(), "the file is not UTF-8 text");
        }
        return run.roster();
    }

    private static @Nullable Map<String, Integer> readCsvHeader(List<String> header, Problems problems) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (!CSV_COLUMNS.contains(name)) {
                problems.add(1, "unknown column " + Problems.quote(name) + "; the columns are "
                        + String.join(",", CSV_COLUMNS));
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add(1, "column " + name + " appears twice");
            }
        }
        for (String required : CSV_COLUMNS) {
            if (!columns.containsKey(required)) {
                problems.add(1, "missing column " + required);
            }
        }
        return problems.isEmpty() ? columns : null;
    }

    /** The state of one parse: problems so far and the member ids already seen. */
    private static final class Run {

        private final Problems problems = new Problems();
        private final List<RosterEntry> entries = new ArrayList<>();
        private final Map<String, Integer> memberLines = new HashMap<>();

        Roster roster() {
            return new Roster(entries, problems.toList());
        }

        void readJsonMember(int line, JsonNode member) {
            Member m = new Member(line);
            for (String property : member.propertyNames()) {
                if (!JSON_PROPERTIES.contains(property)) {
                    m.fault("unknown property " + Problems.quote(property));
                }
            }
            m.identity(text(m, member, "memberId"), text(m, member, "name"), text(m, member, "country"),
                    text(m, member, "sector"));
            JsonNode contacts = member.path("contacts");
            if (!contacts.isMissingNode() && !contacts.isNull() && !contacts.isArray()) {
                m.fault("contacts must be an array");
            }
            for (JsonNode contact : contacts.isArray() ? contacts : List.<JsonNode>of()) {
                if (!contact.isObject()) {
                    m.fault("a contact must be an object");
                    continue;
                }
                for (String property : contact.propertyNames()) {
                    if (!CONTACT_PROPERTIES.contains(property)) {
                        m.fault("unknown contact property " + Problems.quote(property));
                    }
                }
                String role = text(m, contact, "role");
                Role parsedRole = role == null ? null : switch (role.strip().toLowerCase(Locale.ROOT)) {
                    case "abuse" -> Role.ABUSE;
                    case "security" -> Role.SECURITY;
                    case "administrative" -> Role.ADMINISTRATIVE;
                    default -> null;
                };
                if (parsedRole == null) {
                    m.fault(role == null ? "a contact without a role"
                            : "bad contact role " + Problems.quote(role) + " (abuse, security or administrative)");
                    continue;
                }
                String email = text(m, contact, "email");
                if (email == null) {
                    m.fault("the " + role.strip().toLowerCase(Locale.ROOT) + " contact has no e-mail address");
                    continue;
                }
                m.contact(parsedRole, email, text(m, contact, "phone"), text(m, contact, "language"),
                        text(m, contact, "pgpKey"));
            }
            JsonNode resources = member.path("resources");
            if (!resources.isMissingNode() && !resources.isNull() && !resources.isArray()) {
                m.fault("resources must be an array");
            }
            for (JsonNode resource : resources.isArray() ? resources : List.<JsonNode>of()) {
                if (resource.isString()) {
                    m.resource(resource.stringValue());
                } else {
                    m.fault("a resource must be a string");
                }
            }
            finish(m);
        }

        void readCsvMember(int line, List<String> fields, Map<String, Integer> columns) {
            Member m = new Member(line);
            m.identity(field(fields, columns, "member_id"), field(fields, columns, "name"),
                    field(fields, columns, "country"), field(fields, columns, "sector"));
            String language = field(fields, columns, "language");
            m.contact(Role.ABUSE, field(fields, columns, "abuse_email"), null, language, null);
            m.contact(Role.SECURITY, field(fields, columns, "security_email"), null, language, null);
            m.contact(Role.ADMINISTRATIVE, field(fields, columns, "admin_email"), null, language, null);
            String resources = field(fields, columns, "resources");
            if (resources != null) {
                for (String resource : resources.split("\\s+")) {
                    m.resource(resource);
                }
            }
            finish(m);
        }

        private void finish(Member m) {
            if (m.memberId != null) {
                String key = m.memberId.toLowerCase(Locale.ROOT);
                Integer first = memberLines.putIfAbsent(key, m.line);
                if (first != null) {
                    m.fault("duplicate member id " + Problems.quote(m.memberId) + " (first on line " + first + ")");
                }
            }
            if (m.faults.isEmpty()) {
                entries.add(m.entry());
            } else {
                m.faults.forEach(fault -> problems.add(m.line, fault));
            }
        }

        /** A string property, or null when absent, null or blank; anything but a string is a fault. */
        private static @Nullable String text(Member m, JsonNode node, String property) {
            JsonNode value = node.path(property);
            if (value.isMissingNode() || value.isNull()) {
                return null;
            }
            if (!value.isString()) {
                m.fault(property + " must be a string");
                return null;
            }
            return blankToNull(value.stringValue());
        }

        private static @Nullable String field(List<String> fields, Map<String, Integer> columns, String column) {
            return blankToNull(fields.get(columns.get(column)));
        }

        private static @Nullable String blankToNull(String s) {
            String stripped = s.strip();
            return stripped.isEmpty() ? null : stripped;
        }
    }

    /** One member being read: its fields so far and what is wrong with them. */
    private static final class Member {

        private final int line;
        private final List<String> faults = new ArrayList<>();
        private final List<RosterContact> contacts = new ArrayList<>();
        private final List<IpPrefix> prefixes = new ArrayList<>();
        private final List<long[]> asnRanges = new ArrayList<>();
        private final List<String> domains = new ArrayList<>();
        private @Nullable String memberId;
        private @Nullable String name;
        private @Nullable String country;
        private @Nullable String sector;

        Member(int line) {
            this.line = line;
        }

        void fault(String reason) {
            faults.add(reason);
        }

        void identity(@Nullable String memberId, @Nullable String name, @Nullable String country,
                @Nullable String sector) {
            if (memberId == null) {
                fault("missing member id");
            } else if (!MEMBER_ID.matcher(memberId).matches()) {
                fault("bad member id " + Problems.quote(memberId) + " (letters, digits, '.', '_', '-'; at most 64)");
            } else {
                this.memberId = memberId;
            }
            if (name == null) {
                fault("missing name");
            } else if (name.length() > 200) {
                fault("name longer than 200 characters");
            } else {
                this.name = name;
            }
            String upper = country == null ? null : country.toUpperCase(Locale.ROOT);
            if (upper == null) {
                fault("missing country");
            } else if (!COUNTRIES.contains(upper)) {
                fault("bad country " + Problems.quote(country) + " (an ISO 3166-1 two-letter code)");
            } else {
                this.country = upper;
            }
            if (sector != null && sector.length() > 100) {
                fault("sector longer than 100 characters");
            } else {
                this.sector = sector;
            }
        }

        void contact(Role role, @Nullable String email, @Nullable String phone, @Nullable String language,
                @Nullable String pgpKey) {
            String label = role.name().toLowerCase(Locale.ROOT);
            if (email == null) {
                // An empty e-mail column of a CSV row means the member gave no such contact.
                return;
            }
            boolean ok = true;
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                fault("bad " + label + " e-mail " + Problems.quote(email));
                ok = false;
            }
            if (phone != null && !PHONE.matcher(phone).matches()) {
                fault("bad " + label + " phone " + Problems.quote(phone));
                ok = false;
            }
            String lang = language == null ? null : language.toLowerCase(Locale.ROOT);
            if (lang != null && !LANGUAGES.contains(lang)) {
                fault("bad language " + Problems.quote(language) + " (es, pt or en)");
                ok = false;
            }
            if (pgpKey != null && (pgpKey.length() > 64 * 1024 || !pgpKey.startsWith(PGP_BEGIN)
                    || !pgpKey.contains(PGP_END))) {
                fault("the " + label + " PGP key is not an ASCII-armoured public key block");
                ok = false;
            }
            if (ok) {
                contacts.add(new RosterContact(role, email, phone, lang, pgpKey));
            }
        }

        void resource(String token) {
            String resource = token.strip();
            if (resource.isEmpty()) {
                return;
            }
            Matcher asn = ASN_RANGE.matcher(resource);
            if (asn.matches()) {
                long first = Long.parseLong(asn.group(1));
                long last = asn.group(2) == null ? first : Long.parseLong(asn.group(2));
                if (first > MAX_ASN || last > MAX_ASN || last < first) {
                    fault("bad resource " + Problems.quote(resource) + ": not an AS number or range");
                } else {
                    asnRanges.add(new long[] {first, last});
                }
            } else if (resource.indexOf(':') >= 0 || resource.indexOf('/') >= 0
                    || DIGITS_AND_DOTS.matcher(resource).matches()) {
                prefix(resource);
            } else if (DOMAIN.matcher(resource).matches() && resource.length() <= 254
                    && !NUMERIC_LAST_LABEL.matcher(resource).matches()) {
                String domain = resource.toLowerCase(Locale.ROOT);
                domains.add(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
            } else {
                fault("bad resource " + Problems.quote(resource) + ": not a prefix, AS number or domain name");
            }
        }

        private void prefix(String resource) {
            int slash = resource.indexOf('/');
            if (slash < 0) {
                fault("bad resource " + Problems.quote(resource) + ": a prefix needs a length, e.g. /24");
                return;
            }
            try {
                IpPrefix prefix = IpPrefix.parse(resource);
                // IpPrefix clears host bits; in a roster they mean a typing mistake, not a network.
                if (!prefix.network().equals(IpAddress.parse(resource.substring(0, slash)))) {
                    fault("bad resource " + Problems.quote(resource) + ": " + resource.substring(0, slash)
                            + " is not the first address of a /" + prefix.length());
                } else {
                    prefixes.add(prefix);
                }
            } catch (InvalidInputException e) {
                fault("bad resource " + Problems.quote(resource) + ": " + e.getMessage());
            }
        }

        RosterEntry entry() {
            return new RosterEntry(line, requireNonNull(memberId), requireNonNull(name), requireNonNull(country),
                    sector, contacts, prefixes, asnRanges, domains);
        }

        private static String requireNonNull(@Nullable String s) {
            if (s == null) {
                throw new IllegalStateException("an entry without faults has all required fields");
            }
            return s;
        }
    }
}
