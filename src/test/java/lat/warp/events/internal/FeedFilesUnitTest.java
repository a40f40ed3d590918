package lat.warp.events.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import lat.warp.events.UploadTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedFilesUnitTest {

    @TempDir
    Path dir;

    private static final int[] SIZES = {0, 1, 511, 4095, 4096, 4097, FeedFiles.CHUNK - 1, FeedFiles.CHUNK,
        FeedFiles.CHUNK + 1, 2 * FeedFiles.CHUNK + 12_345};

    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void aStoredFileReadsBackByteForByteWhateverItsSize(boolean direct) throws IOException {
        FeedFiles files = new FeedFiles(direct);
        Random random = new Random(7);
        for (int size : SIZES) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = dir.resolve(direct + "-" + size + ".csv");
            // Arriving in uneven pieces, as a request body does.
            assertThat(files.store(new Trickle(content), file, Long.MAX_VALUE)).isEqualTo(size);
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            try (InputStream in = files.open(file)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void sixtyFilesOfRandomSizesReadBackByteForByte() throws IOException {
        // Each store and read allocates its buffers anew, at whatever addresses: the case the chunk bug hid in.
        Random random = new Random(60);
        FeedFiles files = new FeedFiles(true);
        for (int i = 0; i < 60; i++) {
            byte[] content = new byte[random.nextInt(3 * FeedFiles.CHUNK + 50_000)];
            random.nextBytes(content);
            Path file = dir.resolve("random-" + i + ".csv");
            assertThat(files.store(new ByteArrayInputStream(content), file, Long.MAX_VALUE)).isEqualTo(content.length);
            try (InputStream in = files.open(file)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            Files.delete(file);
        }
    }

    @Test
    void everyChunkBufferIsExactlyAChunkAtAnAlignedAddress() {
        // An aligned slice of a larger allocation is a block longer whenever the allocation happens to be aligned
        // already: the writer then once counted a chunk shorter than it wrote, and the next chunk overwrote the
        // end of it (a load run's warm-up file came out 4 kB short, spliced mid-row).
        for (int alignment : new int[] {32, 512, 4096}) {
            for (int i = 0; i < 40; i++) {
                java.nio.ByteBuffer b = FeedFiles.aligned(alignment);
                assertThat(b.capacity()).isEqualTo(FeedFiles.CHUNK);
                assertThat(b.clear().remaining()).isEqualTo(FeedFiles.CHUNK);
                assertThat(b.alignmentOffset(0, alignment)).isZero();
            }
        }
    }

    @ParameterizedTest(name = "direct I/O {0}")
    @ValueSource(booleans = {true, false})
    void anUploadPastTheLimitLeavesNoFile(boolean direct) {
        Path file = dir.resolve("big.csv");
        byte[] content = new byte[FeedFiles.CHUNK + 100];
        assertThatThrownBy(() -> new FeedFiles(direct).store(new ByteArrayInputStream(content), file, FeedFiles.CHUNK))
                .isInstanceOf(UploadTooLargeException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void onAFileSystemThatTakesItTheFileIsReadDirectlyAndClosingStopsTheReadAhead() throws Exception {
        Path file = dir.resolve("direct.csv");
        byte[] content = new byte[3 * FeedFiles.CHUNK];
        new Random(1).nextBytes(content);
        FeedFiles files = new FeedFiles(true);
        files.store(new ByteArrayInputStream(content), file, Long.MAX_VALUE);
        boolean supported;
        try (var probe = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            supported = true;
        } catch (IOException | UnsupportedOperationException e) {
            supported = false;
        }
        assumeTrue(supported, "this file system refuses O_DIRECT (the page cache is used)");
        try (InputStream in = files.open(file)) {
            Integer flags = openFlags(file);
            assumeTrue(flags != null, "no /proc/self/fdinfo to check the open flags");
            assertThat(flags & O_DIRECT).isNotZero();
            byte[] start = new byte[10];
            assertThat(in.readNBytes(start, 0, 10)).isEqualTo(10);
            assertThat(start).isEqualTo(java.util.Arrays.copyOf(content, 10));
        }
        // Closed half-way: its thread is gone and the file no longer open.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("feed-read-ahead"));
        assertThat(openFlags(file)).isNull();
        // Turned off, the same file is read through the page cache.
        try (InputStream in = new FeedFiles(false).open(file)) {
            assertThat(openFlags(file) & O_DIRECT).isZero();
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    /** Linux's O_DIRECT on x86-64 and arm64 differs; both are checked as the kernel reports it for this machine. */
    private static final int O_DIRECT = "aarch64".equals(System.getProperty("os.arch")) ? 0200000 : 040000;

    /** The flags this process opened the file with (/proc/self/fdinfo), or null when it has no such file open. */
    private static Integer openFlags(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return null;
        }
        Path real = file.toRealPath();
        try (var list = Files.list(fds)) {
            for (Path fd : list.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName()))) {
                            if (line.startsWith("flags:")) {
                                return Integer.parseInt(line.substring(6).strip(), 8);
                            }
                        }
                    }
                } catch (IOException gone) {
                    // Closed meanwhile.
                }
            }
        }
        return null;
    }

    /** An input stream that hands out its bytes in pieces of changing sizes. */
    private static final class Trickle extends InputStream {
        private final byte[] content;
        private int at;
        private int step = 1;

        Trickle(byte[] content) {
            this.content = content;
        }

        @Override
        public int read() {
            return at < content.length ? content[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= content.length) {
                return -1;
            }
            step = step * 7 % 100_003 + 1;
            int n = Math.min(Math.min(len, step), content.length - at);
            System.arraycopy(content, at, b, off, n);
            at += n;
            return n;
        }
    }
}
