/**
 * The team dashboard: figures about the people on the user's caseload, as the FHIR server counts them
 * ({@code Task/$team-dashboard}), with charts drawn on the server as SVG and a table for each. Where
 * the figures come from is a {@link care.neighbourhood.portal.dashboard.TeamDashboards}' concern.
 */
package care.neighbourhood.portal.dashboard;
