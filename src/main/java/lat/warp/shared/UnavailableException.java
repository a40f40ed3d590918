package lat.warp.shared;

/** Something the use case depends on outside the WARP (a registry's RDAP server) cannot answer now. */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
