package lat.warp.shared;

/** What an organisation is to the WARP. */
public enum OrganisationKind {
    /** The registry's security team that runs the WARP. Exactly one exists. */
    WARP,
    /** An organisation holding the region's addresses or AS numbers. */
    MEMBER,
    /** A regional incident response team. */
    CSIRT
}
