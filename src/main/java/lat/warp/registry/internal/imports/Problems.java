package lat.warp.registry.internal.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects {@link LineProblem}s up to a limit: a file of garbage must not turn into an unbounded list,
 * and after a thousand problems nobody reads the rest anyway.
 */
final class Problems {

    static final int LIMIT = 1_000;

    private final List<LineProblem> list = new ArrayList<>();
    private long dropped;

    void add(int line, String reason) {
        if (list.size() < LIMIT) {
            list.add(new LineProblem(line, reason));
        } else {
            dropped++;
        }
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The problems found, ending with a note of how many more were not listed. */
    List<LineProblem> toList() {
        List<LineProblem> result = new ArrayList<>(list);
        if (dropped > 0) {
            result.add(new LineProblem(0, dropped + " further problems not listed"));
        }
        return List.copyOf(result);
    }

    /** Quotes a piece of input for a message, cut short so a huge field cannot flood a log. */
    static String quote(CharSequence text) {
        String s = text.toString();
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }
}
