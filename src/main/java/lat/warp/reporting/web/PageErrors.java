package lat.warp.reporting.web;

import lat.warp.shared.InvalidInputException;

/** The message a reporting page shows for input the service refused: one key per field the services name. */
final class PageErrors {

    private PageErrors() {
    }

    /** A form value the page itself refuses before calling a service: the message key to show. */
    static final class Refused extends RuntimeException {
        private final String key;

        Refused(String key) {
            super(key, null, false, false);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    static String key(InvalidInputException e) {
        if (e instanceof lat.warp.reporting.IllegalTransitionException) {
            return "incidentPage.error.transition";
        }
        return switch (e.field()) {
            case "state" -> "incidentPage.error.transition";
            case "organisation" -> "pageError.organisation";
            case "classification", "classification.type", "type" -> "pageError.classification";
            case "report" -> "pageError.report";
            case "csirt" -> "pageError.csirt";
            case "incident", "into" -> "pageError.incident";
            case "text", "body", "message", "question", "note" -> "incidentPage.error.body";
            case "file" -> "pageError.file";
            case "events" -> "incidents.fromEvents.none";
            case "assignee" -> "pageError.assignee";
            case "tlp" -> "pageError.tlp";
            case "severity" -> "pageError.severity";
            default -> "pageError.invalid";
        };
    }
}
