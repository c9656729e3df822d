package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.jpa.util.JpaHapiTransactionService;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.transaction.support.TransactionCallback;

/**
 * HAPI's transaction service, telling apart the failures of a write that a retry cannot cure from a
 * genuine collision with a concurrent write, which it retries. HAPI retries every version conflict
 * and every data-integrity error alike; these are answered at once instead:
 *
 * <ul>
 *   <li>a write made on a version that is no longer current (a stale {@code If-Match}, or a
 *       transaction entry's {@code ifMatch}): 412, saying the record was changed by someone else;
 *   <li>data the database refuses (a value too long, a character it cannot store): 422, in the
 *       server's words rather than the database's.
 * </ul>
 *
 * It is put in place of HAPI's own {@code hapiTransactionService} bean by {@link #replacingHapis()}.
 */
public class WriteFailures extends JpaHapiTransactionService {

    private static final Logger log = LoggerFactory.getLogger(WriteFailures.class);

    /** HAPI's messages for an update, patch and delete of a version that is not the current one. */
    private static final List<String> STALE_VERSION = List.of("HAPI-0989", "HAPI-0974", "HAPI-0961");

    static final String STALE_MESSAGE = "This record was changed by someone else since you read it: the version"
            + " you sent is no longer the current one. Read it again, and send your change with its current version.";
    static final String DATA_MESSAGE = "A value in this record cannot be stored: it is too long for its element,"
            + " or holds a character that cannot be stored. Correct it and send the record again.";

    @Override
    protected <T> T doExecuteCallback(ExecutionBuilder execution, TransactionCallback<T> callback) {
        try {
            return super.doExecuteCallback(execution, callback);
        } catch (RuntimeException failure) {
            throw classify(failure);
        }
    }

    static RuntimeException classify(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResourceVersionConflictException conflict && isStaleVersion(conflict)) {
                return new PreconditionFailedException(STALE_MESSAGE);
            }
            if (cause instanceof SQLException sql && isDataError(sql)) {
                log.info("A write was refused by the database as bad data: {}", sql.getMessage());
                return new UnprocessableEntityException(DATA_MESSAGE);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return failure;
    }

    private static boolean isStaleVersion(ResourceVersionConflictException conflict) {
        String message = String.valueOf(conflict.getMessage());
        return STALE_VERSION.stream().anyMatch(message::contains);
    }

    /** SQL state class 22, "data exception": the value itself is wrong, whoever else is writing. */
    private static boolean isDataError(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && state.startsWith("22");
    }

    /** Puts this service in place of HAPI's, under the name HAPI's configuration gives it. */
    public static BeanDefinitionRegistryPostProcessor replacingHapis() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                String name = "hapiTransactionService";
                if (!registry.containsBeanDefinition(name)) {
                    throw new IllegalStateException("HAPI's " + name + " bean was not found: cannot replace it");
                }
                registry.removeBeanDefinition(name);
                registry.registerBeanDefinition(name, new RootBeanDefinition(WriteFailures.class));
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
                // nothing more
            }
        };
    }
}
