package lat.warp.shared;

import java.util.UUID;

/** Identifies an organisation: the WARP itself, a member or a CSIRT. */
public record OrganisationId(UUID value) implements java.io.Serializable {
    public OrganisationId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static OrganisationId of(String value) {
        return new OrganisationId(UUID.fromString(value));
    }

    public static OrganisationId random() {
        return new OrganisationId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
