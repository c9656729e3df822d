package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.broker.api.IChannelNamer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.channel.impl.LinkedBlockingChannelFactory;
import ca.uhn.fhir.jpa.subscription.channel.impl.RetryPolicyProvider;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import care.neighbourhood.fhirserver.subscription.MatchedWithinTheClaim;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI's JPA storage on the application's data source. HAPI's configuration classes are imported
 * together (each one missing fails start-up); this class supplies what HAPI expects the application
 * to provide.
 */
@Configuration
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    ThreadPoolFactoryConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    SubscriptionChannelConfig.class,
    SubscriptionSubmitterConfig.class,
    SubscriptionProcessorConfig.class
})
public class JpaStorageConfig {

    @Bean
    public JpaStorageSettings storageSettings(
            FhirContext fhirContext, @Value("${workspace.export.retention-hours:2}") int exportRetentionHours) {
        // A Provenance names the versions it is about; HAPI strips versions from references elsewhere.
        fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths("Provenance.target");
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setAllowExternalReferences(false);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
        // HAPI loads stored SearchParameters only with this on (the server's own: Provenance's person).
        // SearchParameter is not written through the API, so no caller can redefine a parameter.
        settings.setDefaultSearchParamsCanBeOverridden(true);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        // Search results are computed per request: who may see what changes with every CareTeam edit.
        settings.setReuseCachedSearchResultsForMillis(null);
        // Bulk export ({@code export} package): a job and its files belong to the requester, so a job is
        // never handed to a second requester asking for the same (HAPI reuses identical jobs by default).
        // Its files are removed exportRetentionHours after the job ends.
        settings.setEnableBulkExportJobReuse(false);
        if (exportRetentionHours < 1) {
            throw new IllegalStateException("workspace.export.retention-hours must be at least 1");
        }
        settings.setBulkExportFileRetentionPeriodHours(exportRetentionHours);
        settings.setJobFastTrackingEnabled(true);
        // No fetch maximum: HAPI applies it to every search, the server's own included (a caseload, a
        // person's consents), which it would then cut short; and a search's total would stop there.
        return settings;
    }

    /** HAPI's transaction service, telling failures a retry cannot cure from collisions ({@link WriteFailures}). */
    @Bean
    public static org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor writeFailures() {
        return WriteFailures.replacingHapis();
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    /** REST-hook subscriptions, each delivery judged by the access rules ({@code subscription} package). */
    @Bean
    public SubscriptionSettings subscriptionSettings(
            @Value("${workspace.subscriptions.submission-interval:PT1S}") Duration submissionInterval) {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.addSupportedSubscriptionType(org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType.RESTHOOK);
        // HAPI notes each change in the database with the write, and its job hands the notes to matching
        // every workspace.subscriptions.submission-interval (HAPI's default, five seconds, is most of the
        // time a system waits to be told of a referral). A note outlives a replica stopped before it was
        // matched. (Queued immediately would match before the commit, when the change cannot be read.)
        settings.setSubscriptionIntervalInMs(submissionInterval.toMillis());
        return settings;
    }

    /** Subscription matching within the claim of each change ({@link MatchedWithinTheClaim}). */
    @Bean
    @Primary
    public LinkedBlockingChannelFactory subscriptionChannelsWithinTheClaim(
            IChannelNamer channelNamer, RetryPolicyProvider retryPolicyProvider) {
        return new MatchedWithinTheClaim(channelNamer, retryPolicyProvider);
    }

    /** Runs before the entity manager exists, so every HAPI component starts on a current schema. */
    @Bean
    public DatabaseSchemaMigration databaseSchemaMigration(DataSource dataSource) {
        DatabaseSchemaMigration migration = new DatabaseSchemaMigration(dataSource);
        migration.migrate();
        return migration;
    }

    @Primary
    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            JpaProperties jpaProperties,
            DataSource dataSource,
            DatabaseSchemaMigration databaseSchemaMigration) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        Map<String, String> properties = new HashMap<>(jpaProperties.getProperties());
        properties.putIfAbsent("hibernate.hbm2ddl.auto", "none");
        properties.putIfAbsent("hibernate.search.enabled", "false");
        properties.putIfAbsent("hibernate.archive.scanner", "org.hibernate.boot.archive.scan.internal.DisabledScanner");
        properties.putIfAbsent(
                "hibernate.implicit_naming_strategy",
                "org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy");
        properties.putIfAbsent(
                "hibernate.physical_naming_strategy",
                "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
        properties.putIfAbsent("hibernate.jdbc.batch_size", "20");
        properties.putIfAbsent("hibernate.cache.use_query_cache", "false");
        properties.putIfAbsent("hibernate.cache.use_second_level_cache", "false");
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setJpaPropertyMap(properties);
        factory.setDataSource(dataSource);
        return factory;
    }

    @Primary
    @Bean
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
