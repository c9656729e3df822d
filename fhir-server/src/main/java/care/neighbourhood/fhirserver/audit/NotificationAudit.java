package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.access.AccessBasis;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.DataCustodians;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * The AuditEvent of one subscription notification, recorded like a disclosure to the subscription's
 * owner: the system and its organisation, the record the notification was about and its people, the
 * subscription and endpoint, and whether it was sent, withheld by the access rules or failed.
 */
@Component
public class NotificationAudit {

    /** Sent, and the endpoint answered 2xx. */
    public static final int SENT = 200;
    /** Withheld: the access rules do not let the owner know of the record. */
    public static final int WITHHELD = 403;
    /** Not delivered: the endpoint could not be reached or refused it. */
    public static final int FAILED = 502;

    private final AuditWriter writer;
    private final RecordElements elements;
    private final DataCustodians custodians;
    private final PersonIdentifiers identifiers;
    private final Clock clock = Clock.systemUTC();

    NotificationAudit(
            AuditWriter writer, RecordElements elements, DataCustodians custodians, PersonIdentifiers identifiers) {
        this.writer = writer;
        this.elements = elements;
        this.custodians = custodians;
        this.identifiers = identifiers;
    }

    public void record(
            Caller owner,
            String subscription,
            String endpoint,
            IBaseResource resource,
            AccessBasis basis,
            int status,
            String what) {
        DataCustodians.Custodian custodian = custodians.of(resource);
        List<AuditRecord.AuditPerson> people = elements.personIdsIn(resource).stream()
                .map(person -> new AuditRecord.AuditPerson(
                        person,
                        identifiers.nhsNumberOf(person, resource).orElse(null),
                        basis == null ? null : basis.forPerson(person).toString(),
                        custodian.organisation(),
                        custodian.sector()))
                .toList();
        writer.commit(new AuditRecord(
                AuditIds.next(),
                clock.instant(),
                null,
                "operation",
                "E",
                AuditRecord.outcomeOf(status),
                status,
                status + " " + what,
                "health".equals(owner.sector()) ? "TREAT" : "CAREMGT",
                owner.subject(),
                null,
                owner.username(),
                "",
                owner.organisation(),
                owner.sector(),
                owner.clientId(),
                endpoint,
                resource.getIdElement().toUnqualifiedVersionless().getValue(),
                "notification of " + subscription,
                people));
    }
}
