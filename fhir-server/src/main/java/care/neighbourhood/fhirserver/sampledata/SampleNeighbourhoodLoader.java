package care.neighbourhood.fhirserver.sampledata;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Loads every sample bundle as one transaction each, in file-name order. The bundles use PUT with
 * fixed ids for organisations and staff, conditional updates on identifiers with fixed ids for the
 * people and carers who log in (their login names their record), and conditional creates on
 * identifiers for everything else, so loading again changes nothing.
 */
@Component
class SampleNeighbourhoodLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleNeighbourhoodLoader.class);

    private final SampleDataProperties properties;
    private final IFhirSystemDao<Bundle, ?> systemDao;
    private final FhirContext fhirContext;
    private final Clock clock;

    SampleNeighbourhoodLoader(
            SampleDataProperties properties, IFhirSystemDao<Bundle, ?> systemDao, FhirContext fhirContext) {
        this.properties = properties;
        this.systemDao = systemDao;
        this.fhirContext = fhirContext;
        this.clock = Clock.systemDefaultZone();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.enabled()) {
            load();
        }
    }

    void load() {
        Path directory = properties.directoryPath();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("Sample data folder not found: " + directory);
        }
        LocalDate today = LocalDate.now(clock);
        for (Path file : bundleFiles(directory)) {
            Bundle bundle = parse(file, today);
            Bundle response;
            try {
                response = systemDao.transaction(new SystemRequestDetails(), bundle);
            } catch (ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException e) {
                throw new IllegalStateException(
                        "Sample bundle " + file.getFileName() + " could not be loaded: "
                                + e.getMessage() + " If this database was filled by an earlier version of the sample"
                                + " (the people who log in now have fixed ids), start from an empty database.",
                        e);
            }
            long created = response.getEntry().stream()
                    .filter(e -> e.getResponse().getStatus().startsWith("201"))
                    .count();
            log.info(
                    "Sample data {}: {} entries, {} created",
                    file.getFileName(),
                    bundle.getEntry().size(),
                    created);
        }
    }

    private Bundle parse(Path file, LocalDate today) {
        try {
            String text = RelativeDates.resolve(Files.readString(file), today);
            return fhirContext.newJsonParser().parseResource(Bundle.class, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sample bundle " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Sample bundle " + file.getFileName() + " is not valid FHIR JSON: " + e.getMessage(), e);
        }
    }

    private static List<Path> bundleFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }
}
