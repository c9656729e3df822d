package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.interceptor.ExceptionHandlingInterceptor;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Keeps refusals out of the error log. HAPI's interceptor service logs every exception a hook throws
 * at ERROR, with its stack trace, before passing it on; the access rules refuse from hooks, so every
 * denied request wrote a stack trace, which took a third of the server's time on denials and buried
 * real faults. HAPI's exception handling then logs every answer under 500 once more, as a warning
 * line of its own. A refusal (an answer under 500) is an expected outcome, recorded in the audit
 * trail with its status and reason; anything else a hook throws, and every 5xx, is still logged, here
 * and by {@link SafeErrorInterceptor}.
 */
@Component
public class RefusalLogFilter extends TurboFilter {

    private static final String HOOK_LOGGER = BaseInterceptorService.class.getName();
    private static final String ANSWER_LOGGER = ExceptionHandlingInterceptor.class.getName();
    /** How HAPI's exception handling logs an answer under 500 (it logs 5xx at ERROR, otherwise). */
    static final String ANSWER_UNDER_500 = "Failure during REST processing: {}";

    public RefusalLogFilter() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
            setContext(logging);
            start();
            logging.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        // Every logger call passes here, the many trace and debug checks of Hibernate's among them:
        // the level is compared first, as it is the cheapest test and rules out nearly all of them.
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger == null) {
            return FilterReply.NEUTRAL;
        }
        if (level == Level.WARN && ANSWER_UNDER_500.equals(format) && ANSWER_LOGGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        if (!HOOK_LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable error = thrown;
        if (error == null
                && params != null
                && params.length > 0
                && params[params.length - 1] instanceof Throwable last) {
            error = last;
        }
        return isRefusal(error) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean isRefusal(Throwable error) {
        return error instanceof BaseServerResponseException answer && answer.getStatusCode() < 500;
    }
}
