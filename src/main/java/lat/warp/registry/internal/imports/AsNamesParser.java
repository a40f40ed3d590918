package lat.warp.registry.internal.imports;

import lat.warp.registry.AddressText;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads pyasn's {@code asnames.json} (plain or gzip): one JSON object from AS number to
 * {@code "NAME - description, CC"}, e.g. {@code "19373": "Triara.com, S.A. de C.V., MX"}. It is read with
 * Jackson's token stream, one entry at a time, so the 77,000 names never sit in a tree.
 *
 * <p>The country is the trailing {@code ", CC"} when CC is two capital letters other than {@code ZZ}
 * (which the file uses for "unknown"); the name is the text before it, and may be empty where the source
 * has nothing but a country.
 */
public final class AsNamesParser {

    private static final long MAX_ASN = 0xFFFF_FFFFL;
    private static final String UNKNOWN_COUNTRY = "ZZ";

    private static final JsonFactory JSON = JsonFactory.builder()
            // The caller opened the stream and closes it.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    /** Receives each well-formed entry. */
    @FunctionalInterface
    public interface AsNameSink {
        void asName(long asn, String name, @Nullable String country);
    }

    /**
     * What a parse found.
     *
     * @param entries the number of entries handed to the sink
     * @param problems everything wrong with the file; line numbers are those of the JSON text (the
     *     published file is a single line, so the reason also names the column)
     */
    public record Result(int entries, List<LineProblem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean acceptable() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads the whole file.
     *
     * @param in the JSON, plain or gzip; not closed here
     * @throws IOException only when reading fails; truncated or malformed data is reported as a problem
     */
    public Result parse(InputStream in, AsNameSink sink) throws IOException {
        Problems problems = new Problems();
        int entries = 0;
        TokenStreamLocation last = null;
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), Compression.decompressIfGzip(in))) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                problems.add(1, "expected a JSON object from AS number to name");
                return new Result(0, problems.toList());
            }
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.PROPERTY_NAME) {
                String key = json.currentName();
                last = json.currentTokenLocation();
                long asn = AddressText.parseUnsigned(key, 0, key.length(), MAX_ASN);
                JsonToken value = json.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    problems.add(last.getLineNr(),
                            at(last) + "the name of " + Problems.quote(key) + " is not a string");
                    json.skipChildren();
                } else if (asn < 0) {
                    problems.add(last.getLineNr(), at(last) + Problems.quote(key) + " is not an AS number");
                } else {
                    deliver(asn, json.getString(), sink);
                    entries++;
                }
            }
            if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
                TokenStreamLocation where = json.currentTokenLocation();
                problems.add(where.getLineNr(), at(where) + "unexpected content after the entries");
            }
        } catch (JacksonIOException e) {
            if (e.getCause() instanceof EOFException || e.getCause() instanceof ZipException) {
                int line = last == null ? 1 : last.getLineNr();
                problems.add(line, "the compressed data ends early or is corrupt: the file is truncated");
            } else {
                throw e.getCause();
            }
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            int line = where == null ? 0 : where.getLineNr();
            problems.add(line, (where == null ? "" : at(where)) + "not valid JSON: " + e.getOriginalMessage());
        }
        return new Result(entries, problems.toList());
    }

    private static void deliver(long asn, String text, AsNameSink sink) {
        int n = text.length();
        if (n >= 4 && text.charAt(n - 4) == ',' && text.charAt(n - 3) == ' ' && isCapital(text.charAt(n - 2))
                && isCapital(text.charAt(n - 1))) {
            String country = text.substring(n - 2);
            sink.asName(asn, text.substring(0, n - 4).strip(), country.equals(UNKNOWN_COUNTRY) ? null : country);
        } else {
            sink.asName(asn, text.strip(), null);
        }
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static String at(TokenStreamLocation location) {
        return "column " + location.getColumnNr() + ": ";
    }
}
