package lat.warp.registry;

/**
 * Parses literal IPv4 and IPv6 addresses inside a larger string without regular expressions or DNS:
 * the route tables hold 600,000 of them and feeds millions, and {@code IpAddress.parse} is built for
 * single form inputs. The one fast address reader: registry imports and feed parsers both call it.
 * The accepted syntax matches {@code IpAddress.parse}: dotted quads without leading zeros, and RFC 4291
 * text forms of IPv6 (with "::" and an optional dotted-quad tail), no zone index.
 */
public final class AddressText {

    /** Returned by {@link #parseIpv4} for text that is not an address. */
    public static final long INVALID = -1;

    private AddressText() {
    }

    /** The IPv4 address in {@code text[from, to)} as an unsigned 32-bit number, or {@link #INVALID}. */
    public static long parseIpv4(CharSequence text, int from, int to) {
        long address = 0;
        int octets = 0;
        int i = from;
        while (octets < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return INVALID;
            }
            address = (address << 8) | value;
            octets++;
            if (octets < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return INVALID;
                }
                i++;
            }
        }
        return i == to ? address : INVALID;
    }

    /**
     * Parses the IPv6 address in {@code text[from, to)} into {@code out[0]} (upper 64 bits) and
     * {@code out[1]} (lower 64 bits).
     *
     * @return whether the text was an IPv6 address
     */
    public static boolean parseIpv6(CharSequence text, int from, int to, long[] out) {
        if (to - from < 2 || to - from > 45) {
            return false;
        }
        int[] groups = new int[8];
        int count = 0;
        int compressedAt = -1;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return false;
            }
            compressedAt = 0;
            i += 2;
        }
        while (i < to) {
            if (count == 8) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < to && hexDigit(text.charAt(i)) >= 0) {
                value = (value << 4) | hexDigit(text.charAt(i));
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                long v4 = parseIpv4(text, start, to);
                if (v4 == INVALID || count > 6) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return false;
                }
                compressedAt = count;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        if (compressedAt < 0 ? count != 8 : count > 7) {
            return false;
        }
        int[] full = new int[8];
        if (compressedAt < 0) {
            full = groups;
        } else {
            System.arraycopy(groups, 0, full, 0, compressedAt);
            int tail = count - compressedAt;
            System.arraycopy(groups, compressedAt, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** The non-negative decimal number in {@code text[from, to)} up to {@code max}, or -1. */
    public static long parseUnsigned(CharSequence text, int from, int to, long max) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    /** Whether an IPv6 address has bits set beyond the first {@code length} bits. */
    public static boolean hasHostBits(long hi, long lo, int length) {
        if (length >= 128) {
            return false;
        }
        if (length > 64) {
            return (lo & (-1L >>> (length - 64))) != 0;
        }
        return lo != 0 || (length < 64 && (hi & (-1L >>> length)) != 0);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
