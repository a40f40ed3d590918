package lat.warp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The WARP server: one deployable, one PostgreSQL database, modules under {@code lat.warp}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WarpApplication {
    public static void main(String[] args) {
        SpringApplication.run(WarpApplication.class, args);
    }
}
