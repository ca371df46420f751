package io.plugboard.oauth.internal.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code staging=https://staging.example.com,prod=https://plugboard.example.com} → name to base URL. */
final class Environments {

    private Environments() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> environments = new LinkedHashMap<>();
        if (text == null) {
            return environments;
        }
        for (String entry : text.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                String url = OAuthClient.trimSlash(entry.substring(eq + 1));
                if (url.startsWith("https://") || url.startsWith("http://localhost") || url.startsWith("http://127.0.0.1")) {
                    environments.put(entry.substring(0, eq).trim(), url);
                }
            }
        }
        return environments;
    }
}
