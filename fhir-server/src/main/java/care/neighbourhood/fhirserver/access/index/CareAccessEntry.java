package care.neighbourhood.fhirserver.access.index;

import care.neighbourhood.fhirserver.access.BreakGlassGrant;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The shape of one entry of the care access index: a small internal {@code Basic} whose
 * {@code subject} is the person, {@code author} who holds the relationship, {@code code} its state,
 * {@code created} the day it must be looked at again, and one extension per CareTeam or Task behind
 * it. A break-glass grant is an entry too, with its exact expiry, reason and purpose of use.
 */
public final class CareAccessEntry {

    public static final String TYPE = "Basic";
    public static final String STATE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/care-access";
    public static final String ACTIVE = "active";
    public static final String PENDING = "pending";
    public static final String BREAK_GLASS = "break-glass";
    public static final String BREAK_GLASS_EXPIRED = "break-glass-expired";
    public static final String EXPIRES_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/access-expires";
    public static final String REASON_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/access-reason";
    public static final String PURPOSE_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/purpose-of-use";
    public static final String ID_SYSTEM = "https://neighbourhood.example/fhir/sid/care-access";
    public static final String BASIS_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/care-access-basis";
    public static final String GRANTEE_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/care-access-grantee";

    /** Task states in which a Task still gives its owner a relationship with the person. */
    public static final Set<String> OPEN_TASK_STATES =
            Set.of("draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold");

    private CareAccessEntry() {}

    static String personIdOf(Basic entry) {
        return entry.getSubject().getReferenceElement().getIdPart();
    }

    static boolean isGrant(Basic entry) {
        return entry.getCode().hasCoding(STATE_SYSTEM, BREAK_GLASS);
    }

    /**
     * The CareTeams and Tasks an entry once listed. Entries no longer list them (the care access
     * table holds each relationship's basis); an entry that still does is rewritten without.
     */
    static Set<String> basisOf(Basic entry) {
        return entry.getExtensionsByUrl(BASIS_EXTENSION).stream()
                .map(e -> ((Reference) e.getValue()).getReference())
                .collect(Collectors.toSet());
    }

    /** When a grant ends, or null if it says nothing (then it has ended). */
    static Instant expiryOf(Basic grant) {
        Extension expires = grant.getExtensionByUrl(EXPIRES_EXTENSION);
        return expires != null && expires.getValue() instanceof InstantType instant
                ? instant.getValue().toInstant()
                : null;
    }

    static BreakGlassGrant grantOf(Basic entry) {
        return new BreakGlassGrant(
                entry.getIdElement().toUnqualifiedVersionless().getValue(),
                personIdOf(entry),
                entry.getAuthor().getReference(),
                expiryOf(entry));
    }
}
