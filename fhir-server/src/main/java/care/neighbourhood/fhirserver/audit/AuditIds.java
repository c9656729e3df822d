package care.neighbourhood.fhirserver.audit;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * The ids of audit records: UUIDs of version 7, which begin with the time they were made. A random id
 * would put each new record at a random place in the audit tables' primary keys, so that every commit
 * changed pages all over them (and, after each checkpoint, wrote each of those pages whole into the
 * database's log); a time-ordered one is appended at their end, where the previous records went.
 */
final class AuditIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private AuditIds() {}

    static String next() {
        return GENERATOR.generate().toString();
    }
}
