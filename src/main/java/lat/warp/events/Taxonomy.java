package lat.warp.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lat.warp.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that maps classification names. It knows the RSIT classes and types (loaded from
 * {@code events/rsit-machinetag.json}, RSIT version 1003: 11 classes, 39 types), four types that IntelMQ
 * adds under {@code other} ({@code blocklist}, {@code dga-domain}, {@code proxy}, {@code tor}), and the
 * older names that feeds still use: the eCSIRT.net taxonomy's types ({@code malware}, {@code botnet-drone},
 * {@code c&c}, {@code vulnerable-service}, {@code blacklist}, {@code unknown}, …) and IntelMQ's pre-3.0
 * spellings ({@code botnet drone}, {@code infected system}, {@code c2server}, {@code vulnerable service},
 * {@code leak}, …). Every event carries a classification this class produced.
 */
public final class Taxonomy {

    /** The resource the RSIT classes and types are read from. */
    public static final String RESOURCE = "/events/rsit-machinetag.json";

    /** IntelMQ's extensions of RSIT's {@code other} class. */
    private static final List<String> INTELMQ_OTHER_TYPES = List.of("blocklist", "dga-domain", "proxy", "tor");

    private final int version;
    private final Map<String, List<String>> typesByClass;
    private final Map<String, Classification> canonical = new HashMap<>();
    private final Map<String, Classification> legacy = new HashMap<>();
    private final Map<String, String> classAliases = new HashMap<>();
    private final Set<Classification> valid = new HashSet<>();

    private Taxonomy(int version, Map<String, List<String>> typesByClass) {
        this.version = version;
        Map<String, List<String>> withExtensions = new LinkedHashMap<>();
        typesByClass.forEach((c, types) -> {
            List<String> all = new ArrayList<>(types);
            if (c.equals("other")) {
                all.addAll(INTELMQ_OTHER_TYPES);
            }
            withExtensions.put(c, List.copyOf(all));
        });
        this.typesByClass = Collections.unmodifiableMap(withExtensions);
        withExtensions.forEach((c, types) -> {
            for (String type : types) {
                Classification classification = new Classification(c, type);
                if (canonical.put(type, classification) != null) {
                    throw new IllegalStateException("RSIT type '" + type + "' appears in two classes");
                }
                valid.add(classification);
            }
        });
        defineLegacyNames();
    }

    /** The taxonomy of the bundled RSIT file, loaded once. */
    public static Taxonomy rsit() {
        return Holder.RSIT;
    }

    private static final class Holder {
        static final Taxonomy RSIT = load();
    }

