package care.neighbourhood.fhirserver.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.record.RecordElements;
import care.neighbourhood.fhirserver.validation.RecordValidator;
import care.neighbourhood.fhirserver.validation.WorkspaceProfiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The Provenance the server builds for a write is valid R4 (the server stores it without validating
 * it), for staff acting through an application and for systems, for one record and a transaction.
 */
class ProvenanceContentTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final RecordValidator VALIDATOR = new RecordValidator(
            FHIR,
            new DefaultProfileValidationSupport(FHIR),
            WorkspaceProfiles.load(FHIR, Path.of("../config/profiles")));

    @Test
    void aNursesWriteThroughThePortal() {
        Caller nurse = new Caller(
                Caller.Kind.STAFF,
                "iss|n",
                "nina.patel",
                "Practitioner/nina-patel",
                "northbank-community",
                "health",
                Set.of("community-nurse"),
                Set.of(),
                "team-portal");
        Provenance provenance = ProvenanceContent.of(
                nurse,
                List.of(new WrittenRecord(task("7", "2"), WrittenRecord.Action.UPDATE, null)),
                Instant.now(),
                new RecordElements(FHIR));

        assertThat(VALIDATOR.errorsIn(provenance)).isEmpty();
        assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo("Task/7/_history/2");
        assertThat(provenance.getAgent()).hasSize(2);
    }

    @Test
    void aSystemsTransaction() {
        Caller ehr = new Caller(
                Caller.Kind.SYSTEM,
                "iss|e",
                "riverside-ehr",
                null,
                "riverside-practice",
                "health",
                Set.of(),
                Set.of("system/Task.cruds"),
                "riverside-ehr");
        Observation weight = new Observation();
        weight.setId("Observation/8/_history/1");
        weight.setSubject(new Reference("Patient/p1"));
        weight.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
        Provenance provenance = ProvenanceContent.of(
                ehr,
                List.of(
                        new WrittenRecord(task("9", "1"), WrittenRecord.Action.CREATE, null),
                        new WrittenRecord(weight, WrittenRecord.Action.CREATE, null)),
                Instant.now(),
                new RecordElements(FHIR));

        assertThat(VALIDATOR.errorsIn(provenance)).isEmpty();
        assertThat(provenance.getTarget()).hasSize(2);
        assertThat(provenance.getMeta().getSecurity())
                .extracting(c -> c.getCode())
                .containsExactly("R");
        assertThat(provenance.getAgent()).hasSize(1);
    }

    private static Task task(String id, String version) {
        Task task = new Task();
        task.setId("Task/" + id + "/_history/" + version);
        task.setFor(new Reference("Patient/p1"));
        return task;
    }
}
