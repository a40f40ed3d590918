package lat.warp.registry;

import java.util.List;
import java.util.Optional;
import lat.warp.access.AccessControl;
import lat.warp.audit.AuditAction;
import lat.warp.audit.AuditTrail;
import lat.warp.registry.internal.OrganisationRepository;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.NotFoundException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.OrganisationKind;
import lat.warp.shared.Permission;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use cases on organisations. Every method checks the caller's permission itself. */
@Service
public class Organisations {

    private final OrganisationRepository repository;
    private final AccessControl access;
    private final AuditTrail audit;
    private final org.springframework.context.ApplicationEventPublisher events;

    public Organisations(OrganisationRepository repository, AccessControl access, AuditTrail audit,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.access = access;
        this.audit = audit;
    }

    /** Every organisation, by name (analysts' directory). */
    @Transactional(readOnly = true)
    public List<Organisation> list(String query) {
        access.require(Permission.ORGANISATION_READ_ANY, "list organisations");
        return repository.search(query == null ? "" : query.strip());
    }

    /** One organisation: one's own, or any with ORGANISATION_READ_ANY. */
    @Transactional(readOnly = true)
    public Organisation get(OrganisationId id) {
        access.requireForOrganisation(id, Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY,
                "read this organisation");
        return repository.find(id).orElseThrow(() -> new NotFoundException("No such organisation."));
    }

    @Transactional
    public Organisation create(OrganisationDraft draft) {
        access.require(Permission.ORGANISATION_MANAGE_ANY, "create organisations");
        if (draft.kind() == OrganisationKind.WARP && repository.findWarp().isPresent()) {
            throw new InvalidInputException("kind", "There is already a WARP organisation.");
        }
        if (repository.findByName(draft.name()).isPresent()) {
            throw new InvalidInputException("name", "An organisation with this name already exists.");
        }
        Organisation created = repository.insert(OrganisationId.random(), draft);
        audit.entry(AuditAction.ORGANISATION_CREATED).organisation(created.id()).object("organisation", created.id())
                .detail("name", created.name()).detail("kind", created.kind()).detail("country", created.country())
                .success();
        return created;
    }

    /** Changes name, country and sector (administrators only); the kind never changes. */
    @Transactional
    public Organisation update(OrganisationId id, OrganisationDraft draft) {
        access.require(Permission.ORGANISATION_MANAGE_ANY, "change organisations");
        Organisation current = repository.find(id).orElseThrow(() -> new NotFoundException("No such organisation."));
        if (current.kind() != draft.kind()) {
            throw new InvalidInputException("kind", "The kind of an organisation cannot change.");
        }
        repository.findByName(draft.name()).filter(o -> !o.id().equals(id)).ifPresent(o -> {
            throw new InvalidInputException("name", "An organisation with this name already exists.");
        });
        Organisation updated = repository.update(id, draft);
        audit.entry(AuditAction.ORGANISATION_UPDATED).organisation(id).object("organisation", id)
                .detail("name", updated.name()).detail("country", updated.country())
                .detail("requireTwoFactor", updated.requireTwoFactor()).success();
        return updated;
    }

    /** Member admins may demand two-factor for their own organisation; admins for any. */
    @Transactional
    public Organisation setTwoFactorRequired(OrganisationId id, boolean required) {
        access.requireForOrganisation(id, Permission.ORGANISATION_MANAGE_OWN, Permission.ORGANISATION_MANAGE_ANY,
                "change this organisation's two-factor policy");
        Organisation current = repository.find(id).orElseThrow(() -> new NotFoundException("No such organisation."));
        if (current.kind() == OrganisationKind.WARP && !required) {
            throw new InvalidInputException("requireTwoFactor", "Two-factor is always required for WARP staff.");
        }
        repository.setTwoFactorRequired(id, required);
        audit.entry(AuditAction.ORGANISATION_UPDATED).organisation(id).object("organisation", id)
                .detail("requireTwoFactor", required).success();
        return repository.find(id).orElseThrow();
    }

    /**
     * Moves every resource and contact of one organisation to another (a holder found to be a member
     * already known under another name). Administrators only; the emptied organisation stays.
     */
    @Transactional
    public int moveResources(OrganisationId from, OrganisationId to) {
        access.require(Permission.ORGANISATION_MANAGE_ANY, "move resources between organisations");
        repository.find(from).orElseThrow(() -> new NotFoundException("No such organisation."));
        repository.find(to).orElseThrow(() -> new NotFoundException("No such organisation."));
        int moved = repository.moveResources(from, to);
        audit.entry(AuditAction.ORGANISATION_UPDATED).organisation(to).object("organisation", to)
                .detail("resourcesMovedFrom", from).detail("resources", moved).success();
        events.publishEvent(new RegistryChanged("resources moved"));
        return moved;
    }

    /** The organisations holding the most address blocks in the registry, largest first. */
    @Transactional(readOnly = true)
    public List<Organisation> largestHolders(String country, int limit) {
        access.require(Permission.ORGANISATION_READ_ANY, "list the largest holders");
        return repository.largestHolders(country, limit);
    }

    /**
     * Looks an organisation up without a permission check, for other modules' internal use (login
     * decides whether two-factor is mandatory before anyone is logged in). Never expose it to a caller.
     */
    @Transactional(readOnly = true)
    public Optional<Organisation> findForSystem(OrganisationId id) {
        return repository.find(id);
    }

    @Transactional(readOnly = true)
    public Optional<Organisation> findWarpForSystem() {
        return repository.findWarp();
    }

    @Transactional(readOnly = true)
    public Optional<Organisation> findByNameForSystem(String name) {
        return repository.findByName(name);
    }

    /** The CSIRTs registered for a country, for other modules' internal use (forwarding a report). */
    @Transactional(readOnly = true)
    public List<Organisation> findCsirtsForSystem(String country) {
        return repository.findByKindAndCountry(lat.warp.shared.OrganisationKind.CSIRT, country);
    }
}
