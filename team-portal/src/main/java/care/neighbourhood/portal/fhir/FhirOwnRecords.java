package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.OwnRecords;
import care.neighbourhood.portal.security.CurrentUser;
import java.util.Optional;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Service;

/**
 * A person's record is their own Patient; a carer's is the patient of their RelatedPerson, which the
 * FHIR server lets them read only once the person has shared their record with them.
 */
@Service
class FhirOwnRecords implements OwnRecords {

    private final FhirSearches searches;

    FhirOwnRecords(FhirSearches searches) {
        this.searches = searches;
    }

    @Override
    public Optional<String> personOf(CurrentUser user) {
        if (user.isPerson()) {
            return Optional.of(ResourceIndex.idPart(user.practitionerReference()));
        }
        if (!user.isCarer()) {
            return Optional.empty();
        }
        try {
            RelatedPerson carer = searches.read(
                            "reading the carer's own record",
                            RelatedPerson.class,
                            ResourceIndex.idPart(user.practitionerReference()))
                    .resource();
            return Optional.ofNullable(carer.getPatient().getReferenceElement().getIdPart());
        } catch (FhirServiceException e) {
            if (e.reason() == FhirServiceException.Reason.ACCESS_DENIED
                    || e.reason() == FhirServiceException.Reason.NOT_FOUND) {
                return Optional.empty(); // nothing shared with this carer (yet)
            }
            throw e;
        }
    }
}
