package care.neighbourhood.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The team portal: a server-rendered view on the shared care record for the neighbourhood team. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TeamPortalApplication {

    public static void main(String[] args) {
        SpringApplication.run(TeamPortalApplication.class, args);
    }
}
