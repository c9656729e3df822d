package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import care.neighbourhood.fhirserver.access.BreakGlassReviewTasks;
import care.neighbourhood.fhirserver.access.index.CareAccessEntry;
import java.util.List;

/**
 * A worklist search, {@code Task?owner=<the caller or their organisation>&status=<open states>}: every
 * Task it can match gives its owner a care relationship with the Task's person (the care access
 * index is built from exactly these), so the search is already within the caller's caseload and
 * needs no list of people added to it. Break-glass review Tasks give no relationship: they are left
 * out with {@code code:not}. What the search returns still passes the disclosure rules one by one.
 */
final class OwnedOpenTasks {

    private OwnedOpenTasks() {}

    /** Whether the Task search asks only for open Tasks owned by one of {@code references}. */
    static boolean within(SearchParameterMap parameters, List<String> references) {
        return anyGroupAll(
                        parameters.get("owner"),
                        value -> value instanceof ReferenceParam owner
                                && owner.getChain() == null
                                && owner.getMissing() == null
                                && owner.getResourceType() != null
                                && references.contains(owner.getResourceType() + "/" + owner.getIdPart()))
                && anyGroupAll(
                        parameters.get("status"),
                        value -> value instanceof TokenParam status
                                && status.getModifier() == null
                                && status.getMissing() == null
                                && status.getSystem() == null
                                && CareAccessEntry.OPEN_TASK_STATES.contains(status.getValue()));
    }

    /** Leaves out the break-glass review Tasks, which give their owner no relationship. */
    static void leaveOutReviewTasks(SearchParameterMap parameters) {
        parameters.add(
                "code",
                new TokenParam(BreakGlassReviewTasks.CODE_SYSTEM, BreakGlassReviewTasks.CODE)
                        .setModifier(TokenParamModifier.NOT));
    }

    /** Some AND group of the parameter whose every OR value passes. */
    private static boolean anyGroupAll(
            List<List<IQueryParameterType>> groups, java.util.function.Predicate<IQueryParameterType> passes) {
        return groups != null
                && groups.stream().anyMatch(or -> !or.isEmpty() && or.stream().allMatch(passes));
    }
}
