package lat.warp.reporting.internal.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import lat.warp.events.Taxonomy;
import org.junit.jupiter.api.Test;

class RsitMappingUnitTest {

    @Test
    void everyMappedTypeIsAValidRsitType() {
        Stream.of(RsitMapping.XARF, RsitMapping.ARF, RsitMapping.IODEF).flatMap(m -> m.values().stream())
                .distinct()
                .forEach(type -> assertThat(Taxonomy.rsit().normaliseOrNull(null, type)).as(type)
                        .isNotNull()
                        .satisfies(c -> assertThat(c.type()).isEqualTo(type)));
    }

    @Test
    void mapsTheReportTypesOfTheBriefWhateverTheirSpelling() {
        assertThat(RsitMapping.xarf("abuse", "login-attack")).isEqualTo("brute-force");
        assertThat(RsitMapping.xarf("Activity", "LoginAttack")).isEqualTo("brute-force");
        assertThat(RsitMapping.xarf("connection", "login_attack")).isEqualTo("brute-force");
        assertThat(RsitMapping.xarf(null, "ssh")).isEqualTo("brute-force");
        assertThat(RsitMapping.xarf(null, "spam")).isEqualTo("spam");
        assertThat(RsitMapping.xarf(null, "Phishing")).isEqualTo("phishing");
        assertThat(RsitMapping.xarf(null, "malware")).isEqualTo("infected-system");
        assertThat(RsitMapping.xarf("Content", "Malware")).isEqualTo("malware-distribution");
        assertThat(RsitMapping.xarf(null, "PortScan")).isEqualTo("scanner");
        assertThat(RsitMapping.xarf(null, "DDoS")).isEqualTo("ddos");
        assertThat(RsitMapping.xarf(null, "fraud")).isEqualTo("phishing");
        assertThat(RsitMapping.arf("abuse")).isEqualTo("spam");
        assertThat(RsitMapping.arf("fraud")).isEqualTo("phishing");
        assertThat(RsitMapping.arf("virus")).isEqualTo("infected-system");
        assertThat(RsitMapping.arf("auth-failure")).isEqualTo("masquerade");
        assertThat(RsitMapping.arf("not-spam")).isNull();
        assertThat(RsitMapping.iodef("dos")).isEqualTo("ddos");
        assertThat(RsitMapping.iodef("recon")).isEqualTo("scanner");
    }

    @Test
    void fallsBackToTheTaxonomyAndOtherwiseGivesNoHint() {
        assertThat(RsitMapping.xarf(null, "c2-server")).isEqualTo("c2-server");
        assertThat(RsitMapping.xarf(null, "botnet drone")).isEqualTo("infected-system");
        assertThat(RsitMapping.xarf(null, "rpz")).isNull();
        assertThat(RsitMapping.xarf(null, null)).isNull();
    }
}
