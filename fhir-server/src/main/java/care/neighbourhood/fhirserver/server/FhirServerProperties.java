package care.neighbourhood.fhirserver.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the FHIR endpoint behaves.
 *
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param serverAddress the public base URL used in links (empty: taken from each request)
 * @param maxRequestSize the largest request body read; a larger one is refused with 413
 * @param maxBundleEntries the most entries a transaction or batch may have; more is refused with 413
 */
@ConfigurationProperties("workspace.fhir")
public record FhirServerProperties(
        @DefaultValue("20") int defaultPageSize,
        @DefaultValue("200") int maxPageSize,
        String serverAddress,
        @DefaultValue("5MB") DataSize maxRequestSize,
        @DefaultValue("1000") int maxBundleEntries) {}
