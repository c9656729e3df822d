package care.neighbourhood.e2e;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the suites on the cluster of {@link Cluster} after all the others, the fault suite last: the
 * cluster's four servers stay up from its first suite to the end of the run, so starting them late
 * leaves the machine to the other suites until then, and the suite that restarts PostgreSQL and kills
 * servers can disturb no suite after it. The rest run in the order of their names.
 */
public final class ClusterSuitesLast implements ClassOrderer {

    private static final List<Class<?>> LAST = List.of(TwoReplicasTest.class, ClusterFaultsTest.class);

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparingInt(ClusterSuitesLast::place)
                        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static int place(ClassDescriptor descriptor) {
        return LAST.indexOf(descriptor.getTestClass());
    }
}
