package io.plugboard.provider.slack.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.provider.Action;
import io.plugboard.api.provider.ActionCall;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.ActionRun;
import io.plugboard.api.provider.Provider;
import io.plugboard.provider.support.action.ActionSchemas;
import io.plugboard.provider.support.outbound.ProviderCalls;
import org.osgi.service.component.annotations.Component;

/**
 * {@code post-message}: {@code POST https://slack.com/api/chat.postMessage} with a JSON body {@code {channel, text,
 * blocks, thread_ts}} and the bot token as {@code Authorization: Bearer} (scope {@code chat:write}):
 * https://docs.slack.dev/reference/methods/chat.postMessage. Slack answers 200 also for a refusal, with
 * {@code {"ok": false, "error": "channel_not_found"}}; a posted message is {@code {"ok": true, "channel", "ts"}}, so the
 * execution passes at once with those as outputs.
 */
@Component(service = Action.class, property = Provider.PROVIDER_PROPERTY + "=" + SlackProvider.ID)
public class SlackPostMessage implements Action {

    static final String NAME = "post-message";
    static final String PERMISSION = "the chat:write scope (and the bot invited to the channel)";
    private static final String SCHEMA = ActionSchemas.load(SlackPostMessage.class, "actions/post-message.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Posts a message (text and/or Block Kit blocks) to a Slack channel or thread";
    }

    @Override
    public String inputSchema() {
        return SCHEMA;
    }

    @Override
    public ActionRun start(ApiClient api, ActionCall call) throws ActionException {
        ObjectNode body = ProviderCalls.object();
        body.put("channel", call.text("channel"));
        if (call.text("text") != null) {
            body.put("text", call.text("text"));
        }
        if (call.input().get("blocks") instanceof List<?> blocks) {
            body.set("blocks", JSON.valueToTree(blocks));
        }
        if (call.text("threadTs") != null) {
            body.put("thread_ts", call.text("threadTs"));
        }
        JsonNode answer = ProviderCalls.start(api, ProviderCalls.json("POST", "chat.postMessage", body),
                "post a message to " + call.text("channel"), PERMISSION);
        if (!answer.path("ok").asBoolean(false)) {
            String error = answer.path("error").asText("unknown_error");
            String retryable = "ratelimited".equals(error) ? " (rate limited; not tried again)" : "";
            throw new ActionException("Slack refused the message to " + call.text("channel") + ": " + error
                    + ("missing_scope".equals(error) || "not_in_channel".equals(error) ? " (the token needs "
                    + PERMISSION + ")" : "") + retryable);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("channel", answer.path("channel").asText(call.text("channel")));
        ids.put("ts", answer.path("ts").asText(""));
        Map<String, Object> outputs = new LinkedHashMap<>(ids);
        return ActionRun.passed(ids, outputs);
    }
}
