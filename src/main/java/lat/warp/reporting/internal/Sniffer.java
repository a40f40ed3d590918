package lat.warp.reporting.internal;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a file's type from its first bytes. What a client says a file is, is never believed: the
 * type shown to analysts comes from here, and every file is served as inert bytes anyway.
 */
public final class Sniffer {

    private Sniffer() {
    }

    public static String sniff(byte[] b) {
        if (starts(b, 0x25, 0x50, 0x44, 0x46, 0x2D)) {
            return "application/pdf";
        }
        if (starts(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(b, 0x47, 0x49, 0x46, 0x38)) {
            return "image/gif";
        }
        if (starts(b, 0x50, 0x4B, 0x03, 0x04) || starts(b, 0x50, 0x4B, 0x05, 0x06)) {
            return "application/zip";
        }
        if (starts(b, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(b, 0x4D, 0x5A)) {
            return "application/x-msdownload";
        }
        if (starts(b, 0x7F, 0x45, 0x4C, 0x46)) {
            return "application/x-executable";
        }
        if (starts(b, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            return "application/x-ole-storage";
        }
        if (starts(b, 0x52, 0x61, 0x72, 0x21)) {
            return "application/vnd.rar";
        }
        if (starts(b, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C)) {
            return "application/x-7z-compressed";
        }
        if (b.length > 262 && new String(b, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
            return "application/x-tar";
        }
        if (isText(b)) {
            String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8).stripLeading()
                    .toLowerCase(java.util.Locale.ROOT);
            if (head.startsWith("<?xml")) {
                return "application/xml";
            }
            if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
                return "text/html";
            }
            if (head.startsWith("{") || head.startsWith("[")) {
                return "application/json";
            }
            return "text/plain";
        }
        return "application/octet-stream";
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** No NUL and almost only printable bytes in the first kilobytes (UTF-8 multibyte counts as text). */
    private static boolean isText(byte[] b) {
        if (b.length == 0) {
            return true;
        }
        int n = Math.min(b.length, 4096);
        int odd = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) {
                return false;
            }
            if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F) {
                odd++;
            }
        }
        return odd * 100 / n < 2;
    }
}
