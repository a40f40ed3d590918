package lat.warp.notification.web;

import lat.warp.notification.internal.WarpKey;
import lat.warp.shared.PublicEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The WARP's public OpenPGP key, for anyone to check the signatures of its messages. */
@Controller
class PgpKeyController {

    private final WarpKey key;

    PgpKeyController(WarpKey key) {
        this.key = key;
    }

    @GetMapping("/pgp-key")
    @PublicEndpoint("the WARP's public OpenPGP key")
    String page(Model model) {
        model.addAttribute("fingerprint", key.fingerprint());
        model.addAttribute("publicKey", key.publicKey());
        return "notification/pgp-key";
    }

    @GetMapping("/pgp-key.asc")
    @PublicEndpoint("the WARP's public OpenPGP key, ASCII-armoured")
    ResponseEntity<String> download() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pgp-keys"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"warp-" + key.fingerprint() + ".asc\"")
                .body(key.publicKey());
    }
}
