package lat.warp.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Whose address is this?" over the API, for one address or up to 10,000. */
@RestController
@RequestMapping("/api/v1/attribution")
@Tag(name = "Registry")
class AttributionApiController {

    private final Attribution attribution;

    AttributionApiController(Attribution attribution) {
        this.attribution = attribution;
    }

    @GetMapping("/{ip}")
    @RequiresPermission(Permission.ATTRIBUTION_LOOKUP)
    @Operation(summary = "Who holds an IPv4 or IPv6 address, in which country, behind which AS, and whom to tell")
    AttributionResult one(@PathVariable String ip) {
        return attribution.lookup(ip);
    }

    @PostMapping
    @RequiresPermission(Permission.ATTRIBUTION_LOOKUP)
    @Operation(summary = "The same for a JSON array of up to 10,000 addresses, answered in order")
    List<AttributionResult> many(@RequestBody List<String> ips) {
        return attribution.lookupAll(ips);
    }
}
