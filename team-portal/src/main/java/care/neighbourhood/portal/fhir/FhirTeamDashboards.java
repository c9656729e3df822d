package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.dashboard.DashboardPeriod;
import care.neighbourhood.portal.dashboard.TeamDashboards;
import care.neighbourhood.portal.dashboard.TeamFigures;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * The dashboard's figures from {@code Task/$team-dashboard}, called with the user's own token: the
 * server counts, in the database, only what the user's caseload holds. One call, and one for the
 * organisations' names.
 */
@Service
class FhirTeamDashboards implements TeamDashboards {

    private static final String ORGANISATION = "Organization/";

    private final FhirSearches searches;
    private final OrganisationDirectory organisations;

    FhirTeamDashboards(FhirSearches searches, OrganisationDirectory organisations) {
        this.searches = searches;
        this.organisations = organisations;
    }

    @Override
    public TeamFigures figuresFor(CurrentUser user, DashboardPeriod period) {
        Parameters asked = new Parameters();
        asked.addParameter("from", new StringType(period.from().toString()));
        asked.addParameter("to", new StringType(period.to().toString()));
        Parameters answer = searches.call(
                "counting the team's figures",
                fhir -> fhir.operation()
                        .onType(Task.class)
                        .named("$team-dashboard")
                        .withParameters(asked)
                        .useHttpGet()
                        .execute());
        List<String> codes = new ArrayList<>();
        List<Integer> people = new ArrayList<>();
        for (Parameters.ParametersParameterComponent organisation : answer.getParameters("organisation")) {
            String reference = ((Reference) part(organisation, "organisation")).getReference();
            codes.add(reference.startsWith(ORGANISATION) ? reference.substring(ORGANISATION.length()) : reference);
            people.add(((IntegerType) part(organisation, "people")).getValue());
        }
        Map<String, String> names = organisations.namesOf(codes);
        List<TeamFigures.OrganisationShare> shares = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            shares.add(
                    new TeamFigures.OrganisationShare(names.getOrDefault(codes.get(i), codes.get(i)), people.get(i)));
        }
        Parameters.ParametersParameterComponent tasks = answer.getParameter("tasks");
        return new TeamFigures(
                Instant.parse(answer.getParameter("asOf").getValue().primitiveValue()),
                LocalDate.parse(answer.getParameter("today").getValue().primitiveValue()),
                ((IntegerType) answer.getParameter("caseload").getValue()).getValue(),
                shares,
                count(tasks, "open"),
                count(tasks, "overdue"),
                count(tasks, "unclaimed"),
                period,
                durations(answer.getParameter("referralToClaim")),
                durations(answer.getParameter("claimToCompletion")),
                handOffs(answer),
                goals(period));
    }

    private static List<TeamFigures.HandOff> handOffs(Parameters answer) {
        List<TeamFigures.HandOff> handOffs = new ArrayList<>();
        for (Parameters.ParametersParameterComponent handOff : answer.getParameters("handOff")) {
            handOffs.add(new TeamFigures.HandOff(
                    LocalDate.parse(part(handOff, "week").primitiveValue()),
                    part(handOff, "from").primitiveValue(),
                    part(handOff, "to").primitiveValue(),
                    count(handOff, "tasks")));
        }
        return handOffs;
    }

    /**
     * Goals met in the period (achieved, and last changed then) and open now, each counted by the
     * server ({@code _summary=count}) among the goals of the people on the user's caseload.
     */
    private TeamFigures.Goals goals(DashboardPeriod period) {
        // With its seconds: FHIR's dateTime has them, and toString() leaves out ":00".
        String from = period.from()
                .atStartOfDay(FhirDates.LONDON)
                .toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String to = period.to()
                .plusDays(1)
                .atStartOfDay(FhirDates.LONDON)
                .toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        int met = total(
                "counting goals met",
                "Goal?achievement-status=achieved&_lastUpdated=ge" + encoded(from) + "&_lastUpdated=lt" + encoded(to)
                        + "&_summary=count");
        int open = total("counting open goals", "Goal?lifecycle-status=active&_summary=count");
        return new TeamFigures.Goals(met, open);
    }

    private int total(String action, String url) {
        return searches.call(
                        action,
                        fhir -> fhir.search()
                                .byUrl(url)
                                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                                .execute())
                .getTotal();
    }

    private static String encoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static TeamFigures.Durations durations(Parameters.ParametersParameterComponent figure) {
        if (figure == null) {
            return TeamFigures.Durations.NONE;
        }
        int tasks = count(figure, "tasks");
        return new TeamFigures.Durations(tasks, minutes(figure, "median"), minutes(figure, "ninetiethPercentile"));
    }

    /** A part's Quantity in minutes, or null when the part is absent (no tasks). */
    private static Long minutes(Parameters.ParametersParameterComponent figure, String name) {
        return figure.getPart().stream()
                .filter(p -> name.equals(p.getName()) && p.getValue() instanceof Quantity)
                .map(p -> ((Quantity) p.getValue()).getValue().longValue())
                .findFirst()
                .orElse(null);
    }

    private static int count(Parameters.ParametersParameterComponent tasks, String name) {
        return ((IntegerType) part(tasks, name)).getValue();
    }

    private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> name.equals(p.getName()))
                .map(Parameters.ParametersParameterComponent::getValue)
                .findFirst()
                .orElseThrow(() -> new FhirServiceException(
                        FhirServiceException.Reason.SERVER_ERROR,
                        502,
                        "The team dashboard's answer lacks " + name,
                        null));
    }
}
