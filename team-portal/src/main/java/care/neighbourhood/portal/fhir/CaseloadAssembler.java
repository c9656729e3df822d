package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.caseload.Caseload;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CareTeam.CareTeamStatus;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * Turns care teams, patients and tasks into caseload rows. No I/O: {@link FhirCaseloadService} does
 * the searches and hands the results here, in three steps (which care teams count, which tasks are
 * open, then the rows).
 */
final class CaseloadAssembler {

    static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    /** Task statuses that still need someone to act. */
    static final List<String> OPEN_TASK_STATUSES =
            List.of("requested", "received", "accepted", "ready", "in-progress", "on-hold");

    private static final Comparator<Row> BY_FAMILY_NAME = Comparator.comparing(
                    (Row row) -> row.sortFamily, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(row -> row.sortGiven, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(row -> row.person.patientId());

    private final Clock clock;

    CaseloadAssembler(Clock clock) {
        this.clock = clock;
    }

    /**
     * The care teams that put their subject on the caseload: active, about a patient, and with one of
     * the user's references (practitioner, practitioner role, organisation) as a participant whose
     * period covers today. The server's search cannot express the period, so it is checked here.
     */
    List<CareTeam> careTeamsOnCaseload(Collection<CareTeam> careTeams, Set<String> userReferences) {
        LocalDate today = today();
        return careTeams.stream()
                .filter(team -> team.getStatus() == CareTeamStatus.ACTIVE)
                .filter(team -> patientOf(team) != null)
                .filter(team -> team.getParticipant().stream()
                        .anyMatch(participant ->
                                userReferences.contains(ResourceIndex.referenceOf(participant.getMember()))
                                        && isCurrent(participant, today)))
                .toList();
    }

    /** {@code Patient/id} of each care team's subject, in order. */
    Set<String> patientsOf(Collection<CareTeam> careTeams) {
        return careTeams.stream()
                .map(CaseloadAssembler::patientOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** How many open tasks each patient ({@code Patient/id}) has. */
    Map<String, Integer> openTasksByPatient(Collection<Task> tasks) {
        Map<String, Integer> counts = new HashMap<>();
        for (Task task : tasks) {
            String patient = ResourceIndex.referenceOf(task.getFor());
            if (patient != null && patient.startsWith("Patient/") && isOpen(task)) {
                counts.merge(patient, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Codes of the organisations in these care teams that the search results do not name, to be
     * looked up before {@link #caseload} is called.
     */
    Set<String> organisationsToLookUp(Collection<CareTeam> careTeams, ResourceIndex found) {
        LocalDate today = today();
        Set<String> codes = new TreeSet<>();
        for (CareTeam team : careTeams) {
            for (String organisation : organisationsOf(team, found, today).keySet()) {
                boolean named = found.find(organisation, Organization.class)
                        .filter(Organization::hasName)
                        .isPresent();
                if (!named) {
                    codes.add(ResourceIndex.idPart(organisation));
                }
            }
        }
        return codes;
    }

    /**
     * The caseload rows, one per person, sorted by family name.
     *
     * @param careTeams the care teams from {@link #careTeamsOnCaseload}
     * @param found the search results, with the care teams' subjects and participants
     * @param openTasks from {@link #openTasksByPatient}
     * @param organisationNames names by organisation code, for organisations {@code found} lacks
     */
    Caseload caseload(
            Collection<CareTeam> careTeams,
            ResourceIndex found,
            Map<String, Integer> openTasks,
            Map<String, String> organisationNames) {
        LocalDate today = today();
        Map<String, Map<String, String>> organisationsByPatient = new LinkedHashMap<>();
        Map<String, String> subjectDisplays = new HashMap<>();
        for (CareTeam team : careTeams) {
            String patient = patientOf(team);
            if (team.getSubject().hasDisplay()) {
                subjectDisplays.putIfAbsent(patient, team.getSubject().getDisplay());
            }
            Map<String, String> organisations = organisationsByPatient.computeIfAbsent(patient, p -> new HashMap<>());
            organisationsOf(team, found, today).forEach(organisations::putIfAbsent);
        }

        List<Row> rows = new ArrayList<>();
        organisationsByPatient.forEach((patientReference, organisations) -> {
            Optional<Patient> patient = found.find(patientReference, Patient.class);
            Optional<HumanName> name = patient.flatMap(CaseloadAssembler::preferredName);
            String shownName = name.map(CaseloadAssembler::familyFirst)
                    .or(() -> Optional.ofNullable(subjectDisplays.get(patientReference)))
                    .orElse(patient.isPresent() ? "Name not recorded" : "Name not available");
            var person = new PersonOnCaseload(
                    ResourceIndex.idPart(patientReference),
                    shownName,
                    patient.map(p -> ageOn(p, today)).orElse(null),
                    patient.map(CaseloadAssembler::nhsNumber).orElse(null),
                    organisationNamesFor(organisations, found, organisationNames),
                    openTasks.getOrDefault(patientReference, 0));
            rows.add(new Row(
                    person,
                    name.map(HumanName::getFamily).orElse(shownName),
                    name.map(HumanName::getGivenAsSingleString).orElse("")));
        });
        rows.sort(BY_FAMILY_NAME);
        return new Caseload(rows.stream().map(row -> row.person).toList());
    }

    private record Row(PersonOnCaseload person, String sortFamily, String sortGiven) {
        Row {
            sortFamily = sortFamily == null ? "" : sortFamily;
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static String patientOf(CareTeam team) {
        String subject = ResourceIndex.referenceOf(team.getSubject());
        return subject != null && subject.startsWith("Patient/") ? subject : null;
    }

    private static boolean isOpen(Task task) {
        return task.hasStatus() && OPEN_TASK_STATUSES.contains(task.getStatus().toCode());
    }

    /** A participant without a period is current; otherwise today must lie within start and end. */
    static boolean isCurrent(CareTeamParticipantComponent participant, LocalDate today) {
        if (!participant.hasPeriod()) {
            return true;
        }
        var period = participant.getPeriod();
        LocalDate start = firstDay(period.getStartElement());
        LocalDate end = lastDay(period.getEndElement());
        return (start == null || !start.isAfter(today)) && (end == null || !end.isBefore(today));
    }

    /**
     * The organisations a care team involves, by reference, with the display text its references
     * carry (used when nothing better is known). Only participants current today count; a
     * practitioner counts under the organisation they act on behalf of, a practitioner role under its
     * organisation.
     */
    private static Map<String, String> organisationsOf(CareTeam team, ResourceIndex found, LocalDate today) {
        Map<String, String> organisations = new LinkedHashMap<>();
        for (CareTeamParticipantComponent participant : team.getParticipant()) {
            if (!isCurrent(participant, today)) {
                continue;
            }
            Reference organisation = organisationOf(participant, found);
            String reference = ResourceIndex.referenceOf(organisation);
            if (reference != null && reference.startsWith("Organization/")) {
                String display = organisation.hasDisplay() ? organisation.getDisplay() : null;
                organisations.merge(reference, display == null ? "" : display, (a, b) -> a.isEmpty() ? b : a);
            }
        }
        return organisations;
    }

    private static Reference organisationOf(CareTeamParticipantComponent participant, ResourceIndex found) {
        String member = ResourceIndex.referenceOf(participant.getMember());
        if (member != null && member.startsWith("Organization/")) {
            return participant.getMember();
        }
        if (participant.hasOnBehalfOf()) {
            return participant.getOnBehalfOf();
        }
        return found.find(member, PractitionerRole.class)
                .filter(PractitionerRole::hasOrganization)
                .map(PractitionerRole::getOrganization)
                .orElse(null);
    }

    private static List<String> organisationNamesFor(
            Map<String, String> organisations, ResourceIndex found, Map<String, String> organisationNames) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        organisations.forEach((reference, display) -> {
            String code = ResourceIndex.idPart(reference);
            String name = found.find(reference, Organization.class)
                    .filter(Organization::hasName)
                    .map(Organization::getName)
                    .orElseGet(() -> organisationNames.getOrDefault(code, display.isEmpty() ? code : display));
            names.add(name);
        });
        return List.copyOf(names);
    }

    private static Optional<HumanName> preferredName(Patient patient) {
        List<HumanName> names = patient.getName().stream()
                .filter(name -> name.getUse() != NameUse.OLD)
                .toList();
        return names.stream()
                .filter(name -> name.getUse() == NameUse.OFFICIAL)
                .findFirst()
                .or(() -> names.stream()
                        .filter(name -> name.getUse() == NameUse.USUAL)
                        .findFirst())
                .or(() -> names.stream().findFirst());
    }

    /**
     * {@code ELLIS, Margaret}: family name in capitals first, as the NHS common user interface
     * shows patient names.
     */
    private static String familyFirst(HumanName name) {
        String given = name.getGiven().stream()
                .map(StringType::getValue)
                .filter(value -> value != null && !value.isBlank())
                .collect(Collectors.joining(" "));
        if (!name.hasFamily()) {
            return given.isEmpty() && name.hasText() ? name.getText() : given;
        }
        String family = name.getFamily().toUpperCase(Locale.UK);
        return given.isEmpty() ? family : family + ", " + given;
    }

    private static Integer ageOn(Patient patient, LocalDate today) {
        LocalDate birthDate = firstDay(patient.getBirthDateElement());
        if (birthDate == null || birthDate.isAfter(today)) {
            return null;
        }
        return Period.between(birthDate, today).getYears();
    }

    private static String nhsNumber(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier -> NHS_NUMBER_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .filter(value -> value != null && !value.isBlank())
                .map(value -> value.replace(" ", ""))
                .findFirst()
                .orElse(null);
    }

    /** The earliest day a (possibly partial) date or dateTime can mean: 2024 is 1 January 2024. */
    private static LocalDate firstDay(BaseDateTimeType value) {
        String text = dateText(value);
        if (text == null) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
                case 7 -> YearMonth.parse(text).atDay(1);
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** The latest day a (possibly partial) date or dateTime can mean: 2024 is 31 December 2024. */
    private static LocalDate lastDay(BaseDateTimeType value) {
        String text = dateText(value);
        if (text == null) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 12, 31);
                case 7 -> YearMonth.parse(text).atEndOfMonth();
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The date as written, so that a dateTime counts on the calendar day of its own offset rather
     * than being shifted by the portal's time zone.
     */
    private static String dateText(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValueAsString() == null) {
            return null;
        }
        String text = value.getValueAsString();
        return text.length() >= 10 ? text.substring(0, 10) : text;
    }
}
