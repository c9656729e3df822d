package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.portal.tasks.TaskBoardPage;
import care.neighbourhood.portal.tasks.TaskBoardQuery;
import care.neighbourhood.portal.tasks.TaskScope;
import care.neighbourhood.portal.tasks.TaskStatusFilter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * The board's page as the FHIR server's {@code Task/$worklist} gives it: the server filters, counts
 * in every scope, orders and pages the open tasks of the user's caseload, so one call answers a page
 * however many tasks the caseload holds.
 */
final class WorklistPages {

    /** On the answer's {@code meta}: how many tasks pass the filters in each scope. */
    static final String COUNTS_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/worklist-counts";

    private WorklistPages() {}

    /** The page the query asks for. */
    static Bundle request(IGenericClient client, TaskBoardQuery query) {
        Parameters parameters = new Parameters();
        parameters.addParameter("scope", new StringType(query.scope().value()));
        if (query.status() != TaskStatusFilter.OPEN) {
            parameters.addParameter("status", new StringType(query.status().value()));
        }
        if (query.priority() != null) {
            parameters.addParameter("priority", new StringType(query.priority().code()));
        }
        if (query.overdueOnly()) {
            parameters.addParameter("overdue", new StringType("true"));
        }
        parameters.addParameter("_count", new StringType(String.valueOf(TaskBoardPage.PAGE_SIZE)));
        parameters.addParameter("page", new StringType(String.valueOf(query.page())));
        return client.operation()
                .onType(Task.class)
                .named("$worklist")
                .withParameters(parameters)
                .useHttpGet()
                .returnResourceType(Bundle.class)
                .execute();
    }

    /** How many tasks the answer says pass the filters in each scope (0 for a scope it leaves out). */
    static Map<TaskScope, Integer> counts(Bundle answer) {
        Map<TaskScope, Integer> counts = new EnumMap<>(TaskScope.class);
        Extension byScope = answer.getMeta().getExtensionByUrl(COUNTS_EXTENSION);
        for (TaskScope scope : TaskScope.values()) {
            Extension count = byScope == null ? null : byScope.getExtensionByUrl(scope.value());
            counts.put(
                    scope,
                    count != null && count.getValue() instanceof IntegerType number && number.getValue() != null
                            ? number.getValue()
                            : 0);
        }
        return counts;
    }

    /** The Tasks of the page, in the server's order. */
    static List<Task> tasks(Bundle answer) {
        return answer.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .filter(task -> task.getIdElement().hasIdPart())
                .toList();
    }
}
