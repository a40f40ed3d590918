package lat.warp.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lat.warp.access.AccessControl;
import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.shared.PublicEndpoint;
import lat.warp.shared.RequiresPermission;
import lat.warp.audit.AuditTrail;
import lat.warp.audit.internal.AuditWriter;
import lat.warp.shared.AccessDeniedException;
import lat.warp.shared.Actor;
import lat.warp.shared.ActorHolder;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.Role;
import lat.warp.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;

/** Which declaration wins when a class and its method both say something. */
class EndpointPermissionInterceptorUnitTest {

    @PublicEndpoint("a public controller with one guarded and one authenticated method")
    static class MostlyPublicController {
        public void open() {
        }

        @RequiresPermission(Permission.AUDIT_READ)
        public void guarded() {
        }

        @AuthenticatedEndpoint
        public void forMembers() {
        }
    }

    private final List<AuditWriter.NewEntry> written = new ArrayList<>();
    private final EndpointPermissionInterceptor interceptor = new EndpointPermissionInterceptor(
            new AccessControl(new AuditTrail(new AuditWriter() {
                @Override
                public void appendInCurrentTransaction(NewEntry entry) {
                    written.add(entry);
                }

                @Override
                public void appendIndependently(NewEntry entry) {
                    written.add(entry);
                }
            })));

    @AfterEach
    void forgetTheActor() {
        SecurityContextHolder.clearContext();
    }

    private boolean call(String method, MockHttpServletResponse response) throws Exception {
        return interceptor.preHandle(new MockHttpServletRequest("GET", "/api/v1/test"), response,
                new HandlerMethod(new MostlyPublicController(), method));
    }

    private static void actAs(Role role) {
        Actor actor = Actor.user(UserId.random(), OrganisationId.random(), Set.of(role), "unit@test.example");
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken((ActorHolder) () -> actor, ""));
    }

    @Test
    void aPublicClassLeavesItsUndeclaredMethodsOpen() throws Exception {
        assertThat(call("open", new MockHttpServletResponse())).isTrue();
    }

    @Test
    void aPermissionOnTheMethodIsNotSwitchedOffByAPublicClass() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(call("guarded", response)).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);

        actAs(Role.MEMBER);
        assertThatThrownBy(() -> call("guarded", new MockHttpServletResponse()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(written).singleElement().satisfies(e -> assertThat(e.action().name()).isEqualTo("ACCESS_DENIED"));

        actAs(Role.ADMIN);
        assertThat(call("guarded", new MockHttpServletResponse())).isTrue();
    }

    @Test
    void anAuthenticatedMethodInAPublicClassNeedsALogin() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(call("forMembers", response)).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);

        actAs(Role.MEMBER);
        assertThat(call("forMembers", new MockHttpServletResponse())).isTrue();
    }
}
