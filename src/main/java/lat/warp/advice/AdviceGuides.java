package lat.warp.advice;

import java.util.List;
import java.util.Map;
import lat.warp.events.Classification;
import lat.warp.events.Taxonomy;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The remediation guides: one for every RSIT type of {@link Taxonomy#rsit()}, with its text in the
 * {@code i18n/advice} bundles under {@code advice.type.<type>.<section>}.
 */
@Component
public class AdviceGuides {

    /** The sections of every guide, in the order a page shows them. */
    public static final List<String> SECTIONS = List.of("what", "confirm", "act", "prevent", "help");

    private final Taxonomy taxonomy = Taxonomy.rsit();

    /** The RSIT classes in RSIT's order, each with the types that have a guide. */
    public Map<String, List<String>> guidesByClass() {
        return taxonomy.typesByClass();
    }

    /**
     * The canonical RSIT type a name stands for (the type itself, or the type an older name maps to),
     * or null when the taxonomy does not know it.
     */
    public @Nullable Classification resolve(String name) {
        return taxonomy.normaliseOrNull(null, name);
    }

    /** The message key of one section of a type's guide, or of its title ({@code section = "title"}). */
    public static String key(String type, String section) {
        return "advice.type." + type + "." + section;
    }

    /** The address of a type's guide, relative to the WARP's base address. */
    public static String path(String type) {
        return "/advice/" + type;
    }
}
