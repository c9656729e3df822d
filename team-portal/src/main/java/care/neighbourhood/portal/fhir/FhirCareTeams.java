package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.people.CareTeamChange;
import care.neighbourhood.portal.people.CareTeamNotChangedException;
import care.neighbourhood.portal.people.CareTeamPage;
import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.people.CareTeamPage.Membership;
import care.neighbourhood.portal.people.CareTeams;
import care.neighbourhood.portal.people.NotChangedBecause;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Service;

/**
 * The care team page's record: the person's active CareTeam read with its members, changed with
 * {@code If-Match} on the version the user saw (a change saved in between is never overwritten), each
 * change noted on the team with who made it. What the change did to care access is the shared care
 * record's answer ({@value #GAINED} and {@value #LOST}), put in words.
 */
@Service
class FhirCareTeams implements CareTeams {

    static final String GAINED = "X-Care-Access-Gained";
    static final String LOST = "X-Care-Access-Lost";

    private final FhirSearches searches;
    private final IGenericClient client;
    private final CareTeamCandidates candidates;
    private final FhirAgreementTerms terms;
    private final OrganisationDirectory directory;
    private final Clock clock;

    FhirCareTeams(
            FhirSearches searches,
            IGenericClient client,
            CareTeamCandidates candidates,
            FhirAgreementTerms terms,
            OrganisationDirectory directory,
            Clock clock) {
        this.searches = searches;
        this.client = client;
        this.candidates = candidates;
        this.terms = terms;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public CareTeamPage teamOf(CurrentUser user, String personId) {
        Patient person =
                searches.read("reading the person", Patient.class, personId).resource();
        String personName = PatientFacts.preferredName(person.getName())
                .map(PatientFacts::asSaid)
                .orElse("This person");
        CareTeam team = searches
                .all(
                        "reading the person's care team",
                        c -> c.search()
                                .forResource(CareTeam.class)
                                .where(CareTeam.SUBJECT.hasId("Patient/" + personId))
                                .where(CareTeam.STATUS.exactly().code("active"))
                                .returnBundle(Bundle.class))
                .stream()
                .filter(CareTeam.class::isInstance)
                .map(CareTeam.class::cast)
                .findFirst()
                .orElse(null);
        CareTeamCandidates.Candidates directory = candidates.current();
        AgreementTerms agreement = terms.current();
        List<Choice> roles = CareTeamCandidates.TEAM_ROLES.entrySet().stream()
                .map(role -> new Choice(role.getKey(), role.getValue()))
                .toList();
        return new CareTeamPage(
                personId,
                personName,
                team == null ? null : team.getIdElement().getIdPart(),
                team == null ? null : team.getIdElement().getVersionIdPart(),
                team == null ? null : (team.hasName() ? team.getName() : "Care team"),
                team == null ? List.of() : memberships(team, directory.names()),
                directory.choices(),
                roles,
                agreement.changesCareTeams(user.roles()),
                Words.rolesPlural(agreement.careTeamChangeRoles()));
    }

    @Override
    public CareTeamChange add(CurrentUser user, String personId, NewMember member) {
        CareTeam team = current(personId, member.teamId(), member.seenVersion());
        CareTeamCandidates.Candidates directory = candidates.current();
        CareTeamParticipantComponent participant = team.addParticipant();
        String name;
        if (member.member().startsWith("PractitionerRole/")) {
            PractitionerRole role = directory
                    .role(member.member())
                    .orElseThrow(() -> new CareTeamNotChangedException(
                            NotChangedBecause.REJECTED, "That member of staff is no longer in the directory.", null));
            participant.setMember(new Reference(ResourceIndex.referenceOf(role.getPractitioner())));
            participant.setOnBehalfOf(new Reference(ResourceIndex.referenceOf(role.getOrganization())));
            name = directory.names().nameOf(role.getPractitioner());
        } else {
            directory
                    .organisation(member.member())
                    .orElseThrow(() -> new CareTeamNotChangedException(
                            NotChangedBecause.REJECTED, "That organisation is no longer in the directory.", null));
            participant.setMember(new Reference(member.member()));
            name = directory.names().nameOf(new Reference(member.member()));
        }
        String roleWords = CareTeamCandidates.TEAM_ROLES.get(member.role());
        participant.addRole(new CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(CareTeamCandidates.TEAM_ROLE_SYSTEM, member.role(), roleWords)));
        participant.getPeriod().setStartElement(new DateTimeType(member.start().toString()));
        String saved = name + " was added to the care team as " + roleWords.toLowerCase(java.util.Locale.UK) + " from "
                + FhirDates.forDisplay(new DateTimeType(member.start().toString())) + ".";
        return save(user, personId, team, member.seenVersion(), saved, saved, directory);
    }

