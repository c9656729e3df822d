package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.WithheldNotice;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

/**
 * What is withheld from the user and why, as the server says it: each {@code suppressed} issue of a
 * search's outcome entry is one group of records (a data class, the organisation whose records they
 * are, the rule that keeps them back, how many, and the words). The portal never looks at the
 * withheld records, nor guesses the reason: what the server counted ({@code X-Withheld-Count}) but
 * did not explain is said without a reason.
 */
final class WithheldWords {

    static final String COUNT = "https://neighbourhood.example/fhir/StructureDefinition/withheld-count";
    static final String DATA_CLASS = "https://neighbourhood.example/fhir/StructureDefinition/withheld-data-class";
    static final String CUSTODIAN = "https://neighbourhood.example/fhir/StructureDefinition/withheld-custodian";
    static final String REASON_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/withheld-reason";

    private WithheldWords() {}

    /**
     * @param outcomes the outcome entries of the searches
     * @param counted the records the server counted as withheld from the same searches
     */
    static List<WithheldNotice> notices(List<OperationOutcome> outcomes, int counted) {
        List<WithheldNotice> notices = new ArrayList<>();
        int explained = 0;
        for (OperationOutcome outcome : outcomes) {
            for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                if (issue.getCode() != OperationOutcome.IssueType.SUPPRESSED) {
                    continue;
                }
                WithheldNotice notice = notice(issue);
                explained += notice.count();
                notices.add(notice);
            }
        }
        if (counted > explained) {
            int rest = counted - explained;
            notices.add(new WithheldNotice(rest, "information", null, null, itemsNotShown(rest) + "."));
        }
        return notices;
    }

    private static WithheldNotice notice(OperationOutcome.OperationOutcomeIssueComponent issue) {
        int count =
                valueOf(issue, COUNT) instanceof IntegerType n && n.getValue() != null ? Math.max(1, n.getValue()) : 1;
        String dataClass =
                valueOf(issue, DATA_CLASS) instanceof Coding coding && coding.hasCode() ? coding.getCode() : null;
        String organisation = valueOf(issue, CUSTODIAN) instanceof Reference reference && reference.hasDisplay()
                ? reference.getDisplay()
                : null;
        String because = issue.getDetails().getCoding().stream()
                .filter(coding -> REASON_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
        String text = issue.getDetails().hasText() ? issue.getDetails().getText() : itemsNotShown(count) + ".";
        return new WithheldNotice(
                count,
                dataClass == null ? "information" : dataClass.replace('-', ' ') + " information",
                organisation,
                because,
                text);
    }

    private static Object valueOf(OperationOutcome.OperationOutcomeIssueComponent issue, String url) {
        Extension extension = issue.getExtensionByUrl(url);
        return extension == null ? null : extension.getValue();
    }

    private static String itemsNotShown(int count) {
        return count == 1 ? "1 item is not shown to you" : count + " items are not shown to you";
    }
}
