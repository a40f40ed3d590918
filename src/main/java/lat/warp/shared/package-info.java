/**
 * Shared kernel: typed ids, roles, permissions and the {@link lat.warp.shared.Actor} every use case is
 * performed by. Value types, plus the one place ({@link lat.warp.shared.Actors}) that reads the current actor.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
@org.jspecify.annotations.NullMarked
package lat.warp.shared;
