package lat.warp.identity.internal;

import java.io.Serializable;
import java.util.List;
import lat.warp.shared.UserId;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a logged-in session keeps: only who the user is. Roles are read afresh on every request by
 * {@link SessionActorFilter}.
 */
public final class SessionUser extends AbstractAuthenticationToken implements Serializable {

    private final UserId user;
    private final String email;

    public SessionUser(UserId user, String email) {
        super(List.of());
        this.user = user;
        this.email = email;
        setAuthenticated(true);
    }

    public UserId user() {
        return user;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return email;
    }
}
