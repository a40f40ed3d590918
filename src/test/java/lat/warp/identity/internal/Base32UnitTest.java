package lat.warp.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32UnitTest {

    /** RFC 4648 section 10 test vectors, with the padding removed as this encoder omits it. */
    @ParameterizedTest
    @CsvSource({
            "'', ''",
            "f, MY",
            "fo, MZXQ",
            "foo, MZXW6",
            "foob, MZXW6YQ",
            "fooba, MZXW6YTB",
            "foobar, MZXW6YTBOI"
    })
    void encodesTheRfc4648VectorsWithoutPadding(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    }

    @ParameterizedTest
    @CsvSource({
            "'', ''",
            "f, MY======",
            "fo, MZXQ====",
            "foo, MZXW6===",
            "foob, MZXW6YQ=",
            "fooba, MZXW6YTB",
            "foobar, MZXW6YTBOI======"
    })
    void decodesTheRfc4648VectorsWithPadding(String plain, String encoded) {
        assertThat(Base32.decode(encoded)).isEqualTo(plain.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesLowerCaseAndSpacesAsPeopleTypeThem() {
        assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesWhatItEncodedForEveryLength() {
        Random random = new Random(42);
        for (int length = 0; length <= 64; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).as("length %d", length).isEqualTo(bytes);
        }
    }

    @Test
    void encodesInUpperCaseFromTheRfcAlphabetOnly() {
        byte[] allByteValues = new byte[256];
        for (int i = 0; i < allByteValues.length; i++) {
            allByteValues[i] = (byte) i;
        }
        assertThat(Base32.encode(allByteValues)).matches("[A-Z2-7]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW1", "MZXW8", "MZ-XW6Y", "MZ=XW6Y", "MZXW6Y\t", "MZXWÉ"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode(text)).withMessageContaining("alphabet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6Y=="})
    void refusesLengthsThatNoEncodingProduces(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode(text)).withMessageContaining("length");
    }
}
