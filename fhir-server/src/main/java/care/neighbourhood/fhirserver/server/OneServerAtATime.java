package care.neighbourhood.fhirserver.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled jobs that must run on one server at a time when several share a database (the care
 * access sweep, the audit retention check) hold a lock in {@code nw_shedlock} while they run and for
 * a while after, so that the other servers' turns in that time are skipped. The database's clock
 * decides when a lock runs out, not the servers'. A server that dies holding a lock holds it no longer
 * than the job's {@code lockAtMostFor}. Jobs every server must run (reloading Subscriptions, trying
 * held notifications again, which claims each notification in the database) take no lock. HAPI's
 * own housekeeping takes the same locks ({@link HapiJobsOnceAcrossServers}).
 */
@Configuration
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class OneServerAtATime {

    static final String TABLE = "nw_shedlock";

    /** HAPI's housekeeping once across servers, too ({@link HapiJobsOnceAcrossServers}). */
    @Bean
    public static org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor hapiJobsOnce() {
        return HapiJobsOnceAcrossServers.replacingHapis();
    }

    @Bean
    public LockProvider scheduledJobLocks(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists " + TABLE + " (name varchar(64) not null primary key,"
                    + " lock_until timestamp not null, locked_at timestamp not null, locked_by varchar(255) not null)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the scheduled jobs' lock table: " + e.getMessage(), e);
        }
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(TABLE)
                .usingDbTime()
                .build());
    }
}
