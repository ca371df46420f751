package io.plugboard.api.event;

/**
 * What {@link EventService#ingest} did.
 *
 * @param id        the stored event's id (for a duplicate: the first delivery's)
 * @param duplicate the same delivery id had been received for this integration before: nothing new was stored
 */
public record IngestResult(String id, boolean duplicate) {
}
