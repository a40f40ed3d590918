package lat.warp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.annotation.Annotation;
import java.util.List;
import lat.warp.shared.AuthenticatedEndpoint;
import lat.warp.shared.PublicEndpoint;
import lat.warp.shared.RequiresPermission;
import lat.warp.shared.Permission;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every HTTP endpoint says who may call it, and only the access and login code touches the security
 * context. The endpoint interceptor refuses an unannotated endpoint at run time; this finds it at
 * build time.
 */
class EndpointPermissionArchTest {

    private static final List<Class<? extends Annotation>> MAPPINGS = List.of(RequestMapping.class,
            GetMapping.class, PostMapping.class, PutMapping.class, DeleteMapping.class, PatchMapping.class);

    private static final List<Class<? extends Annotation>> ACCESS_DECLARATIONS =
            List.of(RequiresPermission.class, PublicEndpoint.class, AuthenticatedEndpoint.class);

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("lat.warp");

    /** Meta-annotations count, as for Spring: @RestController is a @Controller, @GetMapping a @RequestMapping. */
    static final ArchRule EVERY_ENDPOINT_DECLARES_ITS_ACCESS = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("lat.warp..")
            .and().areDeclaredInClassesThat().areMetaAnnotatedWith(Controller.class)
            .and(DescribedPredicate.describe("are request mappings",
                    (JavaMethod method) -> MAPPINGS.stream().anyMatch(method::isMetaAnnotatedWith)))
            .should(declareAccessOnTheMethodOrItsClass());

    private static ArchCondition<JavaMethod> declareAccessOnTheMethodOrItsClass() {
        return new ArchCondition<>("carry @RequiresPermission, @PublicEndpoint or @AuthenticatedEndpoint "
                + "on the method or its class") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean declared = declaresAccess(method) || declaresAccess(method.getOwner());
                events.add(new SimpleConditionEvent(method, declared,
                        method.getFullName() + (declared ? " declares" : " does not declare") + " who may call it"));
            }
        };
    }

    private static boolean declaresAccess(CanBeAnnotated element) {
        return ACCESS_DECLARATIONS.stream().anyMatch(element::isMetaAnnotatedWith);
    }

    /**
     * Only the access module and the shared actor lookup read or set the security context; identity's
     * login and session code establishes it. Everyone else asks {@code Actors.current()}.
     */
    static final ArchRule ONLY_ACCESS_AND_LOGIN_TOUCH_THE_SECURITY_CONTEXT = noClasses()
            .that().resideInAPackage("lat.warp..")
            .and().resideOutsideOfPackages("lat.warp.shared..", "lat.warp.access..", "lat.warp.identity.internal..")
            // The login form's last step makes the session a logged-in one: it creates the security
            // context that the session then carries (a controller, so it lives in identity.web).
            .and().doNotHaveFullyQualifiedName("lat.warp.identity.web.LoginController")
            .should().accessClassesThat().belongToAnyOf(SecurityContextHolder.class);

    @Test
    void everyEndpointDeclaresWhoMayCallIt() {
        EVERY_ENDPOINT_DECLARES_ITS_ACCESS.check(PRODUCTION);
    }

    @Test
    void theEndpointRuleSeesTheControllersThatExist() {
        // An import that finds no controllers would make the rule pass vacuously.
        assertThat(PRODUCTION.stream().filter(c -> c.isMetaAnnotatedWith(Controller.class)).map(JavaClass::getName))
                .contains("lat.warp.identity.web.IdentityApiController", "lat.warp.registry.web.OrganisationApiController",
                        "lat.warp.identity.web.LoginController", "lat.warp.shell.WarpErrorController");
    }

    @Test
    void theEndpointRuleReportsAnEndpointThatDeclaresNothing() {
        EvaluationResult result = EVERY_ENDPOINT_DECLARES_ITS_ACCESS
                .evaluate(new ClassFileImporter().importClasses(ForgetfulController.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains(ForgetfulController.class.getName() + ".forgotten()")
                .doesNotContain("guarded");
    }

    @Test
    void theEndpointRuleAcceptsADeclarationOnTheClass() {
        EvaluationResult result = EVERY_ENDPOINT_DECLARES_ITS_ACCESS
                .evaluate(new ClassFileImporter().importClasses(GuardedController.class));

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void onlyAccessAndLoginCodeTouchesTheSecurityContext() {
        ONLY_ACCESS_AND_LOGIN_TOUCH_THE_SECURITY_CONTEXT.check(PRODUCTION);
    }

    @Test
    void theSecurityContextRuleReportsOtherCodeThatReadsIt() {
        EvaluationResult result = ONLY_ACCESS_AND_LOGIN_TOUCH_THE_SECURITY_CONTEXT
                .evaluate(new ClassFileImporter().importClasses(ContextReader.class));

        assertThat(result.hasViolation()).isTrue();
    }

    // Fixtures for the rules. Abstract, so that component scanning in the integration tests never
    // registers them as real controllers.

    @RestController
    abstract static class ForgetfulController {
        @GetMapping("/forgotten")
        String forgotten() {
            return "";
        }

        @GetMapping("/guarded")
        @RequiresPermission(Permission.AUDIT_READ)
        String guarded() {
            return "";
        }
    }

    @Controller
    @RequiresPermission(Permission.AUDIT_READ)
    abstract static class GuardedController {
        @PostMapping("/guarded")
        String guarded() {
            return "";
        }
    }

    abstract static class ContextReader {
        Object principal() {
            return SecurityContextHolder.getContext().getAuthentication();
        }
    }
}
