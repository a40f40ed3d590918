package lat.warp.registry;

/**
 * Published when the registry's resources, contacts or routing data change; the attribution index
 * rebuilds after the change commits.
 *
 * @param what a short description for the log, e.g. "delegated import"
 */
public record RegistryChanged(String what) {
}
