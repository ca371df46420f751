package io.plugboard.core.internal.connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plugboard.api.connection.Probe;
import io.plugboard.api.connection.SourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Runs a connection type's {@link Probe}: a GET that tells whether a connection works and, through the probe's
 * {@code userInfoMapping}, whom it belongs to.
 * <ul>
 * <li>Form connections: {@code ${input.<field>}} in the URL (percent-encoded, RFC 3986 unreserved characters kept)
 * and in header values (as is) is replaced by the stored field.</li>
 * <li>OAuth2 connections: the stored {@code access_token} is sent as {@code Authorization: Bearer ...}; only
 * {@code token_type} Bearer is accepted (RFC 6750).</li>
 * </ul>
 * Reasons and log lines name the probe URL as written in the connection type, without its query: never header
 * values, query strings or stored values.
 */
public class ProbeClient {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeClient.class);

    /** The most of an answer that is read. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String USER_AGENT = "Plugboard";
    /** As many redirects as the JDK's client follows. */
    static final int MAX_REDIRECTS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The client shared by every {@link ProbeClient} made with the no-argument constructor. */
    private static final class Shared {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // redirects are followed by probe(), which keeps credentials from other origins
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private final HttpClient client;
    private final Duration requestTimeout;

    /**
     * Uses one shared client: connect timeout 10 s, request timeout 15 s. Redirects are followed as
     * {@link HttpClient.Redirect#NORMAL} would (at most 5, never from https to http), but {@code Authorization} and the
     * probe's headers are only sent to the probe URL's origin: the JDK's client would send them to any host.
     */
    public ProbeClient() {
        this(Shared.CLIENT, REQUEST_TIMEOUT);
    }

    /**
     * Uses {@code client} (for tests), with a request timeout of 15 s. The client should not follow redirects
     * itself ({@link HttpClient.Redirect#NEVER}, the default): {@link #probe} does.
     */
    public ProbeClient(HttpClient client) {
        this(client, REQUEST_TIMEOUT);
    }

    public ProbeClient(HttpClient client, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Runs {@code probe} for a connection of source {@code kind} whose stored object is {@code storage}.
     * Never throws for a failing probe: the result says what went wrong.
     */
    public ProbeResult probe(Probe probe, SourceKind kind, Map<String, Object> storage) {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(kind, "kind");
        Map<String, Object> stored = storage == null ? Map.of() : storage;
        String shownUrl = withoutQuery(probe.url());
        List<String> secrets = new ArrayList<>();
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            String url = kind == SourceKind.FORM ? formRequest(probe, stored, headers, secrets)
                    : oauthRequest(probe, stored, headers, secrets);
            URI uri = target(url, shownUrl, secrets);
            return answer(fetch(uri, headers, shownUrl, secrets), probe, shownUrl, secrets);
        } catch (Unhealthy e) {
            return e.result;
        }
    }

    /** Why a probe ended before it had an answer to read. */
    private static final class Unhealthy extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProbeResult result;

        Unhealthy(String reason, int status) {
            super(reason, null, false, false);
            this.result = ProbeResult.unhealthy(reason, status);
        }
    }

    /** A Form connection: {@code ${input.<field>}} filled into the URL and headers; every filled value is a secret. */
    private String formRequest(Probe probe, Map<String, Object> stored, Map<String, String> headers,
                               List<String> secrets) throws Unhealthy {
        try {
            String url = substitute(probe.url(), stored, true, secrets);
            for (Map.Entry<String, String> header : probe.headers().entrySet()) {
                String value = substitute(header.getValue(), stored, false, secrets);
                headers.put(header.getKey(), value);
                secrets.add(value);
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new Unhealthy(e.getMessage(), 0);
        }
    }

    /** An OAuth2 connection: no placeholders; the access token goes as {@code Bearer}, and only a Bearer token. */
    private String oauthRequest(Probe probe, Map<String, Object> stored, Map<String, String> headers,
                                List<String> secrets) throws Unhealthy {
        try {
            noPlaceholders(probe.url());
            for (Map.Entry<String, String> header : probe.headers().entrySet()) {
                noPlaceholders(header.getValue());
                headers.put(header.getKey(), header.getValue());
                secrets.add(header.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new Unhealthy(e.getMessage(), 0);
        }
        Object token = stored.get("access_token");
        if (!(token instanceof String) || ((String) token).isEmpty()) {
            throw new Unhealthy("the connection holds no access_token; sign in again", 0);
        }
        Object tokenType = stored.get("token_type");
        if (tokenType == null) {
            throw new Unhealthy("the connection holds no token_type; only Bearer tokens are sent (RFC 6750)", 0);
        }
        if (!"Bearer".equalsIgnoreCase(String.valueOf(tokenType))) {
            throw new Unhealthy("token type '" + tokenType + "' is not Bearer; only Bearer tokens are sent (RFC 6750)", 0);
        }
        secrets.add((String) token);
        headers.put("Authorization", "Bearer " + token);
        return probe.url();
    }

    /** The probe URL, which must be an absolute http(s) URL; it and its query count as secrets. */
    private static URI target(String url, String shownUrl, List<String> secrets) throws Unhealthy {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Unhealthy("probe URL " + shownUrl + " is not a valid URL", 0);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new Unhealthy("probe URL " + shownUrl + " is not an absolute http(s) URL", 0);
        }
        secrets.add(url);
        if (uri.getRawQuery() != null) {
            secrets.add(uri.getRawQuery());
        }
        return uri;
    }

    /** GETs {@code uri}, following redirects; the credentials go only to the origin they were written for. */
    private HttpResponse<InputStream> fetch(URI uri, Map<String, String> headers, String shownUrl, List<String> secrets)
            throws Unhealthy {
        URI current = uri;
        boolean sameOrigin = true;
        for (int redirects = 0; ; redirects++) {
            HttpRequest request;
            try {
                request = request(current, sameOrigin ? headers : Map.of());
            } catch (IllegalArgumentException e) {
                throw new Unhealthy(e.getMessage(), 0);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                String reason = "probe GET " + shownUrl + " failed: " + describe(e, secrets);
                LOG.debug("{}", reason);
                throw new Unhealthy(reason, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unhealthy("probe GET " + shownUrl + " was interrupted", 0);
            }
            URI next = redirect(current, response);
            if (next == null) {
                return response;
            }
            close(response.body());
            if (current.getScheme().equalsIgnoreCase("https") && next.getScheme().equalsIgnoreCase("http")) {
                throw new Unhealthy("probe GET " + shownUrl + " answered " + response.statusCode()
                        + ", a redirect from https to http, which is not followed", response.statusCode());
            }
            if (redirects == MAX_REDIRECTS) {
                throw new Unhealthy("probe GET " + shownUrl + " failed: more than " + MAX_REDIRECTS
                        + " redirects", response.statusCode());
            }
            sameOrigin = sameOrigin && origin(next).equals(origin(uri));
            current = next;
        }
    }

    /** Healthy on 2xx, with the subject mapped from the answer when the probe maps one. */
    private ProbeResult answer(HttpResponse<InputStream> response, Probe probe, String shownUrl, List<String> secrets) {
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            if (status < 200 || status > 299) {
                String reason = "probe GET " + shownUrl + " answered " + status;
                LOG.debug("{}", reason);
                return ProbeResult.unhealthy(reason, status);
            }
            if (probe.userInfoMapping().isEmpty()) {
                return new ProbeResult(true, null, Map.of(), status);
            }
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                return new ProbeResult(true, "subject not mapped: the probe's answer is larger than "
                        + (MAX_BODY_BYTES / 1024 / 1024) + " MiB", Map.of(), status);
            }
            try {
                return new ProbeResult(true, null, mapSubject(contentType, body, probe.userInfoMapping()), status);
            } catch (IllegalArgumentException e) {
                LOG.debug("probe GET {}: {}", shownUrl, e.getMessage());
                return new ProbeResult(true, e.getMessage(), Map.of(), status);
            }
        } catch (IOException e) {
            // the GET itself worked; only reading the answer failed
            return new ProbeResult(true, "subject not mapped: reading the probe's answer failed: "
                    + describe(e, secrets), Map.of(), status);
        }
    }

    private HttpRequest request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
                .setHeader("User-Agent", USER_AGENT);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                builder.setHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // the JDK's message may quote the value
                throw new IllegalArgumentException("probe header '" + header.getKey()
                        + "' cannot be sent (a restricted header, or an invalid name or value)");
            }
        }
        return builder.build();
    }

    /** Where a 301, 302, 303, 307 or 308 answer leads (an absolute http(s) URI), else {@code null}. */
    private static URI redirect(URI from, HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI next = from.resolve(new URI(location.strip()));
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && next.getHost() != null ? next : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the answer is not used
        }
    }

    /**
     * Maps the subject of a probe's answer: for a JSON answer ({@code application/json}, {@code *}{@code /*+json})
     * each value of {@code mapping} is a JSON Pointer (RFC 6901); for an XML answer ({@code application/xml},
     * {@code text/xml}, {@code *}{@code /*+xml}) an XPath 1.0 expression evaluated as a string (whitespace around
     * the result is removed). Missing, null and empty values are skipped, as are JSON objects and arrays; JSON text,
     * numbers and booleans become strings.
     *
     * @return claim name to value, in claim name order
     * @throws IllegalArgumentException when the media type is neither JSON nor XML, the body cannot be parsed (an
     *                                  XML document type declaration is refused) or an expression is invalid; the
     *                                  message starts with {@code subject not mapped: }
     */
    public static Map<String, String> mapSubject(String contentType, byte[] body, Map<String, String> mapping) {
        Map<String, String> subject = new LinkedHashMap<>();
        if (mapping == null || mapping.isEmpty()) {
            return subject;
        }
        Map<String, String> sorted = new TreeMap<>(mapping);
        String mediaType = mediaType(contentType);
        byte[] bytes = body == null ? new byte[0] : body;
        if (isJson(mediaType)) {
            JsonNode root;
            try {
                root = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException("subject not mapped: the probe's JSON answer could not be parsed");
            }
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException("subject not mapped: the probe's JSON answer is empty");
            }
            for (Map.Entry<String, String> claim : sorted.entrySet()) {
                JsonPointer pointer;
                try {
                    pointer = JsonPointer.compile(claim.getValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("subject not mapped: userInfoMapping " + claim.getKey()
                            + ": '" + claim.getValue() + "' is not a JSON Pointer (RFC 6901, e.g. /login)");
                }
                JsonNode node = root.at(pointer);
                if (node.isTextual() || node.isNumber() || node.isBoolean()) {
                    subject.put(claim.getKey(), node.asText());
                }
            }
            return subject;
        }
        if (isXml(mediaType)) {
            Document document = parseXml(bytes);
            XPath xpath = xpath();
            for (Map.Entry<String, String> claim : sorted.entrySet()) {
                String value;
                try {
                    value = xpath.evaluate(claim.getValue(), document);
                } catch (XPathExpressionException e) {
                    throw new IllegalArgumentException("subject not mapped: userInfoMapping " + claim.getKey()
                            + ": '" + claim.getValue() + "' is not a valid XPath 1.0 expression");
                }
                if (value != null && !value.strip().isEmpty()) {
                    subject.put(claim.getKey(), value.strip());
                }
            }
            return subject;
        }
        throw new IllegalArgumentException("subject not mapped: the probe answered "
                + (mediaType.isEmpty() ? "without a Content-Type" : mediaType)
                + "; userInfoMapping needs JSON (JSON Pointer) or XML (XPath)");
    }

    /** The media type of a Content-Type header, lower case, without parameters; empty when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || (mediaType.contains("/") && mediaType.endsWith("+json"));
    }

    private static boolean isXml(String mediaType) {
        return mediaType.equals("application/xml") || mediaType.equals("text/xml")
                || (mediaType.contains("/") && mediaType.endsWith("+xml"));
    }

    private static Document parseXml(byte[] body) {
        try {
            // the JDK's own parser, whatever else the framework offers
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not read");
            });
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured securely", e);
        } catch (SAXException | IOException e) {
            String message = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? " (a document type declaration is not allowed)" : "";
            throw new IllegalArgumentException(
                    "subject not mapped: the probe's XML answer could not be parsed" + message);
        }
    }

    private static XPath xpath() {
        XPathFactory factory = XPathFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("the JDK's XPath cannot be configured securely", e);
        }
        return factory.newXPath();
    }

    /**
     * Replaces {@code ${input.<field>}} in {@code text} by the stored field (percent-encoded when {@code inUrl}),
     * adding every value substituted to {@code secrets}.
     *
     * @throws IllegalArgumentException naming the placeholder (never its value) when it names no stored field or
     *                                  is not of that form
     */
    static String substitute(String text, Map<String, Object> storage, boolean inUrl, List<String> secrets) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                out.append(text, from, text.length());
                return out.toString();
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("probe: '" + text.substring(start)
                        + "' is not closed; expected ${input.<field>}");
            }
            String placeholder = text.substring(start, end + 1);
            String inner = text.substring(start + 2, end);
            if (!inner.startsWith("input.") || inner.length() == "input.".length()) {
                throw new IllegalArgumentException("probe: " + placeholder
                        + " is not an input field; expected ${input.<field>}");
            }
            Object value = storage.get(inner.substring("input.".length()));
            if (value == null) {
                throw new IllegalArgumentException("probe: " + placeholder + " names no stored field");
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("probe: " + placeholder
                        + " names a stored field that is not text, a number or a boolean");
            }
            String string = String.valueOf(value);
            secrets.add(string);
            out.append(text, from, start).append(inUrl ? percentEncode(string) : string);
            from = end + 1;
        }
    }

    private static void noPlaceholders(String text) {
        int start = text.indexOf("${");
        if (start >= 0) {
            int end = text.indexOf('}', start);
            throw new IllegalArgumentException("probe: " + (end < 0 ? text.substring(start) : text.substring(start, end + 1))
                    + " is only available to Form connections");
        }
    }

    /** Percent-encodes the UTF-8 bytes of {@code value}, keeping RFC 3986 unreserved characters. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code url} as written in the connection type, without query or fragment. */
    static String withoutQuery(String url) {
        int cut = url.length();
        int question = url.indexOf('?');
        int hash = url.indexOf('#');
        if (question >= 0) {
            cut = question;
        }
        if (hash >= 0 && hash < cut) {
            cut = hash;
        }
        return url.substring(0, cut);
    }

    /** The exception's class and message (or its cause's), with every secret replaced by {@code ***}. */
    private static String describe(Throwable e, List<String> secrets) {
        Throwable shown = e;
        while (shown.getMessage() == null && shown.getCause() != null && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        String text = e.getClass().getSimpleName();
        if (shown != e) {
            text += " (" + shown.getClass().getSimpleName() + ")";
        }
        if (message == null || message.isBlank()) {
            return text;
        }
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : sorted) {
            if (secret != null && secret.length() >= 4) {
                message = message.replace(secret, "***");
            }
        }
        return text + ": " + message;
    }
}
