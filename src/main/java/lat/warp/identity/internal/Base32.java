package lat.warp.identity.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * RFC 4648 base32, the alphabet authenticator apps expect for TOTP secrets. Encodes in upper case without
 * padding (as the Key Uri Format recommends); decodes leniently what people type or paste: lower case,
 * spaces and padding are accepted, anything else is refused.
 */
public final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int NOT_IN_ALPHABET = -1;
    private static final int[] VALUE_OF_CHAR = new int[128];

    static {
        Arrays.fill(VALUE_OF_CHAR, NOT_IN_ALPHABET);
        for (int value = 0; value < ALPHABET.length(); value++) {
            char upper = ALPHABET.charAt(value);
            VALUE_OF_CHAR[upper] = value;
            VALUE_OF_CHAR[Character.toLowerCase(upper)] = value;
        }
    }

    private Base32() {
    }

    public static String encode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bitsInBuffer = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bitsInBuffer += 8;
            while (bitsInBuffer >= 5) {
                bitsInBuffer -= 5;
                encoded.append(ALPHABET.charAt((buffer >>> bitsInBuffer) & 0x1F));
            }
        }
        if (bitsInBuffer > 0) {
            // The last group is padded with zero bits on the right, as RFC 4648 section 6 requires.
            encoded.append(ALPHABET.charAt((buffer << (5 - bitsInBuffer)) & 0x1F));
        }
        return encoded.toString();
    }

    /**
     * Decodes base32 text.
     *
     * @throws IllegalArgumentException if the text holds a character outside the alphabet (other than
     *         spaces and trailing padding), or has a length no encoding can produce
     */
    public static byte[] decode(String text) {
        String symbols = withoutTrailingPadding(text.replace(" ", ""));
        // Only these remainders of a final group stand for whole bytes (RFC 4648 section 6).
        int remainder = symbols.length() % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException("Not base32: impossible length " + symbols.length());
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(symbols.length() * 5 / 8);
        int buffer = 0;
        int bitsInBuffer = 0;
        for (int i = 0; i < symbols.length(); i++) {
            buffer = (buffer << 5) | valueOf(symbols.charAt(i));
            bitsInBuffer += 5;
            if (bitsInBuffer >= 8) {
                bitsInBuffer -= 8;
                decoded.write((buffer >>> bitsInBuffer) & 0xFF);
            }
        }
        // Left-over bits (fewer than 8) are the encoder's zero padding and carry no data.
        return decoded.toByteArray();
    }

    private static String withoutTrailingPadding(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }

    private static int valueOf(char symbol) {
        int value = symbol < VALUE_OF_CHAR.length ? VALUE_OF_CHAR[symbol] : NOT_IN_ALPHABET;
        if (value == NOT_IN_ALPHABET) {
            // Do not echo the character: the text is usually a secret.
            throw new IllegalArgumentException("Not base32: a character is outside the alphabet");
        }
        return value;
    }
}
