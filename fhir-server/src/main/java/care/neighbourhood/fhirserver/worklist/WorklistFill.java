package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills the worklist and the caseload list from the stored Tasks and Patients when they were never filled (a database from before the
 * worklist existed) or was filled for other restricted labels (the sharing agreement changed them).
 * A few thousand Tasks are filled before the server takes requests; more are filled in the
 * background, {@code Task/$worklist} answering 503 until it is done. Writes made meanwhile keep their
 * own rows, and an older version never replaces a newer one, so filling is safe alongside them and
 * on several servers at once.
 */
@Component
@Order(20)
public class WorklistFill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WorklistFill.class);

    /** Up to this many Tasks are filled before the server takes requests. */
    static final int FILLED_AT_ONCE = 5_000;

    private static final int BATCH = 500;

    private final WorklistTable table;
    private final WorklistMaintainer maintainer;
    private final DaoRegistry daos;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private volatile boolean ready;

    public WorklistFill(
            WorklistTable table,
            WorklistMaintainer maintainer,
            DaoRegistry daos,
            DataSource dataSource,
            PlatformTransactionManager transactionManager) {
        this.table = table;
        this.maintainer = maintainer;
        this.daos = daos;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Whether the worklist holds every Task. */
    public boolean isReady() {
        return ready;
    }

    @Override
    public void run(ApplicationArguments args) {
        String wanted = maintainer.restrictedLabels();
        if (wanted.equals(table.filledFor())) {
            ready = true;
            return;
        }
        List<String> ids = new ArrayList<>(storedIds("Patient"));
        ids.addAll(storedIds("Task"));
        if (ids.size() <= FILLED_AT_ONCE) {
            fill(ids, wanted);
            return;
        }
        log.info(
                "Filling the worklist and caseload list with {} Patients and Tasks in the background;"
                        + " Task/$worklist and Patient/$caseload answer 503 until then",
                ids.size());
        Thread filler = new Thread(() -> fill(ids, wanted), "worklist-fill");
        filler.setDaemon(true);
        filler.start();
    }

    private void fill(List<String> ids, String restrictedLabels) {
        try {
            long started = System.nanoTime();
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
                batch.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                reference -> reference.substring(0, reference.indexOf('/'))))
                        .values()
                        .forEach(ofOneType -> transactions.executeWithoutResult(status -> fillBatch(ofOneType)));
            }
            transactions.executeWithoutResult(status -> table.markFilledFor(restrictedLabels));
            ready = true;
            if (!ids.isEmpty()) {
                log.info(
                        "Filled the worklist with {} Tasks in {} ms",
                        ids.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.error("Could not fill the worklist; Task/$worklist stays unavailable until a restart", e);
        }
    }

    /** A batch of {@code Type/id}s, all of one type. */
    private void fillBatch(List<String> references) {
        String type = references.get(0).substring(0, references.get(0).indexOf('/'));
        SearchParameterMap byId = SearchParameterMap.newSynchronous();
        TokenOrListParam anyOf = new TokenOrListParam();
        references.forEach(reference -> anyOf.add(null, reference.substring(type.length() + 1)));
        byId.add("_id", anyOf);
        for (IBaseResource resource : InternalSearches.all(daos.getResourceDao(type), byId)) {
            maintainer.keep(resource);
        }
    }

    /** {@code Type/id} of every stored record of the type. */
    private List<String> storedIds(String type) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select FHIR_ID from HFJ_RESOURCE"
                        + " where RES_TYPE = ? and RES_DELETED_AT is null order by RES_ID")) {
            select.setString(1, type);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(type + "/" + rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the stored " + type + "s: " + e.getMessage(), e);
        }
        return ids;
    }
}
