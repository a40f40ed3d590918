package lat.warp.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import lat.warp.events.Tlp;
import lat.warp.registry.Organisation;
import lat.warp.registry.Organisations;
import lat.warp.registry.RegistryResources;
import lat.warp.reporting.Incident;
import lat.warp.reporting.IncidentState;
import lat.warp.reporting.Incidents;
import lat.warp.reporting.MemberReport;
import lat.warp.reporting.ReportId;
import lat.warp.reporting.ReportIntake;
import lat.warp.reporting.ReportQueue;
import lat.warp.reporting.Severity;
import lat.warp.reporting.TriageDecision;
import lat.warp.shared.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A few realistic reports and incidents for the demo members, through the reporting services: a phishing
 * incident notified to the Peruvian ISP, a scanning incident acknowledged by the Brazilian university, a
 * malware report waiting in the queue, one handed to the demo CSIRT, and one about addresses outside the region.
 */
@Component
class DemoReports {

    private static final Logger log = LoggerFactory.getLogger(DemoReports.class);

    private final Organisations organisations;
    private final RegistryResources resources;
    private final ReportIntake intake;
    private final ReportQueue queue;
    private final Incidents incidents;

    DemoReports(Organisations organisations, RegistryResources resources, ReportIntake intake, ReportQueue queue,
            Incidents incidents) {
        this.organisations = organisations;
        this.resources = resources;
        this.intake = intake;
        this.queue = queue;
        this.incidents = incidents;
    }

    void load() {
        try {
            Actors.runAsSystem("demo", this::loadAsSystem);
        } catch (RuntimeException e) {
            log.warn("Demo reports could not be loaded; the rest of the demo is unaffected", e);
        }
    }

    private void loadAsSystem() {
        Optional<String> andina = host("Telecomunicaciones Andinas S.A.", 10);
        Optional<String> ufs = host("Universidade Federal do Sul", 23);
        Optional<String> banco = host("Banco del Caribe", 77);
        andina.ifPresent(ip -> {
            ReportId id = report("Phishing de banca en " + ip, "Encontramos una página que imita a un banco en "
                    + "http://" + ip + "/banca/login.php, reportada por varios clientes esta mañana.", "phishing");
            Incident incident = open(id, "phishing", Tlp.AMBER, Severity.HIGH);
            if (incident != null) {
                incidents.notifyMember(incident.id(), "Por favor, den de baja la página de phishing alojada en "
                        + ip + " y confírmennos cuando esté resuelto.");
            }
        });
        ufs.ifPresent(ip -> {
            ReportId id = submitJson("""
                    {"subject": "RDP scanning from %1$s", "description": "Our sensors saw %1$s scanning TCP 3389 \
                    across our network for six hours.", "classification": "scanner", "reporterName": "Sensor network"}
                    """.formatted(ip));
            Incident incident = open(id, "scanner", Tlp.GREEN, Severity.LOW);
            if (incident != null) {
                incidents.notifyMember(incident.id(), "Um equipamento da sua rede está varrendo a porta 3389.");
                incidents.changeState(incident.id(), IncidentState.ACKNOWLEDGED, null);
            }
        });
        banco.ifPresent(ip -> report("Malware descargado desde " + ip, "El archivo factura.exe descargado desde http://"
                + ip + "/factura.exe es un troyano bancario.", "malware-distribution"));
        organisations.findByNameForSystem("CSIRT Nacional Demo").ifPresent(csirt -> andina.ifPresent(ip -> {
            ReportId id = report("Defacement en " + ip, "El sitio alojado en " + ip + " muestra una página "
                    + "alterada.", null);
            queue.forwardToCsirt(id, csirt.id(), new TriageDecision("defacement", Tlp.AMBER, Severity.MEDIUM, null,
                    null), "Sitio de gobierno de su país.");
        }));
        report("Spam desde 8.8.8.8", "Recibimos spam enviado desde 8.8.8.8.", "spam");
    }

    private Optional<String> host(String member, int last) {
        return organisations.findByNameForSystem(member).flatMap(this::firstIpv4).map(prefix -> {
            String base = prefix.substring(0, prefix.indexOf('/'));
            return base.substring(0, base.lastIndexOf('.') + 1) + last;
        });
    }

    private Optional<String> firstIpv4(Organisation organisation) {
        return resources.of(organisation.id()).prefixes().stream().map(p -> p.prefix())
                .filter(p -> p.contains(".")).findFirst();
    }

    private ReportId report(String subject, String description, String classification) {
        return intake.submitAsMember(new MemberReport(subject, description, classification, List.of())).reportId();
    }

    private ReportId submitJson(String json) {
        return intake.submit(json.getBytes(StandardCharsets.UTF_8), "application/json").reportId();
    }

    private Incident open(ReportId id, String type, Tlp tlp, Severity severity) {
        var report = queue.get(id);
        if (report.incident() != null) {
            return incidents.get(report.incident()).incident();
        }
        return queue.openIncident(id, new TriageDecision(type, tlp, severity, null, null));
    }
}
