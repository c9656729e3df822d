package care.neighbourhood.fhirserver.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts every SQL statement the server's connections prepare, whatever thread prepares it (the
 * request's, or the audit writer's). Part of the shared test context, so that a test can see what a
 * request costs the database.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SqlStatementCounter {

    private static final AtomicLong STATEMENTS = new AtomicLong();

    /** Statements prepared since the server started. */
    public static long count() {
        return STATEMENTS.get();
    }

    @Bean
    static BeanPostProcessor countingDataSources() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)) {
                    return bean;
                }
                return Proxy.newProxyInstance(
                        DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                            Object result = invoke(dataSource, method, args);
                            return result instanceof Connection connection ? counting(connection) : result;
                        });
            }
        };
    }

    private static Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement")
                            || name.equals("prepareCall")
                            || name.equals("createStatement")) {
                        STATEMENTS.incrementAndGet();
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
