package care.neighbourhood.fhirserver.sampledata;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether to load the sample neighbourhood at start-up
 * @param directory the folder of transaction bundles ({@code *.json}, loaded in name order)
 */
@ConfigurationProperties("workspace.sample-data")
public record SampleDataProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("../config/sample-data") String directory) {

    Path directoryPath() {
        return Path.of(directory).toAbsolutePath().normalize();
    }
}
