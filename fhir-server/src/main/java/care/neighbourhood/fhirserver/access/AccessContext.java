package care.neighbourhood.fhirserver.access;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Consent;

/**
 * One caller and what the {@link AccessPolicy} has looked up for them so far: their relationships
 * with the people it has judged, the consents of the people it has judged, and the people registered in the
 * work being decided. Made once per HTTP request by {@link AccessContexts}, or by
 * {@link AccessPolicy#contextFor} for work that is not an HTTP request (a subscription delivery, an
 * export, a page of the portal); made afresh for each, so that a change to a care team or a consent
 * is seen by the next one. Not for use by several threads at once.
 */
public final class AccessContext {

    private final Caller caller;
    private final Map<String, Optional<CareRelationship>> byPerson = new HashMap<>();
    private final Map<String, List<Consent>> consents = new HashMap<>();
    private final Set<String> registered = new HashSet<>();
    private PersonPlaceholder.Resolver placeholders = PersonPlaceholder.Resolver.NONE;
    private Long consentsVersion;
    private boolean demographicLookup;
    private Optional<String> personalRecord;

    AccessContext(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    /** A person created within the work being decided (a new person registered with their care team). */
    public void registerCreatedPerson(String personId) {
        registered.add(personId);
    }

    /**
     * This work answers a demographic look-up: the people it finds are shown as their name, date of
     * birth and NHS number alone ({@link Demographics}), whether or not the caller cares for them.
     */
    void answerDemographicLookup() {
        demographicLookup = true;
    }

    boolean answersDemographicLookup() {
        return demographicLookup;
    }

    /** How placeholders of the transaction being decided are resolved. */
    public void resolvePlaceholdersWith(PersonPlaceholder.Resolver resolver) {
        this.placeholders = resolver;
    }

    PersonPlaceholder resolve(String placeholder) {
        return placeholders.resolve(placeholder);
    }

    boolean isRegisteredHere(String personId) {
        return registered.contains(personId);
    }

    Map<String, Optional<CareRelationship>> relationshipsByPerson() {
        return byPerson;
    }

    Map<String, List<Consent>> consentsByPerson() {
        return consents;
    }

    /** For a person or carer: whose record they read ({@link PersonalAccess}), looked up once. */
    Optional<String> personalRecord(Supplier<Optional<String>> lookUp) {
        if (personalRecord == null) {
            personalRecord = lookUp.get();
        }
        return personalRecord;
    }

    /** The consents number ({@code ConsentsVersion}), read once for this context. */
    long consentsVersion(LongSupplier current) {
        if (consentsVersion == null) {
            consentsVersion = current.getAsLong();
        }
        return consentsVersion;
    }
}
