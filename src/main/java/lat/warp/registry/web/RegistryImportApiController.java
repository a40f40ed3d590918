package lat.warp.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import lat.warp.registry.ImportReport;
import lat.warp.registry.RegistryImports;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Registry imports over the API: the body is the file itself, plain or gzipped. */
@RestController
@RequestMapping("/api/v1/registry/imports")
@Tag(name = "Registry")
class RegistryImportApiController {

    private final RegistryImports imports;

    RegistryImportApiController(RegistryImports imports) {
        this.imports = imports;
    }

    @PostMapping("/delegated")
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "Import an NRO extended delegated-statistics file; replies with what was added, changed, "
            + "removed and rejected. A file with any bad line is refused whole (422) with the line numbers and reasons.")
    ResponseEntity<?> delegated(@RequestParam(defaultValue = "upload") String name, HttpServletRequest request)
            throws IOException {
        return answer(imports.importDelegated(name, request.getInputStream()), request);
    }

    @PostMapping("/routes")
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "Replace the routing table with a prefix → origin AS table in pyasn format")
    ResponseEntity<?> routes(@RequestParam(defaultValue = "upload") String name, HttpServletRequest request)
            throws IOException {
        return answer(imports.importRoutes(name, request.getInputStream()), request);
    }

    @PostMapping("/as-names")
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "Replace the AS names with a pyasn asnames.json file")
    ResponseEntity<?> asNames(@RequestParam(defaultValue = "upload") String name, HttpServletRequest request)
            throws IOException {
        return answer(imports.importAsNames(name, request.getInputStream()), request);
    }

    @PostMapping("/roster")
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "Import the member roster (format=json or csv; see docs/registry-roster-format.md)")
    ResponseEntity<?> roster(@RequestParam(defaultValue = "upload") String name,
            @RequestParam(defaultValue = "json") String format, HttpServletRequest request) throws IOException {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new lat.warp.shared.InvalidInputException("format", "The roster format must be json or csv.");
        }
        return answer(imports.importRoster(name, request.getInputStream(), format.equals("json")), request);
    }

    @GetMapping
    @RequiresPermission(Permission.REGISTRY_IMPORT)
    @Operation(summary = "The latest imports with their reports")
    List<ImportReport> history(@RequestParam(defaultValue = "50") int limit) {
        return imports.history(limit);
    }

    private static ResponseEntity<?> answer(ImportReport report, HttpServletRequest request) {
        if (!report.refused()) {
            return ResponseEntity.ok(report);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The file was refused: " + report.rejected() + " problem(s), the first at line "
                        + report.problems().getFirst().line() + ": " + report.problems().getFirst().reason()
                        + ". Nothing was changed.");
        problem.setTitle("Import refused");
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("report", report);
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
