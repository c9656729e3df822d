package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.interceptor.ServerInterceptorUtil;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The demographic look-up ({@code Patient/$demographic-lookup}): a member of staff asks whether a
 * person exists, by exact NHS number or by exact family name and date of birth, and learns of at most
 * {@value #MOST_PEOPLE} people their name, date of birth, NHS number and id, and whether each is on
 * their caseload; nothing else. The people found are shown through the same hooks as any record, so
 * the audit trail names each of them, with the basis {@link AccessBasis#DEMOGRAPHICS_ONLY}.
 */
@Component
public class DemographicLookup {

    /** The most people one look-up answers; more matches are refused, asking for a narrower query. */
    public static final int MOST_PEOPLE = 5;

    /** On each entry's {@code search}: whether the caller has a care relationship with the person. */
    public static final String ON_CASELOAD_EXTENSION =
            "https://neighbourhood.example/fhir/StructureDefinition/on-caseload";

    /** Candidates read for a name search before the exact match is applied. */
    private static final int CANDIDATES = 100;

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final DaoRegistry daos;
    private final IInterceptorBroadcaster broadcaster;

    public DemographicLookup(
            AccessContexts contexts, AccessPolicy policy, DaoRegistry daos, IInterceptorBroadcaster broadcaster) {
        this.contexts = contexts;
        this.policy = policy;
        this.daos = daos;
        this.broadcaster = broadcaster;
    }

    /** The people matching the query, as a searchset Bundle of demographic subsets. */
    public Bundle lookUp(RequestDetails request, DemographicQuery query) {
        AccessContext context =
                contexts.of(request).orElseThrow(() -> AccessDenied.because("the demographic look-up needs a caller"));
        Demographics.refusalToLookUp(context.caller()).ifPresent(refusal -> {
            throw AccessDenied.because(refusal);
        });
        List<Patient> found = find(query);
        if (found.size() > MOST_PEOPLE) {
            throw new UnprocessableEntityException(
                    "More than " + MOST_PEOPLE + " people match: give the NHS number, or the given name as well.");
        }
        policy.answerDemographicLookup(context);
        List<IBaseResource> subsets = new ArrayList<>();
        found.forEach(person -> subsets.add(Demographics.of(person)));
        // Shown through the hooks every record passes: the access rules judge them, the audit names them.
        List<IBaseResource> shown = ServerInterceptorUtil.fireStoragePreshowResource(subsets, request, broadcaster);

        Bundle answer = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (IBaseResource resource : shown) {
            Patient person = (Patient) resource;
            String id = person.getIdElement().getIdPart();
            Bundle.BundleEntryComponent entry = answer.addEntry()
                    .setFullUrl(request.getFhirServerBase() + "/Patient/" + id)
                    .setResource(person);
            entry.getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH)
                    .addExtension(
                            ON_CASELOAD_EXTENSION,
                            new BooleanType(policy.relationshipWith(context, id).isPresent()));
        }
        answer.setTotal(answer.getEntry().size());
        return answer;
    }

    private List<Patient> find(DemographicQuery query) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        if (query.byNhsNumber()) {
            search.add("identifier", new TokenParam(Demographics.NHS_NUMBER_SYSTEM, query.nhsNumber()));
        } else {
            search.add("family", new StringParam(query.family()));
            search.add(
                    "birthdate",
                    new DateParam(ParamPrefixEnum.EQUAL, query.birthDate().toString()));
            if (query.given() != null) {
                search.add("given", new StringParam(query.given()));
            }
        }
        search.setLoadSynchronousUpTo(CANDIDATES);
        List<Patient> found = new ArrayList<>();
        for (IBaseResource candidate : daos.getResourceDao("Patient")
                .search(search, new SystemRequestDetails())
                .getResources(0, CANDIDATES)) {
            Patient person = (Patient) candidate;
            if (query.byNhsNumber() || matchesExactly(person, query)) {
                found.add(person);
            }
        }
        return found;
    }

    /** The search matches names by their start; the look-up wants the whole name, in any case. */
    private static boolean matchesExactly(Patient person, DemographicQuery query) {
        if (!person.hasBirthDate()
                || !query.birthDate()
                        .toString()
                        .equals(person.getBirthDateElement().getValueAsString())) {
            return false;
        }
        for (HumanName name : person.getName()) {
            boolean family = name.hasFamily() && same(name.getFamily(), query.family());
            boolean given = query.given() == null
                    || name.getGiven().stream().anyMatch(g -> g.hasValue() && same(g.getValue(), query.given()));
            if (family && given) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(String stored, String asked) {
        return normalised(stored).equals(normalised(asked));
    }

    private static String normalised(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace('’', '\'')
                .toLowerCase(Locale.ROOT);
    }
}
