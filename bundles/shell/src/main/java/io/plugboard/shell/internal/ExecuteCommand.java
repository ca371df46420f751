package io.plugboard.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.execution.Execution;
import io.plugboard.api.execution.ExecutionService;
import io.plugboard.api.execution.UnknownActionException;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code plugboard:execute <integration> <action> key=value…}: builds the executor block of
 * {@code POST /api/v1/executions} from the integration's type and the key=value pairs. A dotted key goes into an
 * object ({@code inputs.env=prod}); a value that reads as JSON (a number, true/false, {…}, […]) is taken as such.
 */
@Service
@Command(scope = "plugboard", name = "execute",
        description = "Runs a provider's action through an integration, e.g. execute gh run-workflow repository=octo/hello "
                + "workflow=ci.yml ref=main inputs.env=prod --wait")
public class ExecuteCommand extends NamedResourceCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Argument(index = 0, name = "integration", description = "The integration to run it through", required = true)
    @Completion(IntegrationNameCompleter.class)
    String integration;

    @Argument(index = 1, name = "action", description = "The action (see plugboard:action-list)", required = true)
    @Completion(ActionNameCompleter.class)
    String action;

    @Argument(index = 2, name = "input", description = "key=value pairs of the action's input", multiValued = true)
    List<String> pairs;

    @Option(name = "-w", aliases = "--wait", description = "Show a live status line until the execution has finished")
    boolean await;

    @Option(name = "-t", aliases = "--timeout", description = "With --wait: give up waiting after this many seconds (default 600)")
    int timeoutSeconds = 600;

    @Reference(optional = true)
    ExecutionService executions;

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }

    @Override
    String name() {
        return integration;
    }

    @Override
    public Object execute() throws Exception {
        ExecutionService service = ExecutionText.require(executions);
        Resource found;
        try {
            found = resources().get(ref()).orElseThrow(() -> new ResourceNotFoundException(ref()));
        } catch (ResourceNotFoundException e) {
            throw notFound(e);
        }
        String type = String.valueOf(found.spec().get("type"));
        String provider = io.plugboard.api.resource.IntegrationTypes.providerId(type);
        Map<String, Object> executor = new LinkedHashMap<>();
        executor.put("type", type);
        executor.put("integration", Map.of("domain", canvas == null ? "ORGANIZATION" : "CANVAS", "name", integration));
        executor.put("action", action);
        executor.put(provider, input(trailingOptions(pairs)));
        Execution e;
        try {
            e = service.start(scope(), executor);
        } catch (InvalidResourceException invalid) {
            StringBuilder sb = new StringBuilder("Invalid input, nothing was run:");
            invalid.errors().forEach(err -> sb.append("\n  ").append(err.field().replaceFirst("^executor\\." + provider + "\\.?", ""))
                    .append(": ").append(err.message()));
            throw new IllegalArgumentException(sb.toString());
        } catch (UnknownActionException unknown) {
            throw new IllegalArgumentException(unknown.getMessage() + " See plugboard:action-list.");
        }
        out.println("Execution " + e.id() + " stored.");
        if (!await) {
            out.println(ExecutionText.line(e) + "   (plugboard:execution-show " + e.id() + ")");
            return null;
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(Math.max(1, timeoutSeconds)));
        String last = "";
        while (true) {
            Execution now = service.get(e.id()).orElse(e);
            String line = ExecutionText.line(now);
            if (!line.equals(last)) {
                out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
                out.flush();
                last = line;
            }
            if (now.state().finished()) {
                out.println();
                if (!now.outputs().isEmpty()) {
                    out.println("Outputs: " + JSON.writeValueAsString(now.outputs()));
                }
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                out.println();
                out.println("Still " + now.state() + " after " + timeoutSeconds + " s; follow it with plugboard:execution-show "
                        + e.id());
                return null;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException stop) { // Ctrl-C: stop waiting, the execution goes on
                Thread.currentThread().interrupt();
                out.println();
                out.println("Stopped waiting; the execution goes on: plugboard:execution-show " + e.id());
                return null;
            }
        }
    }

    /**
     * Karaf stops reading options at the first argument, so {@code execute gh run-workflow ref=main --wait} would hand
     * {@code --wait} over as input. A key never starts with '-', so options after the pairs are read here.
     */
    List<String> trailingOptions(List<String> given) {
        List<String> rest = new java.util.ArrayList<>();
        if (given == null) {
            return rest;
        }
        for (int i = 0; i < given.size(); i++) {
            String arg = given.get(i);
            String name = arg.startsWith("-") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if ("-w".equals(arg) || "--wait".equals(arg)) {
                await = true;
            } else if ("-t".equals(name) || "--timeout".equals(name)) {
                String seconds;
                if (!name.equals(arg)) {
                    seconds = arg.substring(name.length() + 1);
                } else if (i + 1 < given.size()) {
                    seconds = given.get(++i);
                } else {
                    throw new IllegalArgumentException(arg + " needs a number of seconds");
                }
                try {
                    timeoutSeconds = Integer.parseInt(seconds);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a number of seconds, not '" + seconds + "'");
                }
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("Unknown option '" + name + "' (options: --wait, --timeout <seconds>)");
            } else {
                rest.add(arg);
            }
        }
        return rest;
    }

    /** {@code a=1 b.c=x} → {@code {a: 1, b: {c: "x"}}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> input(List<String> pairs) {
        Map<String, Object> input = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Input is key=value, not '" + pair + "'");
            }
            String[] path = pair.substring(0, eq).split("\\.");
            Map<String, Object> at = input;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException("'" + path[i] + "' is given a value and fields at once");
                }
                at = (Map<String, Object>) next;
            }
            String last = path[path.length - 1];
            if (at.get(last) instanceof Map) {
                throw new IllegalArgumentException("'" + last + "' is given a value and fields at once");
            }
            at.put(last, value(pair.substring(eq + 1)));
        }
        return input;
    }

    private static Object value(String text) {
        String t = text.trim();
        if (t.equals("true") || t.equals("false") || t.matches("-?\\d+(\\.\\d+)?") || t.startsWith("{") || t.startsWith("[")) {
            try {
                return JSON.readValue(t, Object.class);
            } catch (java.io.IOException notJson) {
                return text;
            }
        }
        return text;
    }
}
