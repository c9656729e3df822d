package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative.INarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import care.neighbourhood.fhirserver.access.BreakGlassProvider;
import care.neighbourhood.fhirserver.access.BreakGlassReviewProvider;
import care.neighbourhood.fhirserver.access.SharingAgreementProvider;
import care.neighbourhood.fhirserver.audit.AccessLogProvider;
import care.neighbourhood.fhirserver.audit.AuditEventProvider;
import care.neighbourhood.fhirserver.worklist.WorklistProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint at {@code /fhir}: resource and system providers, paging, the
 * CapabilityStatement and the server interceptors (registered in {@link ServerInterceptors}, and
 * nowhere else). GraphQL is deliberately not registered.
 */
@Configuration
public class FhirEndpointConfig {

    public static final String FHIR_PATH = "/fhir";

    @Bean
    public RestfulServer fhirRestfulServer(
            IFhirSystemDao<?, ?> systemDao,
            ResourceProviderFactory resourceProviders,
            IJpaSystemProvider systemProvider,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            ServerInterceptors interceptors,
            IInterceptorService storageInterceptors,
            BreakGlassProvider breakGlass,
            SharingAgreementProvider sharingAgreement,
            AuditEventProvider auditEvents,
            BreakGlassReviewProvider breakGlassReview,
            WorklistProvider worklist,
            BulkDataExportProvider bulkExport,
            AccessLogProvider accessLog,
            FhirServerProperties properties) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        server.getFhirContext().setNarrativeGenerator((INarrativeGenerator) null);
        // AuditEvent is served from the audit trail's own tables, never from HAPI's resource storage.
        server.registerProviders(resourceProviders.createProviders().stream()
                .filter(provider -> !(provider instanceof IResourceProvider typed
                        && "AuditEvent".equals(server.getFhirContext().getResourceType(typed.getResourceType()))))
                .toList());
        server.registerProvider(auditEvents);
        server.registerProvider(breakGlassReview);
        server.registerProvider(systemProvider);
        server.registerProvider(breakGlass);
        server.registerProvider(sharingAgreement);
        server.registerProvider(worklist);
        server.registerProvider(accessLog);
        server.registerProvider(bulkExport); // HAPI's $export, within the access rules (export package)
        JpaCapabilityStatementProvider capabilities = new JpaCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport);
        capabilities.setImplementationDescription("Neighbourhood Workspace shared care record");
        server.setServerConformanceProvider(capabilities);
        pagingProvider.setDefaultPageSize(properties.defaultPageSize());
        pagingProvider.setMaximumPageSize(properties.maxPageSize());
        server.setPagingProvider(pagingProvider);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setDefaultPrettyPrint(false);
        if (properties.serverAddress() == null || properties.serverAddress().isBlank()) {
            server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
        } else {
            server.setServerAddressStrategy(new HardcodedServerAddressStrategy(properties.serverAddress()));
        }
        interceptors.registerOn(storageInterceptors);
        interceptors.registerOn(server);
        return server;
    }

    /** Refuses a URL the server cannot read before anything reads it ({@link RequestTargetChecks}). */
    @Bean
    public FilterRegistrationBean<RequestTargetChecks> fhirRequestTargetChecks(FhirContext fhirContext) {
        FilterRegistrationBean<RequestTargetChecks> registration =
                new FilterRegistrationBean<>(new RequestTargetChecks(fhirContext));
        registration.addUrlPatterns(FHIR_PATH + "/*");
        registration.setName("fhirRequestTargetChecks");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Bounds every request body the FHIR endpoint reads ({@code workspace.fhir.max-request-size}). */
    @Bean
    public FilterRegistrationBean<RequestSizeLimit> fhirRequestSizeLimit(FhirServerProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize()));
        registration.addUrlPatterns(FHIR_PATH + "/*");
        registration.setName("fhirRequestSizeLimit");
        return registration;
    }

    /** Sends each FHIR response in as few network writes as it takes ({@link BufferedResponses}). */
    @Bean
    public FilterRegistrationBean<BufferedResponses> fhirBufferedResponses() {
        FilterRegistrationBean<BufferedResponses> registration = new FilterRegistrationBean<>(new BufferedResponses());
        registration.addUrlPatterns(FHIR_PATH + "/*");
        registration.setName("fhirBufferedResponses");
        return registration;
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer fhirRestfulServer) {
        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(fhirRestfulServer, FHIR_PATH + "/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
