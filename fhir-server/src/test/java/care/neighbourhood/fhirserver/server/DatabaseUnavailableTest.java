package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

/** A database that cannot be reached is a 503 the client may retry, not a 500. */
class DatabaseUnavailableTest {

    private final SafeErrorInterceptor interceptor = new SafeErrorInterceptor();

    @Test
    void theWaysADatabaseOutageSurfaceAreEachA503WithRetryAfter() {
        List<Throwable> outages = List.of(
                new CannotCreateTransactionException(
                        "Could not open JPA EntityManager for transaction",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")),
                new JDBCConnectionException(
                        "could not execute statement",
                        new SQLException("terminating connection due to administrator command", "57P01")),
                new InternalErrorException(
                        "HAPI-0389: failed",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006")),
                new IllegalStateException(new SQLException("the database system is starting up", "57P03")),
                new InternalErrorException("FATAL: terminating connection due to administrator command"),
                // A search whose query failed on HAPI's search thread: HAPI passes on the message alone.
                new InternalErrorException("Connection is closed"),
                new org.springframework.orm.jpa.JpaSystemException(new org.hibernate.TransactionException(
                        "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))));
        for (Throwable outage : outages) {
            BaseServerResponseException answer = answerTo(outage);
            assertThat(answer.getStatusCode()).as(outage.toString()).isEqualTo(503);
            assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", List.of("5"));
            assertThat(answer.getMessage()).contains("Send it again").doesNotContain("Hikari", "57P");
        }
    }

    @Test
    void otherDatabaseErrorsStayInternalErrorsWithOnlyAReference() {
        for (Throwable failure : List.of(
                new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505")),
                new IllegalStateException("something else"),
                new SQLException("syntax error", "42601"))) {
            BaseServerResponseException answer = answerTo(failure);
            assertThat(answer.getStatusCode()).as(failure.toString()).isEqualTo(500);
            assertThat(answer.getResponseHeaders()).doesNotContainKey("Retry-After");
            assertThat(answer.getMessage()).contains("Quote reference");
        }
    }

    @Test
    void aVersionConflictInASearchIsA503ButInAWriteStaysA409() {
        ResourceVersionConflictException conflict =
                new ResourceVersionConflictException("HAPI-0549: Max retries (4) exceeded for version conflict");
        for (RestOperationTypeEnum read : List.of(
                RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.READ, RestOperationTypeEnum.GET_PAGE)) {
            BaseServerResponseException answer = answerTo(conflict, read);
            assertThat(answer.getStatusCode()).as(read.name()).isEqualTo(503);
            assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", List.of("5"));
            assertThat(answer.getMessage()).contains("changed nothing").doesNotContain("HAPI-");
        }
        for (RestOperationTypeEnum write : List.of(
                RestOperationTypeEnum.UPDATE,
                RestOperationTypeEnum.CREATE,
                RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE)) {
            assertThat(answerTo(conflict, write)).as(write.name()).isSameAs(conflict);
        }
    }

    private BaseServerResponseException answerTo(Throwable error) {
        return answerTo(error, RestOperationTypeEnum.READ);
    }

    private BaseServerResponseException answerTo(Throwable error, RestOperationTypeEnum type) {
        RequestDetails request = mock(RequestDetails.class);
        when(request.getRestOperationType()).thenReturn(type);
        HttpServletRequest servletRequest = mock(HttpServletRequest.class);
        when(servletRequest.getMethod()).thenReturn("GET");
        when(servletRequest.getRequestURI()).thenReturn("/fhir/Patient/1");
        return interceptor.hideInternals(request, error, servletRequest);
    }
}
