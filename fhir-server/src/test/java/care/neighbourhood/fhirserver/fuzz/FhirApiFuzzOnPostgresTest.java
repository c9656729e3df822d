package care.neighbourhood.fhirserver.fuzz;

import care.neighbourhood.fhirserver.support.PostgresTestDatabase;
import java.time.Duration;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fuzzer against the server on PostgreSQL, in a database of its own: the same cases from the
 * start, for a shorter time, where the database's own limits (numbers, text, plans) are the real ones.
 */
@ActiveProfiles({"test", "postgres"})
class FhirApiFuzzOnPostgresTest extends FhirApiFuzzing {

    @DynamicPropertySource
    static void itsOwnDatabase(DynamicPropertyRegistry registry) {
        PostgresTestDatabase database = PostgresTestDatabase.ofItsOwn("fuzz");
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    @Override
    Duration defaultDuration() {
        return Duration.ofSeconds(30);
    }
}
