package care.neighbourhood.fhirserver.access;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * What the demographic look-up tells a member of staff about a person who may not be on their
 * caseload: that the person exists, with their id (to ask for emergency access), names, date of birth
 * and NHS number, and nothing else. Marked {@code SUBSETTED}, as FHIR marks a resource that leaves
 * elements out.
 */
public final class Demographics {

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    static final String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    static final String SUBSETTED = "SUBSETTED";

    private Demographics() {}

    /** A new Patient holding only the id, names (family, given, prefix), birth date and NHS number. */
    public static Patient of(Patient person) {
        Patient subset = new Patient();
        subset.setId(person.getIdElement().toUnqualifiedVersionless());
        subset.getMeta().addTag(SUBSETTED_SYSTEM, SUBSETTED, "subsetted");
        for (Identifier identifier : person.getIdentifier()) {
            if (NHS_NUMBER_SYSTEM.equals(identifier.getSystem()) && identifier.hasValue()) {
                subset.addIdentifier().setSystem(NHS_NUMBER_SYSTEM).setValue(identifier.getValue());
            }
        }
        for (HumanName name : person.getName()) {
            HumanName copy = subset.addName();
            if (name.hasUse()) {
                copy.setUse(name.getUse());
            }
            if (name.hasFamily()) {
                copy.setFamily(name.getFamily());
            }
            name.getGiven().forEach(given -> copy.addGiven(given.getValue()));
            name.getPrefix().forEach(prefix -> copy.addPrefix(prefix.getValue()));
        }
        if (person.hasBirthDate()) {
            subset.setBirthDateElement(person.getBirthDateElement().copy());
        }
        return subset;
    }

    /**
     * Whether a record is a look-up answer and nothing more: a Patient marked subsetted that equals
     * its own demographic subset. Anything else (an address, a phone number, a contained resource, an
     * extension, another identifier) makes it a record that is judged as any other.
     */
    public static boolean isDemographicsOnly(IBaseResource resource) {
        return resource instanceof Patient person
                && person.getMeta().getTag(SUBSETTED_SYSTEM, SUBSETTED) != null
                && of(person).equalsDeep(withoutVersion(person));
    }

    private static Patient withoutVersion(Patient person) {
        Patient copy = person.copy();
        copy.setId(person.getIdElement().toUnqualifiedVersionless());
        copy.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
        return copy;
    }

    /**
     * Why the caller may not use the demographic look-up, if they may not: it is for members of staff
     * who care for people (a practitioner with a care role), whose token's scopes allow searching
     * Patient. Governance officers, administrators and external systems have no use for it: it is the
     * first step to emergency access, which only a member of staff can assert.
     */
    public static Optional<String> refusalToLookUp(Caller caller) {
        if (!caller.isCareStaff()) {
            return Optional.of(caller.username() + " is not a member of staff with a care role");
        }
        if (!SmartScopes.permits(caller.scopes(), "Patient", SmartScopes.Access.SEARCH)) {
            return Optional.of("the token's scopes do not allow searching Patient");
        }
        return Optional.empty();
    }
}
