package lat.warp.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/**
 * Identifies an organisation: the WARP itself, a member or a CSIRT. In JSON it is the plain id string, as
 * everywhere else in the API, not an object.
 */
public record OrganisationId(@JsonValue UUID value) implements java.io.Serializable {
    public OrganisationId {
        java.util.Objects.requireNonNull(value, "value");
    }

    @JsonCreator
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
