package io.plugboard.api.oidc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of Plugboard's ID-token signing keys, as the JWKS and {@code plugboard:oidc-key-list} show it. A key is
 * published from {@code createdAt}, signs from {@code signsFrom} until {@code signsUntil} ({@code null}: until the next
 * rotation), and stays published until {@code publishedUntil} ({@code null}: while it signs), when the last token it
 * signed has expired.
 *
 * @param kid            its key id, the {@code kid} of the tokens it signs
 * @param algorithm      {@code RS256}
 * @param state          what it does now
 * @param createdAt      when it was made (and published)
 * @param signsFrom      when it starts signing
 * @param signsUntil     when the next key takes over, or {@code null}
 * @param publishedUntil when it leaves the JWKS, or {@code null}
 */
public record SigningKey(String kid, String algorithm, State state, Instant createdAt, Instant signsFrom,
                         Instant signsUntil, Instant publishedUntil) {

    /** What a key does at one moment. */
    public enum State {
        /** Published, not signing yet: verifiers learn it before the first token it signs. */
        NEXT,
        /** Signing. */
        ACTIVE,
        /** Published, no longer signing: tokens it signed still verify until they expire. */
        RETIRING
    }

    /** The shape REST and the shell show: every component by name, times as ISO-8601 text. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", kid);
        m.put("algorithm", algorithm);
        m.put("state", state.name());
        m.put("createdAt", text(createdAt));
        m.put("signsFrom", text(signsFrom));
        m.put("signsUntil", text(signsUntil));
        m.put("publishedUntil", text(publishedUntil));
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
