package lat.warp.registry.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RirTableUnitTest {

    private static final RirTable IANA = RirTable.load();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "200.57.141.161, lacnic",
            "191.0.0.1, lacnic", // legacy space administered by LACNIC
            "8.8.8.8, arin",
            "214.0.0.1, arin", // legacy US-DOD block, WHOIS at ARIN
            "193.0.0.1, ripencc",
            "53.0.0.1, ripencc", // legacy Daimler AG block, WHOIS at RIPE NCC
            "41.0.0.1, afrinic",
            "1.1.1.1, apnic",
            "10.0.0.1, iana",
            "127.0.0.1, iana",
            "224.0.0.1, iana",
            "255.255.255.255, iana",
            "2800::, lacnic",
            "2801:10::1, lacnic",
            "2001:1200::1, lacnic",
            "2001:4860::1, arin",
            "2a00:1450::1, ripencc",
            "2c0f:f000::1, afrinic",
            "2400:cb00::1, apnic",
            "2001:db8::1, iana", // documentation, per the note on APNIC's 2001:0c00::/23
            "2001:0::1, iana", // IETF protocol assignments
            "2001:c00::1, apnic",
            "2002::1, iana",
            "5f00::1, iana",
            "fe80::1, reserved",
            "::1, reserved",
            "2004::1, reserved"
    })
    void namesTheRegistryIanaGivesEachAddressTo(String address, String rir) {
        assertThat(IANA.rirOf(IpAddress.parse(address))).isEqualTo(rir);
    }
}
