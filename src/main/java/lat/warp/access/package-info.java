/**
 * Access control: the service-layer checks every use case makes ({@link lat.warp.access.AccessControl}),
 * and the annotations every HTTP endpoint must carry ({@link lat.warp.access.RequiresPermission},
 * {@link lat.warp.access.PublicEndpoint}, {@link lat.warp.access.AuthenticatedEndpoint}).
 */
@org.jspecify.annotations.NullMarked
package lat.warp.access;
