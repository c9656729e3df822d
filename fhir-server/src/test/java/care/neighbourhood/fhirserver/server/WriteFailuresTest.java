package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/** Which failures of a write a retry cannot cure, and how they are answered. */
class WriteFailuresTest {

    @Test
    void aWriteOnAVersionThatIsNoLongerCurrentIsAFailedPrecondition() {
        for (String code : new String[] {"HAPI-0989", "HAPI-0974", "HAPI-0961"}) {
            RuntimeException answer = WriteFailures.classify(new ResourceVersionConflictException(
                    code + ": Trying to update Task/1/_history/1 but this is not the current version"));
            assertThat(answer).isInstanceOf(PreconditionFailedException.class);
            assertThat(answer.getMessage()).contains("changed by someone else").doesNotContain("HAPI-");
        }
    }

    @Test
    void dataTheDatabaseRefusesIsUnprocessableInTheServersWords() {
        SQLException tooLong = new SQLException("ERROR: value too long for type character varying(200)", "22001");
        SQLException nul = new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        for (SQLException cause : new SQLException[] {tooLong, nul}) {
            RuntimeException answer =
                    WriteFailures.classify(new DataIntegrityViolationException("could not execute batch", cause));
            assertThat(answer).isInstanceOf(UnprocessableEntityException.class);
            assertThat(answer.getMessage())
                    .doesNotContain("varying")
                    .doesNotContain("0x00")
                    .doesNotContain("batch");
        }
    }

    @Test
    void aGenuineCollisionIsLeftToBeRetried() {
        ResourceVersionConflictException collision =
                new ResourceVersionConflictException("HAPI-0823: The operation has failed with a version constraint");
        assertThat(WriteFailures.classify(collision)).isSameAs(collision);
        DataIntegrityViolationException duplicate = new DataIntegrityViolationException(
                "duplicate key", new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(WriteFailures.classify(duplicate)).isSameAs(duplicate);
    }
}
