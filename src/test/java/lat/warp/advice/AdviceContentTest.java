package lat.warp.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import lat.warp.events.Taxonomy;
import org.junit.jupiter.api.Test;

/**
 * Every RSIT type of {@link Taxonomy#rsit()} has a whole guide (title and every section) in English,
 * Spanish and Portuguese, and the Spanish and Portuguese guides are written, not copied from the English.
 * Reads the bundles from the source tree; no Spring context.
 */
class AdviceContentTest {

    private static final Path I18N = Path.of("src/main/resources/i18n");

    @Test
    void everyTypeHasAWholeGuideInEveryLanguage() throws IOException {
        Map<String, Properties> bundles = Map.of("en", load(""), "es", load("_es"), "pt", load("_pt"));
        List<String> missing = new ArrayList<>();
        for (String rsitClass : Taxonomy.rsit().classes()) {
            bundles.forEach((language, bundle) -> {
                if (blank(bundle.getProperty("advice.class." + rsitClass))) {
                    missing.add(language + ": advice.class." + rsitClass);
                }
            });
        }
        List<String> sections = new ArrayList<>(AdviceGuides.SECTIONS);
        sections.add("title");
        Taxonomy.rsit().typesByClass().values().stream().flatMap(List::stream).forEach(type -> {
            for (String section : sections) {
                String key = AdviceGuides.key(type, section);
                bundles.forEach((language, bundle) -> {
                    if (blank(bundle.getProperty(key))) {
                        missing.add(language + ": " + key);
                    }
                });
            }
        });
        assertThat(missing).as("guide texts missing or blank").isEmpty();
    }

    @Test
    void theTranslatedGuidesAreNotTheEnglishText() throws IOException {
        Properties english = load("");
        for (String suffix : List.of("_es", "_pt")) {
            Properties translated = load(suffix);
            List<String> copied = new ArrayList<>();
            Taxonomy.rsit().typesByClass().values().stream().flatMap(List::stream).forEach(type -> {
                for (String section : AdviceGuides.SECTIONS) {
                    String key = AdviceGuides.key(type, section);
                    if (english.getProperty(key, "").equals(translated.getProperty(key))) {
                        copied.add(key);
                    }
                }
            });
            assertThat(copied).as("sections of advice%s.properties identical to the English", suffix).isEmpty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Properties load(String suffix) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(I18N.resolve("advice" + suffix + ".properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
