/**
 * The registry: organisations (the WARP, members and CSIRTs) and, as later issues add them, their
 * resources, contacts and keys, the importers and the attribution index.
 */
@org.jspecify.annotations.NullMarked
package lat.warp.registry;
