package care.neighbourhood.fhirserver.access.enforcement;

import care.neighbourhood.fhirserver.access.ConsentDecisions;
import care.neighbourhood.fhirserver.access.WithheldGroup;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a caller is told of the records withheld from an answer, per {@link WithheldGroup}: in a
 * search Bundle, an entry with {@code search.mode = outcome} holding an OperationOutcome with one
 * informational {@code suppressed} issue per group; for every answer, the header {@value #HEADER}.
 * Neither names a withheld record or says anything it contains.
 */
final class WithheldOutcome {

    /** One group per value, comma-separated: {@code count=1; class=clinical; custodian=Organization/x; reason=agreement}. */
    static final String HEADER = "X-Withheld-Reasons";

    static final String REASON_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/withheld-reason";
    static final String COUNT_EXTENSION = "https://neighbourhood.example/fhir/StructureDefinition/withheld-count";
    static final String DATA_CLASS_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/withheld-data-class";
    static final String CUSTODIAN_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/withheld-custodian";

    private WithheldOutcome() {}

    /** Adds the outcome entry to a search Bundle; other answers are left as they are. */
    static void addTo(Bundle bundle, List<WithheldGroup> groups) {
        if (groups.isEmpty() || bundle.getType() != Bundle.BundleType.SEARCHSET) {
            return;
        }
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(outcomeOf(groups))
                .getSearch()
                .setMode(Bundle.SearchEntryMode.OUTCOME);
    }

    static OperationOutcome outcomeOf(List<WithheldGroup> groups) {
        OperationOutcome outcome = new OperationOutcome();
        for (WithheldGroup group : groups) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.SUPPRESSED)
                    .setDetails(new CodeableConcept(
                                    new Coding(REASON_SYSTEM, group.because().code(), null))
                            .setText(group.words()));
            issue.addExtension(COUNT_EXTENSION, new IntegerType(group.count()));
            if (group.dataClass() != null) {
                issue.addExtension(
                        DATA_CLASS_EXTENSION, new Coding(ConsentDecisions.DATA_CLASS_SYSTEM, group.dataClass(), null));
            }
            if (group.custodian() != null) {
                issue.addExtension(
                        CUSTODIAN_EXTENSION,
                        new Reference("Organization/" + group.custodian()).setDisplay(group.custodianName()));
            }
        }
        return outcome;
    }

    static String headerOf(List<WithheldGroup> groups) {
        return groups.stream()
                .map(group -> "count=" + group.count()
                        + "; class=" + (group.dataClass() == null ? "unknown" : group.dataClass())
                        + (group.custodian() == null ? "" : "; custodian=Organization/" + group.custodian())
                        + "; reason=" + group.because().code())
                .collect(Collectors.joining(", "));
    }
}
