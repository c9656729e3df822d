package care.neighbourhood.fhirserver.server;

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
 * When the server is told to stop (SIGTERM), its readiness goes down first and it keeps serving for
 * {@code workspace.shutdown.drain} (default 3 s): long enough for a load balancer checking
 * {@code /actuator/health/readiness} every second to take it out of rotation, so no request is sent to
 * a server that has stopped listening. Only then does the web server's graceful shutdown begin: it
 * takes no new connection and finishes the requests under way (and their audit commits, whose writer
 * stops after it).
 */
@Component
class ReadinessFirst implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessFirst.class);

    private final ApplicationContext context;
    private final Duration drain;
    private volatile boolean running;

    ReadinessFirst(ApplicationContext context, @Value("${workspace.shutdown.drain:PT3S}") Duration drain) {
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
            log.info("Stopping: not ready; serving for {} more while load balancers take this server out", drain);
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
