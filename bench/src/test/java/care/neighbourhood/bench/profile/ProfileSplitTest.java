package care.neighbourhood.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileSplitTest {

    private static final String REQUEST =
            "java/lang/Thread.run;org/apache/coyote/AbstractProtocol$ConnectionHandler.process;"
                    + "care/neighbourhood/fhirserver/server/RequestTargetChecks.doFilterInternal;"
                    + "care/neighbourhood/fhirserver/security/TokenCheckUnavailableFilter.doFilterInternal;"
                    + "ca/uhn/fhir/rest/server/RestfulServer.handleRequest;";
    private static final String READ = REQUEST + "ca/uhn/fhir/jpa/dao/BaseHapiFhirResourceDao.read;"
            + "care/neighbourhood/fhirserver/server/WriteFailures.doExecuteCallback;"
            + "care/neighbourhood/fhirserver/server/SearchPagePlans$PlannedPerExecution.invoke;";
    private static final String TRANSACTION = REQUEST + "ca/uhn/fhir/jpa/dao/BaseTransactionProcessor.transaction;"
            + "care/neighbourhood/fhirserver/server/WriteFailures.doExecuteCallback;";

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "start_thread;thread_native_entry;JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop | JIT compilers",
                "java/lang/Thread.run;care/neighbourhood/fhirserver/audit/AuditWriter.writeLoop;org/postgresql/core/v3/QueryExecutorImpl.execute | audit: the writer's group commits",
                "org/quartz/simpl/SimpleThreadPool$WorkerThread.run;ca/uhn/fhir/jpa/subscription/async/AsyncResourceModifiedSubmitterSvc.runDeliveryPass | subscription matching (HAPI's scheduler)",
                "G1EvacuateRegionsBaseTask::work | GC and other threads",
                "READ org/postgresql/core/v3/QueryExecutorImpl.execute | HAPI's read (transaction, SQL, parsing)",
                "READ care/neighbourhood/fhirserver/access/enforcement/DisclosureFilter.judgeWhatIsShown;care/neighbourhood/fhirserver/access/index/CareAccessTable.query;org/postgresql/core/v3/QueryExecutorImpl.execute | access rules",
                "REQUEST care/neighbourhood/fhirserver/audit/AuditCapture.beforeResponse;java/util/HashMap.put | audit: noting the request's people",
                "REQUEST ca/uhn/fhir/rest/server/RestfulServerUtils.streamResponseAsResource;ca/uhn/fhir/parser/JsonParser.encode | serialising the answer",
                "java/lang/Thread.run;org/apache/coyote/AbstractProtocol$ConnectionHandler.process;care/neighbourhood/fhirserver/server/BufferedResponses$Writer.close;sun/nio/ch/SocketDispatcher.write | Tomcat and HTTP",
                "java/lang/Thread.run;org/apache/coyote/Http11Processor.service;care/neighbourhood/fhirserver/security/PlainHeaderChecks.bearerToken | request, header and token checks",
                "TRANSACTION ca/uhn/fhir/jpa/dao/BaseHapiFhirResourceDao.create;care/neighbourhood/fhirserver/validation/RecordValidation.created;org/hl7/fhir/validation/instance/InstanceValidator.validate | validation against the profiles",
                "TRANSACTION org/springframework/transaction/support/AbstractPlatformTransactionManager.commit;care/neighbourhood/fhirserver/provenance/ProvenanceWriter.write;ca/uhn/fhir/jpa/dao/BaseHapiFhirResourceDao.create;care/neighbourhood/fhirserver/access/index/CareAccessIndexMaintainer.created | Provenance of the write",
                "TRANSACTION care/neighbourhood/fhirserver/access/index/PendingRecomputes.beforeCommit;org/hibernate/internal/SessionImpl.flush | care access upkeep (its flush also writes the Provenance's rows)",
                "TRANSACTION org/hibernate/internal/SessionImpl.flush;org/postgresql/core/v3/QueryExecutorImpl.execute | HAPI's transaction (storage, SQL)",
                "TRANSACTION ca/uhn/fhir/jpa/subscription/match/matcher/SubscriptionMatcherInterceptor.resourceCreated;care/neighbourhood/fhirserver/subscription/SubscribableChanges.worthMatching | subscription notes",
                "TRANSACTION care/neighbourhood/fhirserver/worklist/WorklistMaintainer.created | worklist row"
            })
    void eachSampleGoesToThePartItWasSpentOn(String stack, String part) {
        String expanded =
                stack.replace("READ ", READ).replace("REQUEST ", REQUEST).replace("TRANSACTION ", TRANSACTION);
        assertThat(ProfileSplit.categoryOf(expanded)).isEqualTo(part);
    }
}
