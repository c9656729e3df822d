package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.rest.server.RestfulServer;
import care.neighbourhood.fhirserver.access.enforcement.AccessChangesHeader;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.access.enforcement.HiddenMatches;
import care.neighbourhood.fhirserver.access.enforcement.RecordChangeGuard;
import care.neighbourhood.fhirserver.access.enforcement.SearchNarrowing;
import care.neighbourhood.fhirserver.access.enforcement.TransactionPlaceholders;
import care.neighbourhood.fhirserver.access.enforcement.WayInGate;
import care.neighbourhood.fhirserver.access.index.CareAccessIndexMaintainer;
import care.neighbourhood.fhirserver.audit.AuditCapture;
import care.neighbourhood.fhirserver.audit.AuditProperties;
import care.neighbourhood.fhirserver.export.ExportJobs;
import care.neighbourhood.fhirserver.export.ExportStatusGuard;
import care.neighbourhood.fhirserver.provenance.ProvenanceRecorder;
import care.neighbourhood.fhirserver.smart.SmartCapabilityStatement;
import care.neighbourhood.fhirserver.subscription.SubscribableChanges;
import care.neighbourhood.fhirserver.subscription.SubscriptionNotifications;
import care.neighbourhood.fhirserver.subscription.SubscriptionOwnerStamp;
import care.neighbourhood.fhirserver.validation.RecordValidation;
import care.neighbourhood.fhirserver.validation.ValidationProperties;
import care.neighbourhood.fhirserver.worklist.WorklistMaintainer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one ordered list of interceptors. Two places take them:
 *
 * <ul>
 *   <li>the storage interceptor service, for what must happen on every write whoever makes it (the
 *       API, a transaction, the server's own loaders): validation first, then the Provenance of
 *       an API caller's writes, then keeping the care access index and the worklist in step;
 *       and every subscription notification, judged for its owner before it is sent; and every record a
 *       bulk export would write, judged for its requester;
 *   <li>the FHIR endpoint, for what applies to API callers: input checks first, the owner recorded
 *       on a subscription, then the access
 *       rules (the gate every way in passes, then search narrowing, what is shown and what is
 *       written; their storage hooks run for every storage operation a request causes, transactions
 *       included), then the audit trail, errors made safe last.
 * </ul>
 */
@Component
public class ServerInterceptors {

    private final List<Object> storage;
    private final List<Object> endpoint;

    public ServerInterceptors(
            CareAccessIndexMaintainer careAccessIndex,
            WorklistMaintainer worklist,
            RequestInputChecks inputChecks,
            WayInGate gate,
            TransactionPlaceholders transactionPlaceholders,
            HiddenMatches hiddenMatches,
            SearchNarrowing searchNarrowing,
            DisclosureFilter disclosureFilter,
            AccessChangesHeader accessChanges,
            RecordChangeGuard changeGuard,
            SafeErrorInterceptor safeErrors,
            AuditCapture audit,
            WriteConflictRetry writeConflictRetry,
            AuditProperties auditProperties,
            SmartCapabilityStatement smartCapabilities,
            ApiDocumentation apiDocumentation,
            RecordValidation validation,
            ProvenanceRecorder provenance,
            SubscriptionNotifications notifications,
            SubscriptionOwnerStamp subscriptionOwners,
            ValidationProperties validationProperties,
            ExportJobs exportJobs,
            SubscribableChanges subscribableChanges,
            ExportStatusGuard exportStatus,
            @Value("${workspace.access.enforce:true}") boolean enforceAccess) {
        List<Object> storage = new ArrayList<>();
        if (validationProperties.enabled()) {
            storage.add(validation);
        } else {
            // Only for measuring what validation costs (the benchmark); never in service.
            LoggerFactory.getLogger(ServerInterceptors.class)
                    .warn("VALIDATION IS OFF (workspace.validation.enabled=false): invalid records are stored");
        }
        storage.add(provenance);
        storage.add(careAccessIndex);
        storage.add(worklist);
        storage.add(subscribableChanges);
        storage.add(notifications);
        storage.add(exportJobs);
        this.storage = List.copyOf(storage);
        List<Object> endpoint = new ArrayList<>();
        endpoint.add(apiDocumentation); // before HAPI's OpenAPI interceptor, which answers its requests
        endpoint.add(apiDocumentation.server());
        endpoint.add(smartCapabilities);
        endpoint.add(writeConflictRetry);
        endpoint.add(inputChecks);
        endpoint.add(subscriptionOwners);
        if (enforceAccess) {
            endpoint.addAll(List.of(
                    gate,
                    exportStatus,
                    transactionPlaceholders,
                    hiddenMatches,
                    searchNarrowing,
                    disclosureFilter,
                    accessChanges,
                    changeGuard));
        } else {
            // Only for measuring what the access layer costs (the benchmark); never in service.
            LoggerFactory.getLogger(ServerInterceptors.class)
                    .warn("ACCESS RULES ARE OFF (workspace.access.enforce=false): every token sees every record");
        }
        if (auditProperties.enabled()) {
            // After the access rules: it records what they let through, and the refusals they raise.
            endpoint.add(audit);
        } else {
            // Only for measuring what the audit trail costs (the benchmark); never in service.
            LoggerFactory.getLogger(ServerInterceptors.class)
                    .warn("AUDIT IS OFF (workspace.audit.enabled=false): requests leave no audit record");
        }
        endpoint.add(safeErrors);
        this.endpoint = List.copyOf(endpoint);
    }

    void registerOn(IInterceptorService storageInterceptors) {
        storage.forEach(storageInterceptors::registerInterceptor);
    }

    void registerOn(RestfulServer server) {
        endpoint.forEach(server::registerInterceptor);
    }
}
