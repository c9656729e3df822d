package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * {@code GET Task/$worklist?scope=organisation&status=requested,in-progress&priority=urgent&overdue=true&_count=25&page=2}:
 * the open Tasks about the people on the caller's caseload, most urgent first, then the earliest due
 * (the end of {@code restriction.period}; none last), as a searchset Bundle of one page. {@code total}
 * counts the tasks in the scope asked for; {@code meta} carries the counts in every scope
 * ({@value Worklist#COUNTS_EXTENSION}), for the same filters. Scopes: {@code mine} (owned by the
 * caller), {@code organisation} (by the caller or their organisation), {@code unassigned} (by nobody,
 * or by an organisation or team rather than a person), {@code team} (everyone's; the default).
 */
@Component
public class WorklistProvider {

    private final Worklist worklist;
    private final CaseloadList caseload;
    private final TeamDashboard dashboard;

    public WorklistProvider(Worklist worklist, CaseloadList caseload, TeamDashboard dashboard) {
        this.worklist = worklist;
        this.caseload = caseload;
        this.dashboard = dashboard;
    }

    /**
     * {@code GET Task/$team-dashboard?from=2026-11-01&to=2026-11-28}: counts about the people on the
     * caller's caseload (its size, how many of them each organisation has on its own, open, overdue
     * and unclaimed tasks) and, over the period, how long tasks waited to be claimed and took to
     * complete, as Parameters ({@link TeamDashboard}).
     */
    @Operation(name = "$team-dashboard", idempotent = true, type = Task.class)
    public Parameters teamDashboard(
            @OperationParam(name = "from", max = 1) StringType from,
            @OperationParam(name = "to", max = 1) StringType to,
            RequestDetails request) {
        request.getParameters().forEach((name, values) -> {
            if (!java.util.Set.of("from", "to", "_format", "_pretty").contains(name)) {
                throw new InvalidRequestException(
                        "Task/$team-dashboard: unknown parameter " + name + "; it takes from and to.");
            }
            if (values != null && values.length > 1) {
                throw new InvalidRequestException("Task/$team-dashboard: " + name + " is given more than once.");
            }
        });
        return dashboard.figures(request, value(from), value(to));
    }

    /**
     * {@code GET Patient/$caseload?q=ellis&tasks=overdue&sort=name&_count=25&page=1}: one page of the
     * people on the caller's caseload as a searchset Bundle of Patients, each entry's {@code search}
     * carrying the person's open, overdue and unclaimed tasks ({@value CaseloadList#TASKS_EXTENSION});
     * {@code total} counts the people who pass the filters, {@code meta} the whole caseload
     * ({@value CaseloadList#SIZE_EXTENSION}). {@code q} is part of a name or NHS number; {@code tasks}
     * is all, open, overdue or unclaimed (people with such tasks); {@code sort} is name, age (oldest
     * first), open, overdue or unclaimed (most first).
     */
    @Operation(name = "$caseload", idempotent = true, type = Patient.class)
    public Bundle caseload(
            @OperationParam(name = "q", max = 1) StringType text,
            @OperationParam(name = "tasks", max = 1) StringType tasks,
            @OperationParam(name = "sort", max = 1) StringType sort,
            @OperationParam(name = "_count", max = 1) StringType count,
            @OperationParam(name = "page", max = 1) StringType page,
            RequestDetails request) {
        return caseload.page(request, CaseloadListQuery.parse(request.getParameters()));
    }

    @Operation(name = "$worklist", idempotent = true, type = Task.class)
    public Bundle worklist(
            @OperationParam(name = "scope", max = 1) StringType scope,
            @OperationParam(name = "status", max = 1) StringType status,
            @OperationParam(name = "priority", max = 1) StringType priority,
            @OperationParam(name = "overdue", max = 1) StringType overdue,
            @OperationParam(name = "_count", max = 1) StringType count,
            @OperationParam(name = "page", max = 1) StringType page,
            RequestDetails request) {
        WorklistQuery.refuseUnknownParameters(request.getParameters());
        return worklist.page(
                request,
                WorklistQuery.parse(
                        value(scope), value(status), value(priority), value(overdue), value(count), value(page)));
    }

    private static String value(StringType given) {
        return given == null ? null : given.getValue();
    }
}
