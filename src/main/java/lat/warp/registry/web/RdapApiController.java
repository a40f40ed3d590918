package lat.warp.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import lat.warp.registry.RdapLookups;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Abuse contacts from RDAP for the holder of an address. */
@RestController
@RequestMapping("/api/v1/registry/rdap")
@Tag(name = "Registry")
class RdapApiController {

    private final RdapLookups rdap;

    RdapApiController(RdapLookups rdap) {
        this.rdap = rdap;
    }

    @PostMapping("/{ip}")
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "Look the address up in RDAP (cached, rate-limited) and store the abuse contacts found "
            + "for its holder; 503 when the RDAP server cannot be reached and nothing is cached")
    RdapLookups.Outcome refresh(@PathVariable String ip) {
        return rdap.refresh(ip);
    }
}
