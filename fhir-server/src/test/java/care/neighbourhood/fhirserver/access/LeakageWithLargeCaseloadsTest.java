package care.neighbourhood.fhirserver.access;

import org.springframework.test.context.TestPropertySource;

/**
 * The same leakage checks with searches narrowed the way large caseloads are: by the chained reverse
 * chain over the care access index instead of a list of the caseload's ids.
 */
@TestPropertySource(
        properties = {
            "workspace.access.max-listed-people=0",
            "spring.datasource.url=jdbc:h2:mem:fhir-test-large-caseloads;DB_CLOSE_DELAY=-1;MODE=LEGACY;LOCK_TIMEOUT=10000"
        })
class LeakageWithLargeCaseloadsTest extends LeakageTest {}
