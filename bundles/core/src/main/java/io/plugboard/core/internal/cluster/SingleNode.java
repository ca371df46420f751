package io.plugboard.core.internal.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.plugboard.api.cluster.Cluster;
import io.plugboard.api.cluster.ClusterNode;

/** A cluster of one that always leads: what components built outside OSGi (unit tests) run with. */
public final class SingleNode implements Cluster {

    public static final Cluster INSTANCE = new SingleNode();
    private final Instant started = Instant.now();

    private SingleNode() {
    }

    @Override
    public String nodeId() {
        return "local";
    }

    @Override
    public List<ClusterNode> nodes() {
        return List.of(new ClusterNode("local", started, Instant.now(), "unknown", "unknown", true, true));
    }

    @Override
    public boolean lead(String task, Duration hold) {
        return true;
    }
}
