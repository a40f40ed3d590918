package lat.warp.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import lat.warp.access.AccessControl;
import lat.warp.registry.Attribution;
import lat.warp.registry.AttributionResult;
import lat.warp.registry.IpPrefix;
import lat.warp.shared.Actor;
import lat.warp.shared.InvalidInputException;
import lat.warp.shared.OrganisationId;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Whose addresses are these?" for people: paste up to 10,000 addresses, one per line or separated by
 * spaces or commas. Entries that are not addresses are listed apart, by line, and the others are
 * looked up. Works as a plain form; with htmx only the results are swapped in.
 */
@Controller
@RequestMapping("/registry/lookup")
@RequiresPermission(Permission.ATTRIBUTION_LOOKUP)
class LookupPageController {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final int MAX_SHOWN_LENGTH = 60;

    private final Attribution attribution;
    private final AccessControl access;

    LookupPageController(Attribution attribution, AccessControl access) {
        this.attribution = attribution;
        this.access = access;
    }

    /** An entry that is not an address, with the line it was on. */
    record InvalidEntry(int line, String entry) {
    }

    /** One result, and whether the reader may open the holder's page. */
    record Row(AttributionResult result, boolean holderLinked) {
    }

    /** What the pasted text holds: the entries to look up and those that are not addresses. */
    record Entries(List<String> valid, List<InvalidEntry> invalid) {
        int total() {
            return valid.size() + invalid.size();
        }
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("addresses", "");
        model.addAttribute("max", Attribution.MAX_BULK);
        return "registry/lookup";
    }

    @PostMapping
    String lookup(@RequestParam(defaultValue = "") String addresses,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
            HttpServletResponse response) {
        response.addHeader("Vary", "HX-Request");
        model.addAttribute("addresses", addresses);
        model.addAttribute("max", Attribution.MAX_BULK);
        Entries entries = split(addresses);
        model.addAttribute("submitted", true);
        if (entries.total() > Attribution.MAX_BULK) {
            model.addAttribute("tooMany", entries.total());
        } else {
            List<AttributionResult> results = attribution.lookupAll(entries.valid());
            Actor viewer = access.current();
            model.addAttribute("rows", results.stream().map(r -> new Row(r, mayOpen(viewer, r.holder()))).toList());
            model.addAttribute("inRegion", results.stream().filter(AttributionResult::inRegion).count());
            model.addAttribute("invalid", entries.invalid());
        }
        return "true".equals(htmx) ? "registry/lookup :: results" : "registry/lookup";
    }

    /** Splits the pasted text into entries; blank lines and repeated separators are ignored. */
    static Entries split(String text) {
        List<String> valid = new ArrayList<>();
        List<InvalidEntry> invalid = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            for (String entry : SEPARATORS.split(lines[i].strip())) {
                if (entry.isEmpty()) {
                    continue;
                }
                try {
                    IpPrefix.IpAddress.parse(entry);
                    valid.add(entry);
                } catch (InvalidInputException e) {
                    invalid.add(new InvalidEntry(i + 1, entry.length() > MAX_SHOWN_LENGTH
                            ? entry.substring(0, MAX_SHOWN_LENGTH) + "…" : entry));
                }
            }
        }
        return new Entries(valid, invalid);
    }

    private boolean mayOpen(Actor viewer, AttributionResult.@Nullable Holder holder) {
        return holder != null && access.canActOn(viewer, OrganisationId.of(holder.id()),
                Permission.ORGANISATION_READ_OWN, Permission.ORGANISATION_READ_ANY);
    }
}
