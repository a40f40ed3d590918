package lat.warp.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpUnitTest {

    /** The SHA1 seed of RFC 6238 Appendix B. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-03-14T12:00:10Z");
    private static final long NOW_STEP = NOW.getEpochSecond() / 30;
    private static final long NO_CODE_USED_YET = -1;

    /** RFC 6238 Appendix B, SHA1 rows: Unix time and the 8-digit code. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"
    })
    void matchesTheRfc6238TestVectorsExactlyWithEightDigits(long unixTime, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(unixTime)), 8)).isEqualTo(expected);
    }

    /** The same truncated number modulo 10^6 instead of 10^8 is the last six digits of the 8-digit code. */
    @ParameterizedTest
    @CsvSource({
            "59, 287082",
            "1111111109, 081804",
            "1111111111, 050471",
            "1234567890, 005924",
            "2000000000, 279037",
            "20000000000, 353130"
    })
    void matchesTheRfc6238TestVectorsTruncatedToSixDigits(long unixTime, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.stepAt(Instant.ofEpochSecond(unixTime)))).isEqualTo(expected);
    }

    @Test
    void acceptsTheCodeOfTheCurrentStepAndReturnsThatStep() {
        String code = Totp.code(RFC_SECRET, NOW_STEP);
        assertThat(Totp.verify(RFC_SECRET, code, NOW, NO_CODE_USED_YET)).hasValue(NOW_STEP);
    }

    @Test
    void acceptsTheCodesOfThePreviousAndNextStepForClockDrift() {
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW_STEP - 1), NOW, NO_CODE_USED_YET))
                .hasValue(NOW_STEP - 1);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW_STEP + 1), NOW, NO_CODE_USED_YET))
                .hasValue(NOW_STEP + 1);
    }

    @Test
    void refusesCodesTwoStepsAwayFromNow() {
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW_STEP - 2), NOW, NO_CODE_USED_YET)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, NOW_STEP + 2), NOW, NO_CODE_USED_YET)).isEmpty();
    }

    @Test
    void refusesACodeAlreadyUsed() {
        String code = Totp.code(RFC_SECRET, NOW_STEP);
        long usedStep = Totp.verify(RFC_SECRET, code, NOW, NO_CODE_USED_YET).orElseThrow();

        assertThat(Totp.verify(RFC_SECRET, code, NOW, usedStep)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, code, NOW.plusSeconds(29), usedStep)).isEmpty();
    }

    @Test
    void refusesAnOlderCodeOnceALaterOneWasUsed() {
        String previousCode = Totp.code(RFC_SECRET, NOW_STEP - 1);
        assertThat(Totp.verify(RFC_SECRET, previousCode, NOW, NOW_STEP)).isEmpty();
    }

    @Test
    void acceptsTheNextStepsCodeAfterTheCurrentOneWasUsed() {
        String nextCode = Totp.code(RFC_SECRET, NOW_STEP + 1);
        assertThat(Totp.verify(RFC_SECRET, nextCode, NOW, NOW_STEP)).hasValue(NOW_STEP + 1);
    }

    @Test
    void refusesACodeForAnotherSecret() {
        byte[] otherSecret = "12345678901234567891".getBytes(StandardCharsets.US_ASCII);
        String code = Totp.code(otherSecret, NOW_STEP);

        assertThat(Totp.verify(RFC_SECRET, code, NOW, NO_CODE_USED_YET)).isEmpty();
        assertThat(Totp.verify(otherSecret, code, NOW, NO_CODE_USED_YET)).hasValue(NOW_STEP);
    }

    @Test
    void ignoresSurroundingWhitespaceAndTheSpaceAppsShowInTheMiddle() {
        String code = Totp.code(RFC_SECRET, NOW_STEP);
        String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + "\n";
        assertThat(Totp.verify(RFC_SECRET, spaced, NOW, NO_CODE_USED_YET)).hasValue(NOW_STEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "12345", "1234567", "12a456", "12-456", "+12345", "١٢٣٤٥٦", "１２３４５６"})
    void refusesCodesThatAreNotSixAsciiDigits(String malformed) {
        assertThat(Totp.verify(RFC_SECRET, malformed, NOW, NO_CODE_USED_YET)).isEmpty();
    }

    @Test
    void refusesTheFirstSixDigitsOfTheEightDigitCode() {
        String eightDigits = Totp.code(RFC_SECRET, NOW_STEP, 8);
        String sixDigits = Totp.code(RFC_SECRET, NOW_STEP);
        assertThat(eightDigits).endsWith(sixDigits);
        assertThat(Totp.verify(RFC_SECRET, eightDigits, NOW, NO_CODE_USED_YET)).isEmpty();
    }

    @Test
    void makesTwentyByteSecretsThatDiffer() {
        byte[] first = Totp.newSecret();
        byte[] second = Totp.newSecret();
        assertThat(first).hasSize(20);
        assertThat(second).hasSize(20).isNotEqualTo(first);
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.code(new byte[0], NOW_STEP));
    }

    @Test
    void buildsAKeyUriWithTheIssuerAsLabelPrefixAndParameter() {
        String uri = Totp.otpauthUri("WARP", "alice@example.org", RFC_SECRET);
        assertThat(uri).isEqualTo("otpauth://totp/WARP:alice%40example.org"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=WARP&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void percentEncodesSpacesAndReservedCharactersInTheKeyUri() {
        String uri = Totp.otpauthUri("Warp LAC & Co", "ana maría+test@example.org", RFC_SECRET);
        assertThat(uri).startsWith("otpauth://totp/Warp%20LAC%20%26%20Co:ana%20mar%C3%ADa%2Btest%40example.org?")
                .contains("&issuer=Warp%20LAC%20%26%20Co&");
        URI parsed = URI.create(uri);
        assertThat(parsed.getPath()).isEqualTo("/Warp LAC & Co:ana maría+test@example.org");
        assertThat(parsed.getRawQuery().split("&")).hasSize(5);
    }

    @Test
    void refusesAColonInTheIssuerOrAccountOfAKeyUri() {
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.otpauthUri("WA:RP", "alice", RFC_SECRET));
        assertThatIllegalArgumentException().isThrownBy(() -> Totp.otpauthUri("WARP", "al:ice", RFC_SECRET));
    }

    @Test
    void putsASecretInTheKeyUriThatDecodesBackToTheSameBytes() {
        byte[] secret = Totp.newSecret();
        String uri = Totp.otpauthUri("WARP", "alice", secret);
        String encodedSecret = uri.replaceAll(".*[?&]secret=([^&]*).*", "$1");
        assertThat(Base32.decode(encodedSecret)).isEqualTo(secret);
    }
}
