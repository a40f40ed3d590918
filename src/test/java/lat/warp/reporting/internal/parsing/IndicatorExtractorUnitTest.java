package lat.warp.reporting.internal.parsing;

import static lat.warp.reporting.internal.parsing.Samples.email;
import static lat.warp.reporting.internal.parsing.Samples.host;
import static lat.warp.reporting.internal.parsing.Samples.ip;
import static lat.warp.reporting.internal.parsing.Samples.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorExtractorUnitTest {

    private static List<Indicator> in(String text) {
        return ReportParsers.indicatorsIn(text);
    }

    @Test
    void findsIpv4InCanonicalFormAndRejectsOutOfRangeOrLeadingZeroQuads() {
        assertThat(in("from 192.0.2.5, not 300.1.1.1 nor 010.1.1.1 nor 1.2.3.4.5 nor 0.0.0.0"))
                .containsExactly(ip("192.0.2.5"));
    }

    @Test
    void acceptsAnIpv4AddressThatEndsASentenceOrCarriesAPort() {
        assertThat(in("Source: 198.51.100.7. Also 203.0.113.8:8080 (and [192.0.2.9])."))
                .containsExactly(ip("198.51.100.7"), ip("203.0.113.8"), ip("192.0.2.9"));
    }

    @Test
    void notesACidrPrefixAsTheAddressOfItsNetwork() {
        assertThat(in("the block 192.0.2.77/24 and 2001:db8:abcd:12::/48"))
                .containsExactly(ip("192.0.2.0"), ip("2001:db8:abcd::"));
        // Too short to be anyone's network, or nothing at all once masked.
        assertThat(in("odd 192.0.2.7/1 and 2001:db8::5/3")).containsExactly(ip("192.0.2.7"), ip("2001:db8::5"));
        assertThat(in("masked 0.0.0.9/8 and ::9/16")).isEmpty();
    }

    @Test
    void findsIpv6InRfc5952FormAndIgnoresTimesAndMacAddresses() {
        assertThat(in("at 10:20:30 from 2001:DB8:0:0:0:0:0:1 (mac 00:1a:2b:3c:4d:5e), peer fe80::1:2, and ::"))
                .containsExactly(ip("2001:db8::1"), ip("fe80::1:2"));
    }

    @Test
    void acceptsAnIpv6AddressFollowedByAColonThatEndsTheSentence() {
        assertThat(in("the address was 2001:db8::5: please check")).containsExactly(ip("2001:db8::5"));
    }

    @Test
    void findsUrlsWithTheirHostsAndTrimsSentencePunctuation() {
        assertThat(in("See https://Evil.Example.COM/login?a=1&b=(2). Then (http://192.0.2.10:8080/x)."))
                .containsExactly(url("https://evil.example.com/login?a=1&b=(2)"), host("evil.example.com"),
                        url("http://192.0.2.10:8080/x"), ip("192.0.2.10"));
    }

    @Test
    void refangsDefangedIndicators() {
        assertThat(in("hxxps://bad[.]example[.]net/p and hXXp://phish(.)example(.)org and 192[.]0[.]2[.]1 and x[@]spam[.]example[.]com"))
                .containsExactly(url("https://bad.example.net/p"), host("bad.example.net"),
                        url("http://phish.example.org"), host("phish.example.org"), ip("192.0.2.1"),
                        email("x@spam.example.com"));
    }

    @Test
    void urlWithAnIpv6LiteralYieldsTheAddress() {
        assertThat(in("fetch http://[2001:DB8::10]/malware.bin now"))
                .containsExactly(url("http://[2001:db8::10]/malware.bin"), ip("2001:db8::10"));
    }

    @Test
    void findsEmailAddressesInLowerCaseWithoutTheirDomainsAsHosts() {
        assertThat(in("Write to Abuse@Example.ORG or <noc@isp.example.com.br>."))
                .containsExactly(email("abuse@example.org"), email("noc@isp.example.com.br"));
    }

    @Test
    void flagsBareHostNamesOnlyWithAPublicLookingTld() {
        assertThat(in("Hosts: malware.example.com, www.gob.do, tienda.com.py, banco.example.com.ar, cdn.example.io."))
                .containsExactly(host("malware.example.com"), host("www.gob.do"), host("tienda.com.py"),
                        host("banco.example.com.ar"), host("cdn.example.io"));
    }

    @Test
    void doesNotMistakeFileNamesForHosts() {
        assertThat(in("Attached: report.csv, setup.py, run.sh, README.md, invoice.pdf, photo.jpeg, app.js, "
                + "data.json, notes.txt, archive.tar.gz, evil.com.txt, Makefile.in, e.g. i.e. v1.2.3"))
                .isEmpty();
    }

    @Test
    void keepsTheOrderOfFirstAppearanceAcrossKindsWithoutDuplicates() {
        assertThat(in("a@example.org 192.0.2.1 https://x.example.net/ 192.0.2.1 a@example.org host.example.com"))
                .containsExactly(email("a@example.org"), ip("192.0.2.1"), url("https://x.example.net/"),
                        host("x.example.net"), host("host.example.com"));
    }

    @Test
    void stopsAtTheCapAndSaysSo() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("10.0.").append(i / 250).append('.').append(i % 250 + 1).append(' ');
        }
        IndicatorExtractor.Extraction extraction = IndicatorExtractor.extract(text, 100);
        assertThat(extraction.indicators()).hasSize(100).first().isEqualTo(ip("10.0.0.1"));
        assertThat(extraction.capped()).isTrue();
        assertThat(IndicatorExtractor.extract("192.0.2.1 192.0.2.1", 1).capped()).isFalse();
    }

    @Test
    void aFloodOfOneRepeatedAddressDoesNotHideTheNextOne() {
        String text = "192.0.2.1 ".repeat(50_000) + "198.51.100.2";
        assertThat(IndicatorExtractor.extract(text, 10).indicators()).containsExactly(ip("192.0.2.1"),
                ip("198.51.100.2"));
    }

    @Test
    void classifiesExplicitValues() {
        assertThat(IndicatorExtractor.classify(" 2001:DB8::0:1 ")).containsExactly(ip("2001:db8::1"));
        assertThat(IndicatorExtractor.classify("192.0.2.9/30")).containsExactly(ip("192.0.2.8"));
        assertThat(IndicatorExtractor.classify("mailto:Phish@Example.net")).containsExactly(email("phish@example.net"));
        assertThat(IndicatorExtractor.classify("HXXP://bad[.]example.net/a")).containsExactly(
                url("http://bad.example.net/a"), host("bad.example.net"));
        assertThat(IndicatorExtractor.classify("Internal.Corp.")).containsExactly(host("internal.corp"));
        assertThat(IndicatorExtractor.classify("not an indicator")).isEmpty();
        assertThat(IndicatorExtractor.classify("localhost")).isEmpty();
        assertThat(IndicatorExtractor.classify("javascript://alert(1)")).isEmpty();
    }

    @Test
    void hostileRepetitionsFinishQuickly() {
        long start = System.nanoTime();
        in("a".repeat(200_000) + "." + "a-".repeat(100_000) + "@".repeat(50_000) + "1.".repeat(100_000)
                + ":".repeat(100_000) + "http://" + "x".repeat(100_000) + "[.]".repeat(50_000));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }
}
