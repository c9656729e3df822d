package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Answers {@code Task/$team-dashboard}: figures about the people on the caller's caseload, as a
 * Parameters resource, computed by the database ({@link TeamFigures}); no record is read or shown, so
 * none of a person's details leave the server, only counts.
 *
 * <pre>
 * asOf       instant   when the figures were taken
 * today      date      the day tasks are overdue by (London)
 * caseload   integer   people on the caller's caseload
 * organisation (each, largest first)
 *   organisation  Reference(Organization)
 *   people        integer   of the caller's caseload, on the organisation's own
 * tasks
 *   open / overdue / unclaimed   integer
 * </pre>
 */
@Component
public class TeamDashboard {

    private final TeamViews views;
    private final TeamFigures figures;

    public TeamDashboard(TeamViews views, TeamFigures figures) {
        this.views = views;
        this.figures = figures;
    }

    public Parameters figures(RequestDetails request) {
        WorklistTable.Viewer viewer = views.viewerOf(request, "team dashboard", "Task");
        Instant now = views.now();
        LocalDate today = views.today(now);
        Parameters answer = new Parameters();
        answer.addParameter().setName("asOf").setValue(new InstantType(java.util.Date.from(now)));
        answer.addParameter().setName("today").setValue(new DateType(today.toString()));
        answer.addParameter().setName("caseload").setValue(new IntegerType(figures.caseloadSize(viewer, now)));
        for (Map.Entry<String, Integer> organisation :
                figures.caseloadByOrganisation(viewer, now).entrySet()) {
            Parameters.ParametersParameterComponent part = answer.addParameter().setName("organisation");
            part.addPart().setName("organisation").setValue(new Reference(organisation.getKey()));
            part.addPart().setName("people").setValue(new IntegerType(organisation.getValue()));
        }
        TeamFigures.TaskCounts tasks = figures.openTasks(viewer, today, now);
        Parameters.ParametersParameterComponent counts = answer.addParameter().setName("tasks");
        counts.addPart().setName("open").setValue(new IntegerType(tasks.open()));
        counts.addPart().setName("overdue").setValue(new IntegerType(tasks.overdue()));
        counts.addPart().setName("unclaimed").setValue(new IntegerType(tasks.unclaimed()));
        return answer;
    }
}
