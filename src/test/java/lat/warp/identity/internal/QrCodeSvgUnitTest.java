package lat.warp.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class QrCodeSvgUnitTest {

    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final String SAMPLE = "otpauth://totp/WARP:alice%40example.org"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=WARP&algorithm=SHA1&digits=6&period=30";
    /** One horizontal run of dark modules, as the renderer writes it: move, right, down, left, close. */
    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void producesWellFormedSvgWithViewBoxCrispEdgesAndAnAccessibleName() throws Exception {
        Element svg = parse(QrCodeSvg.svg(SAMPLE)).getDocumentElement();

        assertThat(svg.getNamespaceURI()).isEqualTo(SVG_NAMESPACE);
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(svg.getAttribute("shape-rendering")).isEqualTo("crispEdges");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getAttribute("aria-label")).isNotBlank();
        assertThat(svg.getElementsByTagNameNS(SVG_NAMESPACE, "path").getLength()).isEqualTo(1);
    }

    @Test
    void usesFillAttributesAndNoStyleAttributesSoAStrictContentSecurityPolicyAllowsIt() throws Exception {
        NodeList elements = parse(QrCodeSvg.svg(SAMPLE)).getElementsByTagName("*");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            assertThat(element.hasAttribute("style")).as("style on <%s>", element.getTagName()).isFalse();
        }
        Element path = (Element) parse(QrCodeSvg.svg(SAMPLE)).getElementsByTagNameNS(SVG_NAMESPACE, "path").item(0);
        assertThat(path.getAttribute("fill")).isNotBlank();
    }

    @Test
    void doesNotRepeatTheEncodedTextWhichMayBeASecret() {
        assertThat(QrCodeSvg.svg(SAMPLE)).doesNotContain("GEZDGNBVGY3TQOJQ").doesNotContain("alice");
    }

    @Test
    void drawsExactlyTheDarkModulesOfTheZxingMatrixInsideATwoModuleQuietZone() throws Exception {
        ByteMatrix expected = Encoder.encode(SAMPLE, QrCodeSvg.ERROR_CORRECTION).getMatrix();

        assertDrawsExactly(expected, QrCodeSvg.svg(SAMPLE));
    }

    @Test
    void encodesTextOutsideLatin1AsUtf8() throws Exception {
        String text = "Варп 🔐 ñandú";
        ByteMatrix expected = Encoder.encode(text, QrCodeSvg.ERROR_CORRECTION,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix();

        assertDrawsExactly(expected, QrCodeSvg.svg(text));
    }

    @Test
    void refusesTextTooLongForAQrCode() {
        assertThatIllegalArgumentException().isThrownBy(() -> QrCodeSvg.svg("x".repeat(5_000)));
    }

    private static void assertDrawsExactly(ByteMatrix expected, String svgText) throws Exception {
        int margin = QrCodeSvg.MARGIN_MODULES;
        int size = expected.getWidth() + 2 * margin;
        Element svg = parse(svgText).getDocumentElement();
        assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 " + size + " " + size);

        Element path = (Element) svg.getElementsByTagNameNS(SVG_NAMESPACE, "path").item(0);
        Set<Long> drawn = darkCells(path.getAttribute("d"));
        Set<Long> expectedDark = new HashSet<>();
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (expected.get(x, y) == 1) {
                    expectedDark.add(cell(x + margin, y + margin));
                }
            }
        }
        assertThat(drawn).hasSameSizeAs(expectedDark).isEqualTo(expectedDark);
    }

    /** Every module the path covers; fails if the path holds anything but runs, or a run overlaps another. */
    private static Set<Long> darkCells(String pathData) {
        Matcher run = RUN.matcher(pathData);
        Set<Long> cells = new HashSet<>();
        int end = 0;
        while (run.find()) {
            assertThat(run.start()).as("unexpected path data at %d", end).isEqualTo(end);
            end = run.end();
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            assertThat(run.group(4)).isEqualTo(run.group(3));
            for (int i = 0; i < length; i++) {
                assertThat(cells.add(cell(x + i, y))).as("module %d,%d drawn twice", x + i, y).isTrue();
            }
        }
        assertThat(end).as("path data fully parsed").isEqualTo(pathData.length());
        return cells;
    }

    private static long cell(int x, int y) {
        return ((long) y << 32) | x;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
