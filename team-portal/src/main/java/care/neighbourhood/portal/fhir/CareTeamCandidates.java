package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.CareTeamPage.Choice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Who may be added to a care team: every member of staff in an active role at an organisation of the
 * neighbourhood (a choice per role, valued {@code PractitionerRole/<id>}), and every organisation as a
 * whole ({@code Organization/<code>}); with the names the care team page shows for each.
 */
@Component
class CareTeamCandidates {

    /** The roles a member may have in a care team (the team-role code system), in the order offered. */
    static final Map<String, String> TEAM_ROLES = teamRoles();

    static final String TEAM_ROLE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/team-role";

    private final FhirSearches searches;

    CareTeamCandidates(FhirSearches searches) {
        this.searches = searches;
    }

    /** The neighbourhood's staff and organisations as they are now (two searches). */
    Candidates current() {
        List<Resource> found = new ArrayList<>(searches.all(
                "searching the neighbourhood's organisations",
                client -> client.search().forResource(Organization.class).returnBundle(Bundle.class)));
        found.addAll(searches.all(
                "searching the neighbourhood's staff",
                client -> client.search()
                        .forResource(PractitionerRole.class)
                        .include(PractitionerRole.INCLUDE_PRACTITIONER)
                        .returnBundle(Bundle.class)));
        return new Candidates(new ResourceIndex(found));
    }

    private static Map<String, String> teamRoles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("care-coordinator", "Care coordinator");
        roles.put("gp", "General practitioner");
        roles.put("community-nurse", "Community nurse");
        roles.put("mental-health-practitioner", "Mental health practitioner");
        roles.put("social-worker", "Social worker");
        roles.put("support-worker", "Support worker");
        roles.put("organisation", "Organisation supporting the person");
        return java.util.Collections.unmodifiableMap(roles);
    }

    /** The directory as one search found it. */
    static final class Candidates {

        private final ResourceIndex found;
        private final ReferenceNames names;

        Candidates(ResourceIndex found) {
            this.found = found;
            this.names = new ReferenceNames(found, Map.of());
        }

        ReferenceNames names() {
            return names;
        }

        /** Staff in their active roles, then organisations, each by name. */
        List<Choice> choices() {
            List<Choice> all = new ArrayList<>(staff());
            organisations().stream()
                    .map(organisation ->
                            new Choice(organisation.value(), organisation.label() + " (everyone who works there)"))
                    .forEach(all::add);
            return all;
        }

        /** Staff in their active roles ({@code PractitionerRole/<id>}), by name: "name – role, organisation". */
        List<Choice> staff() {
            List<Choice> staff = new ArrayList<>();
            for (PractitionerRole role : found.all(PractitionerRole.class)) {
                if ((role.hasActive() && !role.getActive()) || !role.hasPractitioner() || !role.hasOrganization()) {
                    continue;
                }
                String name = names.nameOf(role.getPractitioner());
                if (name == null) {
                    continue;
                }
                String what = Words.firstConcept(role.getCode());
                staff.add(new Choice(
                        ResourceIndex.referenceTo(role),
                        name + " – " + (what == null ? "" : what + ", ") + names.nameOf(role.getOrganization())));
            }
            staff.sort(Comparator.comparing(Choice::label, String.CASE_INSENSITIVE_ORDER));
            return staff;
        }

        /** The organisations ({@code Organization/<code>}) by name. */
        List<Choice> organisations() {
            return found.all(Organization.class).stream()
                    .map(organisation -> new Choice(
                            ResourceIndex.referenceTo(organisation),
                            names.nameOf(new Reference(ResourceIndex.referenceTo(organisation)))))
                    .sorted(Comparator.comparing(Choice::label, String.CASE_INSENSITIVE_ORDER))
                    .toList();
        }

        Optional<PractitionerRole> role(String reference) {
            return found.find(reference, PractitionerRole.class);
        }

        Optional<Organization> organisation(String reference) {
            return found.find(reference, Organization.class);
        }

        /**
         * Who a grantee of care access is, in words: {@code Ben Carter (Age Well Northbank)} for a
         * practitioner, {@code everyone at Age Well Northbank} for an organisation.
         */
        String whoIs(String grantee) {
            if (grantee.startsWith("Organization/")) {
                String name = names.nameOf(new Reference(grantee));
                return "everyone at " + (name == null ? ResourceIndex.idPart(grantee) : name);
            }
            String name = names.nameOf(new Reference(grantee));
            String organisation = found.all(PractitionerRole.class).stream()
                    .filter(role -> grantee.equals(ResourceIndex.referenceOf(role.getPractitioner())))
                    .filter(role -> !role.hasActive() || role.getActive())
                    .map(role -> names.nameOf(role.getOrganization()))
                    .filter(n -> n != null)
                    .findFirst()
                    .orElse(null);
            String who = name == null ? ResourceIndex.idPart(grantee) : name;
            return organisation == null ? who : who + " (" + organisation + ")";
        }
    }
}
