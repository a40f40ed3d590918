package lat.warp.events;

/**
 * What an event is, in the RSIT taxonomy: a class ({@code taxonomy}, e.g. {@code vulnerable}) and a type
 * within it ({@code vulnerable-system}). Obtain one from {@link Taxonomy#normalise}, which is the one place
 * that knows which pairs are valid and how older names map onto them.
 *
 * @param taxonomy the RSIT class, IntelMQ's {@code classification.taxonomy}
 * @param type the RSIT type, IntelMQ's {@code classification.type}
 */
public record Classification(String taxonomy, String type) {

    @Override
    public String toString() {
        return taxonomy + "/" + type;
    }
}
