package lat.warp.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import lat.warp.shared.RequiresPermission;
import lat.warp.registry.Organisation;
import lat.warp.registry.OrganisationDraft;
import lat.warp.registry.Organisations;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Organisations over the API. */
@RestController
@RequestMapping("/api/v1/organisations")
@Tag(name = "Registry")
class OrganisationApiController {

    private final Organisations organisations;

    OrganisationApiController(Organisations organisations) {
        this.organisations = organisations;
    }

    record OrganisationView(String id, String name, OrganisationKind kind, String country, @Nullable String sector,
            boolean requireTwoFactor, Instant createdAt) {
        static OrganisationView of(Organisation o) {
            return new OrganisationView(o.id().toString(), o.name(), o.kind(), o.country(), o.sector(),
                    o.twoFactorMandatory(), o.createdAt());
        }
    }

    record OrganisationBody(@Nullable String name, @Nullable OrganisationKind kind, @Nullable String country,
            @Nullable String sector, @Nullable Boolean requireTwoFactor) {
        OrganisationDraft draft() {
            return new OrganisationDraft(name, kind, country, sector, Boolean.TRUE.equals(requireTwoFactor));
        }
    }

    @GetMapping
    @RequiresPermission(Permission.ORGANISATION_READ_ANY)
    @Operation(summary = "Search organisations by name or country")
    List<OrganisationView> list(@RequestParam(name = "q", defaultValue = "") String query) {
        return organisations.list(query).stream().map(OrganisationView::of).toList();
    }

    @GetMapping("/{id}")
    @RequiresPermission({Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY})
    @Operation(summary = "One organisation: one's own, or any for analysts")
    OrganisationView get(@PathVariable String id) {
        return OrganisationView.of(organisations.get(parse(id)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.ORGANISATION_MANAGE_ANY)
    @Operation(summary = "Add an organisation")
    OrganisationView create(@RequestBody OrganisationBody body) {
        return OrganisationView.of(organisations.create(body.draft()));
    }

    @PutMapping("/{id}")
    @RequiresPermission(Permission.ORGANISATION_MANAGE_ANY)
    @Operation(summary = "Change an organisation's name, country, sector and two-factor policy")
    OrganisationView update(@PathVariable String id, @RequestBody OrganisationBody body) {
        return OrganisationView.of(organisations.update(parse(id), body.draft()));
    }

    private static OrganisationId parse(String id) {
        try {
            return OrganisationId.of(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("organisation", "Not an organisation id: expected a UUID.");
        }
    }
}
