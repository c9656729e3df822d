package care.neighbourhood.fhirserver.support;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The FHIR server on a fresh PostgreSQL database (HAPI's PostgreSQL dialect and schema migration). */
@ActiveProfiles({"test", "postgres"})
public abstract class PostgresFhirServerTestBase extends FhirServerTestBase {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase database = PostgresTestDatabase.shared();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }
}
