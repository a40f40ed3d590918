package lat.warp.notification;

import java.util.Optional;

/**
 * The acknowledgement links in notifications: a single-use secret per message (only its hash is kept),
 * usable without logging in. Opening the link only shows what it acknowledges; acknowledging is a POST.
 */
public interface Acknowledgements {

    /** What a link acknowledges, if it is valid and unused. */
    Optional<Pending> peek(String token);

    /** Acknowledges, once: false when the link is unknown, used or expired. */
    boolean confirm(String token);

    /** What an unused link stands for. */
    record Pending(String reference, String title, String language) {
    }
}
