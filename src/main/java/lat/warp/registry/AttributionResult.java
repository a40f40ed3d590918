package lat.warp.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who holds an address, as CONTRACT.md promises it:
 * {@code {ip, inRegion, registry, holder:{id,name,country}, prefix, asn, abuseContacts:[...]}}.
 *
 * @param registry the RIR responsible for the address (from IANA's allocations), e.g. {@code lacnic}
 * @param prefix the most specific registry prefix holding the address, if any
 * @param status the allocation status of that prefix (allocated, assigned, reserved, available)
 * @param country the country of the prefix's registration
 * @param routedPrefix the most specific prefix announced for the address in the routing table
 */
public record AttributionResult(String ip, boolean inRegion, String registry, @Nullable Holder holder,
        @Nullable String prefix, @Nullable String status, @Nullable String country, @Nullable Long asn,
        @Nullable String asName, @Nullable String routedPrefix, List<AbuseContact> abuseContacts) {

    /**
     * The holder, country and routing AS of an address alone: what enriching a feed event needs, a million
     * times a file ({@link Attribution#holding}).
     *
     * @param holderId the holder's id as a UUID, made once per holder, so that a writer need not parse
     *     {@link Holder#id()} a million times
     */
    public record Holding(@Nullable Holder holder, java.util.@Nullable UUID holderId, @Nullable String country,
            @Nullable Long asn, @Nullable String asName) {
    }

    /** The organisation holding the address. */
    public record Holder(String id, String name, String country) {
    }

    /** Where to report abuse of the address. */
    public record AbuseContact(String email, @Nullable String phone, @Nullable String language, String source) {
    }
}
