package care.neighbourhood.fhirserver.access;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the {@link CareAccessSweep} on a schedule. */
@Configuration
@EnableScheduling
class AccessConfig {}
