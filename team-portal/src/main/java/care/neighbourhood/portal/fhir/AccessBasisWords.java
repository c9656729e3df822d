package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.AccessExplanation;
import care.neighbourhood.portal.security.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * "Why can I see this?" in words, from the basis the server named for the read ({@code
 * X-Access-Basis}, e.g. {@code relationship CareTeam/12,Task/34; agreement northbank-neighbourhood v1
 * coordination; consent permit}) and the care teams and tasks the page already holds.
 */
final class AccessBasisWords {

    private final CurrentUser user;
    private final ResourceIndex found;
    private final ReferenceNames names;
    private final AgreementTerms terms;

    AccessBasisWords(CurrentUser user, ResourceIndex found, ReferenceNames names, AgreementTerms terms) {
        this.user = user;
        this.found = found;
        this.names = names;
        this.terms = terms;
    }

    AccessExplanation explain(String basis) {
        if (basis == null || basis.isBlank()) {
            return new AccessExplanation(
                    List.of("The shared care record showed you this record without naming a reason."), false);
        }
        List<String> reasons = new ArrayList<>();
        boolean emergency = false;
        String emergencyEnds = null;
        for (String part : basis.split(";")) {
            String clause = part.strip();
            if (clause.startsWith("relationship ")) {
                for (String source : clause.substring("relationship ".length()).split(",")) {
                    String what = source.strip();
                    if (what.startsWith("break-glass")) {
                        emergency = true;
                        emergencyEnds = FhirDates.endInWords(what).orElse(emergencyEnds);
                    }
                    reasons.add(relationship(what));
                }
            } else if (clause.startsWith("agreement ")) {
                reasons.add(agreement(clause));
            } else if (clause.equals("consent permit")) {
                reasons.add("The person has agreed to share this information with you.");
            }
        }
        reasons.removeIf(Objects::isNull);
        reasons.add("Each time you open this record it is written in the audit trail, with this reason.");
        return new AccessExplanation(reasons, emergency, emergencyEnds);
    }

    private String relationship(String source) {
        if (source.startsWith("CareTeam/")) {
            return found.find(source, CareTeam.class)
                    .map(this::careTeam)
                    .orElse("You or your organisation is a member of their care team.");
        }
        if (source.startsWith("Task/")) {
            return found.find(source, Task.class)
                    .map(this::referral)
                    .orElse("A task for them is referred to you or your organisation.");
        }
        if (source.startsWith("break-glass")) {
            return "You are using emergency access (break glass). It lasts a limited time and an information"
                    + " governance officer reviews it.";
        }
        return null;
    }

    private String careTeam(CareTeam team) {
        String teamName = team.hasName() ? "“" + team.getName() + "”" : "their care team";
        for (CareTeamParticipantComponent participant : team.getParticipant()) {
            String member = ResourceIndex.referenceOf(participant.getMember());
            String role = Optional.ofNullable(Words.firstConcept(participant.getRole()))
                    .map(text -> " as " + lowerFirst(text))
                    .orElse("");
            if (Objects.equals(member, user.practitionerReference())) {
                return "You are a member of " + teamName + role + ".";
            }
            if (isUsersRole(member)) {
                return "You are a member of " + teamName + " in your role" + role + ".";
            }
        }
        for (CareTeamParticipantComponent participant : team.getParticipant()) {
            if (Objects.equals(ResourceIndex.referenceOf(participant.getMember()), user.organisationReference())) {
                String organisation = names.nameOf(participant.getMember());
                return (organisation == null ? "Your organisation" : organisation + ", your organisation,")
                        + " is a member of " + teamName + ".";
            }
        }
        return "You or your organisation is a member of " + teamName + ".";
    }

    private String referral(Task task) {
        String what = task.hasDescription() ? "The task “" + task.getDescription() + "”" : "A task for them";
        String owner = ResourceIndex.referenceOf(task.getOwner());
        if (Objects.equals(owner, user.practitionerReference()) || isUsersRole(owner)) {
            return what + " is referred to you. While it is open, you are involved in their care.";
        }
        if (Objects.equals(owner, user.organisationReference())) {
            return what + " is referred to " + yourOrganisation(task.getOwner())
                    + ". While it is open, your organisation is involved in their care.";
        }
        return what + " is referred to you or your organisation.";
    }

    private String agreement(String clause) {
        // agreement <id> v<version> <data class>
        String[] words = clause.split("\\s+");
        String className = words.length >= 4 ? words[3] : null;
        String version = words.length >= 3 && words[2].startsWith("v") ? words[2].substring(1) : null;
        String title = terms.title().isBlank() ? (words.length >= 2 ? words[1] : "in force") : terms.title();
        var dataClass = terms.dataClasses().stream()
                .filter(c -> c.name().equals(className))
                .findFirst();
        String agreement =
                "The data-sharing agreement “" + title + "”" + (version == null ? "" : ", version " + version);
        if (dataClass.isEmpty()) {
            return agreement + ", lets you see "
                    + (className == null ? "this information" : className.replace('-', ' ') + " information") + ".";
        }
        String readers = Words.sectors(dataClass.get().readSectors());
        String sentence = agreement + ", shares " + dataClass.get().name().replace('-', ' ') + " information with "
                + readers + " staff";
        if (!dataClass.get().readRoles().isEmpty()) {
            sentence += " who are " + Words.rolesPlural(dataClass.get().readRoles());
        }
        String description = dataClass.get().description();
        return description.isBlank() ? sentence + "." : sentence + ": " + lowerFirst(description);
    }

    private boolean isUsersRole(String reference) {
        return reference != null
                && reference.startsWith("PractitionerRole/")
                && found.find(reference, PractitionerRole.class)
                        .map(role -> ResourceIndex.referenceOf(role.getPractitioner()))
                        .filter(practitioner -> practitioner.equals(user.practitionerReference()))
                        .isPresent();
    }

    /** {@code Northbank Community Health Trust, your organisation}. */
    private String yourOrganisation(Reference organisation) {
        String name = names.nameOf(organisation);
        return name == null ? "your organisation" : name + ", your organisation";
    }

    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
