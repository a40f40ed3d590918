package lat.warp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server that accepts every message and counts it (and its bytes), keeping nothing: the
 * far end of the digest load run, so that the run measures WARP and not a mail store.
 */
final class CountingSmtpSink implements AutoCloseable {

    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    private final ServerSocket server;

    CountingSmtpSink() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("smtp-sink").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1), 1 << 16); OutputStream out = socket.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 SIZE 104857600");
                    case "HELO" -> reply(out, "250 sink");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        long size = 0;
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            size += data.length() + 2;
                        }
                        bytes.addAndGet(size);
                        messages.incrementAndGet();
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
