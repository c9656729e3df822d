package care.neighbourhood.fhirserver.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code workspace.people.access-log.*}: what a person is told about those who looked at their record.
 *
 * @param staffNames {@code shown}: each member of staff by name, with their role and organisation;
 *     {@code role-and-organisation}: the role and organisation only
 * @param longestPeriodDays the longest period one request covers
 * @param most the most accesses one request lists (the newest)
 */
@ConfigurationProperties("workspace.people.access-log")
public record AccessLogProperties(
        @DefaultValue("shown") StaffNames staffNames,
        @DefaultValue("400") int longestPeriodDays,
        @DefaultValue("1000") int most) {

    public enum StaffNames {
        SHOWN,
        ROLE_AND_ORGANISATION
    }
}
