package lat.warp.events.internal.parsers;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Opens a feed file: gzip is unpacked when the first bytes say so. The {@link CsvReader} decodes strict
 * UTF-8: bytes that are not UTF-8 stop the reading with a {@link CharacterCodingException} instead of
 * turning silently into replacement characters.
 */
final class TextInput {

    private TextInput() {
    }

    static InputStream open(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /**
     * The message for a file-level read problem that is the content's fault (not UTF-8, a broken gzip
     * stream), or null for a real I/O failure that the caller should see as an exception.
     */
    static @Nullable String contentProblem(IOException e, long line) {
        if (e instanceof CharacterCodingException) {
            return "The file is not UTF-8 text (an invalid byte sequence near line " + line
                    + "). Save or export it as UTF-8 and send it again; it may be in Latin-1 / Windows-1252.";
        }
        if (e instanceof EOFException) {
            return "The compressed file ends early near line " + line + ": it is truncated. Send it again.";
        }
        if (e instanceof ZipException) {
            return "The compressed file is corrupt near line " + line + ": " + e.getMessage() + ".";
        }
        return null;
    }
}
