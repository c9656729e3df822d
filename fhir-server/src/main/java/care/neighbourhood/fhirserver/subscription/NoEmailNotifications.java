package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.jpa.subscription.match.deliver.email.EmailDetails;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import org.springframework.stereotype.Component;

/**
 * HAPI's subscription delivery wants an e-mail sender; the workspace offers rest-hook subscriptions
 * only (an e-mail subscription is refused when it is created), so none is ever sent.
 */
@Component
class NoEmailNotifications implements IEmailSender {

    @Override
    public void send(EmailDetails details) {
        throw new UnsupportedOperationException("the workspace does not send notifications by e-mail");
    }
}