    @Override
    public CareTeamChange end(CurrentUser user, String personId, EndedMembership ended) {
        CareTeam team = current(personId, ended.teamId(), ended.seenVersion());
        if (ended.index() >= team.getParticipant().size()
                || !ended.member()
                        .equals(ResourceIndex.referenceOf(
                                team.getParticipant().get(ended.index()).getMember()))) {
            throw new CareTeamNotChangedException(
                    NotChangedBecause.REJECTED, "That membership is not in the care team.", null);
        }
        CareTeamCandidates.Candidates directory = candidates.current();
        CareTeamParticipantComponent participant = team.getParticipant().get(ended.index());
        LocalDate first = participant.getPeriod().hasStart()
                ? FhirDates.firstDay(participant.getPeriod().getStartElement())
                : null;
        if (first != null && ended.end().isBefore(first)) {
            throw new CareTeamNotChangedException(
                    NotChangedBecause.REJECTED,
                    "The last day of a membership cannot be before its first day, "
                            + FhirDates.forDisplay(participant.getPeriod().getStartElement())
                            + ". Nothing was changed.",
                    null);
        }
        participant.getPeriod().setEndElement(new DateTimeType(ended.end().toString()));
        String name = directory.names().nameOf(participant.getMember());
        String saved = (name == null ? "The" : name + "'s") + " membership of the care team ends after "
                + FhirDates.forDisplay(new DateTimeType(ended.end().toString())) + ".";
        return save(user, personId, team, ended.seenVersion(), saved, saved + " Why: " + ended.reason(), directory);
    }

    private CareTeamChange save(
            CurrentUser user,
            String personId,
            CareTeam team,
            String seenVersion,
            String saved,
            String note,
            CareTeamCandidates.Candidates directory) {
        String organisation = user.organisationCode();
        team.addNote()
                .setTime(Date.from(clock.instant()))
                .setAuthor(new Reference(user.practitionerReference())
                        .setDisplay(user.displayName()
                                + (organisation == null
                                        ? ""
                                        : ", "
                                                + this.directory
                                                        .nameOf(organisation)
                                                        .orElse(organisation))))
                .setText(note);
        team.setId(new IdType("CareTeam", team.getIdElement().getIdPart()));
        team.getMeta().setVersionId(null);
        MethodOutcome outcome;
        try {
            outcome = client.update()
                    .resource(team)
                    .withAdditionalHeader("If-Match", "W/\"" + seenVersion + "\"")
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(personId, team.getIdElement().getIdPart(), e);
        }
        List<String> gained = granteesIn(outcome, GAINED, personId);
        List<String> lost = granteesIn(outcome, LOST, personId);
        boolean stillSees =
                !(lost.contains(user.practitionerReference()) || lost.contains(user.organisationReference()))
                        || stillSees(personId);
        return new CareTeamChange(
                saved,
                gained.stream().map(directory::whoIs).toList(),
                lost.stream().map(directory::whoIs).toList(),
                stillSees);
    }

    /** The team at the version the user saw, about the person; else why not. */
    private CareTeam current(String personId, String teamId, String seenVersion) {
        CareTeam team =
                searches.read("reading the care team", CareTeam.class, teamId).resource();
        if (!("Patient/" + personId).equals(ResourceIndex.referenceOf(team.getSubject()))) {
            throw new CareTeamNotChangedException(
                    NotChangedBecause.REJECTED, "That care team is not this person's.", null);
        }
        if (!seenVersion.equals(team.getIdElement().getVersionIdPart())) {
            throw changedMeanwhile(team, null);
        }
        return team;
    }

