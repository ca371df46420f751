package io.plugboard.core.internal.resource;

/** The documents of the resource format, exactly as users write them. */
final class Examples {

    static final String SECRET = ""
            + "kind: Secret\n"
            + "metadata:\n"
            + "  name: semaphore\n"
            + "spec:\n"
            + "  data:\n"
            + "    token: s3cr3t\n";

    static final String INTEGRATION = ""
            + "kind: Integration\n"
            + "metadata:\n"
            + "  name: semaphore-integration\n"
            + "spec:\n"
            + "  type: TYPE_SEMAPHORE\n"
            + "  url: https://semaphore.semaphoreci.com\n"
            + "  auth:\n"
            + "    use: AUTH_TYPE_TOKEN\n"
            + "    token:\n"
            + "      valueFrom:\n"
            + "        secret:\n"
            + "          name: semaphore\n"
            + "          key: token\n"
            + "  oidc:\n"
            + "    enabled: true\n"
            + "    claims: {}\n";

    static final String EVENT_SOURCE = ""
            + "apiVersion: v1\n"
            + "kind: EventSource\n"
            + "metadata:\n"
            + "  name: my-specific-project\n"
            + "  canvasId: a1787a2e-dba7-42d0-8431-31dbf0252b92\n"
            + "spec:\n"
            + "  integration:\n"
            + "    domain: ORGANIZATION\n"
            + "    name: semaphore-integration\n"
            + "  semaphore:\n"
            + "    project: semaphore-demo-go\n";

    private Examples() {
    }
}