    private static Taxonomy load() {
        try (InputStream in = Taxonomy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = JsonMapper.builder().build().readTree(in);
            Map<String, List<String>> types = new LinkedHashMap<>();
            for (JsonNode predicate : root.get("predicates")) {
                types.put(predicate.get("value").asString(), new ArrayList<>());
            }
            for (JsonNode values : root.get("values")) {
                List<String> list = types.get(values.get("predicate").asString());
                if (list == null) {
                    throw new IllegalStateException("values for an unknown RSIT class " + values.get("predicate"));
                }
                for (JsonNode entry : values.get("entry")) {
                    list.add(entry.get("value").asString());
                }
            }
            return new Taxonomy(root.get("version").asInt(), types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void defineLegacyNames() {
        // eCSIRT.net (RSIT's ancestor) and IntelMQ before 3.0: malware kinds are infected systems.
        legacy("infected-system", "malware", "botnet-drone", "infected", "virus", "worm", "trojan", "spyware",
                "dialer", "rootkit", "ransomware", "drone");
        legacy("c2-server", "c&c", "c2server", "c2", "cnc", "c-and-c", "command-and-control");
        legacy("malware-distribution", "malware-url", "malware-hosting");
        legacy("scanner", "scanning", "scan");
        legacy("brute-force", "bruteforce", "login-attempts");
        legacy("ids-alert", "exploitation-of-known-vulnerabilities");
        // eCSIRT's intrusion types and IntelMQ's extensions of them.
        legacy("system-compromise", "compromised", "compromised-system", "backdoor", "bot", "unauthorized-login",
                "unauthorised-login", "unauthorized-command", "unauthorised-command");
        legacy("unauthorised-information-modification", "defacement", "unauthorized-information-modification");
        legacy("unauthorised-information-access", "unauthorized-information-access");
        legacy("data-leak", "leak", "leaked-data");
        legacy("unauthorised-use-of-resources", "unauthorized-use-of-resources");
        legacy("vulnerable-system", "vulnerable-service", "vulnerable-client", "vulnerable", "vulnerability");
        legacy("ddos-amplifier", "amplifier", "open-amplifier");
        legacy("blocklist", "blacklist", "blacklisted", "blocklisted", "block-list", "black-list");
        legacy("undetermined", "unknown");
        legacy("dga-domain", "dga");
        legacy("harmful-speech", "harmful-content");
        // eCSIRT's "dropzone" (a place where stolen data is left) has no RSIT type of its own.
        legacy("other", "dropzone", "uncategorised", "uncategorized");

        classAliases.put("abusive-content", "abusive-content");
        classAliases.put("malicious-code", "malicious-code");
        classAliases.put("malware", "malicious-code");
        classAliases.put("information-gathering", "information-gathering");
        classAliases.put("intrusion-attempts", "intrusion-attempts");
        classAliases.put("intrusions", "intrusions");
        classAliases.put("intrusion", "intrusions");
        classAliases.put("availability", "availability");
        classAliases.put("information-content-security", "information-content-security");
        classAliases.put("fraud", "fraud");
        classAliases.put("vulnerable", "vulnerable");
        classAliases.put("vulnerability", "vulnerable");
        classAliases.put("other", "other");
        classAliases.put("test", "test");
        for (String c : typesByClass.keySet()) {
            classAliases.put(c, c);
        }
        for (String alias : List.copyOf(classAliases.keySet())) {
            if (!typesByClass.containsKey(classAliases.get(alias))) {
                throw new IllegalStateException("class alias " + alias + " names no RSIT class");
            }
        }
    }

    private void legacy(String type, String... names) {
        Classification target = canonical.get(type);
        if (target == null) {
            throw new IllegalStateException("legacy names point at a type RSIT does not have: " + type);
        }
        for (String name : names) {
            if (!canonical.containsKey(name)) {
                legacy.put(name, target);
            }
        }
    }

    /** RSIT's version number of the loaded file (1003). */
    public int version() {
        return version;
    }

    /** The classes in RSIT's order. */
    public List<String> classes() {
        return List.copyOf(typesByClass.keySet());
    }

    /** The types of each class, RSIT's and IntelMQ's extensions of {@code other}. */
    public Map<String, List<String>> typesByClass() {
        return typesByClass;
    }

    /** Whether a classification is one of the valid (class, type) pairs, exactly as written. */
    public boolean isValid(Classification classification) {
        return valid.contains(classification);
    }

    /**
     * Maps a taxonomy and type as a feed writes them onto a valid RSIT pair. Case, surrounding blanks,
     * spaces and underscores do not matter ({@code "Vulnerable Service"} is {@code vulnerable-service}).
     * The type decides: a current RSIT type must sit in the class given (when one is given); an older name
     * is mapped whatever class the feed put it in, because the old taxonomies filed some types elsewhere
     * ({@code malware} under {@code other}, {@code defacement} under {@code intrusions}).
     *
     * @param taxonomy the class the feed gives, or null/blank when it gives none
     * @param type the type the feed gives
     * @throws InvalidInputException naming the field ({@code classification.type} or
     *     {@code classification.taxonomy}) with a message that lists what is accepted
     */
    public Classification normalise(@Nullable String taxonomy, @Nullable String type) {
        String typeKey = key(type);
        if (typeKey.isEmpty()) {
            throw new InvalidInputException("classification.type", "The classification type is missing.");
        }
        Classification found = canonical.get(typeKey);
        boolean current = found != null;
        if (found == null) {
            found = legacy.get(typeKey);
        }
        if (found == null) {
            throw new InvalidInputException("classification.type", "Unknown classification type '" + shorten(type)
                    + "'. Known types: " + String.join(", ", canonical.keySet().stream().sorted().toList()) + ".");
        }
        String classKey = key(taxonomy);
        if (!classKey.isEmpty()) {
            String resolved = classAliases.get(classKey);
            if (resolved == null) {
                throw new InvalidInputException("classification.taxonomy", "Unknown classification taxonomy '"
                        + shorten(taxonomy) + "'. RSIT classes: " + String.join(", ", typesByClass.keySet()) + ".");
            }
            if (current && !resolved.equals(found.taxonomy())) {
                throw new InvalidInputException("classification.type", "The type '" + found.type()
                        + "' belongs to the class '" + found.taxonomy() + "', not '" + resolved + "'.");
            }
        }
        return found;
    }

    /** Like {@link #normalise} but null instead of a refusal. */
    public @Nullable Classification normaliseOrNull(@Nullable String taxonomy, @Nullable String type) {
        try {
            return normalise(taxonomy, type);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static String key(@Nullable String name) {
        if (name == null) {
            return "";
        }
        String s = name.strip().toLowerCase(Locale.ROOT);
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '_') {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '-');
            }
        }
        return b == null ? s : b.toString();
    }

    private static String shorten(@Nullable String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
