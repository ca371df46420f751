package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionQuery;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.ExecutionState;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.junit.Test;

public class ExecuteCommandTest {

    private final ExecuteCommand command = new ExecuteCommand();

    @Test
    public void withoutOptionsThePairsAreKeptAndTheDefaultsStay() {
        assertEquals(List.of("repository=octo/hello", "ref=main"),
                command.trailingOptions(List.of("repository=octo/hello", "ref=main")));
        assertFalse(command.await);
        assertEquals(600, command.timeoutSeconds);
        assertEquals(List.of(), command.trailingOptions(null));
        assertEquals(List.of(), command.trailingOptions(List.of()));
        assertFalse(command.await);
    }

    @Test
    public void waitAfterThePairsIsAnOption() {
        assertEquals(List.of("a=1", "b=2"), command.trailingOptions(List.of("a=1", "b=2", "--wait")));
        assertTrue(command.await);

        ExecuteCommand shortForm = new ExecuteCommand();
        assertEquals(List.of("a=1"), shortForm.trailingOptions(List.of("a=1", "-w")));
        assertTrue(shortForm.await);
        assertEquals(600, shortForm.timeoutSeconds);
    }

    @Test
    public void timeoutTakesTheNextArgumentAsSeconds() {
        assertEquals(List.of("a=1"), command.trailingOptions(List.of("a=1", "--timeout", "30")));
        assertEquals(30, command.timeoutSeconds);
        assertFalse(command.await);

        ExecuteCommand shortForm = new ExecuteCommand();
        assertEquals(List.of("a=1", "b=x"), shortForm.trailingOptions(List.of("a=1", "b=x", "-w", "-t", "5")));
        assertTrue(shortForm.await);
        assertEquals(5, shortForm.timeoutSeconds);
    }

    @Test
    public void optionsMayComeInAnyOrderAndThePairsKeepTheirs() {
        assertEquals(List.of("z=1", "a=2", "m=3"),
                command.trailingOptions(List.of("z=1", "-t", "12", "a=2", "--wait", "m=3")));
        assertTrue(command.await);
        assertEquals(12, command.timeoutSeconds);
    }