    private CareTeamNotChangedException refusal(String personId, String teamId, RuntimeException cause) {
        FhirServiceException failure = FhirFailures.translate("changing the care team", cause);
        if (failure.statusCode() == 412 || failure.statusCode() == 409) {
            return changedMeanwhile(
                    searches.read("reading the care team", CareTeam.class, teamId)
                            .resource(),
                    failure);
        }
        return switch (failure.reason()) {
            case ACCESS_DENIED ->
                new CareTeamNotChangedException(
                        NotChangedBecause.REFUSED,
                        "The shared care record did not let you change this care team.",
                        failure);
            case REJECTED ->
                new CareTeamNotChangedException(
                        NotChangedBecause.REJECTED,
                        "The shared care record could not take this change. Nothing was saved.",
                        failure);
            default -> throw failure;
        };
    }

    private static CareTeamNotChangedException changedMeanwhile(CareTeam now, Throwable cause) {
        String when = now.getMeta().hasLastUpdated()
                ? " at " + FhirDates.forDisplay(new DateTimeType(now.getMeta().getLastUpdated()))
                : "";
        String what = now.getNote().isEmpty()
                ? ""
                : " The latest change: "
                        + now.getNote().get(now.getNote().size() - 1).getText();
        return new CareTeamNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                "Someone else changed this care team" + when + ", after you opened it." + what
                        + " Nothing you entered was saved: the team below is as it is now, and what you entered is"
                        + " still in the form.",
                cause);
    }

    private boolean stillSees(String personId) {
        try {
            searches.read("reading the person", Patient.class, personId);
            return true;
        } catch (FhirServiceException e) {
            if (e.reason() == FhirServiceException.Reason.ACCESS_DENIED
                    || e.reason() == FhirServiceException.Reason.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The grantees one header names for the person: {@code Patient/1 Practitioner/x, Patient/1 Organization/y}. */
    static List<String> granteesIn(MethodOutcome outcome, String header, String personId) {
        List<String> grantees = new ArrayList<>();
        Map<String, List<String>> headers = outcome == null ? null : outcome.getResponseHeaders();
        if (headers == null) {
            return grantees;
        }
        headers.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase(header)) {
                for (String value : values) {
                    for (String pair : value.split(",")) {
                        String[] parts = pair.strip().split(" ");
                        if (parts.length == 2
                                && parts[0].equals("Patient/" + personId)
                                && !grantees.contains(parts[1])) {
                            grantees.add(parts[1]);
                        }
                    }
                }
            }
        });
        return grantees;
    }

    private List<Membership> memberships(CareTeam team, ReferenceNames names) {
        LocalDate today = LocalDate.now(clock);
        List<Membership> memberships = new ArrayList<>();
        for (int i = 0; i < team.getParticipant().size(); i++) {
            CareTeamParticipantComponent participant = team.getParticipant().get(i);
            if (!participant.hasMember()) {
                continue;
            }
            LocalDate start = participant.hasPeriod()
                    ? FhirDates.firstDay(participant.getPeriod().getStartElement())
                    : null;
            LocalDate end = participant.hasPeriod()
                    ? FhirDates.lastDay(participant.getPeriod().getEndElement())
                    : null;
            if (end != null && end.isBefore(today)) {
                continue; // ended: no longer in the team
            }
            String member = ResourceIndex.referenceOf(participant.getMember());
            String name = names.nameOf(participant.getMember());
            String organisation = member != null && member.startsWith("Organization/")
                    ? null
                    : participant.hasOnBehalfOf() ? names.nameOf(participant.getOnBehalfOf()) : null;
            memberships.add(new Membership(
                    i,
                    member,
                    name == null ? "Name not recorded" : name,
                    Words.firstConcept(participant.getRole()),
                    organisation,
                    start == null
                            ? null
                            : FhirDates.forDisplay(participant.getPeriod().getStartElement()),
                    end == null
                            ? null
                            : FhirDates.forDisplay(participant.getPeriod().getEndElement()),
                    start != null && start.isAfter(today)));
        }
        return memberships;
    }
}
