package care.neighbourhood.fhirserver.export;

import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How often HAPI moves its jobs (exports among them) on to their next step. */
@Configuration
public class ExportConfig {

    /**
     * HAPI moves a job to its next step in a maintenance pass, once a minute by default: an export of a
     * few records then took two minutes, most of it waiting. A pass is one small query when no job is
     * running, so it runs every {@code workspace.export.progress-interval} (default five seconds).
     */
    @Bean
    static BeanPostProcessor jobProgressInterval(@Value("${workspace.export.progress-interval:PT5S}") String interval) {
        long millis = Duration.parse(interval).toMillis();
        if (millis < 1000) {
            throw new IllegalStateException("workspace.export.progress-interval must be at least a second");
        }
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof JobMaintenanceServiceImpl maintenance) {
                    maintenance.setScheduledJobFrequencyMillis(millis);
                }
                return bean;
            }
        };
    }
}
