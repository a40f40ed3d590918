package lat.warp.identity.internal;

import java.util.Set;
import lat.warp.identity.ApiTokens;
import lat.warp.identity.Language;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.platform.WarpProperties;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.registry.Organisations;
import lat.warp.shared.Actors;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The bootstrap settings of CONTRACT.md: an administrator when none exists, and an API token with an
 * exact secret when no token has it. Creates the WARP organisation if there is none yet.
 */
@Component
@Order(10)
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final WarpProperties.Bootstrap settings;
    private final Organisations organisations;
    private final Users users;
    private final ApiTokens tokens;

    Bootstrap(WarpProperties properties, Organisations organisations, Users users, ApiTokens tokens) {
        this.settings = properties.bootstrap();
        this.organisations = organisations;
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public void run(ApplicationArguments args) {
        Actors.runAsSystem("bootstrap", () -> {
            if (present(settings.adminEmail()) && present(settings.adminPassword()) && !users.anyAdministrator()) {
                Organisation warp = warpOrganisation();
                users.create(new UserDraft(settings.adminEmail(), "Administrator", Language.ES, warp.id(),
                        Set.of(Role.ADMIN)), settings.adminPassword());
                log.info("Created the bootstrap administrator {}", settings.adminEmail());
            }
            if (present(settings.apiToken())) {
                if (tokens.ensureBootstrapToken(warpOrganisation().id(), settings.apiToken())) {
                    log.info("Created the bootstrap API token (role ADMIN)");
                }
            }
        });
    }

    private Organisation warpOrganisation() {
        return organisations.findWarpForSystem().orElseGet(() -> organisations.create(
                new OrganisationDraft("WARP", OrganisationKind.WARP, "UY", "Internet registry", true)));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
