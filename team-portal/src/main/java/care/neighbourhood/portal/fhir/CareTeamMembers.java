package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.CareTeamMember;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CareTeam.CareTeamStatus;
import org.hl7.fhir.r4.model.ContactPoint;

/** The current members of a person's active care teams. */
final class CareTeamMembers {

    private CareTeamMembers() {}

    /** Active teams whose subject is the person. */
    static List<CareTeam> activeTeams(Collection<CareTeam> careTeams) {
        return careTeams.stream()
                .filter(team -> team.getStatus() == CareTeamStatus.ACTIVE)
                .toList();
    }

    static List<CareTeamMember> members(Collection<CareTeam> activeTeams, ReferenceNames names, LocalDate today) {
        List<CareTeamMember> members = new ArrayList<>();
        for (CareTeam team : activeTeams) {
            String teamName = team.hasName() ? team.getName() : "Care team";
            for (CareTeamParticipantComponent participant : team.getParticipant()) {
                if (!isCurrent(participant, today) || !participant.hasMember()) {
                    continue;
                }
                String name = names.nameOf(participant.getMember());
                members.add(new CareTeamMember(
                        name == null ? "Name not recorded" : name,
                        Words.firstConcept(participant.getRole()),
                        organisationOf(participant, names),
                        since(team, participant),
                        teamName,
                        names.contactOf(participant.getMember(), ContactPoint.ContactPointSystem.PHONE),
                        names.contactOf(participant.getMember(), ContactPoint.ContactPointSystem.EMAIL)));
            }
        }
        return members;
    }

    /** A participant without a period is current; otherwise today must lie within start and end. */
    static boolean isCurrent(CareTeamParticipantComponent participant, LocalDate today) {
        if (!participant.hasPeriod()) {
            return true;
        }
        var period = participant.getPeriod();
        LocalDate start = FhirDates.firstDay(period.getStartElement());
        LocalDate end = FhirDates.lastDay(period.getEndElement());
        return (start == null || !start.isAfter(today)) && (end == null || !end.isBefore(today));
    }

    private static String organisationOf(CareTeamParticipantComponent participant, ReferenceNames names) {
        String member = ResourceIndex.referenceOf(participant.getMember());
        if (member != null && member.startsWith("Organization/")) {
            return null;
        }
        if (participant.hasOnBehalfOf()) {
            return names.nameOf(participant.getOnBehalfOf());
        }
        if (member != null && member.startsWith("PractitionerRole/")) {
            return names.organisationOfRole(participant.getMember());
        }
        return null;
    }

    private static String since(CareTeam team, CareTeamParticipantComponent participant) {
        if (participant.hasPeriod() && participant.getPeriod().hasStart()) {
            return FhirDates.forDisplay(participant.getPeriod().getStartElement());
        }
        return team.hasPeriod() && team.getPeriod().hasStart()
                ? FhirDates.forDisplay(team.getPeriod().getStartElement())
                : null;
    }
}
