package care.neighbourhood.fhirserver.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How records are validated when written ({@code workspace.validation.*}).
 *
 * @param enabled whether writes are validated; switched off only to measure what validation costs
 *     (the benchmark), never in service
 * @param profiles the folder of the workspace's StructureDefinitions, one JSON file each, with
 *     snapshots
 */
@ConfigurationProperties("workspace.validation")
public record ValidationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("../config/profiles") String profiles) {}
