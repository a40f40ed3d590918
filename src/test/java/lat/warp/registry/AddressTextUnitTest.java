package lat.warp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lat.warp.registry.IpPrefix.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTextUnitTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "200.57.141.161", "10.0.0.1", "1.2.3.4"})
    void readsIpv4AddressesAsIpAddressDoes(String text) {
        assertThat(AddressText.parseIpv4(text, 0, text.length())).isEqualTo(IpAddress.parse(text).lo());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d",
            "1.2.3.-4", "1234.1.1.1"})
    void refusesWhatIsNotAnIpv4Address(String text) {
        assertThat(AddressText.parseIpv4(text, 0, text.length())).isEqualTo(AddressText.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::", "2001:DB8:0:0:0:0:0:1", "2001:1201:20::",
            "fe80::1:2:3:4:5", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "2801:1e::",
            "1:2:3:4:5:6::8", "1::8"})
    void readsIpv6AddressesAsIpAddressDoes(String text) {
        long[] out = new long[2];

        assertThat(AddressText.parseIpv6(text, 0, text.length(), out)).isTrue();
        IpAddress expected = IpAddress.parse(text);
        if (expected.v6()) {
            assertThat(out).containsExactly(expected.hi(), expected.lo());
        } else {
            // The JDK returns ::ffff:a.b.c.d as IPv4; as IPv6 text it is the mapped address.
            assertThat(out).containsExactly(0L, 0xFFFF_0000_0000L | expected.lo());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::",
            "g::", ":1::", "1::2:", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "fe80::1%eth0"})
    void refusesWhatIsNotAnIpv6Address(String text) {
        assertThat(AddressText.parseIpv6(text, 0, text.length(), new long[2])).isFalse();
        if (!text.contains("%")) {
            assertThatThrownBy(() -> IpAddress.parse(text)).isNotNull();
        }
    }
}
