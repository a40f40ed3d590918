package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lat.warp.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlpUnitTest {

    @ParameterizedTest
    @CsvSource({
            "TLP:AMBER+STRICT, AMBER_STRICT",
            "amber+strict, AMBER_STRICT",
            "AMBER_STRICT, AMBER_STRICT",
            "tlp:amber, AMBER",
            "TLP: RED, RED",
            "green, GREEN",
            "TLP:CLEAR, CLEAR",
            "WHITE, CLEAR",
            "tlp:white, CLEAR",
            "' Red ', RED"
    })
    void readsTheUsualSpellingsOfTheLabels(String text, Tlp expected) {
        assertThat(Tlp.parse(text)).isEqualTo(expected);
    }

    @Test
    void labelsAreTlp2sOwnAndNeverTranslated() {
        assertThat(Tlp.AMBER_STRICT.label()).isEqualTo("AMBER+STRICT");
        assertThat(Tlp.AMBER_STRICT.marking()).isEqualTo("TLP:AMBER+STRICT");
        assertThat(Tlp.CLEAR.label()).isEqualTo("CLEAR");
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> Tlp.parse("TLP:YELLOW"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Not a TLP label: 'TLP:YELLOW'. Use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        assertThat(Tlp.parseOrNull("ámbar")).isNull();
        assertThat(Tlp.parseOrNull(null)).isNull();
    }
}
