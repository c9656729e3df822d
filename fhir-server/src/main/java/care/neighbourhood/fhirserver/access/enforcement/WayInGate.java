package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.Demographics;
import care.neighbourhood.fhirserver.access.Disclosure;
import care.neighbourhood.fhirserver.access.ExportPolicy;
import care.neighbourhood.fhirserver.access.SmartScopes;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * The first check of every API request, and of every request inside a transaction or batch: the way
 * in must be in {@link WaysIn}, or it is refused. Checks that need nothing but the way in and the
 * token are made here too: the token's SMART scopes for reads and searches, the audit trail's readers,
 * and reading a record's {@code $meta}, which shows no record for the later checks to judge.
 */
@Component
public class WayInGate {

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final DaoRegistry daos;

    public WayInGate(AccessContexts contexts, AccessPolicy policy, DaoRegistry daos) {
        this.contexts = contexts;
        this.policy = policy;
        this.daos = daos;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void admit(RequestDetails request, RestOperationTypeEnum interaction) {
        Optional<AccessContext> found = contexts.of(request);
        if (found.isEmpty()) {
            return; // the public CapabilityStatement, or the server's own work
        }
        AccessContext context = found.get();
        if (context.caller().isSystem()
                && !SmartScopes.narrowsAccess(context.caller().scopes())) {
            // SMART Backend Services: a system says what it needs. Without scopes it would get all the
            // access rules allow, more than any system that asked for scopes.
            throw AccessDenied.becauseOfTheToken("A system's token must carry the SMART scopes it needs"
                    + " (system/...): ask for them in the token request's scope parameter.");
        }
        String type = request.getResourceName();
        WaysIn.Way way = WaysIn.classify(interaction, request.getOperation(), type);
        if (context.caller().isPersonal()
                && way.kind() != WaysIn.Kind.REFUSED
                && way.kind() != WaysIn.Kind.UNSUPPORTED
                && !WaysIn.openToPeopleAndCarers(way)) {
            throw AccessDenied.becauseOfTheRequest(
                    describe(interaction, request) + " is not offered to people and their carers");
        }
        switch (way.kind()) {
            case REFUSED -> throw AccessDenied.because(describe(interaction, request) + ": " + way.judgedBy());
            case UNSUPPORTED ->
                throw new MethodNotAllowedException(
                        "This interaction is not available on " + type + ": " + way.judgedBy() + ".");
            case GOVERNANCE -> {
                if (way.target() == WaysIn.Target.AUDIT_TRAIL
                        && !context.caller().mayReadAuditTrail()) {
                    throw AccessDenied.because(context.caller().username() + " may not read the audit trail");
                }
            }
            case OWN_EXPORT ->
                ExportPolicy.refusalToExport(context.caller()).ifPresent(refusal -> {
                    throw AccessDenied.becauseOfTheRequest(refusal);
                });
            case OWN_ACCESS_LOG -> {
                if (context.caller().kind() != Caller.Kind.PERSON) {
                    throw AccessDenied.because("who has looked at a record is shown to the person themself only");
                }
            }
            case DEMOGRAPHIC_LOOKUP ->
                Demographics.refusalToLookUp(context.caller()).ifPresent(refusal -> {
                    throw AccessDenied.because(refusal);
                });
            default -> {
                // judged by the policy as records are searched, shown and stored
            }
        }
        SmartScopes.Access access = scopeAccessOf(interaction, way);
        if (type != null
                && access != null
                && !SmartScopes.permits(context.caller().scopes(), type, access)) {
            throw AccessDenied.because("the token's scopes do not allow " + access + " of " + type);
        }
        if (interaction == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                && ("$meta".equals(request.getOperation()) || "$export".equals(request.getOperation()))) {
            judgeAsARead(context, request.getId());
        }
    }

    /** What an interaction needs from the token's SMART scopes; writes are checked as they are stored. */
    private static SmartScopes.Access scopeAccessOf(RestOperationTypeEnum interaction, WaysIn.Way way) {
        if (way.kind() == WaysIn.Kind.OWN_EXPORT) {
            return null; // an export holds only what the requester's scopes allow, record by record
        }
        return switch (interaction) {
            case READ, VREAD, HISTORY_INSTANCE -> SmartScopes.Access.READ;
            case SEARCH_TYPE, HISTORY_TYPE -> SmartScopes.Access.SEARCH;
            case EXTENDED_OPERATION_INSTANCE ->
                way.kind() == WaysIn.Kind.READ_ABOUT_A_PERSON || way.kind() == WaysIn.Kind.DIRECTORY
                        ? SmartScopes.Access.READ
                        : null;
            case EXTENDED_OPERATION_TYPE ->
                way.kind() == WaysIn.Kind.READ_ABOUT_A_PERSON ? SmartScopes.Access.SEARCH : null;
            default -> null;
        };
    }

    /** An operation that reveals a record without showing it: judged as a read of that record. */
    private void judgeAsARead(AccessContext context, IIdType id) {
        if (id == null || !id.hasIdPart()) {
            return;
        }
        IBaseResource record;
        try {
            record = daos.getResourceDao(id.getResourceType())
                    .read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
        } catch (RuntimeException notThere) {
            return; // HAPI answers for a record that is not there
        }
        Disclosure disclosure = policy.disclose(context, record);
        if (!disclosure.isShown()) {
            throw AccessDenied.because(
                    disclosure.verdict() + " " + id.toUnqualifiedVersionless() + ": " + disclosure.reason());
        }
    }

    private static String describe(RestOperationTypeEnum interaction, RequestDetails request) {
        String what = interaction == null ? "unknown interaction" : interaction.getCode();
        if (request.getOperation() != null) {
            what = request.getOperation();
        }
        return request.getResourceName() == null ? what : what + " on " + request.getResourceName();
    }
}
