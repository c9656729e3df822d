package care.neighbourhood.fhirserver.export;

import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import care.neighbourhood.fhirserver.access.Caller;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The requester of an export, kept with the job's parameters (in the database, so any replica running
 * a step of the job judges its records for the same caller) and read back as the {@link Caller} the
 * job's records are judged for.
 */
final class ExportRequester {

    private static final String PREFIX = "workspace.requester.";
    private static final String KIND = PREFIX + "kind";
    private static final String SUBJECT = PREFIX + "subject";
    private static final String USERNAME = PREFIX + "username";
    private static final String PRACTITIONER = PREFIX + "practitioner";
    private static final String ORGANISATION = PREFIX + "organisation";
    private static final String SECTOR = PREFIX + "sector";
    private static final String ROLES = PREFIX + "roles";
    private static final String SCOPES = PREFIX + "scopes";
    private static final String CLIENT = PREFIX + "client";

    private ExportRequester() {}

    static void record(BulkExportJobParameters parameters, Caller caller) {
        put(parameters, KIND, caller.kind().name());
        put(parameters, SUBJECT, caller.subject());
        put(parameters, USERNAME, caller.username());
        put(parameters, PRACTITIONER, caller.practitioner());
        put(parameters, ORGANISATION, caller.organisation());
        put(parameters, SECTOR, caller.sector());
        put(parameters, ROLES, String.join(" ", caller.roles()));
        put(parameters, SCOPES, String.join(" ", caller.scopes()));
        put(parameters, CLIENT, caller.clientId());
    }

    /** The requester recorded on the job; empty for a job no API caller asked for. */
    static Optional<Caller> of(BulkExportJobParameters parameters) {
        Map<String, Object> data = parameters.getUserData();
        if (data == null
                || !(data.get(SUBJECT) instanceof String subject)
                || !(data.get(KIND) instanceof String kind)) {
            return Optional.empty();
        }
        return Optional.of(new Caller(
                Caller.Kind.valueOf(kind),
                subject,
                text(data, USERNAME),
                text(data, PRACTITIONER),
                text(data, ORGANISATION),
                text(data, SECTOR),
                words(data, ROLES),
                words(data, SCOPES),
                text(data, CLIENT)));
    }

    private static void put(BulkExportJobParameters parameters, String key, String value) {
        if (value != null) {
            parameters.setUserData(key, value);
        }
    }

    private static String text(Map<String, Object> data, String key) {
        return data.get(key) instanceof String value ? value : null;
    }

    private static Set<String> words(Map<String, Object> data, String key) {
        String value = text(data, key);
        return value == null || value.isBlank()
                ? Set.of()
                : Arrays.stream(value.split(" ")).collect(Collectors.toUnmodifiableSet());
    }
}
