package care.neighbourhood.portal.fhir;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * Names for what a record refers to (a practitioner, an organisation, a carer): from the resource
 * when the answer included it, else from the organisation directory, else from the reference's own
 * display text.
 */
final class ReferenceNames {

    private final ResourceIndex found;
    private final Map<String, String> organisationNames;

    /**
     * @param found the resources the searches returned
     * @param organisationNames names by organisation code, from the directory
     */
    ReferenceNames(ResourceIndex found, Map<String, String> organisationNames) {
        this.found = found;
        this.organisationNames = organisationNames;
    }

    /** The name, or {@code null} when nothing names it. */
    String nameOf(Reference reference) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        String target = ResourceIndex.referenceOf(reference);
        String named = target == null ? null : resourceName(target);
        if (named != null) {
            return named;
        }
        return reference.hasDisplay() ? reference.getDisplay() : null;
    }

    /**
     * How to reach what the reference names, by phone or by email, from the record the answer
     * included (a practitioner, their role, an organisation, a carer); {@code null} when none says.
     */
    String contactOf(Reference reference, ContactPoint.ContactPointSystem system) {
        String target = ResourceIndex.referenceOf(reference);
        if (target == null) {
            return null;
        }
        List<ContactPoint> telecom = found.find(target, Resource.class)
                .map(ReferenceNames::telecomOf)
                .orElse(List.of());
        return telecom.stream()
                .filter(point -> point.getSystem() == system && point.hasValue())
                .filter(point -> point.getUse() != ContactPoint.ContactPointUse.OLD)
                .map(ContactPoint::getValue)
                .findFirst()
                .orElse(null);
    }

    private static List<ContactPoint> telecomOf(Resource resource) {
        if (resource instanceof Practitioner practitioner) {
            return practitioner.getTelecom();
        }
        if (resource instanceof PractitionerRole role) {
            return role.getTelecom();
        }
        if (resource instanceof Organization organisation) {
            return organisation.getTelecom();
        }
        if (resource instanceof RelatedPerson carer) {
            return carer.getTelecom();
        }
        return List.of();
    }

    /** The organisation a practitioner role works for, or {@code null}. */
    String organisationOfRole(Reference role) {
        return found.find(ResourceIndex.referenceOf(role), PractitionerRole.class)
                .filter(PractitionerRole::hasOrganization)
                .map(r -> nameOf(r.getOrganization()))
                .orElse(null);
    }

    private String resourceName(String target) {
        if (target.startsWith("Organization/")) {
            String name = found.find(target, Organization.class)
                    .filter(Organization::hasName)
                    .map(Organization::getName)
                    .orElse(null);
            return name != null ? name : organisationNames.get(ResourceIndex.idPart(target));
        }
        if (target.startsWith("Practitioner/")) {
            return found.find(target, Practitioner.class)
                    .flatMap(p -> PatientFacts.preferredName(p.getName()))
                    .map(PatientFacts::asSaid)
                    .filter(name -> !name.isBlank())
                    .orElse(null);
        }
        if (target.startsWith("RelatedPerson/")) {
            return found.find(target, RelatedPerson.class)
                    .flatMap(p -> PatientFacts.preferredName(p.getName()))
                    .map(PatientFacts::asSaid)
                    .filter(name -> !name.isBlank())
                    .orElse(null);
        }
        return null;
    }
}
