package lat.warp.registry.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import lat.warp.registry.ImportReport;
import lat.warp.registry.RegistryImports;
import lat.warp.shared.Permission;
import lat.warp.shared.RequiresPermission;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Registry imports for people: upload a delegated-statistics file, a routing table or AS names, see
 * what the import did (on top of the page, after the upload), and the history of every import with its report.
 */
@Controller
@RequestMapping("/registry/imports")
@RequiresPermission(Permission.REGISTRY_IMPORT)
class ImportPageController {

    /** Imports listed in the history. */
    static final int HISTORY_SIZE = 50;
    /** Problems shown for a refused import (the report keeps more). */
    static final int PROBLEMS_SHOWN = 100;

    private final RegistryImports imports;

    ImportPageController(RegistryImports imports) {
        this.imports = imports;
    }

    /** An import's report as the page shows it: the first problems, by line. */
    record ReportView(ImportReport report, List<ImportReport.Problem> problems) {
        static ReportView of(ImportReport report) {
            return new ReportView(report, report.problems().stream()
                    .sorted(Comparator.comparingInt(ImportReport.Problem::line)).limit(PROBLEMS_SHOWN).toList());
        }
    }

    /** The kinds of file the form offers, as the select's values. */
    enum Kind {
        DELEGATED("delegated"), ROUTES("routes"), AS_NAMES("as-names");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static @Nullable Kind of(String value) {
            for (Kind kind : values()) {
                if (kind.value.equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    @GetMapping
    String page(@RequestParam(name = "report", required = false) @Nullable String reportId, Model model) {
        if (reportId != null && !reportId.isBlank()) {
            model.addAttribute("report", ReportView.of(imports.report(reportId)));
        }
        model.addAttribute("history", imports.history(HISTORY_SIZE).stream().map(ReportView::of).toList());
        model.addAttribute("kinds", Kind.values());
        return "registry/imports";
    }

    @PostMapping
    String upload(@RequestParam(defaultValue = "") String kind, @RequestParam(required = false) @Nullable MultipartFile file,
            RedirectAttributes redirect) throws IOException {
        Kind chosen = Kind.of(kind);
        if (chosen == null) {
            redirect.addFlashAttribute("uploadError", "imports.error.kind");
            return "redirect:/registry/imports";
        }
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("uploadError", "imports.error.file");
            return "redirect:/registry/imports";
        }
        String name = sourceName(file.getOriginalFilename());
        ImportReport report;
        try (InputStream in = file.getInputStream()) {
            report = switch (chosen) {
                case DELEGATED -> imports.importDelegated(name, in);
                case ROUTES -> imports.importRoutes(name, in);
                case AS_NAMES -> imports.importAsNames(name, in);
            };
        }
        redirect.addAttribute("report", report.id());
        return "redirect:/registry/imports";
    }

    /** The file's own name, without any folder a browser may send along. */
    static String sourceName(@Nullable String original) {
        if (original == null || original.isBlank()) {
            return "upload";
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            return "upload";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
