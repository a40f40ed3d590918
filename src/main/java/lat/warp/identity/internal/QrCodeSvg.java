package lat.warp.identity.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Renders a QR code as inline SVG, so a page can show it without an image endpoint or a data: URI.
 * Colours are presentation attributes, not style attributes, so a strict Content-Security-Policy
 * (no 'unsafe-inline' for styles) does not blank it.
 */
public final class QrCodeSvg {

    static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;
    /** Quiet zone in modules; 2 instead of the standard 4 keeps it small and phone cameras still cope. */
    static final int MARGIN_MODULES = 2;
    /** Default rendered size per module; CSS can override the width and height attributes. */
    private static final int PIXELS_PER_MODULE = 4;

    private QrCodeSvg() {
    }

    /**
     * The QR code for the text as an SVG document: a light background and one path of dark modules.
     * The text is not repeated anywhere in the SVG, since it is often a secret (an otpauth URI).
     *
     * @throws IllegalArgumentException if the text is too long for a QR code
     */
    public static String svg(String text) {
        BitMatrix modules = encode(text);
        int size = modules.getWidth();
        int pixels = size * PIXELS_PER_MODULE;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\""
                + " width=\"" + pixels + "\" height=\"" + pixels + "\""
                + " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                // Always light behind the code: on a dark page the quiet zone would otherwise be dark.
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + darkModulesPath(modules) + "\"/>"
                + "</svg>";
    }

    private static BitMatrix encode(String text) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ERROR_CORRECTION);
        hints.put(EncodeHintType.MARGIN, MARGIN_MODULES);
        // zxing defaults to ISO-8859-1; declaring UTF-8 adds an ECI header, so only when it is needed.
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            // Width and height 0 ask for the smallest matrix: one cell per module, quiet zone included.
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("The text does not fit in a QR code", e);
        }
    }

    /** One closed rectangle per horizontal run of dark modules, which keeps the path short. */
    private static String darkModulesPath(BitMatrix modules) {
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < modules.getHeight(); y++) {
            int x = 0;
            while (x < modules.getWidth()) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int runStart = x;
                while (x < modules.getWidth() && modules.get(x, y)) {
                    x++;
                }
                int runLength = x - runStart;
                path.append('M').append(runStart).append(' ').append(y)
                        .append('h').append(runLength).append("v1h-").append(runLength).append('z');
            }
        }
        return path.toString();
    }
}
