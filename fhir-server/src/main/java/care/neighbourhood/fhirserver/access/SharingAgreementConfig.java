package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.record.RecordTypes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the data-sharing agreement at start-up. An agreement that is missing, unreadable or
 * inconsistent stops the server with a message naming every problem: the server never runs on a
 * guess about what may be shared.
 */
@Configuration
class SharingAgreementConfig {

    private static final Logger log = LoggerFactory.getLogger(SharingAgreementConfig.class);

    @Bean
    SharingAgreement sharingAgreement(
            @Value("${workspace.access.sharing-agreement:../config/sharing/neighbourhood-sharing-agreement.yaml}")
                    String location) {
        return load(Path.of(location).toAbsolutePath().normalize());
    }

    static SharingAgreement load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot read the data-sharing agreement " + file + ": " + e.getMessage(), e);
        }
        SharingAgreement parsed;
        try {
            parsed = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(text, SharingAgreement.class);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The data-sharing agreement " + file + " is not valid: " + e.getMessage(), e);
        }
        SharingAgreement agreement = new SharingAgreement(
                parsed.id(),
                parsed.version(),
                parsed.title(),
                parsed.effective(),
                parsed.parties(),
                parsed.dataClasses(),
                parsed.restricted(),
                parsed.careTeamChanges(),
                parsed.governance(),
                parsed.peopleAndCarers(),
                text);
        List<String> problems = agreement.problems(RecordTypes.personLinkedTypes());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "The data-sharing agreement " + file + " cannot be enforced: " + String.join("; ", problems));
        }
        log.info("Data-sharing agreement {} version {} in force", agreement.id(), agreement.version());
        return agreement;
    }
}
