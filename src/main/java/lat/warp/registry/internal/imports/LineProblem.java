package lat.warp.registry.internal.imports;

/**
 * Something wrong at one line of an input file.
 *
 * @param line the 1-based line number; 0 when the problem concerns the file as a whole (for example an
 *     empty file)
 * @param reason what is wrong, for a person to read
 */
public record LineProblem(int line, String reason) {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
