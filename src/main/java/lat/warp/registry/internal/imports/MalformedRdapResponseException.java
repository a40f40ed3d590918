package lat.warp.registry.internal.imports;

/** The RDAP server answered, but not with an RFC 9083 IP network object. */
public final class MalformedRdapResponseException extends RdapException {

    public MalformedRdapResponseException(String message) {
        super(message);
    }

    public MalformedRdapResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
