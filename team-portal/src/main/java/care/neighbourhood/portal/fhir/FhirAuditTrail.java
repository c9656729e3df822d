package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.audit.AccessPage;
import care.neighbourhood.portal.audit.AuditTrail;
import care.neighbourhood.portal.audit.CrossBoundaryCount;
import care.neighbourhood.portal.audit.ReportingPeriod;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit trail through the FHIR server's AuditEvent API (docs/audit.md), asked with the officer's
 * own token: the server decides who may read it, and records that the officer did.
 */
@Service
class FhirAuditTrail implements AuditTrail {

    static final String NHS_NUMBER_SYSTEM = PatientFacts.NHS_NUMBER_SYSTEM;
    private static final TokenClientParam PATIENT_IDENTIFIER = new TokenClientParam("patient-identifier");
    private static final TokenClientParam DENIED = new TokenClientParam("denied");
    private static final DateClientParam DATE = new DateClientParam("date");

    private final FhirSearches searches;
    private final IGenericClient client;
    private final OrganisationDirectory organisations;

    FhirAuditTrail(FhirSearches searches, IGenericClient client, OrganisationDirectory organisations) {
        this.searches = searches;
        this.client = client;
        this.organisations = organisations;
    }

    @Override
    public AccessPage accessesToPerson(String nhsNumber, int offset, int pageSize) {
        Bundle page = searches.onePage(
                "searching the audit trail of a person",
                fhir -> fhir.search()
                        .forResource(AuditEvent.class)
                        .where(PATIENT_IDENTIFIER.exactly().systemAndCode(NHS_NUMBER_SYSTEM, nhsNumber))
                        .count(pageSize)
                        .offset(offset)
                        .returnBundle(Bundle.class));
        return accessPage(page, nhsNumber, offset, pageSize);
    }

    @Override
    public AccessPage deniedAccesses(LocalDate from, int offset, int pageSize) {
        Bundle page = searches.onePage(
                "searching the audit trail for denied accesses",
                fhir -> fhir.search()
                        .forResource(AuditEvent.class)
                        .where(DENIED.exactly().code("true"))
                        .and(DATE.afterOrEquals().day(from.toString()))
                        .count(pageSize)
                        .offset(offset)
                        .returnBundle(Bundle.class));
        return accessPage(page, null, offset, pageSize);
    }

    @Override
    public List<CrossBoundaryCount> crossBoundaryAccesses(LocalDate from, LocalDate to, ReportingPeriod period) {
        Parameters input = new Parameters();
        input.addParameter().setName("from").setValue(new StringType(from.toString()));
        input.addParameter().setName("to").setValue(new StringType(to.toString()));
        input.addParameter().setName("period").setValue(new StringType(period.code()));
        Parameters rows;
        try {
            rows = client.operation()
                    .onType(AuditEvent.class)
                    .named("$cross-boundary")
                    .withParameters(input)
                    .useHttpGet()
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate("counting cross-boundary accesses", e);
        }
        Set<String> codes = CrossBoundaryReader.organisationCodes(rows);
        Map<String, String> names = codes.isEmpty() ? Map.of() : organisations.namesOf(codes);
        return CrossBoundaryReader.read(rows, names);
    }

    private AccessPage accessPage(Bundle page, String nhsNumber, int offset, int pageSize) {
        List<AuditEvent> events = page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(AuditEvent.class::isInstance)
                .map(AuditEvent.class::cast)
                .toList();
        Set<String> codes = new LinkedHashSet<>(AuditEventReader.organisationCodes(events));
        Map<String, String> names = codes.isEmpty() ? Map.of() : organisations.namesOf(codes);
        return new AccessPage(
                events.stream()
                        .map(event -> AuditEventReader.read(event, nhsNumber, names))
                        .toList(),
                page.hasTotal() ? page.getTotal() : null,
                offset,
                pageSize,
                nextOffset(page, offset, events.size()));
    }

    /**
     * Where the next page starts: the {@code _offset} of the bundle's {@code next} link, or (for a
     * server that pages another way) just after this page; {@code null} when there is no next page.
     */
    static Integer nextOffset(Bundle page, int offset, int entries) {
        Bundle.BundleLinkComponent next = page.getLink(IBaseBundle.LINK_NEXT);
        if (next == null || !next.hasUrl()) {
            return null;
        }
        try {
            String value = UriComponentsBuilder.fromUri(URI.create(next.getUrl()))
                    .build()
                    .getQueryParams()
                    .getFirst("_offset");
            if (value != null) {
                int nextOffset = Integer.parseInt(value);
                return nextOffset > offset ? nextOffset : null;
            }
        } catch (IllegalArgumentException e) {
            // An address the portal cannot read: continue after this page.
        }
        return entries > 0 ? offset + entries : null;
    }
}
