package care.neighbourhood.fhirserver.access;

import org.springframework.test.context.TestPropertySource;

/** The same label and meta checks with searches narrowed the way large caseloads are. */
@TestPropertySource(
        properties = {
            "workspace.access.max-listed-people=0",
            "spring.datasource.url=jdbc:h2:mem:fhir-test-large-caseloads;DB_CLOSE_DELAY=-1;MODE=LEGACY;LOCK_TIMEOUT=10000"
        })
class LabelGuardWithLargeCaseloadsTest extends LabelGuardTest {}
