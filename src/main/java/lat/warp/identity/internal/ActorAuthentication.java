package lat.warp.identity.internal;

import java.util.List;
import lat.warp.shared.Actor;
import lat.warp.shared.ActorHolder;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication of one request: a person (from their session, reloaded every request so that a
 * disabled account or a changed role takes effect at once) or an API token. Authorities mirror the
 * actor's permissions as {@code PERM_<name>} for the few URL rules outside controllers (metrics).
 */
public final class ActorAuthentication extends AbstractAuthenticationToken implements ActorHolder {

    private final Actor actor;

    public ActorAuthentication(Actor actor) {
        super(actor.permissions().stream().map(p -> new SimpleGrantedAuthority("PERM_" + p.name())).toList());
        this.actor = actor;
        setAuthenticated(true);
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return this;
    }

    @Override
    public String getName() {
        return actor.label();
    }

    static List<String> authorities(Actor actor) {
        return actor.permissions().stream().map(p -> "PERM_" + p.name()).toList();
    }
}
