package io.plugboard.core.internal.outbound;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.plugboard.api.outbound.InvalidApiPathException;

/** Resolves a caller's path under an API base, refusing anything that could leave it. */
final class ApiPaths {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private ApiPaths() {
    }

    /**
     * {@code base} + {@code path} (with its query). Refused: an absolute or scheme-relative URL, a {@code .} or
     * {@code ..} segment, a backslash or control character — also when percent-encoded once or twice — and anything
     * whose result is not under the base's scheme, host, port and path.
     */
    static URI resolve(URI base, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        String decoded = path;
        for (int round = 0; round < 3; round++) {
            check(decoded, pathAndQuery);
            String next = decode(decoded, pathAndQuery);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        if (query != null && query.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new InvalidApiPathException("The query holds spaces or control characters: " + pathAndQuery);
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
        URI target;
        try {
            target = new URI(base.getScheme() + "://" + base.getRawAuthority() + prefix + path
                    + (query == null ? "" : "?" + query));
        } catch (java.net.URISyntaxException e) {
            throw new InvalidApiPathException("Not a valid path: " + e.getReason());
        }
        if (!base.getScheme().equals(target.getScheme()) || !base.getRawAuthority().equals(target.getRawAuthority())
                || !target.normalize().getRawPath().startsWith(prefix)) {
            throw new InvalidApiPathException("The path leaves the API base " + base + ": " + pathAndQuery);
        }
        return target;
    }

    private static void check(String path, String original) {
        if (path.startsWith("/") || SCHEME.matcher(path).find()) {
            throw new InvalidApiPathException("Only paths under the API base are allowed, not an absolute URL: " + original);
        }
        if (path.indexOf('\\') >= 0 || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidApiPathException("The path holds a backslash or a control character: " + original);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidApiPathException("The path may not climb with '" + segment + "': " + original);
            }
        }
    }

    private static String decode(String path, String original) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidApiPathException("The path holds a malformed percent-encoding: " + original);
        }
    }
}
