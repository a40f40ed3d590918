package lat.warp.events.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import lat.warp.events.UploadTooLargeException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Feed files on disk: written as they arrive, read when their job runs. Both ways with {@code O_DIRECT}
 * where the file system takes it (ADR 0020): a feed file is written once and read once, so the page cache
 * gains nothing from holding it, and filling it with a 700 MB upload cost the server more CPU than receiving
 * it (kernel time for every new page). Written in 4 MB aligned chunks by a second thread while the next
 * chunk arrives, the last one padded and the file cut back to its size; read by a read-ahead thread, since
 * nothing else reads ahead for a direct read. Where {@code O_DIRECT} is refused (some file systems) or
 * turned off ({@code warp.events.direct-io=false}), through the page cache as before.
 *
 * <p>Either way a stored file is forced to disk before {@link #store} returns: an acknowledged upload
 * survives a crash.
 */
@Component
public class FeedFiles {

    /** The unit of a direct write or read; a multiple of every file system's block size. */
    static final int CHUNK = 4 << 20;
    /** Through the page cache: how much is written before its pages are sent to the disk in the background. */
    private static final long FLUSH_EVERY = 32L << 20;

    private final boolean direct;

    FeedFiles(@Value("${warp.events.direct-io:true}") boolean direct) {
        this.direct = direct;
    }

    /**
     * Writes {@code body} to a new file and forces it to disk.
     *
     * @return the number of bytes stored
     * @throws UploadTooLargeException past {@code maxBytes}; nothing of the file is left
     */
    public long store(InputStream body, Path file, long maxBytes) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel out = direct ? openDirect(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE) : null;
        try {
            return out != null ? storeDirect(body, out, blockSize(file), maxBytes) : storeBuffered(body, file, maxBytes);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Opens a stored file for its job. */
    public InputStream open(Path file) throws IOException {
        FileChannel in = direct ? openDirect(file, StandardOpenOption.READ) : null;
        if (in == null) {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }
        try {
            return new ReadAhead(in, blockSize(file));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A channel with {@code O_DIRECT}, or null where the file system refuses it. */
    private static @Nullable FileChannel openDirect(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(List.of(options));
        boolean creating = all.contains(StandardOpenOption.CREATE_NEW);
        all.add(ExtendedOpenOption.DIRECT);
        try {
            return FileChannel.open(file, all);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            if (creating) {
                // Some file systems create the file, then refuse the flag.
                Files.deleteIfExists(file);
            }
            return null;
        }
    }

    private static int blockSize(Path file) throws IOException {
        return Math.toIntExact(Math.max(512, Files.getFileStore(file).getBlockSize()));
    }

    /**
     * A direct buffer of exactly {@link #CHUNK} bytes starting at an address aligned for direct I/O. Exactly:
     * an aligned slice of a larger allocation is sometimes a block longer, and a chunk of another length than
     * the file positions count with would overwrite the next one's first bytes.
     */
    static ByteBuffer aligned(int alignment) {
        return ByteBuffer.allocateDirect(CHUNK + alignment).alignedSlice(alignment).limit(CHUNK).slice();
    }

    private static long storeDirect(InputStream body, FileChannel out, int alignment, long maxBytes) throws IOException {
        try (out) {
            ByteBuffer[] buffers = {aligned(alignment), aligned(alignment)};
            ByteBuffer buffer = buffers[0];
            byte[] bytes = new byte[1 << 16];
            long size = 0;
            long position = 0;
            Future<?> writing = null;
            int n;
            while ((n = body.read(bytes)) >= 0) {
                size += n;
                if (size > maxBytes) {
                    await(writing);
                    throw new UploadTooLargeException(maxBytes);
                }
                for (int off = 0; off < n; ) {
                    int k = Math.min(n - off, buffer.remaining());
                    buffer.put(bytes, off, k);
                    off += k;
                    if (!buffer.hasRemaining()) {
                        // Written by another thread while the next chunk arrives into the other buffer.
                        await(writing);
                        writing = writeAsync(out, buffer.flip(), position);
                        position += buffer.limit();
                        buffer = (buffer == buffers[0] ? buffers[1] : buffers[0]).clear();
                    }
                }
            }
            await(writing);
            if (buffer.position() > 0) {
                // A direct write is whole blocks: the last one padded with zeros, then cut off.
                int padded = (buffer.position() + alignment - 1) / alignment * alignment;
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                writeFully(out, buffer.flip(), position);
                out.truncate(size);
            }
            out.force(true);
            return size;
        }
    }

    private static Future<?> writeAsync(FileChannel out, ByteBuffer buffer, long position) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            writeFully(out, buffer, position);
            return null;
        });
        Thread.ofVirtual().name("feed-upload-write").start(task);
        return task;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
    }

    private static void await(@Nullable Future<?> writing) throws IOException {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing the upload");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static long storeBuffered(InputStream body, Path file, long maxBytes) throws IOException {
        long size = 0;
        long flushedAt = 0;
        byte[] buffer = new byte[1 << 16];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Thread flushing = null;
            try {
                ByteBuffer wrap = ByteBuffer.wrap(buffer);
                int n;
                while ((n = body.read(buffer)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new UploadTooLargeException(maxBytes);
                    }
                    wrap.clear().limit(n);
                    while (wrap.hasRemaining()) {
                        out.write(wrap);
                    }
                    if (size - flushedAt >= FLUSH_EVERY && (flushing == null || !flushing.isAlive())) {
                        // Sent to the disk on another thread while the rest arrives, so that the final force
                        // waits for the last part only (forcing 735 MB at the end alone took 2 to 3 s more).
                        flushing = Thread.ofVirtual().name("feed-upload-flush").start(() -> flush(out));
                        flushedAt = size;
                    }
                }
            } finally {
                if (flushing != null) {
                    try {
                        flushing.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while storing the upload");
                    }
                }
            }
            // Durable before the job is acknowledged: a crash after the answer must not lose the file.
            out.force(true);
        }
        return size;
    }

    /** An early write-back of what has arrived; a failure here shows again in the final force, which reports it. */
    private static void flush(FileChannel out) {
        try {
            out.force(false);
        } catch (IOException ignored) {
            // See above.
        }
    }

    /**
     * A direct read of a whole file, chunk after chunk, by a thread of its own two chunks ahead of the reader.
     * Closing it stops that thread.
     */
    private static final class ReadAhead extends InputStream {
        private static final Object END = new Object();

        private final FileChannel channel;
        private final long size;
        private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(3);
        private final BlockingQueue<Object> full = new ArrayBlockingQueue<>(4);
        private final Thread reader;
        private @Nullable ByteBuffer current;
        private boolean ended;

        ReadAhead(FileChannel channel, int alignment) throws IOException {
            this.channel = channel;
            this.size = channel.size();
            for (int i = 0; i < 3; i++) {
                free.add(aligned(alignment));
            }
            reader = Thread.ofPlatform().name("feed-read-ahead").daemon().start(this::readAll);
        }

        private void readAll() {
            long position = 0;
            try {
                while (position < size) {
                    ByteBuffer b = free.take().clear();
                    // Short only at the end of the file.
                    while (b.hasRemaining() && position + b.position() < size) {
                        if (channel.read(b, position + b.position()) < 0) {
                            break;
                        }
                    }
                    position += b.flip().limit();
                    full.put(b);
                }
                full.put(END);
            } catch (InterruptedException e) {
                // Closed.
            } catch (Throwable t) {
                full.offer(t);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer c = current;
            while (c == null || !c.hasRemaining()) {
                if (ended) {
                    return -1;
                }
                if (c != null) {
                    free.add(c);
                    current = null;
                }
                Object next;
                try {
                    next = full.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a feed file");
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                if (next instanceof Throwable t) {
                    ended = true;
                    throw t instanceof IOException io ? io : new IOException(t);
                }
                c = (ByteBuffer) next;
                current = c;
            }
            int n = Math.min(len, c.remaining());
            c.get(b, off, n);
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public void close() throws IOException {
            reader.interrupt();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channel.close();
            }
        }
    }
}
