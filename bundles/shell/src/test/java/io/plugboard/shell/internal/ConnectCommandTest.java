package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.connection.AuthorizationRequest;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.api.connection.AuthorizationStatus.State;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionStatus;
import io.plugboard.api.connection.ConnectionTypeRef;
import io.plugboard.api.connection.OAuthFlows;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

/** plugboard:connect prints the login link and waits, counting down, for the attempt to end. */
public class ConnectCommandTest {

    private static final Instant EXPIRES = Instant.now().plusSeconds(600);
    private final Output output = new Output();
    private final Deque<AuthorizationStatus> answers = new ArrayDeque<>();
    private AuthorizationRequest started;

    private final OAuthFlows flows = new OAuthFlows() {
        public AuthorizationStatus start(AuthorizationRequest request) {
            started = request;
            return new AuthorizationStatus("a1", URI.create("http://localhost:8181/integration/github/login?ticket=t"),
                    EXPIRES, State.PENDING, "", null, null);
        }

        public Optional<AuthorizationStatus> status(String attemptId) {
            return Optional.of(answers.size() > 1 ? answers.poll() : answers.peek());
        }
    };

    private ConnectCommand command() {
        ConnectCommand c = new ConnectCommand();
        c.flows = flows;
        c.type = "github/oauth@1";
        c.name = "octo";
        c.out = output.stream;
        c.poll = Duration.ofMillis(1);
        return c;
    }

    @Test
    public void printsTheLinkAndWaitsUntilConnected() throws Exception {
        answers.add(status(State.PENDING, "", null));
        answers.add(status(State.PENDING, "", null));
        Connection octo = new Connection("c1", Scope.of(null, null), ConnectionTypeRef.parse("github/oauth@1"), "octo",
                "default", ConnectionStatus.UNKNOWN, Map.of("sub", "octocat"), Instant.now(), Instant.now());
        answers.add(status(State.DONE, "", octo));
        ConnectCommand c = command();
        c.baseUrl = "https://github.example.com";
        c.execute();
        String text = output.text();
        assertTrue(text, text.contains("http://localhost:8181/integration/github/login?ticket=t"));
        assertTrue(text, text.contains("Waiting for the login... "));
        assertTrue(text, text.contains("Connected: connection github/oauth@1/octo, subject octocat"));
        assertEquals("https://github.example.com", started.baseUrl());
        assertEquals("octo", started.name());
    }

    @Test
    public void aFailedAttemptFailsTheCommandWithTheReason() {
        answers.add(status(State.FAILED, "the provider answered error=access_denied", null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> command().execute());
        assertEquals("Not connected: the provider answered error=access_denied", e.getMessage());
    }

    @Test
    public void anExpiredAttemptSaysToStartAgain() {
        answers.add(status(State.EXPIRED, "", null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> command().execute());
        assertTrue(e.getMessage(), e.getMessage().contains("expired"));
    }

    @Test
    public void withoutTheOAuthBundleItSaysSo() {
        ConnectCommand c = command();
        c.flows = null;
        IllegalStateException e = assertThrows(IllegalStateException.class, c::execute);
        assertTrue(e.getMessage(), e.getMessage().contains("io.plugboard.oauth"));
    }

    private static AuthorizationStatus status(State state, String reason, Connection connection) {
        return new AuthorizationStatus("a1", null, EXPIRES, state, reason, connection, null);
    }
}
