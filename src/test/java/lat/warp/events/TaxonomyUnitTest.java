package lat.warp.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import lat.warp.shared.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaxonomyUnitTest {

    private final Taxonomy taxonomy = Taxonomy.rsit();

    @Test
    void loadsRsitVersion1003WithElevenClassesAndThirtyNineTypesPlusIntelMqsFourUnderOther() {
        assertThat(taxonomy.version()).isEqualTo(1003);
        assertThat(taxonomy.classes()).containsExactly("abusive-content", "malicious-code", "information-gathering",
                "intrusion-attempts", "intrusions", "availability", "information-content-security", "fraud",
                "vulnerable", "other", "test");
        int types = taxonomy.typesByClass().values().stream().mapToInt(List::size).sum();
        assertThat(types).isEqualTo(39 + 4);
        assertThat(taxonomy.typesByClass().get("other"))
                .containsExactly("other", "undetermined", "blocklist", "dga-domain", "proxy", "tor");
    }

    @Test
    void everyRsitPairNormalisesToItself() {
        for (Map.Entry<String, List<String>> e : taxonomy.typesByClass().entrySet()) {
            for (String type : e.getValue()) {
                Classification c = taxonomy.normalise(e.getKey(), type);
                assertThat(c).isEqualTo(new Classification(e.getKey(), type));
                assertThat(taxonomy.isValid(c)).isTrue();
                assertThat(taxonomy.normalise(null, type)).isEqualTo(c);
            }
        }
    }

    @ParameterizedTest(name = "{0} / {1} -> {2} / {3}")
    @CsvSource({
            // eCSIRT.net and IntelMQ before 3.0
            "'', malware, malicious-code, infected-system",
            "malicious code, malware, malicious-code, infected-system",
            "other, malware, malicious-code, infected-system",
            "'', botnet drone, malicious-code, infected-system",
            "'', botnet-drone, malicious-code, infected-system",
            "'', infected system, malicious-code, infected-system",
            "'', ransomware, malicious-code, infected-system",
            "'', trojan, malicious-code, infected-system",
            "'', c&c, malicious-code, c2-server",
            "'', c2server, malicious-code, c2-server",
            "'', C2-Server, malicious-code, c2-server",
            "'', malware configuration, malicious-code, malware-configuration",
            "'', scanner, information-gathering, scanner",
            "information gathering, scanner, information-gathering, scanner",
            "'', vulnerable service, vulnerable, vulnerable-system",
            "'', vulnerable-client, vulnerable, vulnerable-system",
            "vulnerable, vulnerable_service, vulnerable, vulnerable-system",
            "'', brute-force, intrusion-attempts, brute-force",
            "intrusion attempts, brute force, intrusion-attempts, brute-force",
            "'', ids alert, intrusion-attempts, ids-alert",
            "'', exploit, intrusion-attempts, exploit",
            "'', ddos, availability, ddos",
            "'', dos, availability, dos",
            "abusive content, spam, abusive-content, spam",
            "'', phishing, fraud, phishing",
            "'', unauthorized-use-of-resources, fraud, unauthorised-use-of-resources",
            "'', blacklist, other, blocklist",
            "other, blocklist, other, blocklist",
            "'', leak, information-content-security, data-leak",
            "'', Unauthorised-information-access, information-content-security, unauthorised-information-access",
            "intrusions, defacement, information-content-security, unauthorised-information-modification",
            "'', compromised, intrusions, system-compromise",
            "'', backdoor, intrusions, system-compromise",
            "'', unknown, other, undetermined",
            "'', other, other, other",
            "'', dga domain, other, dga-domain",
            "'', dropzone, other, other",
            "'', TOR, other, tor",
            "'', test, test, test"
    })
    void olderAndLooselyWrittenNamesMapOntoRsit(String givenTaxonomy, String type, String expectedTaxonomy,
            String expectedType) {
        assertThat(taxonomy.normalise(givenTaxonomy, type)).isEqualTo(new Classification(expectedTaxonomy, expectedType));
    }

    @Test
    void anUnknownTypeIsRefusedWithTheListOfKnownTypes() {
        assertThatThrownBy(() -> taxonomy.normalise("other", "cryptojacking"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Unknown classification type 'cryptojacking'. Known types: ")
                .hasMessageContaining("infected-system")
                .hasMessageContaining("vulnerable-system")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("classification.type");
    }

    @Test
    void aCurrentTypeUnderAnotherClassIsRefused() {
        assertThatThrownBy(() -> taxonomy.normalise("vulnerable", "scanner"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The type 'scanner' belongs to the class 'information-gathering', not 'vulnerable'.");
    }

    @Test
    void anUnknownTaxonomyIsRefusedWithTheRsitClasses() {
        assertThatThrownBy(() -> taxonomy.normalise("nuisance", "spam"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Unknown classification taxonomy 'nuisance'. RSIT classes: abusive-content")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("classification.taxonomy");
    }

    @Test
    void aMissingTypeIsRefused() {
        assertThatThrownBy(() -> taxonomy.normalise("vulnerable", " "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The classification type is missing.");
        assertThat(taxonomy.normaliseOrNull("vulnerable", null)).isNull();
    }

    @Test
    void onlyExactRsitPairsAreValidClassifications() {
        assertThat(taxonomy.isValid(new Classification("vulnerable", "vulnerable-system"))).isTrue();
        assertThat(taxonomy.isValid(new Classification("vulnerable", "vulnerable service"))).isFalse();
        assertThat(taxonomy.isValid(new Classification("other", "scanner"))).isFalse();
    }
}
