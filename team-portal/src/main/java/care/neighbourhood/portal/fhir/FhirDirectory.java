package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.directory.Directory;
import care.neighbourhood.portal.directory.Directory.Organisation;
import care.neighbourhood.portal.directory.Directory.StaffMember;
import care.neighbourhood.portal.directory.DirectoryService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Service;

/** The directory from two searches: the organisations, and the practitioner roles with their practitioners. */
@Service
class FhirDirectory implements DirectoryService {

    private static final String SECTOR_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/sector";

    private final FhirSearches searches;

    FhirDirectory(FhirSearches searches) {
        this.searches = searches;
    }

    @Override
    public Directory directory() {
        var organisations = new ResourceIndex(searches.all(
                "searching the directory's organisations",
                client -> client.search().forResource(Organization.class).returnBundle(Bundle.class)));
        var roles = new ResourceIndex(searches.all(
                "searching the directory's staff",
                client -> client.search()
                        .forResource(PractitionerRole.class)
                        .include(PractitionerRole.INCLUDE_PRACTITIONER)
                        .returnBundle(Bundle.class)));
        var names = new ReferenceNames(roles, Map.of());
        Map<String, List<StaffMember>> staff = new LinkedHashMap<>();
        for (PractitionerRole role : roles.all(PractitionerRole.class)) {
            String organisation = ResourceIndex.referenceOf(role.getOrganization());
            String name = names.nameOf(role.getPractitioner());
            if (organisation != null && name != null) {
                staff.computeIfAbsent(organisation, o -> new ArrayList<>())
                        .add(new StaffMember(
                                name, Words.firstConcept(role.getCode()), !role.hasActive() || role.getActive()));
            }
        }
        List<Organisation> result = new ArrayList<>();
        for (Organization organisation : organisations.all(Organization.class)) {
            String reference = ResourceIndex.referenceTo(organisation);
            result.add(new Organisation(
                    organisation.getIdElement().getIdPart(),
                    organisation.hasName()
                            ? organisation.getName()
                            : organisation.getIdElement().getIdPart(),
                    sector(organisation),
                    staff.getOrDefault(reference, List.of()).stream()
                            .sorted(Comparator.comparing(StaffMember::name, String.CASE_INSENSITIVE_ORDER))
                            .toList()));
        }
        result.sort(Comparator.comparing(Organisation::name, String.CASE_INSENSITIVE_ORDER));
        return new Directory(result);
    }

    private static String sector(Organization organisation) {
        return organisation.getType().stream()
                .flatMap(type -> type.getCoding().stream())
                .filter(coding -> SECTOR_SYSTEM.equals(coding.getSystem()))
                .map(coding -> coding.hasDisplay() ? coding.getDisplay() : Words.code(coding.getCode()))
                .findFirst()
                .orElse(null);
    }
}
