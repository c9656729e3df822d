package care.neighbourhood.portal.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A portal behind a load balancer, told to stop (SIGTERM), goes unready first and keeps serving for
 * {@code workspace.shutdown.drain} (profile {@code shared-sessions}: 3 s; a portal on its own: none),
 * so the load balancer takes it out before it stops listening and no form a user sends meanwhile is
 * lost; then the web server's graceful shutdown finishes what is under way.
 */
@Component
class ReadinessFirst implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessFirst.class);

    private final ApplicationContext context;
    private final Duration drain;
    private volatile boolean running;

    ReadinessFirst(ApplicationContext context, @Value("${workspace.shutdown.drain:PT0S}") Duration drain) {
        this.context = context;
        this.drain = drain;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        if (!drain.isZero() && !drain.isNegative()) {
            log.info("Stopping: not ready; serving for {} more while the load balancer takes this portal out", drain);
            try {
                Thread.sleep(drain.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
