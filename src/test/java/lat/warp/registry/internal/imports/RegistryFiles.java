package lat.warp.registry.internal.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The registry data files of src/main/resources/registry and src/test/resources/registry, for tests. */
final class RegistryFiles {

    static final String LACNIC = "/registry/delegated-lacnic-extended-20240104.gz";
    static final String LACNIC_EXCERPT = "/registry/delegated-lacnic-extended-20240104-excerpt.txt";
    static final String AFRINIC_EXCERPT = "/registry/delegated-afrinic-extended-20240105-nonCIDR-excerpt.txt";
    static final String IPASN_V4 = "/registry/ipasn_20140513.dat.gz";
    static final String IPASN_V6 = "/registry/ipasn6_20151101.dat.gz";
    static final String AS_NAMES = "/registry/asnames.json.gz";

    private RegistryFiles() {
    }

    static InputStream open(String resource) {
        InputStream in = RegistryFiles.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }

    static byte[] bytes(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static byte[] gunzip(byte[] gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
