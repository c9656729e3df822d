package care.neighbourhood.fhirserver.fuzz;

import java.time.Duration;
import org.springframework.test.context.TestPropertySource;

/** The fuzzer against the server on H2, in a database of its own: most of the run's cases. */
@TestPropertySource(
        properties = "spring.datasource.url=jdbc:h2:mem:fhir-fuzz;DB_CLOSE_DELAY=-1;MODE=LEGACY;LOCK_TIMEOUT=10000")
class FhirApiFuzzTest extends FhirApiFuzzing {

    @Override
    Duration defaultDuration() {
        return Duration.ofSeconds(45);
    }
}
