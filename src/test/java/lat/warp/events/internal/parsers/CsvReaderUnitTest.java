package lat.warp.events.internal.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvReaderUnitTest {

    /** A record as the reader reports it: its line, its text, whether the input ended inside its quotes. */
    private record Record(long line, String raw, boolean unterminated) {
    }

    /**
     * The rule written plainly, one character at a time: a line break ends a record unless an odd number of
     * quotes comes before it in the record; a CR before the break is not part of the record.
     */
    private static List<Record> reference(String text) {
        List<Record> records = new ArrayList<>();
        int start = 0;
        long line = 1;
        while (start < text.length()) {
            boolean inQuotes = false;
            long breaks = 0;
            int i = start;
            while (i < text.length() && (text.charAt(i) != '\n' || inQuotes)) {
                if (text.charAt(i) == '"') {
                    inQuotes = !inQuotes;
                } else if (text.charAt(i) == '\n') {
                    breaks++;
                }
                i++;
            }
            int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
            records.add(new Record(line, text.substring(start, end), inQuotes));
            line += 1 + breaks;
            start = i + 1;
        }
        return records;
    }

    private static List<Record> read(String text) throws IOException {
        CsvReader csv = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ',', 1 << 20);
        List<Record> records = new ArrayList<>();
        while (csv.next()) {
            records.add(new Record(csv.line(), csv.raw(), csv.unterminated()));
        }
        return records;
    }

    @Test
    void recordsEndAtLineBreaksOutsideQuotesAcrossTheReadersBufferBoundaries() throws IOException {
        Random random = new Random(11);
        String[] pieces = {"a", "bc", ",", "\"", "\"\"", "\n", "\r\n", "ñ", "x,y", "\"q,\nr\""};
        for (int round = 0; round < 20; round++) {
            // Over 64 K characters, so that records straddle the reader's buffer, with long quoted runs now and then.
            StringBuilder text = new StringBuilder();
            while (text.length() < 150_000) {
                if (random.nextInt(500) == 0) {
                    text.append('"').append("z\n".repeat(random.nextInt(40_000))).append('"');
                } else {
                    text.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            if (round % 2 == 0) {
                text.append('\n');
            }
            assertThat(read(text.toString())).isEqualTo(reference(text.toString()));
        }
    }

    @Test
    void aFileEndingInsideQuotesEndsWithAnUnterminatedRecord() throws IOException {
        assertThat(read("a,b\n\"c,d\ne")).containsExactly(new Record(1, "a,b", false), new Record(2, "\"c,d\ne", true));
        assertThat(read("x\r\n\"y\"\"\",z\r\n")).containsExactly(new Record(1, "x", false), new Record(2, "\"y\"\"\",z", false));
    }
}
