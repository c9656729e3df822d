package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** Refusals raised in hooks stay out of the error log; faults do not. */
class RefusalLogFilterTest {

    private final LoggerContext logging = new LoggerContext();
    private final RefusalLogFilter filter = new RefusalLogFilter();

    private FilterReply hookLogs(String loggerName, Throwable error) {
        return hookLogs(loggerName, Level.ERROR, error);
    }

    private FilterReply hookLogs(String loggerName, Level level, Throwable error) {
        return filter.decide(
                null,
                logging.getLogger(loggerName),
                level,
                "Exception thrown by interceptor for pointcut {}: {}",
                new Object[] {"STORAGE_PRESHOW_RESOURCES", String.valueOf(error), error},
                null);
    }

    @Test
    void aDenialOrANotFoundFromAHookIsNotLogged() {
        String hooks = BaseInterceptorService.class.getName();
        assertThat(hookLogs(hooks, new ForbiddenOperationException("Access denied.")))
                .isEqualTo(FilterReply.DENY);
        assertThat(hookLogs(hooks, new ResourceNotFoundException("gone"))).isEqualTo(FilterReply.DENY);
    }

    @Test
    void aFaultFromAHookIsLogged() {
        String hooks = BaseInterceptorService.class.getName();
        assertThat(hookLogs(hooks, new InternalErrorException("broken"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(hookLogs(hooks, new IllegalStateException("broken"))).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aRefusalLoggedAsAWarningIsNotLoggedEither() {
        String hooks = BaseInterceptorService.class.getName();
        assertThat(hookLogs(hooks, Level.WARN, new ForbiddenOperationException("Access denied.")))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void checksOfQuieterLevelsAreLeftToTheLoggers() {
        String hooks = BaseInterceptorService.class.getName();
        assertThat(hookLogs(hooks, Level.DEBUG, new ForbiddenOperationException("Access denied.")))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(hookLogs("org.hibernate.SQL", Level.TRACE, null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void hapisWarningForEveryAnswerUnder500IsNotLogged() {
        String answers = ca.uhn.fhir.rest.server.interceptor.ExceptionHandlingInterceptor.class.getName();
        assertThat(filter.decide(
                        null,
                        logging.getLogger(answers),
                        Level.WARN,
                        RefusalLogFilter.ANSWER_UNDER_500,
                        new Object[] {"ForbiddenOperationException: Access denied."},
                        null))
                .isEqualTo(FilterReply.DENY);
        // A 5xx is logged by HAPI at ERROR, with its stack trace: kept.
        assertThat(filter.decide(
                        null,
                        logging.getLogger(answers),
                        Level.ERROR,
                        "Failure during REST processing",
                        null,
                        new InternalErrorException("broken")))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void otherLoggersAreLeftAlone() {
        assertThat(hookLogs(
                        "care.neighbourhood.fhirserver.server.SafeErrorInterceptor",
                        new ForbiddenOperationException("Access denied.")))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
