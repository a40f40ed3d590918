package lat.warp.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import lat.warp.platform.WarpProperties;
import org.springframework.stereotype.Component;

/**
 * Keeps every received import file under WARP_DATA_DIR/imports before it is parsed, so that nothing
 * received is ever lost, even a file that is refused.
 */
@Component
public class ImportArchive {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    ImportArchive(WarpProperties properties) {
        this.root = properties.dataDir().resolve("imports");
    }

    public Path keep(String kind, String sourceName, InputStream content) throws IOException {
        Path dir = Files.createDirectories(root.resolve(kind));
        String safe = sourceName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        Path target = dir.resolve(LocalDateTime.now().format(STAMP) + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "-" + safe);
        Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
