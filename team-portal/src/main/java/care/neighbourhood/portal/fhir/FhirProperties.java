package care.neighbourhood.portal.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the portal reaches the FHIR server.
 *
 * @param baseUrl the FHIR base, e.g. {@code http://localhost:8080/fhir}
 * @param connectTimeout how long to wait for a connection before reporting the server unavailable
 * @param readTimeout how long to wait for an answer
 * @param pageSize the {@code _count} asked for on searches
 * @param maxPages how many pages of one search are read at most before giving up
 */
@ConfigurationProperties("workspace.fhir")
public record FhirProperties(
        URI baseUrl,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("100") int pageSize,
        @DefaultValue("200") int maxPages) {

    public FhirProperties {
        Objects.requireNonNull(baseUrl, "workspace.fhir.base-url is required");
    }
}
