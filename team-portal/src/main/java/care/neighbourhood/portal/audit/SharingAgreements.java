package care.neighbourhood.portal.audit;

/** Where the portal reads the data-sharing agreement in force. */
public interface SharingAgreements {

    SharingAgreement current();
}
