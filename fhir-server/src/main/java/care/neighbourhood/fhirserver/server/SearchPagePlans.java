package care.neighbourhood.fhirserver.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Has PostgreSQL plan HAPI's sorted search queries for their own values every time. HAPI binds a
 * search's page size ({@code fetch first ? rows only}) as a parameter; once the driver has run such a
 * statement five times it prepares it on the server, and PostgreSQL may then keep a generic plan that
 * cannot know the page is small: it sorts every match instead of walking the newest-first index to the
 * page's end (the worklist search at size M: about 6 ms planned for its values, over 100 ms with the
 * generic plan). Only these statements are affected: every other statement keeps its prepared plan
 * (planning each of them anew cost point reads a third of their throughput).
 */
@Component
class SearchPagePlans implements BeanPostProcessor {

    private static final String SEARCH_PAGE_START = "SELECT T1.RES_ID FROM HFJ_RESOURCE";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof PlannedPerExecution)
                ? new PlannedPerExecution(dataSource)
                : bean;
    }

    /** A sorted first-page query of HAPI's search: a resource id query with an order and a page size. */
    static boolean isSortedSearchPage(String sql) {
        // Every statement of every request passes here: most are told apart by their start, uncopied.
        if (!sql.regionMatches(true, 0, SEARCH_PAGE_START, 0, SEARCH_PAGE_START.length())) {
            return false;
        }
        String text = sql.toUpperCase(Locale.ROOT);
        return text.contains(" ORDER BY ") && text.contains(" FETCH FIRST ");
    }

    /** The data source, whose connections mark sorted search pages as planned per execution. */
    static final class PlannedPerExecution extends DelegatingDataSource {

        PlannedPerExecution(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return marking(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return marking(super.getConnection(username, password));
        }

        private static Connection marking(Connection connection) {
            InvocationHandler handler = (proxy, method, arguments) -> {
                Object result = invoke(connection, method, arguments);
                if (result instanceof PreparedStatement statement
                        && "prepareStatement".equals(method.getName())
                        && arguments != null
                        && arguments[0] instanceof String sql
                        && isSortedSearchPage(sql)
                        && statement.isWrapperFor(PGStatement.class)) {
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }

        private static Object invoke(Connection connection, Method method, Object[] arguments) throws Throwable {
            try {
                return method.invoke(connection, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
