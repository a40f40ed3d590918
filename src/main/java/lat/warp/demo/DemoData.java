package lat.warp.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lat.warp.identity.Language;
import lat.warp.identity.User;
import lat.warp.identity.UserDraft;
import lat.warp.identity.Users;
import lat.warp.platform.ServerFacts;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo organisations and users once. Passwords are random per installation (a demo server
 * reachable by others must not have guessable logins); staff get a TOTP secret printed with them so
 * that a tester can compute codes.
 */
@Component
@Order(20)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String LOADED = "demo.loaded";
    static final String LOGINS_FILE = "demo-logins.txt";

    private final WarpProperties properties;
    private final ServerFacts facts;
    private final Organisations organisations;
    private final Users users;
    private final TransactionTemplate tx;
    private final lat.warp.registry.RegistryImports imports;
    private final lat.warp.registry.Contacts contacts;
    private final DemoReports reports;
    private final SecureRandom random = new SecureRandom();

    DemoData(WarpProperties properties, ServerFacts facts, Organisations organisations, Users users,
            TransactionTemplate tx, lat.warp.registry.RegistryImports imports, lat.warp.registry.Contacts contacts,
            DemoReports reports) {
        this.reports = reports;
        this.imports = imports;
        this.contacts = contacts;
        this.properties = properties;
        this.facts = facts;
        this.organisations = organisations;
        this.users = users;
        this.tx = tx;
    }

    /** One demo login, as printed. */
    record Login(String email, String password, Role role, String organisation, String totpSecret) {
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!properties.demoEnabled()) {
            return;
        }
        Path file = properties.dataDir().resolve(LOGINS_FILE);
        if (facts.get(LOADED).isPresent()) {
            if (Files.exists(file)) {
                log.info("Demo logins are in {}", file.toAbsolutePath());
            }
            return;
        }
        List<Login> logins = tx.execute(status -> Actors.runAsSystem("demo", this::load));
        if (logins == null || logins.isEmpty()) {
            return;
        }
        loadRegistry();
        reports.load();
        String text = format(logins);
        write(file, text);
        log.info("Demo data loaded. Log in at {}/login with one of these (also in {}):\n{}", properties.publicUrl(),
                file.toAbsolutePath(), text);
    }

    private List<Login> load() {
        if (!facts.recordOnce(LOADED, java.time.Instant.now().toString())) {
            return List.of();
        }
        Organisation warp = organisations.findWarpForSystem().orElseGet(() -> organisations.create(
                new OrganisationDraft("WARP LAC", OrganisationKind.WARP, "UY", "Internet registry", true)));
        Organisation andina = organisation("Telecomunicaciones Andinas S.A.", OrganisationKind.MEMBER, "PE", "ISP");
        Organisation universidad = organisation("Universidade Federal do Sul", OrganisationKind.MEMBER, "BR",
                "Academia");
        Organisation banco = organisation("Banco del Caribe", OrganisationKind.MEMBER, "DO", "Finance");
        Organisation csirt = organisation("CSIRT Nacional Demo", OrganisationKind.CSIRT, "CL", "Government");

        List<Login> logins = new ArrayList<>();
        logins.add(user("admin@warp.example", "Ana Admin", Language.ES, warp, Role.ADMIN, true));
        logins.add(user("analyst@warp.example", "Andrés Analista", Language.ES, warp, Role.ANALYST, true));
        logins.add(user("officer1@warp.example", "Olga Oficial", Language.ES, warp, Role.OFFICER, true));
        logins.add(user("officer2@warp.example", "Oscar Oficial", Language.PT, warp, Role.OFFICER, true));
        logins.add(user("security@andina.example", "Marta Seguridad", Language.ES, andina, Role.MEMBER_ADMIN, false));
        logins.add(user("noc@andina.example", "Nicolás NOC", Language.ES, andina, Role.MEMBER, false));
        logins.add(user("cti@ufs.example", "Paulo Segurança", Language.PT, universidad, Role.MEMBER_ADMIN, false));
        logins.add(user("soc@bancocaribe.example", "Sofía SOC", Language.ES, banco, Role.MEMBER, false));
        logins.add(user("handler@csirt.example", "Carla CSIRT", Language.ES, csirt, Role.CSIRT, false));
        return logins;
    }

    /**
     * The real LACNIC delegated file, routing table and AS names, shipped in the project; the largest
     * holders get readable demo names, and each demo member takes over one real holder's networks so
     * that attribution finds it.
     */
    private void loadRegistry() {
        Actors.runAsSystem("demo", () -> {
            importResource("delegated", "delegated-lacnic-extended-20240104.gz");
            importResource("routes", "ipasn6_20151101.dat.gz");
            importResource("asnames", "asnames.json.gz");
            for (var entry : DEMO_MEMBERS.entrySet()) {
                organisations.findByNameForSystem(entry.getKey()).ifPresent(member -> {
                    organisations.largestHolders(entry.getValue(), 1).stream().findFirst()
                            .ifPresent(holder -> organisations.moveResources(holder.id(), member.id()));
                    String domain = member.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "")
                            .substring(0, 8);
                    contacts.add(member.id(), lat.warp.registry.Contact.Role.ABUSE, "abuse@" + domain + ".example",
                            null, entry.getValue().equals("BR") ? "pt" : "es", null);
                    contacts.add(member.id(), lat.warp.registry.Contact.Role.SECURITY, "csirt@" + domain + ".example",
                            null, entry.getValue().equals("BR") ? "pt" : "es", null);
                });
            }
            List<Organisation> largest = organisations.largestHolders("", HOLDER_NAMES.size() + DEMO_MEMBERS.size());
            int named = 0;
            for (Organisation holder : largest) {
                if (named == HOLDER_NAMES.size() || DEMO_MEMBERS.containsKey(holder.name())) {
                    continue;
                }
                organisations.update(holder.id(), new OrganisationDraft(HOLDER_NAMES.get(named++) + " ("
                        + holder.country() + ")", holder.kind(), holder.country(), "ISP", false));
            }
        });
    }

    private void importResource(String kind, String file) {
        try (var in = getClass().getResourceAsStream("/registry/" + file)) {
            if (in == null) {
                log.warn("Demo registry file {} is missing from the build", file);
                return;
            }
            var report = switch (kind) {
                case "delegated" -> imports.importDelegated(file, in);
                case "routes" -> imports.importRoutes(file, in);
                default -> imports.importAsNames(file, in);
            };
            log.info("Demo import of {}: {} (added {}, changed {}, removed {})", file, report.outcome(), report.added(),
                    report.changed(), report.removed());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Demo members and the country whose largest real holder's networks each takes over. */
    private static final java.util.Map<String, String> DEMO_MEMBERS = java.util.Map.of(
            "Telecomunicaciones Andinas S.A.", "PE",
            "Universidade Federal do Sul", "BR",
            "Banco del Caribe", "DO");

    /** Readable names for the largest holders, so that the demo reads like a region and not like ids. */
    private static final List<String> HOLDER_NAMES = List.of("Conexión Austral", "Red Pampeana de Datos",
            "Telefonía del Altiplano", "Cabo Norte Telecom", "Fibra do Cerrado", "Rede Litorânea", "Andes Móvil",
            "Caribe Enlace", "Mesoamérica Net", "Sertão Conecta", "Río de la Plata Online", "Selva Digital",
            "Istmo Comunicaciones", "Patagonia Fibra", "Horizonte Banda Larga", "Valle Central Internet",
            "Puerto Cable", "Cordillera Data", "Mar Caribe Telecom", "Planalto Telecom", "Costa Pacífica Net",
            "Llanos Conectados", "Amazônia Link", "Sierra Madre Online", "Antillas Digitales", "Guaraní Net",
            "Atlântico Sul Telecom", "Bahía Azul Cable", "Volcán Comunicaciones", "Caatinga Fibra");

    private Organisation organisation(String name, OrganisationKind kind, String country, String sector) {
        return organisations.findByNameForSystem(name).orElseGet(
                () -> organisations.create(new OrganisationDraft(name, kind, country, sector, false)));
    }

    private Login user(String email, String name, Language language, Organisation organisation, Role role,
            boolean withTotp) {
        String password = password();
        User user = users.create(new UserDraft(email, name, language, organisation.id(), Set.of(role)), password);
        String secret = withTotp ? users.assignNewTwoFactorSecret(user.id()) : "";
        return new Login(email, password, role, organisation.name(), secret);
    }

    private String password() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String format(List<Login> logins) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("  %-26s %-20s %-13s %-32s %s%n", "e-mail", "password", "role", "organisation",
                "TOTP secret (base32)"));
        for (Login l : logins) {
            b.append(String.format("  %-26s %-20s %-13s %-32s %s%n", l.email(), l.password(), l.role(),
                    l.organisation(), l.totpSecret().isEmpty() ? "-" : l.totpSecret()));
        }
        return b.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "WARP demo logins. Staff must enter a TOTP code: add the secret to an "
                + "authenticator app (or compute it with oathtool --totp -b SECRET).\n\n" + text,
                StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
    }
}
