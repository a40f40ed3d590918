package lat.warp.registry.internal.imports;

/** An RDAP lookup that gave no answer. The message says why, for a log or an operator. */
public class RdapException extends RuntimeException {

    public RdapException(String message) {
        super(message);
    }

    public RdapException(String message, Throwable cause) {
        super(message, cause);
    }
}
