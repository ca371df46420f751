package io.plugboard.provider.aws.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.plugboard.api.outbound.OutboundRequest;

/**
 * AWS Signature Version 4 with the {@code Authorization} header, as "Create a signed AWS API request" describes it:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html (formerly
 * https://docs.aws.amazon.com/general/latest/gr/sigv4_signing.html).
 * <ul>
 * <li>Canonical request: method, canonical URI, canonical query string, canonical headers, signed headers, and the
 * hex SHA-256 of the body. The URI's path is taken as it is sent (already percent-encoded once) and each segment is
 * encoded again — "each path segment must be URI-encoded twice (except for Amazon S3 which only gets URI-encoded
 * once)" — after removing empty, {@code .} and {@code ..} segments; for S3 each segment is decoded and encoded once,
 * nothing removed. Query parameters are decoded, encoded again and sorted by name, then value. {@code UriEncode}
 * leaves only {@code A-Z a-z 0-9 - _ . ~} as they are, and writes upper-case {@code %XY}.</li>
 * <li>Signed headers: {@code host} (the URI's host, with {@code :port} when it is not the scheme's default — what
 * the JDK's client sends), {@code content-type} and {@code content-md5} when the request has them, every
 * {@code x-amz-*} header of the request, and the ones added here: {@code x-amz-date}, {@code x-amz-security-token}
 * (temporary credentials) and, for S3, {@code x-amz-content-sha256}. Names lower-case, values trimmed with inner
 * runs of white space made one space, several values joined by commas.</li>
 * <li>String to sign: {@code AWS4-HMAC-SHA256}, the time ({@code yyyyMMdd'T'HHmmss'Z'}, UTC), the scope
 * {@code <date>/<region>/<service>/aws4_request}, the hex SHA-256 of the canonical request; signed with the key
 * {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}.</li>
 * </ul>
 * The {@code Host} header itself is not returned: the JDK's client sets it, and refuses one set by hand.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Request headers signed besides {@code host} and {@code x-amz-*}. */
    private static final Set<String> SIGNED = Set.of("content-type", "content-md5");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Credentials and where they sign: the scope's region and service. {@code sessionToken} is {@code null} for a
     * long-term access key (only in tests: Plugboard always has temporary credentials).
     */
    record Key(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service) {

        /** Never shows the secret key or the session token. */
        @Override
        public String toString() {
            return "Key[accessKeyId=" + accessKeyId + ", region=" + region + ", service=" + service + "]";
        }
    }

    private SigV4() {
    }

    /** The headers to set on {@code request}: {@code X-Amz-Date}, the token, S3's payload hash and {@code Authorization}. */
    static Map<String, String> sign(OutboundRequest request, Key key, Instant now) {
        String time = TIME.format(now);
        String scope = time.substring(0, 8) + "/" + key.region() + "/" + key.service() + "/aws4_request";
        boolean s3 = "s3".equals(key.service());
        String payloadHash = hex(sha256(request.body()));
        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-Amz-Date", time);
        if (key.sessionToken() != null) {
            added.put("X-Amz-Security-Token", key.sessionToken());
        }
        if (s3) {
            added.put("X-Amz-Content-Sha256", payloadHash);
        }
        Map<String, String> headers = canonicalHeaders(request, added);
        String signedHeaders = String.join(";", headers.keySet());
        String stringToSign = ALGORITHM + "\n" + time + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest(request, headers, s3, payloadHash).getBytes(StandardCharsets.UTF_8)));
        byte[] signingKey = hmac(("AWS4" + key.secretAccessKey()).getBytes(StandardCharsets.UTF_8), time.substring(0, 8));
        for (String part : new String[] {key.region(), key.service(), "aws4_request"}) {
            signingKey = hmac(signingKey, part);
        }
        added.put("Authorization", ALGORITHM + " Credential=" + key.accessKeyId() + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + hex(hmac(signingKey, stringToSign)));
        return added;
    }

    /** The canonical request, for {@code headers} as {@link #canonicalHeaders} made them. */
    static String canonicalRequest(OutboundRequest request, Map<String, String> headers, boolean s3, String payloadHash) {
        StringBuilder out = new StringBuilder(request.method().toUpperCase(Locale.ROOT)).append('\n')
                .append(canonicalUri(request.uri(), s3)).append('\n')
                .append(canonicalQuery(request.uri().getRawQuery())).append('\n');
        headers.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.append('\n').append(String.join(";", headers.keySet())).append('\n').append(payloadHash).toString();
    }

    /** Lower-case name → canonical value of each signed header, sorted by name. */
    static Map<String, String> canonicalHeaders(OutboundRequest request, Map<String, String> added) {
        Map<String, List<String>> values = new TreeMap<>();
        request.headers().forEach((name, list) -> {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            boolean replaced = added.keySet().stream().anyMatch(lower::equalsIgnoreCase);
            if (!replaced && !lower.equals("host") && (SIGNED.contains(lower) || lower.startsWith("x-amz-"))) {
                list.forEach(v -> values.computeIfAbsent(lower, k -> new ArrayList<>()).add(v));
            }
        });
        values.put("host", List.of(host(request.uri())));
        added.forEach((name, value) -> values.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        Map<String, String> out = new TreeMap<>();
        values.forEach((name, list) -> out.put(name, String.join(",",
                list.stream().map(v -> v.trim().replaceAll("\\s+", " ")).toList())));
        return out;
    }

    /** {@code host} or {@code host:port}, as the JDK's client sends it. */
    static String host(URI uri) {
        int port = uri.getPort();
        boolean standard = port == -1 || port == 443 && "https".equalsIgnoreCase(uri.getScheme())
                || port == 80 && "http".equalsIgnoreCase(uri.getScheme());
        return standard ? uri.getHost() : uri.getHost() + ":" + port;
    }

    static String canonicalUri(URI uri, boolean s3) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (s3) {
                segments.add(encode(decode(segment)));
            } else if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(encode(segment)); // the segment as sent, encoded once more
            }
        }
        if (s3) {
            return String.join("/", segments);
        }
        return "/" + String.join("/", segments) + (path.endsWith("/") && !segments.isEmpty() ? "/" : "");
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> params = new ArrayList<>();
        for (String param : rawQuery.split("&")) {
            if (!param.isEmpty()) {
                int eq = param.indexOf('=');
                params.add(new String[] {encode(decode(eq < 0 ? param : param.substring(0, eq))),
                    eq < 0 ? "" : encode(decode(param.substring(eq + 1)))});
            }
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : params) {
            out.append(out.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** AWS's {@code UriEncode}: every byte but {@code A-Z a-z 0-9 - _ . ~} as {@code %XY}. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /** Percent-decoding only: a {@code +} stays a plus; a malformed escape is kept as it is. */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Lower-case hex. */
    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}
