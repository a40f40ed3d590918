package lat.warp.shared;

/** Implemented by authentication principals that know which {@link Actor} they stand for. */
public interface ActorHolder {
    Actor actor();
}
