package care.neighbourhood.portal.dashboard;

import care.neighbourhood.portal.security.CurrentUser;

/** Where the dashboard's figures come from: the FHIR server, with the user's own token. */
public interface TeamDashboards {

    /** The figures now, with the times over {@code period}. */
    TeamFigures figuresFor(CurrentUser user, DashboardPeriod period);
}
