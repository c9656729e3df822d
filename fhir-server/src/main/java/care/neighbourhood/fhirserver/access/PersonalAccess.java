package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * What a person and their carers read of the person's own record ({@link Caller.Kind#PERSON},
 * {@link Caller.Kind#CARER}); their writes are {@link PersonalWrites}'. A person reads the data classes
 * the agreement opens to people ({@code peopleAndCarers.personReads}) about themself and nobody else;
 * a carer reads what an active Consent of the person permits them (a provision naming their
 * RelatedPerson), within the classes the agreement allows carers at most, and nothing at all without
 * such a consent: withdrawing it takes effect on the next request. Records labelled not for the person
 * are withheld from both, and from a carer records labelled restricted too.
 */
@Component
public class PersonalAccess {

    private final SharingAgreement agreement;
    private final ConsentDecisions consents;
    private final DaoRegistry daos;

    PersonalAccess(SharingAgreement agreement, ConsentDecisions consents, DaoRegistry daos) {
        this.agreement = agreement;
        this.consents = consents;
        this.daos = daos;
    }

    /**
     * The person whose record the caller reads: the person themself, or the person an active
     * RelatedPerson of the carer belongs to; read once per context.
     */
    public Optional<String> personOf(AccessContext context) {
        return context.personalRecord(() -> lookUpPerson(context.caller()));
    }

    /**
     * The person whose records a search by the caller is narrowed to; empty when the caller may read
     * nobody's (a carer the person has not permitted, or whose RelatedPerson has ended).
     */
    public Optional<String> searchablePerson(AccessContext context) {
        Optional<String> person = personOf(context);
        if (person.isEmpty() || context.caller().kind() == Caller.Kind.PERSON) {
            return person;
        }
        return consents.permitting(context, person.get(), null, false).isEmpty() ? Optional.empty() : person;
    }

    /** What the caller learns of a record about {@code people}, judged as a record of {@code type}. */
    Disclosure disclose(AccessContext context, IBaseResource resource, List<String> people, String type) {
        Optional<String> own = personOf(context);
        if (own.isEmpty()) {
            return Disclosure.hide("the caller's record of a person is not found or has ended");
        }
        String person = own.get();
        if (people.isEmpty() || !people.stream().allMatch(person::equals)) {
            return Disclosure.hide("a person and their carers see the person's own record only");
        }
        if (resource instanceof Task task && BreakGlassReviewTasks.isReviewTask(task)) {
            return Disclosure.hide("reviews of emergency access are governance work");
        }
        if (context.caller().kind() == Caller.Kind.PERSON) {
            return discloseToThePerson(resource, person, type);
        }
        return discloseToACarer(context, resource, person, type);
    }

    private Disclosure discloseToThePerson(IBaseResource resource, String person, String type) {
        if (!agreement.personReads(type)) {
            return Disclosure.withhold(
                    Disclosure.WithheldBecause.AGREEMENT,
                    "the sharing agreement does not open " + type + " to the person through the workspace");
        }
        if (isNotForThePerson(resource)) {
            return Disclosure.withhold(Disclosure.WithheldBecause.NOT_FOR_THE_PERSON, "labelled not for the person");
        }
        return Disclosure.show(AccessBasis.ownRecord(person, clauseFor(type)));
    }

    private Disclosure discloseToACarer(AccessContext context, IBaseResource resource, String person, String type) {
        List<String> permitting = consents.permitting(context, person, type, false);
        if (permitting.isEmpty()) {
            return consents.permitting(context, person, null, false).isEmpty()
                    ? Disclosure.hide("no consent of the person lets this carer see their record")
                    : Disclosure.withhold(
                            Disclosure.WithheldBecause.CONSENT,
                            "the person's consent does not share " + type + " with this carer");
        }
        if (!agreement.carerMayRead(type)) {
            return Disclosure.withhold(
                    Disclosure.WithheldBecause.AGREEMENT, "the sharing agreement does not open " + type + " to carers");
        }
        if (isNotForThePerson(resource)) {
            return Disclosure.withhold(Disclosure.WithheldBecause.NOT_FOR_THE_PERSON, "labelled not for the person");
        }
        if (isRestricted(resource)) {
            return Disclosure.withhold(Disclosure.WithheldBecause.RESTRICTED, "labelled restricted");
        }
        return Disclosure.show(AccessBasis.carerByConsent(person, permitting, clauseFor(type)));
    }

    /** The basis of a record the caller has been shown or allowed to write. */
    AccessBasis basisOf(AccessContext context, String type, boolean toChange) {
        String person = personOf(context).orElse("none");
        if (context.caller().kind() == Caller.Kind.PERSON) {
            return AccessBasis.ownRecord(person, clauseFor(type));
        }
        return AccessBasis.carerByConsent(
                person, consents.permitting(context, person, type, toChange), clauseFor(type));
    }

    boolean isNotForThePerson(IBaseResource resource) {
        return resource.getMeta().getSecurity().stream()
                .anyMatch(label -> agreement.isNotForThePerson(label.getSystem(), label.getCode()));
    }

    private boolean isRestricted(IBaseResource resource) {
        return resource.getMeta().getSecurity().stream()
                .anyMatch(label -> agreement.isRestricted(label.getSystem(), label.getCode()));
    }

    private String clauseFor(String type) {
        return "agreement " + agreement.id() + " v" + agreement.version() + " peopleAndCarers "
                + agreement.dataClassOf(type).orElse("none");
    }

    private Optional<String> lookUpPerson(Caller caller) {
        String self = caller.self();
        if (self == null) {
            return Optional.empty();
        }
        IdType id = new IdType(self);
        if (caller.kind() == Caller.Kind.PERSON) {
            return Optional.of(id.getIdPart());
        }
        if (caller.kind() != Caller.Kind.CARER) {
            return Optional.empty();
        }
        try {
            RelatedPerson carer =
                    (RelatedPerson) daos.getResourceDao("RelatedPerson").read(id, new SystemRequestDetails());
            if ((carer.hasActive() && !carer.getActive()) || !carer.hasPatient()) {
                return Optional.empty();
            }
            return Optional.ofNullable(carer.getPatient().getReferenceElement().getIdPart());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }
}
