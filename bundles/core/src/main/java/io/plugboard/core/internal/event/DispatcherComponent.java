package io.plugboard.core.internal.event;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.event.DeliveryCounters;
import io.plugboard.api.event.EventService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the delivery queue on one thread, {@code plugboard-dispatch}: a drain {@value #DISPATCH_COALESCE_MILLIS} ms
 * after an ingest queued deliveries, a sweep every second (retries, and whatever a crash left), and an hourly purge
 * of events older than {@code retentionDays} (on one node of a cluster). Every node dispatches: their claims skip
 * each other's rows. Activation only schedules; the first sweep releases the leases a
 * previous run held, so no SQL runs while the bundle starts.
 */
@Component(immediate = true, configurationPid = {EventsConfiguration.OLD_PID, EventsConfiguration.PID})
public class DispatcherComponent {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherComponent.class);

    /**
     * How long a drain waits after the first ingest that asked for it, so that one claim and one commit serve the
     * deliveries of several ingests (see perf/RESULTS.md). It delays the hand-off, never the acknowledgement.
     */
    static final long DISPATCH_COALESCE_MILLIS = 20;

    private final Cluster cluster;
    private final DeliveryQueue queue;
    private final EventService events;
    private final EventDispatcher dispatcher;
    private final DeliveryMetrics metrics = new DeliveryMetrics();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "plugboard-dispatch"));
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final ServiceRegistration<DeliveryCounters> counters;
    private volatile boolean leasesReleased;
    private volatile int retentionDays;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public DispatcherComponent(BundleContext context, EventsConfiguration config, @Reference DeliveryQueue queue,
                               @Reference EventService events, @Reference ForwardSecrets secrets,
                               @Reference DeliveryHook hook, @Reference Cluster cluster) {
        this.cluster = cluster;
        this.queue = queue;
        this.events = events;
        this.retentionDays = config.retentionDays();
        this.dispatcher = new EventDispatcher(queue, secrets, () -> eventAdmin,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), metrics, hook, Clock.systemUTC(),
                EventDispatcher.parseSchedule(config.forwardRetrySchedule()), Duration.ofSeconds(config.forwardTimeoutSeconds()));
        dispatcher.lease(lease(config));
        thread.scheduleWithFixedDelay(this::sweep, 0, 1000, TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::purge, 60, 3600, TimeUnit.SECONDS);
        queue.onNewDeliveries(this::drainSoon);
        counters = context.registerService(DeliveryCounters.class, metrics, null);
    }

    @Modified
    void modified(EventsConfiguration config) {
        dispatcher.configure(EventDispatcher.parseSchedule(config.forwardRetrySchedule()),
                Duration.ofSeconds(config.forwardTimeoutSeconds()));
        dispatcher.lease(lease(config));
        retentionDays = config.retentionDays();
    }

    private static Duration lease(EventsConfiguration config) {
        return Duration.ofSeconds(Math.max(5, config.deliveryLeaseSeconds()));
    }

    @Deactivate
    void deactivate() {
        queue.onNewDeliveries(null);
        counters.unregister();
        thread.shutdownNow();
    }

    /** Queues one drain, {@link #DISPATCH_COALESCE_MILLIS} from now, unless one is waiting already. */
    void drainSoon() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    drainQueued.set(false);
                    drain();
                }, DISPATCH_COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                drainQueued.set(false); // the sweep of the next start delivers it
            }
        }
    }

    private void sweep() {
        if (!leasesReleased) {
            try {
                queue.releaseLeases();
                leasesReleased = true;
            } catch (RuntimeException e) {
                LOG.warn("Releasing the deliveries of the previous run failed; the next sweep retries: {}", e.toString());
                return;
            }
        }
        drain();
    }

    private void drain() {
        if (!leasesReleased) {
            return; // the first sweep comes first
        }
        try {
            dispatcher.drain();
        } catch (RuntimeException e) {
            LOG.warn("Dispatching failed; the next run retries: {}", e.toString());
        }
    }

    /** Hourly, on one node of the cluster: the one holding the purge's lease (an hour and a bit). */
    private void purge() {
        if (!cluster.lead("events.purge", Duration.ofMinutes(65))) {
            return;
        }
        try {
            events.purge(Instant.now().minus(Duration.ofDays(retentionDays)));
        } catch (RuntimeException e) {
            LOG.warn("Purging old events failed; the next run retries: {}", e.toString());
        }
    }
}
