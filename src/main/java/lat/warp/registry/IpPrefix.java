package lat.warp.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import lat.warp.shared.InvalidInputException;

/**
 * An IPv4 or IPv6 network prefix, held as two longs so that it costs no allocation to compare.
 * IPv4 addresses sit in the low 32 bits of {@code lo} with {@code hi} zero. Host bits are always zero.
 *
 * @param v6 an IPv6 prefix
 * @param hi the upper 64 bits of an IPv6 address (0 for IPv4)
 * @param lo the lower 64 bits of an IPv6 address, or the IPv4 address as an unsigned 32-bit number
 * @param length the prefix length: 0–32 for IPv4, 0–128 for IPv6
 */
public record IpPrefix(boolean v6, long hi, long lo, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        if (length < 0 || length > (v6 ? 128 : 32)) {
            throw new IllegalArgumentException("prefix length " + length + " out of range");
        }
        if (!v6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        // Host bits are cleared so that equal networks are equal records.
        if (v6) {
            hi = length == 0 ? 0 : length >= 64 ? hi : hi & (-1L << (64 - length));
            lo = length <= 64 ? 0 : length == 128 ? lo : lo & (-1L << (128 - length));
        } else {
            lo = length == 0 ? 0 : lo & ((0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL);
        }
    }

    public static IpPrefix v4(long address, int length) {
        return new IpPrefix(false, 0, address & 0xFFFF_FFFFL, length);
    }

    public static IpPrefix v6(long hi, long lo, int length) {
        return new IpPrefix(true, hi, lo, length);
    }

    /** Parses {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a host prefix. */
    public static IpPrefix parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        IpAddress parsed = IpAddress.parse(address);
        int max = parsed.v6() ? 128 : 32;
        int length = max;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("prefix", "Not a prefix length: '" + s.substring(slash + 1) + "'.");
            }
            if (length < 0 || length > max) {
                throw new InvalidInputException("prefix", "A prefix length must be between 0 and " + max + ".");
            }
        }
        return new IpPrefix(parsed.v6(), parsed.hi(), parsed.lo(), length);
    }

    /** The first address of the prefix. */
    public IpAddress network() {
        return new IpAddress(v6, hi, lo);
    }

    /** The last address of the prefix. */
    public IpAddress last() {
        if (v6) {
            long hiHost = length >= 64 ? 0 : (length == 0 ? -1L : -1L >>> length);
            long loHost = length >= 128 ? 0 : (length <= 64 ? -1L : -1L >>> (length - 64));
            return new IpAddress(true, hi | hiHost, lo | loHost);
        }
        long host = length == 32 ? 0 : (0xFFFF_FFFFL >>> length);
        return new IpAddress(false, 0, lo | host);
    }

    public boolean contains(IpAddress address) {
        if (address.v6() != v6) {
            return false;
        }
        return new IpPrefix(v6, address.hi(), address.lo(), length).equals(this);
    }

    @Override
    public int compareTo(IpPrefix o) {
        int c = Boolean.compare(v6, o.v6);
        if (c == 0) {
            c = Long.compareUnsigned(hi, o.hi);
        }
        if (c == 0) {
            c = Long.compareUnsigned(lo, o.lo);
        }
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return network() + "/" + length;
    }

    /** An IPv4 or IPv6 address in the same two-long form. */
    public record IpAddress(boolean v6, long hi, long lo) implements Comparable<IpAddress> {

        /**
         * Parses a literal address (never a host name: no DNS lookup happens). Refuses anything else
         * with an {@link InvalidInputException} naming the field {@code ip}.
         */
        public static IpAddress parse(String text) {
            String s = text == null ? "" : text.strip();
            if (s.isEmpty() || s.length() > 45 || !s.matches("[0-9A-Fa-f:.]+")
                    || (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
                throw new InvalidInputException("ip", "Not an IP address: '" + abbreviate(s) + "'.");
            }
            if (s.indexOf(':') < 0) {
                // Parsed here, not by InetAddress: an out-of-range octet must never turn into a DNS lookup.
                long v = 0;
                for (String octet : s.split("\\.")) {
                    int n = Integer.parseInt(octet);
                    if (n > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                        throw new InvalidInputException("ip", "Not an IP address: '" + abbreviate(s) + "'.");
                    }
                    v = (v << 8) | n;
                }
                return new IpAddress(false, 0, v);
            }
            byte[] bytes;
            try {
                // With a colon the JDK parses an IPv6 literal or refuses; it never asks DNS.
                bytes = InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                throw new InvalidInputException("ip", "Not an IP address: '" + abbreviate(s) + "'.");
            }
            if (bytes.length == 4) {
                // ::ffff:a.b.c.d is an IPv4-mapped address; the JDK hands it back as IPv4.
                return new IpAddress(false, 0, toLong(bytes, 0, 4));
            }
            return new IpAddress(true, toLong(bytes, 0, 8), toLong(bytes, 8, 8));
        }

        public static IpAddress v4(long address) {
            return new IpAddress(false, 0, address & 0xFFFF_FFFFL);
        }

        public byte[] bytes() {
            byte[] b = new byte[v6 ? 16 : 4];
            if (v6) {
                put(b, 0, hi, 8);
                put(b, 8, lo, 8);
            } else {
                put(b, 0, lo, 4);
            }
            return b;
        }

        @Override
        public int compareTo(IpAddress o) {
            int c = Boolean.compare(v6, o.v6);
            if (c == 0) {
                c = Long.compareUnsigned(hi, o.hi);
            }
            return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
        }

        @Override
        public String toString() {
            try {
                String text = InetAddress.getByAddress(bytes()).getHostAddress();
                return v6 ? compress(text) : text;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        private static long toLong(byte[] b, int offset, int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                v = (v << 8) | (b[offset + i] & 0xFF);
            }
            return v;
        }

        private static void put(byte[] b, int offset, long value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                b[offset + i] = (byte) value;
                value >>>= 8;
            }
        }

        /** RFC 5952 form: lower case, leading zeros dropped, the longest run of zero groups as "::". */
        private static String compress(String full) {
            String[] groups = full.split(":");
            int bestStart = -1;
            int bestLength = 0;
            for (int i = 0; i < groups.length; ) {
                if (groups[i].equals("0")) {
                    int j = i;
                    while (j < groups.length && groups[j].equals("0")) {
                        j++;
                    }
                    if (j - i > bestLength && j - i > 1) {
                        bestStart = i;
                        bestLength = j - i;
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            if (bestStart < 0) {
                return full;
            }
            String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
            String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
            return head + "::" + tail;
        }

        private static String abbreviate(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }
}
