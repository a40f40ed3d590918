package lat.warp.registry.internal.imports;

/**
 * The RDAP server could not be asked — unreachable, timed out, answered with an error, or the rate limit
 * would have made the caller wait too long — and the cache held nothing for the address.
 */
public final class RdapUnavailableException extends RdapException {

    public RdapUnavailableException(String message) {
        super(message);
    }

    public RdapUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
