package lat.warp.notification.internal;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lat.warp.notification.NotificationPolicy;
import lat.warp.reporting.Severity;
import lat.warp.shared.OrganisationId;
import org.jspecify.annotations.Nullable;

/** The policy of an organisation that saved none: a daily digest on business days to its abuse contacts. */
final class DefaultPolicies {

    /** Countries of the LACNIC region (and Spain) that speak Spanish; Brazil speaks Portuguese; the rest English. */
    static final Set<String> SPANISH = Set.of("AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GT", "HN", "MX",
            "NI", "PA", "PE", "PR", "PY", "SV", "UY", "VE", "GQ");

    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("AR", "America/Argentina/Buenos_Aires"), Map.entry("BO", "America/La_Paz"),
            Map.entry("BR", "America/Sao_Paulo"), Map.entry("CL", "America/Santiago"),
            Map.entry("CO", "America/Bogota"), Map.entry("CR", "America/Costa_Rica"),
            Map.entry("CU", "America/Havana"), Map.entry("DO", "America/Santo_Domingo"),
            Map.entry("EC", "America/Guayaquil"), Map.entry("GT", "America/Guatemala"),
            Map.entry("HN", "America/Tegucigalpa"), Map.entry("MX", "America/Mexico_City"),
            Map.entry("NI", "America/Managua"), Map.entry("PA", "America/Panama"), Map.entry("PE", "America/Lima"),
            Map.entry("PY", "America/Asuncion"), Map.entry("SV", "America/El_Salvador"),
            Map.entry("UY", "America/Montevideo"), Map.entry("VE", "America/Caracas"),
            Map.entry("TT", "America/Port_of_Spain"), Map.entry("HT", "America/Port-au-Prince"),
            Map.entry("JM", "America/Jamaica"), Map.entry("GY", "America/Guyana"),
            Map.entry("SR", "America/Paramaribo"), Map.entry("BZ", "America/Belize"));

    private DefaultPolicies() {
    }

    static String language(@Nullable String country) {
        if (country == null) {
            return "en";
        }
        if (country.equalsIgnoreCase("BR")) {
            return "pt";
        }
        return SPANISH.contains(country.toUpperCase(java.util.Locale.ROOT)) ? "es" : "en";
    }

    static ZoneId zone(@Nullable String country) {
        String zone = country == null ? null : ZONES.get(country.toUpperCase(java.util.Locale.ROOT));
        return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    }

    static NotificationPolicy of(OrganisationId organisation, @Nullable String country,
            List<lat.warp.notification.Webhook> webhooks) {
        return new NotificationPolicy(organisation, false, List.of(), webhooks, NotificationPolicy.Schedule.DAILY, true,
                zone(country), language(country), NotificationPolicy.AttachmentFormat.CSV, Severity.LOW, Set.of(),
                true);
    }
}
