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
 * request costs the database. Each Spring context counts its own data sources only: the test JVM
 * keeps several contexts alive, and their background work must not count against another's requests.
 * With {@code -Dsql.print=true} every statement is also printed, with its thread, to see what a
 * request's count is made of.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SqlStatementCounter {

    private static final boolean PRINT = Boolean.getBoolean("sql.print");

    /** The statements of one context's data sources. */
    public static final class Count implements BeanPostProcessor {

        private final AtomicLong statements = new AtomicLong();

        /** Statements prepared since this context started. */
        public long statements() {
            return statements.get();
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof DataSource dataSource)) {
                return bean;
            }
            return Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        Object result = invoke(dataSource, method, args);
                        return result instanceof Connection connection ? counting(connection, statements) : result;
                    });
        }
    }

    @Bean
    static Count sqlStatementCount() {
        return new Count();
    }

    private static Connection counting(Connection connection, AtomicLong statements) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement")
                            || name.equals("prepareCall")
                            || name.equals("createStatement")) {
                        statements.incrementAndGet();
                        if (PRINT && args != null && args.length > 0 && args[0] instanceof String sql) {
                            System.err.printf(
                                    "[sql %s] %s%n", Thread.currentThread().getName(), sql);
                        }
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
