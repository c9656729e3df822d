package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.audit.SharingAgreements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The terms of the agreement in force, kept for a while: the agreement changes only when the server
 * is restarted with a new version, and it is the same for every user.
 */
@Component
class FhirAgreementTerms {

    private static final Logger log = LoggerFactory.getLogger(FhirAgreementTerms.class);
    private static final Duration KEEP = Duration.ofMinutes(10);
    private static final Duration KEEP_FAILURE = Duration.ofMinutes(1);

    private final SharingAgreements agreements;
    private final Clock clock;
    private volatile Kept kept;

    private record Kept(AgreementTerms terms, Instant until) {}

    FhirAgreementTerms(SharingAgreements agreements, Clock clock) {
        this.agreements = agreements;
        this.clock = clock;
    }

    /** The terms, or {@link AgreementTerms#UNKNOWN} when the agreement cannot be read just now. */
    AgreementTerms current() {
        Instant now = clock.instant();
        Kept known = kept;
        if (known != null && known.until().isAfter(now)) {
            return known.terms();
        }
        AgreementTerms terms;
        Duration keep = KEEP;
        try {
            terms = AgreementTerms.read(agreements.current().document());
        } catch (FhirServiceException e) {
            log.debug("Sharing agreement not available: {}", e.getMessage());
            terms = AgreementTerms.UNKNOWN;
            keep = KEEP_FAILURE;
        }
        kept = new Kept(terms, now.plus(keep));
        return terms;
    }
}
