package io.plugboard.api.cluster;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nodes sharing this server's database, and the leases that make scheduled work run on one of them at a time.
 * One node (the embedded H2 default) is a cluster of one: it always leads.
 */
@ProviderType
public interface Cluster {

    /** A node whose last heartbeat is older than this is not alive. */
    Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    /** This node's id. */
    String nodeId();

    /** Every node that has a row: alive ones, and dead ones until their row is cleared an hour later. */
    List<ClusterNode> nodes();

    /**
     * Whether this node runs {@code task} now: {@code true} when it holds the task's lease or took it (no other node
     * holds an unexpired one), in which case the lease now lasts {@code hold} from now. Call it before each run of a
     * periodic task, with a {@code hold} of at least its period: while this node lives and keeps running the task, no
     * other node runs it; when it dies, another takes over once {@code hold} has passed. {@code false} also when the
     * database cannot be asked (the task is skipped, not run twice).
     */
    boolean lead(String task, Duration hold);
}
