package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.portal.caseload.CaseloadPage;
import care.neighbourhood.portal.caseload.CaseloadQuery;
import care.neighbourhood.portal.caseload.CaseloadService;
import care.neighbourhood.portal.caseload.PersonOnCaseload;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Service;

/**
 * The caseload as the FHIR server decides it, one page at a time: {@code Patient/$caseload}, called
 * with the user's own token, lists the people the user has a care relationship with (their care
 * teams and the open tasks referred to them or their organisation), with each person's open, overdue
 * and unclaimed tasks, filtered, ordered and paged on the server. One call however long the caseload.
 */
@Service
class FhirCaseloadService implements CaseloadService {

    /** On each entry's {@code search}: the person's open, overdue and unclaimed tasks. */
    static final String TASKS_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/caseload-tasks";

    /** On the answer's {@code meta}: how many people the whole caseload holds. */
    static final String SIZE_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/caseload-size";

    private final FhirSearches searches;
    private final Clock clock;

    FhirCaseloadService(FhirSearches searches, Clock clock) {
        this.searches = searches;
        this.clock = clock;
    }

    @Override
    public CaseloadPage pageFor(CurrentUser user, CaseloadQuery asked) {
        CaseloadQuery query = asked;
        Bundle answer = searches.call("reading the caseload", fhir -> request(fhir, asked));
        int pages = CaseloadPage.pagesFor(answer.getTotal());
        if (query.page() > pages) {
            // Past the last page (the caseload shrank since the link was made): the last page instead.
            CaseloadQuery last = query.onPage(pages);
            answer = searches.call("reading the caseload", fhir -> request(fhir, last));
            query = last;
        }
        LocalDate today = LocalDate.now(clock);
        List<PersonOnCaseload> people = answer.getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Patient patient
                        && patient.getIdElement().hasIdPart())
                .map(entry -> row((Patient) entry.getResource(), entry.getSearch(), today))
                .toList();
        return CaseloadPage.of(query, people, sizeOf(answer), answer.getTotal());
    }

    private static Bundle request(IGenericClient client, CaseloadQuery query) {
        Parameters parameters = new Parameters();
        if (!query.text().isEmpty()) {
            parameters.addParameter("q", new StringType(query.text()));
        }
        parameters.addParameter("tasks", new StringType(query.tasks().value()));
        parameters.addParameter("sort", new StringType(query.sort().value()));
        parameters.addParameter("_count", new StringType(String.valueOf(CaseloadPage.PAGE_SIZE)));
        parameters.addParameter("page", new StringType(String.valueOf(query.page())));
        return client.operation()
                .onType(Patient.class)
                .named("$caseload")
                .withParameters(parameters)
                .useHttpGet()
                .returnResourceType(Bundle.class)
                .execute();
    }

    private static PersonOnCaseload row(Patient patient, Bundle.BundleEntrySearchComponent search, LocalDate today) {
        Extension tasks = search.getExtensionByUrl(TASKS_EXTENSION);
        return new PersonOnCaseload(
                patient.getIdElement().getIdPart(),
                PatientFacts.listName(patient),
                PatientFacts.ageOn(patient, today),
                PatientFacts.nhsNumber(patient),
                count(tasks, "open"),
                count(tasks, "overdue"),
                count(tasks, "unclaimed"));
    }

    private static int sizeOf(Bundle answer) {
        Extension size = answer.getMeta().getExtensionByUrl(SIZE_EXTENSION);
        return size != null && size.getValue() instanceof IntegerType number && number.getValue() != null
                ? number.getValue()
                : answer.getTotal();
    }

    private static int count(Extension tasks, String kind) {
        Extension count = tasks == null ? null : tasks.getExtensionByUrl(kind);
        return count != null && count.getValue() instanceof IntegerType number && number.getValue() != null
                ? number.getValue()
                : 0;
    }
}
