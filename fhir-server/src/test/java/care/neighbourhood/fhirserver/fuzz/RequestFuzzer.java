package care.neighbourhood.fhirserver.fuzz;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes the {@code n}th request of a fuzzing run from the run's seed alone, so that any one case can
 * be made again on its own ({@code -Dfuzz.seed=S -Dfuzz.case=N}). Most requests come from a member
 * of the team with a valid token, so that they get past authentication to the parsers, the access
 * rules, the search and the storage; some carry no token or a spoilt one.
 */
final class RequestFuzzer {

    private static final List<String> CONTENT_TYPES = List.of(
            "application/fhir+json",
            "application/fhir+json",
            "application/json",
            "application/fhir+xml",
            "application/xml",
            "application/json-patch+json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/fhir+json; charset=ISO-8859-1",
            "application/fhir+json; charset=nonsense",
            "",
            "*/*",
            "application/fhir+json; fhirVersion=3.0");
    private static final List<String> ACCEPTS = List.of(
            "application/fhir+json",
            "application/fhir+xml",
            "application/json",
            "text/html",
            "*/*",
            "application/fhir+json; fhirVersion=5.0",
            "application/ndjson",
            "image/png",
            "",
            "application/fhir+turtle");

    private final long seed;
    private final String person;
    private final String token;
    private final FhirContext fhir;

    RequestFuzzer(long seed, String person, String token, FhirContext fhir) {
        this.seed = seed;
        this.person = person;
        this.token = token;
        this.fhir = fhir;
    }

    FuzzedRequest request(long number) {
        Mutations mutations = new Mutations(new Random(mixed(seed * 1_000_003L + number)));
        Queries queries = new Queries(mutations, person);
        Bodies bodies = new Bodies(mutations, person);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization(mutations));
        headers.put("Accept", mutations.chance(0.8) ? "application/fhir+json" : mutations.pick(ACCEPTS));

        String method;
        String target;
        String body = null;
        double roll = mutations.random().nextDouble();
        if (roll < 0.35) {
            method = mutations.chance(0.9) ? "GET" : "HEAD";
            target = queries.search();
        } else if (roll < 0.43) {
            method = "GET";
            target = queries.systemLevel();
        } else if (roll < 0.55) {
            method = mutations.pick(List.of("GET", "GET", "DELETE", "OPTIONS"));
            target = queries.instance();
        } else if (roll < 0.58) {
            method = "GET";
            target = queries.page();
        } else {
            method = mutations.pick(List.of("POST", "POST", "PUT", "PATCH", "POST"));
            target = bodyTarget(method, mutations, queries);
            body = body(method, mutations, bodies, headers);
        }
        if (mutations.chance(0.08)) {
            target = queries.careless(target);
        }
        if (mutations.chance(0.1)) {
            headers.put(
                    mutations.pick(List.of(
                            "If-Match",
                            "If-None-Match",
                            "If-None-Exist",
                            "If-Modified-Since",
                            "Prefer",
                            "X-Request-ID",
                            "Content-Location",
                            "X-Forwarded-Host",
                            "Accept-Charset")),
                    mutations
                            .mutate(mutations.pick(List.of(
                                    "W/\"1\"",
                                    "*",
                                    "identifier=x|1",
                                    "Sat, 29 Feb 2025 10:00:00 GMT",
                                    "return=OperationOutcome",
                                    "handling=strict",
                                    "respond-async",
                                    "abc-123")))
                            .replace("\r", "")
                            .replace("\n", ""));
        }
        return new FuzzedRequest(
                number, method, "/fhir" + target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bits of {@code value} spread over the whole word (MurmurHash3's finaliser): the first values
     * of {@link Random}s seeded with consecutive numbers are nearly the same.
     */
    private static long mixed(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private String authorization(Mutations mutations) {
        double roll = mutations.random().nextDouble();
        if (roll < 0.9) {
            return "Bearer " + token;
        }
        if (roll < 0.95) {
            // The header (which names the signing key) kept: a spoilt token is refused, not looked up.
            int payload = token.indexOf('.') + 1;
            return "Bearer " + token.substring(0, payload)
                    + mutations
                            .mutate(token.substring(payload))
                            .replace("\r", "")
                            .replace("\n", "");
        }
        return mutations.pick(List.of("", "Basic bmluYTpuZWlnaGJvdXJob29k", "Bearer", "Bearer  ", "bearer " + token));
    }

    private static String bodyTarget(String method, Mutations mutations, Queries queries) {
        String type = mutations.pick(List.of("Task", "Observation", "CarePlan", "Patient", "Condition"));
        return switch (method) {
            case "PUT" ->
                mutations.chance(0.8)
                        ? "/" + type + "/" + mutations.pick(List.of("fuzz-1", "fuzz-2"))
                        : queries.instance();
            case "PATCH" -> mutations.chance(0.8) ? "/" + type + "/fuzz-1" : queries.instance();
            default ->
                mutations.pick(List.of(
                        "/" + type,
                        "/" + type,
                        "",
                        "/" + type + "/$validate",
                        "/" + type + "/_search",
                        "/$validate",
                        "/" + type + "/fuzz-1/$validate",
                        "/Subscription",
                        "/$process-message"));
        };
    }

    private String body(String method, Mutations mutations, Bodies bodies, Map<String, String> headers) {
        if (method.equals("PATCH")) {
            headers.put(
                    "Content-Type",
                    mutations.chance(0.8) ? "application/json-patch+json" : mutations.pick(CONTENT_TYPES));
            return bodies.jsonPatch();
        }
        if (mutations.chance(0.2)) {
            headers.put("Content-Type", "application/fhir+xml");
            return bodies.xmlResource(fhir);
        }
        headers.put("Content-Type", mutations.chance(0.85) ? "application/fhir+json" : mutations.pick(CONTENT_TYPES));
        return bodies.resource();
    }
}
