package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.annotation.Operation;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code GET [base]/$sharing-agreement}: the data-sharing agreement in force, for the portal to show
 * and auditors to read: its id, version, title, effective date and the document as agreed.
 */
@Component
public class SharingAgreementProvider {

    private final SharingAgreement agreement;

    public SharingAgreementProvider(SharingAgreement agreement) {
        this.agreement = agreement;
    }

    @Operation(name = "$sharing-agreement", idempotent = true)
    public Parameters sharingAgreement() {
        Parameters result = new Parameters();
        result.addParameter().setName("id").setValue(new StringType(agreement.id()));
        result.addParameter().setName("version").setValue(new IntegerType(agreement.version()));
        result.addParameter().setName("title").setValue(new StringType(agreement.title()));
        result.addParameter().setName("effective").setValue(new StringType(agreement.effective()));
        result.addParameter().setName("document").setValue(new StringType(agreement.source()));
        return result;
    }
}
