package care.neighbourhood.fhirserver.access;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * Subscriptions: an external system's own, and no one else's. A system creates one for itself only
 * (the server records the owner: its client id, organisation and sector, as tags no request can set),
 * with a rest-hook endpoint on its client's allow-list and criteria on a type the workspace offers and
 * the token's scopes allow; it reads, changes and deletes only its own. Each notification is then
 * judged by the access rules for the owner, at the time it is sent ({@link #ownerOf}).
 */
@Component
public class SubscriptionPolicy {

    public static final String OWNER_CLIENT = "https://neighbourhood.example/fhir/CodeSystem/subscription-owner-client";
    public static final String OWNER_ORGANISATION =
            "https://neighbourhood.example/fhir/CodeSystem/subscription-owner-organisation";
    public static final String OWNER_SECTOR = "https://neighbourhood.example/fhir/CodeSystem/subscription-owner-sector";

    private static final Set<String> PAYLOADS = Set.of("application/fhir+json", "application/json");
    private static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "[::1]");

    private final SubscriptionProperties properties;

    public SubscriptionPolicy(SubscriptionProperties properties) {
        this.properties = properties;
    }

    /** Why the caller may not store {@code proposed} (replacing {@code previous}, if any); null if they may. */
    String refusalToWrite(Caller caller, IBaseResource previous, IBaseResource proposed) {
        if (!caller.isSystem() || caller.clientId() == null) {
            return "subscriptions are for external systems, which are told of changes at their own endpoint";
        }
        if (previous != null && !isOwnedBy(previous, caller)) {
            return "a system changes only its own subscriptions";
        }
        if (!(proposed instanceof Subscription subscription)) {
            return "not a Subscription";
        }
        if (subscription.getChannel().getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
            return "only rest-hook subscriptions are offered";
        }
        String criteriaProblem = criteriaProblem(caller, subscription.getCriteria());
        if (criteriaProblem != null) {
            return criteriaProblem;
        }
        String payload = subscription.getChannel().getPayload();
        if (payload != null && !payload.isBlank() && !PAYLOADS.contains(payload)) {
            return "the payload is application/fhir+json, or none for a notification without the record";
        }
        return endpointProblem(caller.clientId(), subscription.getChannel().getEndpoint());
    }

    /** Why the caller may not delete the subscription; null if they may. */
    String refusalToDelete(Caller caller, IBaseResource subscription) {
        return isOwnedBy(subscription, caller) ? null : "a system deletes only its own subscriptions";
    }

    boolean mayRead(Caller caller, IBaseResource subscription) {
        return isOwnedBy(subscription, caller);
    }

    /** The owner recorded on a subscription, as the caller its notifications are judged for. */
    public static Optional<Caller> ownerOf(Map<String, String> tags, String criteria) {
        String client = tags.get(OWNER_CLIENT);
        if (client == null || criteria == null) {
            return Optional.empty();
        }
        String type = criteria.contains("?") ? criteria.substring(0, criteria.indexOf('?')) : criteria;
        return Optional.of(new Caller(
                Caller.Kind.SYSTEM,
                "subscription|" + client,
                client,
                null,
                tags.get(OWNER_ORGANISATION),
                tags.get(OWNER_SECTOR),
                Set.of(),
                Set.of("system/" + type + ".rs"),
                client));
    }

    /** The owner's client id, from the tags the server recorded. */
    public static Optional<String> ownerClientOf(IBaseResource subscription) {
        return subscription.getMeta().getTag().stream()
                .filter(tag -> OWNER_CLIENT.equals(tag.getSystem()))
                .map(IBaseCoding::getCode)
                .findFirst();
    }

    private static boolean isOwnedBy(IBaseResource subscription, Caller caller) {
        return caller.isSystem()
                && caller.clientId() != null
                && ownerClientOf(subscription).filter(caller.clientId()::equals).isPresent();
    }

    private String criteriaProblem(Caller caller, String criteria) {
        if (criteria == null || criteria.isBlank()) {
            return "a subscription needs criteria, such as Task?owner=Organization/<your organisation>";
        }
        String type = criteria.contains("?") ? criteria.substring(0, criteria.indexOf('?')) : criteria;
        if (!properties.resourceTypes().contains(type)) {
            return "subscriptions are offered on " + String.join(" and ", properties.resourceTypes()) + ", not " + type;
        }
        if (!SmartScopes.permits(caller.scopes(), type, SmartScopes.Access.READ)) {
            return "the token's scopes do not allow reading " + type;
        }
        return null;
    }

    private String endpointProblem(String clientId, String endpoint) {
        URI uri;
        try {
            uri = endpoint == null ? null : URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return "the channel's endpoint must be an absolute https URL";
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean localHttp = "http".equalsIgnoreCase(uri.getScheme())
                && properties.allowHttpToLocalhost()
                && LOCALHOST.contains(uri.getHost().toLowerCase(java.util.Locale.ROOT));
        if (!https && !localHttp) {
            return "the channel's endpoint must be https";
        }
        List<String> allowed = properties.endpoints().getOrDefault(clientId, List.of());
        if (allowed.stream().noneMatch(prefix -> endpoint.strip().startsWith(prefix))) {
            return "the endpoint is not registered for " + clientId
                    + ": the workspace's administrator registers each system's notification endpoints";
        }
        return null;
    }
}
