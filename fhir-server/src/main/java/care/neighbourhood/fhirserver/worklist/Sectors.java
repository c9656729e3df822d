package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import care.neighbourhood.fhirserver.access.ConsentDecisions;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * The sector (health, social care, voluntary) of whoever a Task names as its requester or owner, from
 * the directory as it is now: an organisation's own sector ({@code Organization.type}), a role's
 * organisation's, and a practitioner's through their roles (the first active role by id, where they
 * hold several). Two searches of the directory, however many Tasks are placed.
 */
@Component
class Sectors {

    private final DaoRegistry daos;

    Sectors(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The directory as it is now, ready to place references. */
    Directory current() {
        Map<String, String> byReference = new HashMap<>();
        for (IBaseResource found :
                InternalSearches.all(daos.getResourceDao("Organization"), new SearchParameterMap())) {
            if (found instanceof Organization organisation) {
                String sector = sectorOf(organisation);
                if (sector != null) {
                    byReference.put(
                            "Organization/" + organisation.getIdElement().getIdPart(), sector);
                }
            }
        }
        InternalSearches.all(daos.getResourceDao("PractitionerRole"), new SearchParameterMap()).stream()
                .filter(PractitionerRole.class::isInstance)
                .map(PractitionerRole.class::cast)
                .filter(role -> !role.hasActive() || role.getActive())
                .sorted(Comparator.comparing(role -> role.getIdElement().getIdPart()))
                .forEach(role -> {
                    String sector = byReference.get(role.getOrganization().getReference());
                    if (sector != null) {
                        byReference.put(
                                "PractitionerRole/" + role.getIdElement().getIdPart(), sector);
                        byReference.putIfAbsent(role.getPractitioner().getReference(), sector);
                    }
                });
        return new Directory(byReference);
    }

    private static String sectorOf(Organization organisation) {
        return organisation.getType().stream()
                .flatMap(type -> type.getCoding().stream())
                .filter(coding -> ConsentDecisions.SECTOR_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
    }

    /** Sectors by reference ({@code Organization/…}, {@code PractitionerRole/…}, {@code Practitioner/…}). */
    record Directory(Map<String, String> byReference) {

        /** The sector of the reference, or null when the directory does not place it. */
        String of(String reference) {
            return reference == null ? null : byReference.get(reference);
        }
    }
}
