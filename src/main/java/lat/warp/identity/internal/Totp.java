package lat.warp.identity.internal;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords with the parameters every authenticator app supports:
 * HMAC-SHA1, 6 digits, 30-second steps. The clock is passed in so callers and tests control it.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    /** 160 bits, the HMAC-SHA1 output size RFC 4226 recommends for shared secrets. */
    public static final int SECRET_BYTES = 20;
    /** Steps either side of the current one still accepted, to absorb clock drift and typing time. */
    private static final int ACCEPTED_DRIFT_STEPS = 1;
    private static final String HMAC_ALGORITHM = "HmacSHA1";
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000};
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The step (counter) that contains the given instant. */
    public static long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /** The 6-digit code for a time step. */
    public static String code(byte[] secret, long timeStep) {
        return code(secret, timeStep, DIGITS);
    }

    /** RFC 4226 HOTP with a chosen length; kept internal because only 6 digits are used outside tests. */
    static String code(byte[] secret, long timeStep, int digits) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("The secret is empty");
        }
        if (timeStep < 0) {
            throw new IllegalArgumentException("The time step is negative: " + timeStep);
        }
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("RFC 4226 codes have 6 to 8 digits, not " + digits);
        }
        byte[] hash = hmacSha1(secret, ByteBuffer.allocate(Long.BYTES).putLong(timeStep).array());
        // Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last byte picks 4 bytes.
        int offset = hash[hash.length - 1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24)
                | ((hash[offset + 1] & 0xFF) << 16)
                | ((hash[offset + 2] & 0xFF) << 8)
                | (hash[offset + 3] & 0xFF);
        String otp = Integer.toString(binary % POWERS_OF_TEN[digits]);
        // Padded by hand: String.format would use the default locale, which may have non-ASCII digits.
        return "0".repeat(digits - otp.length()) + otp;
    }

    /**
     * Checks a code typed by the user against the current step and one step either side.
     *
     * @param code what the user typed; surrounding whitespace and inner spaces (as apps display "123 456")
     *        are ignored
     * @param lastUsedStep the step of the last code accepted for this secret, or -1 if none was; steps up
     *        to it are refused so an observed code cannot be replayed
     * @return the step the code matched, which the caller must store as the new {@code lastUsedStep};
     *         empty if the code is malformed, wrong, expired or already used
     */
    public static OptionalLong verify(byte[] secret, String code, Instant now, long lastUsedStep) {
        String digitsOnly = code.strip().replace(" ", "");
        if (!isSixAsciiDigits(digitsOnly)) {
            return OptionalLong.empty();
        }
        byte[] typed = digitsOnly.getBytes(StandardCharsets.US_ASCII);
        long currentStep = stepAt(now);
        long matchedStep = -1;
        // Every candidate is computed and compared, so timing does not reveal which step matched.
        for (long step = currentStep - ACCEPTED_DRIFT_STEPS; step <= currentStep + ACCEPTED_DRIFT_STEPS; step++) {
            if (step < 0) {
                continue;
            }
            byte[] expected = code(secret, step).getBytes(StandardCharsets.US_ASCII);
            boolean matches = MessageDigest.isEqual(expected, typed);
            if (matches && step > lastUsedStep && matchedStep < 0) {
                matchedStep = step;
            }
        }
        return matchedStep < 0 ? OptionalLong.empty() : OptionalLong.of(matchedStep);
    }

    /**
     * The Key Uri Format URI that authenticator apps read from a QR code. The label is
     * {@code Issuer:account} and the issuer is repeated as a parameter, as the format recommends.
     *
     * @throws IllegalArgumentException if the issuer or account contains a colon, which the format reserves
     *         as the label separator
     */
    public static String otpauthUri(String issuer, String account, byte[] secret) {
        if (issuer.contains(":") || account.contains(":")) {
            throw new IllegalArgumentException("The issuer and account of an otpauth URI cannot contain ':'");
        }
        return "otpauth://totp/" + urlEncode(issuer) + ":" + urlEncode(account)
                + "?secret=" + Base32.encode(secret)
                + "&issuer=" + urlEncode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static boolean isSixAsciiDigits(String text) {
        if (text.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // Not Character.isDigit: that accepts non-ASCII digits such as Arabic-Indic ones.
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Percent-encoding as URIs need it: URLEncoder's form encoding turns a space into '+', apps expect %20. */
    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, HMAC_ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA1, so this cannot happen on a conforming JDK.
            throw new IllegalStateException("HmacSHA1 is unavailable", e);
        }
    }
}
