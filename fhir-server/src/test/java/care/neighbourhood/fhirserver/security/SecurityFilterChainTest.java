package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.web.FilterChainProxy;

/** The FHIR endpoint is guarded by Spring Security's own filter chain, with no per-request MVC lookup. */
class SecurityFilterChainTest extends FhirServerTestBase {

    @Autowired
    @Qualifier(SecurityFilterChainUnwrapped.FILTER_CHAIN)
    Filter filterChain;

    @Autowired
    SecurityFilterChainUnwrapped unwrapping;

    @Test
    void springMvcsWrapperIsTakenAway() {
        assertThat(unwrapping.unwrapped()).isTrue();
        assertThat(filterChain.getClass().getName()).doesNotContain("WebMvcSecurityConfiguration");
        assertThat(filterChain).isInstanceOf(FilterChainProxy.class);
    }

    @Test
    void theUnwrappedChainStillGuardsTheEndpoint() {
        HttpResponse<String> anonymous = get("/Patient?_count=1", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> capabilities = get("/metadata", null);
        assertThat(capabilities.statusCode()).isEqualTo(200);
        HttpResponse<String> health = send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/actuator/health")));
        assertThat(health.statusCode()).isEqualTo(200);
    }
}
