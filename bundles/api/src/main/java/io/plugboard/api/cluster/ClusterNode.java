package io.plugboard.api.cluster;

import java.time.Instant;

/**
 * A node of the cluster as its row in the database says.
 *
 * @param id          the node's id ({@code nodeId} in {@code etc/io.plugboard.core.cfg}; host and port by default)
 * @param startedAt   when it started
 * @param heartbeatAt its last heartbeat
 * @param version     the Plugboard version it runs
 * @param database    the database product it is connected to ({@code H2}, {@code PostgreSQL})
 * @param alive       whether its heartbeat is recent ({@link Cluster#HEARTBEAT_TIMEOUT})
 * @param self        whether it is the node answering
 */
public record ClusterNode(String id, Instant startedAt, Instant heartbeatAt, String version, String database,
                          boolean alive, boolean self) {
}