    @Test
    public void aTimeoutWithoutANumberIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command.trailingOptions(List.of("a=1", "--timeout")));
        assertEquals("--timeout needs a number of seconds", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> command.trailingOptions(List.of("a=1", "-t")));
        assertEquals("-t needs a number of seconds", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> command.trailingOptions(List.of("a=1", "-t", "soon")));
        assertEquals("-t needs a number of seconds, not 'soon'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> command.trailingOptions(List.of("--timeout", "--wait", "a=1")));
        assertEquals("--timeout needs a number of seconds, not '--wait'", e.getMessage());
        assertEquals(600, command.timeoutSeconds);
    }

    @Test
    public void pairsBecomeAMapInTheirOrder() {
        Map<String, Object> input = ExecuteCommand.input(List.of("repository=octo/hello", "workflow=ci.yml", "ref=main"));
        assertEquals(Map.of("repository", "octo/hello", "workflow", "ci.yml", "ref", "main"), input);
        assertEquals(List.of("repository", "workflow", "ref"), new ArrayList<>(input.keySet()));
        assertEquals(Map.of(), ExecuteCommand.input(null));
        assertEquals(Map.of(), ExecuteCommand.input(List.of()));
    }

    @Test
    public void dottedKeysGoIntoObjects() {
        Map<String, Object> input = ExecuteCommand.input(List.of("ref=main", "inputs.env=prod", "inputs.region=eu",
                "a.b.c=deep"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("ref", "main");
        expected.put("inputs", Map.of("env", "prod", "region", "eu"));
        expected.put("a", Map.of("b", Map.of("c", "deep")));
        assertEquals(expected, input);
    }

    @Test
    public void aValueThatReadsAsJsonIsTakenAsSuch() {
        Map<String, Object> input = ExecuteCommand.input(List.of("n=3", "neg=-5", "f=1.5", "yes=true", "no=false",
                "obj={\"k\": [1, \"two\"]}", "list=[1,2]", "spaced= 42 "));
        assertEquals(3, input.get("n"));
        assertEquals(-5, input.get("neg"));
        assertEquals(1.5, input.get("f"));
        assertEquals(true, input.get("yes"));
        assertEquals(false, input.get("no"));
        assertEquals(Map.of("k", List.of(1, "two")), input.get("obj"));
        assertEquals(List.of(1, 2), input.get("list"));
        assertEquals(42, input.get("spaced"));
    }

    @Test
    public void otherValuesStayText() {
        Map<String, Object> input = ExecuteCommand.input(List.of("s=hello world", "zip=007", "broken={not json",
                "nul=null", "empty=", "eq=a=b", "ver=1.2.3"));
        assertEquals("hello world", input.get("s"));
        assertEquals("007", input.get("zip"));
        assertEquals("{not json", input.get("broken"));
        assertEquals("null", input.get("nul"));
        assertEquals("", input.get("empty"));
        assertEquals("a=b", input.get("eq"));
        assertEquals("1.2.3", input.get("ver"));
    }

    @Test
    public void aPairWithoutAKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecuteCommand.input(List.of("ref=main", "oops")));
        assertEquals("Input is key=value, not 'oops'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExecuteCommand.input(List.of("=main")));
        assertEquals("Input is key=value, not '=main'", e.getMessage());
        // an option the command does not know is not a pair either
        e = assertThrows(IllegalArgumentException.class, () -> command.trailingOptions(List.of("ref=main", "--verbose")));
        assertEquals("Unknown option '--verbose' (options: --wait, --timeout <seconds>)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> command.trailingOptions(List.of("--colour=red")));
        assertEquals("Unknown option '--colour' (options: --wait, --timeout <seconds>)", e.getMessage());
    }

    @Test
    public void aTimeoutMayBeGivenWithAnEqualsSign() {
        assertEquals(List.of("ref=main"), command.trailingOptions(List.of("ref=main", "--timeout=45")));
        assertEquals(45, command.timeoutSeconds);
        assertEquals(List.of("ref=main"), command.trailingOptions(List.of("-t=7", "ref=main")));
        assertEquals(7, command.timeoutSeconds);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command.trailingOptions(List.of("--timeout=soon")));
        assertEquals("--timeout needs a number of seconds, not 'soon'", e.getMessage());
    }

    @Test
    public void aKeyWithAValueCannotAlsoHaveFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecuteCommand.input(List.of("inputs=x", "inputs.env=prod")));
        assertEquals("'inputs' is given a value and fields at once", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ExecuteCommand.input(List.of("inputs.env=prod", "inputs=x")));
        assertEquals("'inputs' is given a value and fields at once", e.getMessage());
    }

    @Test
    public void executeSendsThePairsWithoutTheTrailingOptionsAndWaits() throws Exception {
        Output output = new Output();
        RecordingExecutions executions = new RecordingExecutions(ExecutionState.PASSED);
        ExecuteCommand c = command(output, executions, "repository=octo/hello", "workflow=ci.yml", "ref=main",
                "inputs.env=prod", "--wait", "-t", "5");
        assertEquals(null, c.execute());

        assertEquals(1, executions.started.size());
        Map<String, Object> executor = executions.started.get(0);
        assertEquals("TYPE_GITHUB", executor.get("type"));
        assertEquals(Map.of("domain", "ORGANIZATION", "name", "gh"), executor.get("integration"));
        assertEquals("run-workflow", executor.get("action"));
        assertEquals(Map.of("repository", "octo/hello", "workflow", "ci.yml", "ref", "main",
                "inputs", Map.of("env", "prod")), executor.get("github"));
        assertTrue(c.await);
        assertEquals(5, c.timeoutSeconds);
        // it waited: read the execution back and printed its final line and outputs
        assertEquals(List.of("ex-1"), executions.read);
        String text = output.text();
        assertTrue(text, text.startsWith("Execution ex-1 stored.\n"));
        assertTrue(text, text.contains("PASSED  github run-workflow via gh  runId=42"));
        assertTrue(text, text.contains("Outputs: {\"runUrl\":\"https://github.com/octo/hello/actions/runs/42\"}"));
    }

    @Test
    public void executeWithoutWaitPrintsTheStoredExecution() throws Exception {
        Output output = new Output();
        RecordingExecutions executions = new RecordingExecutions(ExecutionState.PASSED);
        command(output, executions, "repository=octo/hello").execute();
        assertEquals(Map.of("repository", "octo/hello"), executions.started.get(0).get("github"));
        assertEquals(List.of(), executions.read);
        assertEquals(List.of("Execution ex-1 stored.", "PENDING  github run-workflow via gh   (plugboard:execution-show ex-1)"),
                output.lines());
    }

    private static ExecuteCommand command(Output output, ExecutionService executions, String... pairs) {
        FakeResourceService resources = new FakeResourceService();
        resources.store(new ResourceRef(Kind.INTEGRATION, Scope.of(null, null), "gh"), Map.of("type", "TYPE_GITHUB"),
                Map.of());
        ExecuteCommand c = new ExecuteCommand();
        c.resources = resources;
        c.executions = executions;
        c.out = output.stream;
        c.integration = "gh";
        c.action = "run-workflow";
        c.pairs = new ArrayList<>(Arrays.asList(pairs));
        return c;
    }

    /** Stores what it is asked to start; reading it back answers it in {@code after}. */
    private static final class RecordingExecutions implements ExecutionService {

        final List<Map<String, Object>> started = new ArrayList<>();
        final List<String> read = new ArrayList<>();
        private final ExecutionState after;

        RecordingExecutions(ExecutionState after) {
            this.after = after;
        }

        @Override
        public Execution start(Scope scope, Map<String, Object> executor) {
            started.add(executor);
            return execution(ExecutionState.PENDING, Map.of(), Map.of());
        }

        @Override
        public Optional<Execution> get(String id) {
            read.add(id);
            return Optional.of(execution(after, Map.of("runId", "42"),
                    Map.of("runUrl", "https://github.com/octo/hello/actions/runs/42")));
        }

        @Override
        public List<Execution> list(ExecutionQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Execution cancel(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Execution complete(String id, ExecutionState state, Map<String, Object> outputs, String reason) {
            throw new UnsupportedOperationException();
        }

        private static Execution execution(ExecutionState state, Map<String, String> ids, Map<String, Object> outputs) {
            Instant t = FakeResourceService.T0;
            return new Execution("ex-1", Scope.of(null, null), "gh", "github", "run-workflow", state, Map.of(), ids,
                    outputs, null, "api", t, state == ExecutionState.PENDING ? null : t,
                    state.finished() ? t : null);
        }
    }
}
