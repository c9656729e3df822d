package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Audit records as the server makes them, for tests of how they are stored and committed. */
final class AuditRecordSamples {

    private AuditRecordSamples() {}

    /** A record of a nurse's request through the portal, with a fresh id. */
    static AuditRecord sample(Instant recorded, String interaction, int status, List<AuditPerson> people) {
        return new AuditRecord(
                UUID.randomUUID().toString(),
                recorded,
                "req-" + UUID.randomUUID(),
                interaction,
                "R",
                AuditRecord.outcomeOf(status),
                status,
                status + " text",
                "TREAT",
                "https://issuer|sub",
                "Practitioner/nina-patel",
                "nina.patel",
                "community-nurse",
                "northbank-community",
                "health",
                "team-portal",
                "127.0.0.1",
                "Patient/p-1",
                "_count=20",
                people);
    }
}
