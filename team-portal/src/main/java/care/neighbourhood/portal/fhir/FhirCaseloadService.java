package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.caseload.Caseload;
import care.neighbourhood.portal.caseload.CaseloadService;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * The caseload as the FHIR server decides it: two searches made with the user's own token, each read
 * page by page through the server's next links. The server narrows both to the people the user has
 * a care relationship with (their care teams and the open tasks referred to them or their
 * organisation), so the portal lists exactly whom the user may see and never asks about one person
 * at a time: one search for the people, one for their open tasks.
 */
@Service
class FhirCaseloadService implements CaseloadService {

    private final FhirSearches searches;
    private final Clock clock;

    FhirCaseloadService(FhirSearches searches, Clock clock) {
        this.searches = searches;
        this.clock = clock;
    }

    @Override
    public Caseload caseloadFor(CurrentUser user) {
        List<Patient> people = searches
                .all(
                        "searching the people on the caseload",
                        client -> client.search()
                                .forResource(Patient.class)
                                .elementsSubset("name", "birthDate", "identifier")
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .filter(patient -> patient.getIdElement().hasIdPart())
                .toList();
        if (people.isEmpty()) {
            return Caseload.empty();
        }
        LocalDate today = LocalDate.now(clock);
        Map<String, Tally> tallies = talliesByPatient(today);
        Map<String, Patient> byReference = new LinkedHashMap<>();
        people.forEach(patient -> byReference.putIfAbsent(ResourceIndex.referenceTo(patient), patient));
        return new Caseload(byReference.entrySet().stream()
                .map(entry -> row(entry.getValue(), tallies.getOrDefault(entry.getKey(), Tally.NONE), today))
                .sorted(Comparator.comparing(PersonOnCaseload::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(PersonOnCaseload::patientId))
                .toList());
    }

    private Map<String, Tally> talliesByPatient(LocalDate today) {
        Map<String, Tally> tallies = new HashMap<>();
        searches
                .all(
                        "searching the open tasks of the caseload",
                        client -> client.search()
                                .forResource(Task.class)
                                .where(Task.STATUS.exactly().codes(OpenTasks.STATUSES))
                                .elementsSubset("for", "status", "owner", "restriction")
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .filter(OpenTasks::isOpen)
                .forEach(task -> {
                    String patient = OpenTasks.patientOf(task);
                    if (patient != null) {
                        tallies.merge(patient, Tally.of(task, today), Tally::plus);
                    }
                });
        return tallies;
    }

    private static PersonOnCaseload row(Patient patient, Tally tally, LocalDate today) {
        return new PersonOnCaseload(
                patient.getIdElement().getIdPart(),
                PatientFacts.listName(patient),
                PatientFacts.ageOn(patient, today),
                PatientFacts.nhsNumber(patient),
                tally.open(),
                tally.overdue(),
                tally.unclaimed());
    }

    /** A person's open, overdue and unclaimed tasks. */
    private record Tally(int open, int overdue, int unclaimed) {

        static final Tally NONE = new Tally(0, 0, 0);

        static Tally of(Task task, LocalDate today) {
            return new Tally(1, OpenTasks.isOverdue(task, today) ? 1 : 0, OpenTasks.isUnclaimed(task) ? 1 : 0);
        }

        Tally plus(Tally other) {
            return new Tally(open + other.open, overdue + other.overdue, unclaimed + other.unclaimed);
        }
    }
}
