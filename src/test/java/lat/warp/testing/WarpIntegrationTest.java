package lat.warp.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import lat.warp.WarpApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the whole server on a random port with a real PostgreSQL. All such tests share one
 * Spring context (and one database), so each test makes its own organisations and users with
 * {@link Fixtures} rather than expecting an empty database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// The application class is named, so that a test configuration nested in a test package is never picked instead.
@SpringBootTest(classes = WarpApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({Fixtures.class, AuditProbe.class})
public @interface WarpIntegrationTest {
}
