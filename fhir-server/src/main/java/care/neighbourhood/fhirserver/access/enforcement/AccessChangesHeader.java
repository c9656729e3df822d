package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.index.AccessChanges;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Tells whoever wrote a change that moved care access who gained and who lost a care relationship by
 * it, in {@value #GAINED_HEADER} and {@value #LOST_HEADER}: comma-separated pairs of the person and
 * the grantee, {@code Patient/123 Practitioner/ben-carter, Patient/123 Organization/age-well}. A user
 * who adds someone to a care team is shown, after saving, who may now see the record. The writer has
 * a care relationship with every person named (the write rules ask for it), and learns only of
 * relationships their own write made or ended.
 */
@Component
public class AccessChangesHeader {

    public static final String GAINED_HEADER = "X-Care-Access-Gained";
    public static final String LOST_HEADER = "X-Care-Access-Lost";

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void tellTheWriter(RequestDetails request, HttpServletResponse response) {
        if (response == null) {
            return;
        }
        List<AccessChanges.Change> changes = AccessChanges.of(request);
        if (changes.isEmpty()) {
            return;
        }
        String gained = pairs(changes, AccessChanges.Change::gained);
        String lost = pairs(changes, AccessChanges.Change::lost);
        if (!gained.isEmpty()) {
            response.setHeader(GAINED_HEADER, gained);
        }
        if (!lost.isEmpty()) {
            response.setHeader(LOST_HEADER, lost);
        }
    }

    private static String pairs(List<AccessChanges.Change> changes, Function<AccessChanges.Change, Set<String>> which) {
        return changes.stream()
                .flatMap(change ->
                        which.apply(change).stream().map(grantee -> "Patient/" + change.personId() + " " + grantee))
                .distinct()
                .collect(Collectors.joining(", "));
    }
}
