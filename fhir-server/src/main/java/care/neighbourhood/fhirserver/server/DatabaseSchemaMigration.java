package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema to the version this HAPI release expects, using HAPI's own migration
 * tasks. An empty database gets the current schema in one step; an older one is migrated. Hibernate
 * never changes the schema itself ({@code hbm2ddl.auto=none}). Then the indexes of HAPI's tables that
 * this server adds ({@link #OWN_INDEXES}).
 */
public final class DatabaseSchemaMigration {

    static final String MIGRATION_TABLE = "FLY_HFJ_MIGRATION";
    private static final Logger log = LoggerFactory.getLogger(DatabaseSchemaMigration.class);

    /**
     * A search sorted by {@code -_lastUpdated} (the worklist's order) is {@code ORDER BY RES_UPDATED DESC
     * NULLS LAST}, which HAPI's ascending index on RES_UPDATED cannot serve: PostgreSQL would sort every
     * resource to find the first page. With this index it walks the newest first and stops at the
     * page's end (75 ms to 6 ms for a 20,000-task owner at size M).
     */
    static final String NEWEST_FIRST_INDEX = "nw_res_updated_desc";

    private static final String OWN_INDEXES =
            "create index %s if not exists " + NEWEST_FIRST_INDEX + " on hfj_resource (res_updated desc nulls last)";

    private final DataSource dataSource;

    public DatabaseSchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void migrate() {
        DriverTypeEnum driverType = driverTypeOf(dataSource);
        HapiMigrator migrator = new HapiMigrator(MIGRATION_TABLE, dataSource, driverType);
        migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
        migrator.createMigrationTableIfRequired();
        MigrationResult result = migrator.migrate();
        if (!result.failedTasks.isEmpty()) {
            throw new IllegalStateException("Database schema migration failed: " + result.summary());
        }
        addOwnIndexes(driverType);
        log.info(
                "Database schema is current ({} on {}, {} tasks applied)",
                MIGRATION_TABLE,
                driverType,
                result.succeededTasks.size());
    }

    /** Concurrently on PostgreSQL, so that a large table stays writable while the index is built. */
    private void addOwnIndexes(DriverTypeEnum driverType) {
        String sql = OWN_INDEXES.formatted(driverType == DriverTypeEnum.POSTGRES_9_4 ? "concurrently" : "");
        try (Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql.replace("index  if", "index if"));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot add the index " + NEWEST_FIRST_INDEX + ": " + e.getMessage(), e);
        }
    }

    static DriverTypeEnum driverTypeOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
            if (product.contains("postgres")) {
                return DriverTypeEnum.POSTGRES_9_4;
            }
            if (product.contains("h2")) {
                return DriverTypeEnum.H2_EMBEDDED;
            }
            throw new IllegalStateException("Unsupported database '" + product + "': use PostgreSQL or H2.");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database: " + e.getMessage(), e);
        }
    }
}
