package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
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
 * period     Period    the days asked for ({@code from}, {@code to}: dates, inclusive; the last 28 days by default)
 * referralToClaim, claimToCompletion (for tasks claimed, or completed, in the period)
 *   tasks                        integer
 *   median / ninetiethPercentile Quantity in minutes (absent when no task)
 * handOff (each week and pair of sectors with any, by week; see {@link HandOffs})
 *   week       date      the Monday of the week the tasks were asked for
 *   from / to  code      the sector that asked, the sector that holds them (health, social-care, voluntary)
 *   tasks      integer
 * </pre>
 */
@Component
public class TeamDashboard {

    private final TeamViews views;
    private final TeamFigures figures;
    private final HandOffs handOffs;

    public TeamDashboard(TeamViews views, TeamFigures figures, HandOffs handOffs) {
        this.views = views;
        this.figures = figures;
        this.handOffs = handOffs;
    }

    /** Days of a period at most: a year. */
    static final int MOST_DAYS = 366;

    /** Days before today a period starts when {@code from} is not given. */
    static final int DEFAULT_DAYS = 28;

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    public Parameters figures(RequestDetails request, String fromText, String toText) {
        WorklistTable.Viewer viewer = views.viewerOf(request, "team dashboard", "Task");
        Instant now = views.now();
        LocalDate today = views.today(now);
        LocalDate to = day(toText, "to", today);
        LocalDate from = day(fromText, "from", to.minusDays(DEFAULT_DAYS - 1L));
        if (from.isAfter(to)) {
            throw bad("from must not be after to");
        }
        if (from.plusDays(MOST_DAYS).isBefore(to.plusDays(1))) {
            throw bad("the period can be at most " + MOST_DAYS + " days");
        }
        Instant start = from.atStartOfDay(LONDON).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(LONDON).toInstant();
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
        answer.addParameter()
                .setName("period")
                .setValue(new Period()
                        .setStartElement(new DateTimeType(from.toString()))
                        .setEndElement(new DateTimeType(to.toString())));
        add(answer, "referralToClaim", figures.referralToClaim(viewer, start, end, now));
        add(answer, "claimToCompletion", figures.claimToCompletion(viewer, start, end, now));
        for (HandOffs.Week week : handOffs.between(viewer, start, end, now)) {
            Parameters.ParametersParameterComponent handOff =
                    answer.addParameter().setName("handOff");
            handOff.addPart()
                    .setName("week")
                    .setValue(new DateType(week.monday().toString()));
            handOff.addPart().setName("from").setValue(new CodeType(week.from()));
            handOff.addPart().setName("to").setValue(new CodeType(week.to()));
            handOff.addPart().setName("tasks").setValue(new IntegerType(week.tasks()));
        }
        return answer;
    }

    private static void add(Parameters answer, String name, TeamFigures.Durations durations) {
        Parameters.ParametersParameterComponent figure = answer.addParameter().setName(name);
        figure.addPart().setName("tasks").setValue(new IntegerType(durations.tasks()));
        if (durations.medianMinutes() != null) {
            figure.addPart().setName("median").setValue(minutes(durations.medianMinutes()));
            figure.addPart().setName("ninetiethPercentile").setValue(minutes(durations.ninetiethMinutes()));
        }
    }

    private static Quantity minutes(long value) {
        return new Quantity()
                .setValue(value)
                .setUnit("min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("min");
    }

    private static LocalDate day(String given, String name, LocalDate fallback) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(given.strip());
        } catch (DateTimeParseException e) {
            throw bad(name + " must be a date such as 2026-11-28");
        }
    }

    private static InvalidRequestException bad(String why) {
        return new InvalidRequestException("Task/$team-dashboard: " + why + ".");
    }
}
