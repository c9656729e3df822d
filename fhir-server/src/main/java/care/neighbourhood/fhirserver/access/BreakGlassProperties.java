package care.neighbourhood.fhirserver.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param duration how long an emergency (break-glass) access lasts
 * @param reviewOrganisation the organisation whose information-governance officers review emergency
 *     accesses; the review Task is addressed to it
 */
@ConfigurationProperties("workspace.access.break-glass")
public record BreakGlassProperties(
        @DefaultValue("PT4H") Duration duration,
        @DefaultValue("northbank-community") String reviewOrganisation) {}
