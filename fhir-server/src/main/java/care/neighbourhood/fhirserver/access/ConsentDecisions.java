package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What a person's own Consent resources say about one caller and one kind of record. Only active
 * privacy consents within their provision period count. A provision names who it is about by
 * {@code actor.reference} (an Organization or Practitioner) or by a sector code in
 * {@code actor.role} ({@value #SECTOR_SYSTEM}); it covers the resource types in
 * {@code provision.class} (resource-type codes, or data-class codes of the sharing agreement), or
 * every type when it lists none.
 *
 * <ul>
 *   <li>{@code deny} withholds those records from the actor, whatever the agreement allows (an
 *       opt-out of an organisation or a sector);
 *   <li>{@code permit} lets the actor read those records where the agreement alone would not (for
 *       example clinical records shared with social care); it never lifts a restricted label.
 * </ul>
 *
 * A provision naming a carer ({@code RelatedPerson}) is what lets the carer see the person's record at
 * all; with the action {@value #CORRECT} it also lets them change what matters to the person. A deny
 * wins over a permit. Consents are read once per person per {@link AccessContext}, and kept
 * between requests while no consent has been written ({@link KeptConsents}).
 */
@Component
public class ConsentDecisions {

    public static final String SECTOR_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/sector";
    public static final String DATA_CLASS_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/data-class";
    static final String RESOURCE_TYPES_SYSTEM = "http://hl7.org/fhir/resource-types";
    public static final String ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction";
    /** The provision action that lets a carer change what they may read, not only read it. */
    public static final String CORRECT = "correct";

    public enum Effect {
        NONE,
        PERMIT,
        DENY
    }

    private final DaoRegistry daos;
    private final SharingAgreement agreement;
    private final KeptConsents kept;
    private final Clock clock;

    @Autowired
    public ConsentDecisions(DaoRegistry daos, SharingAgreement agreement, KeptConsents kept) {
        this(daos, agreement, kept, Clock.systemUTC());
    }

    ConsentDecisions(DaoRegistry daos, SharingAgreement agreement, KeptConsents kept, Clock clock) {
        this.daos = daos;
        this.agreement = agreement;
        this.kept = kept;
        this.clock = clock;
    }

    public Effect effectFor(AccessContext context, String personId, String resourceType) {
        Effect effect = Effect.NONE;
        for (Consent.ProvisionComponent provision : provisionsFor(context, personId, resourceType)) {
            if (provision.getType() == Consent.ConsentProvisionType.DENY) {
                return Effect.DENY;
            }
            if (provision.getType() == Consent.ConsentProvisionType.PERMIT) {
                effect = Effect.PERMIT;
            }
        }
        return effect;
    }

    /**
     * The consents of the person that permit the caller records of this type ({@code Consent/<id>}),
     * and, when {@code toChange}, permit them to change such records too (action {@value #CORRECT});
     * empty when none does or a deny applies. {@code resourceType} null asks about any type.
     */
    public List<String> permitting(AccessContext context, String personId, String resourceType, boolean toChange) {
        List<String> permitting = new ArrayList<>();
        for (Consent consent : consentsOf(context, personId)) {
            Consent.ProvisionComponent provision = consent.getProvision();
            if (!appliesTo(consent, context.caller(), resourceType)) {
                continue;
            }
            if (provision.getType() == Consent.ConsentProvisionType.DENY && resourceType != null) {
                return List.of();
            }
            if (provision.getType() == Consent.ConsentProvisionType.PERMIT && (!toChange || allowsChanges(provision))) {
                permitting.add(consent.getIdElement().toUnqualifiedVersionless().getValue());
            }
        }
        return permitting;
    }

    private List<Consent.ProvisionComponent> provisionsFor(AccessContext context, String personId, String type) {
        List<Consent.ProvisionComponent> provisions = new ArrayList<>();
        for (Consent consent : consentsOf(context, personId)) {
            if (appliesTo(consent, context.caller(), type)) {
                provisions.add(consent.getProvision());
            }
        }
        return provisions;
    }

    private boolean appliesTo(Consent consent, Caller caller, String resourceType) {
        Consent.ProvisionComponent provision = consent.getProvision();
        return inForce(consent, provision.getPeriod(), clock.instant())
                && namesCaller(provision, caller)
                && (resourceType == null || coversType(provision, resourceType));
    }

    private static boolean allowsChanges(Consent.ProvisionComponent provision) {
        return provision.getAction().stream().anyMatch(action -> action.hasCoding(ACTION_SYSTEM, CORRECT));
    }

    private boolean inForce(Consent consent, Period period, Instant now) {
        if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
            return false;
        }
        if (!consent.getScope().hasCoding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")) {
            return false;
        }
        boolean started = !period.hasStart() || !period.getStart().toInstant().isAfter(now);
        boolean notEnded = !period.hasEnd() || period.getEnd().toInstant().isAfter(now);
        return started && notEnded;
    }

    private static boolean namesCaller(Consent.ProvisionComponent provision, Caller caller) {
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            String reference = actor.getReference().getReferenceElement().getResourceType() == null
                    ? null
                    : actor.getReference().getReferenceElement().getResourceType() + "/"
                            + actor.getReference().getReferenceElement().getIdPart();
            if (reference != null
                    && (reference.equals(caller.organisationReference())
                            || reference.equals(caller.practitioner())
                            || reference.equals(caller.self()))) {
                return true;
            }
            for (Coding role : actor.getRole().getCoding()) {
                if (SECTOR_SYSTEM.equals(role.getSystem()) && role.getCode().equals(caller.sector())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean coversType(Consent.ProvisionComponent provision, String resourceType) {
        if (provision.getClass_().isEmpty()) {
            return true;
        }
        String dataClass = agreement.dataClassOf(resourceType).orElse(null);
        return provision.getClass_().stream()
                .anyMatch(c -> (RESOURCE_TYPES_SYSTEM.equals(c.getSystem()) && resourceType.equals(c.getCode()))
                        || (DATA_CLASS_SYSTEM.equals(c.getSystem())
                                && c.getCode().equals(dataClass)));
    }

    private List<Consent> consentsOf(AccessContext context, String personId) {
        return context.consentsByPerson()
                .computeIfAbsent(personId, id -> kept == null ? lookUp(id) : kept.of(context, id, this::lookUp));
    }

    /**
     * Reads the consents of those of {@code people} not known yet to this context: kept ones, and
     * the rest in one search, so that judging a page of search results does not search once per person.
     */
    void lookUpAll(AccessContext context, Collection<String> people) {
        Map<String, List<Consent>> known = context.consentsByPerson();
        List<String> unknown =
                people.stream().filter(p -> !known.containsKey(p)).distinct().toList();
        if (unknown.size() < 2) {
            return;
        }
        known.putAll(kept == null ? lookUpAll(unknown) : kept.ofAll(context, unknown, this::lookUpAll));
    }

    private Map<String, List<Consent>> lookUpAll(Collection<String> people) {
        ReferenceOrListParam anyOf = new ReferenceOrListParam();
        people.forEach(person -> anyOf.addOr(new ReferenceParam("Patient/" + person)));
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("patient", anyOf);
        query.add("status", new TokenParam("active"));
        Map<String, List<Consent>> byPerson = new HashMap<>();
        for (var found : InternalSearches.all(daos.getResourceDao("Consent"), query)) {
            Consent consent = (Consent) found;
            byPerson.computeIfAbsent(consent.getPatient().getReferenceElement().getIdPart(), p -> new ArrayList<>())
                    .add(consent);
        }
        return byPerson;
    }

    private List<Consent> lookUp(String personId) {
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("patient", new ReferenceParam("Patient/" + personId));
        query.add("status", new TokenParam("active"));
        return InternalSearches.all(daos.getResourceDao("Consent"), query).stream()
                .map(Consent.class::cast)
                .toList();
    }
}
