package care.neighbourhood.fhirserver.access;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the care access sweep and the audit retention check on a schedule. */
@Configuration
@EnableScheduling
class AccessConfig {}
