package lat.warp.identity;

/**
 * A second factor being set up: shown to the user (secret in base32, otpauth URI, QR code as SVG)
 * and stored only once they confirm a code from it.
 */
public record TotpEnrolment(byte[] secret, String base32Secret, String otpauthUri, String qrSvg)
        implements java.io.Serializable {
}
