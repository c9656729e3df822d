package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.SharingAgreement;
import care.neighbourhood.fhirserver.access.SmartScopes;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * What the worklist and the caseload list share: who may ask (care staff and systems with a caseload,
 * once the tables are filled), the day overdue is judged on, reading a page's records in its order,
 * and the page links.
 */
@Component
class TeamViews {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final AccessContexts contexts;
    private final SharingAgreement agreement;
    private final WorklistFill fill;
    private final Clock clock = Clock.systemUTC();

    TeamViews(AccessContexts contexts, SharingAgreement agreement, WorklistFill fill) {
        this.contexts = contexts;
        this.agreement = agreement;
        this.fill = fill;
    }

    /**
     * The caller as the tables see them; refused when they have no caseload or their token's scopes
     * do not let them search {@code alsoShows} (what the view tells about beyond its own records), 503
     * while the tables are being filled.
     */
    WorklistTable.Viewer viewerOf(RequestDetails request, String what, String alsoShows) {
        AccessContext context =
                contexts.of(request).orElseThrow(() -> AccessDenied.because("the " + what + " needs a caller"));
        Caller caller = context.caller();
        if (alsoShows != null && !SmartScopes.permits(caller.scopes(), alsoShows, SmartScopes.Access.SEARCH)) {
            throw AccessDenied.because(
                    "the " + what + " counts " + alsoShows + "s, which the token's scopes do not allow");
        }
        if (agreement.isGovernanceOnly(caller)
                || caller.relationshipReferences().isEmpty()) {
            throw AccessDenied.because(
                    "the " + what + " is of the people on a caseload, and " + caller.username() + " has none");
        }
        if (!fill.isReady()) {
            throw new NotReady();
        }
        return new WorklistTable.Viewer(
                caller.relationshipReferences(),
                caller.practitioner(),
                caller.organisationReference(),
                agreement.maySeeRestricted(caller));
    }

    Instant now() {
        return clock.instant();
    }

    /** The day in London: what a task due before it is overdue by. */
    LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, LONDON);
    }

    /** The records with these ids, in this order, in one search (a list HAPI's hooks may change). */
    List<IBaseResource> readInOrder(IFhirResourceDao<?> dao, List<String> ids) {
        List<IBaseResource> inOrder = new ArrayList<>();
        if (ids.isEmpty()) {
            return inOrder;
        }
        SearchParameterMap byId = SearchParameterMap.newSynchronous();
        TokenOrListParam anyOf = new TokenOrListParam();
        ids.forEach(id -> anyOf.add(null, id));
        byId.add("_id", anyOf);
        Map<String, IBaseResource> found = new HashMap<>();
        for (IBaseResource record : InternalSearches.all(dao, byId)) {
            found.put(record.getIdElement().getIdPart(), record);
        }
        ids.stream().map(found::get).filter(Objects::nonNull).forEach(inOrder::add);
        return inOrder;
    }

    /** {@code self}, {@code previous} and {@code next} links; {@code parameters} gives a page's. */
    static void addLinks(Bundle answer, String base, int page, int count, int total, IntFunction<String> parameters) {
        answer.addLink().setRelation("self").setUrl(base + parameters.apply(page));
        if (page > 1) {
            answer.addLink().setRelation("previous").setUrl(base + parameters.apply(page - 1));
        }
        if ((long) page * count < total && page < WorklistQuery.MAX_PAGE) {
            answer.addLink().setRelation("next").setUrl(base + parameters.apply(page + 1));
        }
    }

    /** 503: the tables are still being filled from the stored records ({@link WorklistFill}). */
    static class NotReady extends BaseServerResponseException {
        NotReady() {
            super(503, "The worklist is being prepared after an upgrade and is not ready yet. Try again in a minute.");
        }
    }
}
