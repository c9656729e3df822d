package care.neighbourhood.portal.audit;

import java.util.List;

/**
 * One data class of the sharing agreement, for reading: what it covers and who may read and write it.
 *
 * @param name e.g. {@code clinical}
 * @param description what the class covers, as the agreement says
 * @param resourceTypes the FHIR resource types in the class
 * @param readers who may read, e.g. {@code sectors: health}
 * @param writers who may write, e.g. {@code sectors: health; roles: gp, community-nurse}
 */
public record DataClassRule(
        String name, String description, List<String> resourceTypes, String readers, String writers) {

    public DataClassRule {
        resourceTypes = List.copyOf(resourceTypes);
    }
}
