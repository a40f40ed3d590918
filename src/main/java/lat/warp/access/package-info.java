/**
 * Access control: the service-layer checks every use case makes ({@link lat.warp.access.AccessControl}),
 * and the enforcement, before each handler runs, of the annotation every HTTP endpoint carries
 * ({@link lat.warp.shared.RequiresPermission}, {@link lat.warp.shared.PublicEndpoint},
 * {@link lat.warp.shared.AuthenticatedEndpoint}).
 */
@org.jspecify.annotations.NullMarked
package lat.warp.access;
