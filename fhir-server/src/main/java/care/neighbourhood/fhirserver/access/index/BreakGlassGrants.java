package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Emergency (break-glass) access as entries of the care access index: granted for a while, counted
 * as a care relationship until then, and afterwards kept for review with nobody named as its holder.
 */
@Component
public class BreakGlassGrants {

    private final DaoRegistry daos;
    private final CareAccessTable table;
    private final Clock clock;

    @Autowired
    public BreakGlassGrants(DaoRegistry daos, CareAccessTable table) {
        this(daos, table, Clock.systemUTC());
    }

    BreakGlassGrants(DaoRegistry daos, CareAccessTable table, Clock clock) {
        this.daos = daos;
        this.table = table;
        this.clock = clock;
    }

    /** Emergency access for one practitioner to one person until {@code expires}, with the reason given. */
    public IIdType grant(String personId, String practitioner, String reason, Instant expires) {
        Basic grant = new Basic();
        grant.addIdentifier()
                .setSystem(CareAccessEntry.ID_SYSTEM)
                .setValue("Patient/" + personId + "|" + practitioner + "|" + CareAccessEntry.BREAK_GLASS + "|"
                        + clock.millis());
        grant.setCode(new CodeableConcept(new Coding(
                CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS, "Emergency access (break-glass)")));
        grant.setSubject(new Reference("Patient/" + personId));
        grant.setAuthor(new Reference(practitioner));
        grant.setCreated(Date.from(expires)); // a date: the day it ends, for finding grants by day
        grant.addExtension(new Extension(CareAccessEntry.EXPIRES_EXTENSION, new InstantType(Date.from(expires))));
        grant.addExtension(new Extension(CareAccessEntry.REASON_EXTENSION, new StringType(reason)));
        grant.addExtension(new Extension(
                CareAccessEntry.PURPOSE_EXTENSION,
                new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "BTG", "break the glass")));
        IIdType id = entries().create(grant, new SystemRequestDetails()).getId().toUnqualifiedVersionless();
        table.addGrant(id.getValue(), personId, practitioner, expires);
        return id;
    }

    /** Copies the grants still in force into the care access table (a database that predates it). */
    void copyGrantsInForceToTheTable() {
        Instant now = clock.instant();
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("code", new TokenParam(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS));
        for (IBaseResource found : InternalSearches.all(entries(), query)) {
            Basic grant = (Basic) found;
            Instant expires = CareAccessEntry.expiryOf(grant);
            if (expires != null && expires.isAfter(now)) {
                table.addGrant(
                        grant.getIdElement().toUnqualifiedVersionless().getValue(),
                        CareAccessEntry.personIdOf(grant),
                        grant.getAuthor().getReference(),
                        expires);
            }
        }
    }

    /**
     * Marks every grant whose time has run out as ended: kept, for review, but no longer naming anyone
     * who may see the record. Lookups leave ended grants out already; this keeps the index tidy and
     * the narrowing of large caseloads exact. Returns how many were ended.
     */
    public int expireEnded() {
        Instant now = clock.instant();
        SearchParameterMap query = SearchParameterMap.newSynchronous();
        query.add("code", new TokenParam(CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS));
        query.add("created", new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, Date.from(now)));
        int ended = 0;
        for (IBaseResource found : InternalSearches.all(entries(), query)) {
            Basic grant = (Basic) found;
            Instant expires = CareAccessEntry.expiryOf(grant);
            if (expires == null || !expires.isAfter(now)) {
                end(grant);
                ended++;
            }
        }
        return ended;
    }

    private void end(Basic grant) {
        table.removeGrant(grant.getIdElement().toUnqualifiedVersionless().getValue());
        Reference holder = grant.getAuthor();
        grant.setAuthor(null);
        grant.addExtension(new Extension(CareAccessEntry.GRANTEE_EXTENSION, holder));
        grant.setCode(new CodeableConcept(new Coding(
                CareAccessEntry.STATE_SYSTEM, CareAccessEntry.BREAK_GLASS_EXPIRED, "Emergency access (expired)")));
        entries().update(grant, new SystemRequestDetails());
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<IBaseResource> entries() {
        return (IFhirResourceDao<IBaseResource>) daos.getResourceDao(CareAccessEntry.TYPE);
    }
}
