package care.neighbourhood.fhirserver.access;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may subscribe to what, and where notifications may go ({@code workspace.subscriptions.*}).
 *
 * @param resourceTypes the types a subscription's criteria may name
 * @param endpoints for each system's client id, the URL prefixes its notification endpoints must
 *     start with; a system not listed may not subscribe
 * @param allowHttpToLocalhost whether an endpoint on this machine may be plain http (local
 *     development and tests only); every other endpoint must be https
 */
@ConfigurationProperties("workspace.subscriptions")
public record SubscriptionProperties(
        @DefaultValue({"Task", "CarePlan"}) List<String> resourceTypes,
        @DefaultValue Map<String, List<String>> endpoints,
        @DefaultValue("false") boolean allowHttpToLocalhost) {}
