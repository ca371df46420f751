package io.plugboard.core.internal.oidc;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The claims an integration's {@code spec.oidc.claims} requires of a caller's ID token: every listed claim must be
 * present and equal its value, where {@code *} in the value matches any run of characters (e.g.
 * {@code repo:octo/hello:ref:refs/heads/*}). A list of values requires one of them. A claim that is a list in the
 * token passes when one element does.
 */
final class ClaimRules {

    private ClaimRules() {
    }

    /** The first required claim the token's {@code claims} fail, described for the log; {@code null} when all pass. */
    static String firstMismatch(Map<String, Object> required, Map<String, Object> claims) {
        for (Map.Entry<String, Object> rule : required.entrySet()) {
            Object actual = claims.get(rule.getKey());
            if (actual == null) {
                return "claim '" + rule.getKey() + "' is missing";
            }
            if (!matchesAny(rule.getValue(), actual)) {
                return "claim '" + rule.getKey() + "' is '" + actual + "', not " + describe(rule.getValue());
            }
        }
        return null;
    }

    private static boolean matchesAny(Object expected, Object actual) {
        if (expected instanceof Collection<?> options) {
            return options.stream().anyMatch(o -> matchesAny(o, actual));
        }
        if (actual instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> matches(String.valueOf(expected), String.valueOf(v)));
        }
        return matches(String.valueOf(expected), String.valueOf(actual));
    }

    static boolean matches(String pattern, String value) {
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        String regex = java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    private static String describe(Object expected) {
        return expected instanceof Collection<?> c ? "one of " + c : "'" + expected + "'";
    }
}
