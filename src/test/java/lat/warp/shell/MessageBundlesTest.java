package lat.warp.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lat.warp.identity.Language;
import lat.warp.identity.LoginOutcome;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Role;
import org.junit.jupiter.api.Test;

/**
 * The message bundles of src/main/resources/i18n: the Spanish and Portuguese bundles of every family have
 * exactly the English keys with the same placeholders, and every key the templates and the code ask for
 * exists. Reads the source tree (Maven runs tests from the project root); no Spring context.
 */
class MessageBundlesTest {

    private static final Path I18N = Path.of("src/main/resources/i18n");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path JAVA = Path.of("src/main/java");
    private static final List<String> TRANSLATIONS = List.of("es", "pt");

    /** A bundle file name: family, then an optional locale suffix such as _es or _pt_BR. */
    private static final Pattern BUNDLE_FILE = Pattern.compile("(.+?)(_[a-z]{2}(?:_[A-Z]{2})?)?\\.properties");
    /** A MessageFormat argument: {0}, {1,number}, {2,date,short}... */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\s*(\\d+)\\s*(?:,[^}]*)?}");
    /** A literal key in a Thymeleaf message expression: #{some.key} or #{some.key(...)}; not #{'a.' + ${b}} nor #{${b}}. */
    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{\\s*([A-Za-z][\\w.-]*)\\s*[}(]");
    /** The field of new InvalidInputException("field", ...), also when fully qualified. */
    private static final Pattern INVALID_FIELD = Pattern.compile(
            "new\\s+(?:[\\w.]+\\.)?InvalidInputException\\s*\\(\\s*\"([^\"]+)\"");
    /** The five services of the web shell; each has a name and a summary. */
    private static final List<String> SERVICES = List.of("reporting", "brokering", "warnings", "advice", "statistics");
    /** Share of keys whose translation may equal the English text (brand words, acronyms). */
    private static final double MAX_UNTRANSLATED_SHARE = 0.15;

    // (a) -----------------------------------------------------------------------------------------------

    @Test
    void everyFamilyHasTheEnglishDefaultAndBothTranslations() throws IOException {
        Map<String, Set<String>> families = families();
        assertThat(families).as("bundle families in %s", I18N).containsKey("messages");
        families.forEach((family, locales) -> assertThat(locales)
                .as("bundles of family %s", family)
                .containsExactlyInAnyOrder("", "es", "pt"));
    }

    @Test
    void translationsHaveExactlyTheEnglishKeys() throws IOException {
        for (String family : families().keySet()) {
            Set<String> english = load(family, "").stringPropertyNames();
            for (String language : TRANSLATIONS) {
                Set<String> translated = load(family, language).stringPropertyNames();
                assertThat(minus(english, translated))
                        .as("keys of %s.properties missing from %s_%s.properties", family, family, language)
                        .isEmpty();
                assertThat(minus(translated, english))
                        .as("keys of %s_%s.properties that %s.properties does not have", family, language, family)
                        .isEmpty();
            }
        }
    }

    // (b) -----------------------------------------------------------------------------------------------

    @Test
    void placeholdersMatchAcrossLanguages() throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (String family : families().keySet()) {
            Properties english = load(family, "");
            for (String language : TRANSLATIONS) {
                Properties translated = load(family, language);
                for (String key : english.stringPropertyNames()) {
                    String value = translated.getProperty(key);
                    if (value == null) {
                        continue; // reported by translationsHaveExactlyTheEnglishKeys
                    }
                    Set<String> expected = placeholders(english.getProperty(key));
                    Set<String> actual = placeholders(value);
                    if (!expected.equals(actual)) {
                        mismatches.add(family + "_" + language + ": " + key + " has " + actual + ", English has " + expected);
                    }
                }
            }
        }
        assertThat(mismatches).as("placeholders that differ from the English bundle").isEmpty();
    }

    /**
     * Messages with arguments go through MessageFormat, where a lone ' starts a quoted section (and
     * swallows the placeholders after it); an apostrophe there must be written ''.
     */
    @Test
    void messagesWithArgumentsDoubleTheirApostrophes() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String family : families().keySet()) {
            for (String language : List.of("", "es", "pt")) {
                Properties bundle = load(family, language);
                for (String key : bundle.stringPropertyNames()) {
                    String value = bundle.getProperty(key);
                    if (!placeholders(value).isEmpty() && value.replace("''", "").contains("'")) {
                        wrong.add(fileName(family, language) + ": " + key);
                    }
                }
            }
        }
        assertThat(wrong).as("messages with {n} arguments and a single ' (write '' instead)").isEmpty();
    }

    // (c) -----------------------------------------------------------------------------------------------

    @Test
    void everyKeyTheTemplatesNameExists() throws IOException {
        // Every family is on spring.messages.basename, so a template may use a key of any of them.
        Properties english = new Properties();
        for (String family : families().keySet()) {
            english.putAll(load(family, ""));
        }
        Map<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = TEMPLATE_KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    used.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(TEMPLATES.relativize(file).toString());
                }
            }
        }
        assertThat(used).as("message keys found in the templates").isNotEmpty();
        Map<String, Set<String>> missing = new TreeMap<>(used);
        missing.keySet().removeIf(english::containsKey);
        assertThat(missing).as("keys used in templates but missing from every English bundle").isEmpty();
    }

    // (d) -----------------------------------------------------------------------------------------------

    @Test
    void everyDynamicallyBuiltKeyExistsInAllThreeLanguages() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (Role role : Role.values()) {
            keys.add("role." + role.name());
        }
        for (OrganisationKind kind : OrganisationKind.values()) {
            keys.add("kind." + kind.name());
        }
        for (LoginOutcome.Reason reason : LoginOutcome.Reason.values()) {
            keys.add("login.error." + reason.name());
        }
        for (String code : List.of("es", "pt", "en")) {
            keys.add("language." + code);
        }
        for (Language language : Language.values()) {
            keys.add("language." + language.code());
        }
        for (String service : SERVICES) {
            keys.add("service." + service + ".name");
            keys.add("service." + service + ".summary");
        }
        for (ShellPagesController.Service service : ShellPagesController.Service.values()) {
            keys.add("service." + service.name() + ".name");
            keys.add("service." + service.name() + ".summary");
        }
        Set<String> fields = invalidInputFields();
        assertThat(fields).as("fields of new InvalidInputException(...) under %s", JAVA).isNotEmpty();
        for (String field : fields) {
            keys.add("invalid." + field);
        }

        List<String> missing = new ArrayList<>();
        for (String language : List.of("", "es", "pt")) {
            Properties bundle = load("messages", language);
            for (String key : keys) {
                if (!bundle.containsKey(key)) {
                    missing.add(fileName("messages", language) + ": " + key);
                }
            }
        }
        assertThat(missing).as("dynamically built keys missing from a bundle").isEmpty();
    }

    // (e) -----------------------------------------------------------------------------------------------

    @Test
    void bundlesAreValidUtf8() throws IOException {
        for (Path file : bundleFiles()) {
            byte[] bytes = Files.readAllBytes(file);
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new AssertionError(file + " is not valid UTF-8", e);
            }
            assertThat(bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF)
                    .as("%s starts with a byte order mark", file)
                    .isFalse();
        }
    }

    @Test
    void translationsAreNotMostlyCopiesOfTheEnglish() throws IOException {
        for (String family : families().keySet()) {
            Properties english = load(family, "");
            for (String language : TRANSLATIONS) {
                Properties translated = load(family, language);
                List<String> same = english.stringPropertyNames().stream()
                        .filter(key -> english.getProperty(key).equals(translated.getProperty(key)))
                        .sorted()
                        .toList();
                double share = english.isEmpty() ? 0 : (double) same.size() / english.size();
                assertThat(share)
                        .as("share of %s_%s.properties identical to the English (%s)", family, language, same)
                        .isLessThanOrEqualTo(MAX_UNTRANSLATED_SHARE);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------

    /** Family name to the locale suffixes present ("" for the English default). */
    private static Map<String, Set<String>> families() throws IOException {
        Map<String, Set<String>> families = new TreeMap<>();
        for (Path file : bundleFiles()) {
            Matcher m = BUNDLE_FILE.matcher(file.getFileName().toString());
            assertThat(m.matches()).as("bundle file name %s", file).isTrue();
            String suffix = m.group(2) == null ? "" : m.group(2).substring(1);
            families.computeIfAbsent(m.group(1), f -> new TreeSet<>()).add(suffix);
        }
        return families;
    }

    private static List<Path> bundleFiles() throws IOException {
        assertThat(I18N).as("run from the project root").isDirectory();
        try (Stream<Path> files = Files.list(I18N)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
    }

    private static String fileName(String family, String language) {
        return family + (language.isEmpty() ? "" : "_" + language) + ".properties";
    }

    /** Loads a bundle as Spring does with spring.messages.encoding UTF-8. */
    private static Properties load(String family, String language) throws IOException {
        Path file = I18N.resolve(fileName(family, language));
        assertThat(file).as("bundle %s", file).isRegularFile();
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return properties;
    }

    private static Set<String> placeholders(String message) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(message);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Set<String> invalidInputFields() throws IOException {
        Set<String> fields = new TreeSet<>();
        try (Stream<Path> files = Files.walk(JAVA)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = INVALID_FIELD.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    fields.add(m.group(1));
                }
            }
        }
        return fields;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> difference = new TreeSet<>(a);
        difference.removeAll(b);
        return difference;
    }
}
