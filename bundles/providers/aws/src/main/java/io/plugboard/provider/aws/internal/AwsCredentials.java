package io.plugboard.provider.aws.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plugboard.api.outbound.ApiClient;
import io.plugboard.api.outbound.OutboundRequest;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@code auth.use: AUTH_TYPE_OIDC} for AWS: Plugboard's ID token for the integration is exchanged with AWS STS
 * {@code AssumeRoleWithWebIdentity} for temporary credentials of an IAM role, and each request is signed with them
 * ({@link SigV4}). No AWS secret is stored anywhere.
 * <ul>
 * <li>The exchange (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html):
 * {@code POST <stsUrl>/}, a form with {@code Action=AssumeRoleWithWebIdentity}, {@code Version=2011-06-15},
 * {@code RoleArn}, {@code RoleSessionName}, {@code WebIdentityToken} and {@code DurationSeconds} (900 up to the
 * role's maximum, at most 43200; default 3600). The call takes no AWS credentials, so it is not signed. The answer is
 * XML: {@code AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/{AccessKeyId,
 * SecretAccessKey, SessionToken, Expiration}}, or {@code ErrorResponse/Error/{Type, Code, Message}}. A refusal
 * ({@code InvalidIdentityToken}, {@code AccessDenied}, {@code ExpiredToken}, {@code IDPRejectedClaim},
 * {@code ValidationError}, … any other 4xx) needs someone to act and is not retryable; {@code IDPCommunicationError},
 * throttling, 5xx and I/O errors are.</li>
 * <li>The token Plugboard keeps (in memory, and sealed in the database) is a small JSON object with the access key
 * id, secret key, session token, region and signing service; {@link #sign} reads it back for every request.</li>
 * </ul>
 * Settings ({@code spec.auth.oidc}): {@code roleArn} and {@code region} (required), {@code service},
 * {@code stsUrl}, {@code durationSeconds}, {@code sessionName}; {@code audience} is core's (the token's {@code aud}).
 * Neither the ID token, the secret key nor the session token is ever logged or put in a message.
 */
@Component(service = CredentialIssuer.class, property = Provider.PROVIDER_PROPERTY + "=" + AwsProvider.ID)
public class AwsCredentials implements CredentialIssuer {

    static final String AUTH_TYPE = "AUTH_TYPE_OIDC";
    static final String SETTINGS = "oidc";
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 43200;
    static final int DEFAULT_DURATION = 3600;

    private static final String FIELD = "spec.auth.oidc.";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Set<String> RETRYABLE = Set.of("IDPCommunicationError", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "ServiceUnavailable", "InternalFailure");
    private static final int MAX_ANSWER = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The validated settings of one exchange. */
    record Exchange(String roleArn, String region, String service, URI stsUrl, int durationSeconds, String sessionName) {
    }

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public AwsCredentials() {
        this(Clock.systemUTC());
    }

    AwsCredentials(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String authType() {
        return AUTH_TYPE;
    }

    @Override
    public String settingsKey() {
        return SETTINGS;
    }

    /** {@code signedAs} is not used: STS is not the integration's API, and the exchange is not signed. */
    @Override
    public IssuedToken issue(IntegrationContext integration, Map<String, Object> settings,
                             Function<String, ApiClient> signedAs) throws ActionException {
        settings = settings == null ? Map.of() : settings;
        Exchange exchange = exchange(integration, settings);
        String idToken = text(settings.get(ID_TOKEN_SETTING));
        if (idToken == null) {
            throw new ActionException("Plugboard has no ID token for integration " + integration.integrationName()
                    + " to exchange with AWS STS (is its OpenID Connect issuer configured?)");
        }
        return assume(exchange, idToken);
    }

    @Override
    public Map<String, String> sign(String token, OutboundRequest request) {
        return SigV4.sign(request, decode(token), clock.instant());
    }

    /** The settings, checked: an {@link ActionException} names the first unusable field. */
    static Exchange exchange(IntegrationContext integration, Map<String, Object> settings) throws ActionException {
        String roleArn = text(settings.get("roleArn"));
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new ActionException(FIELD + "roleArn " + (roleArn == null ? "is required" : "is not a role ARN")
                    + ": the IAM role to assume, arn:aws:iam::<12-digit account>:role/<name>, e.g. "
                    + "arn:aws:iam::123456789012:role/plugboard");
        }
        String region = text(settings.get("region"));
        if (region == null || !REGION.matcher(region).matches()) {
            throw new ActionException(FIELD + "region " + (region == null ? "is required" : "is not an AWS region")
                    + ": the region of the endpoint, e.g. eu-west-1");
        }
        String service = text(settings.get("service"));
        if (service == null) {
            String host = host(integration.url());
            service = host == null ? null : host.substring(0, (host + ".").indexOf('.')).toLowerCase(Locale.ROOT);
            if (service == null || !SERVICE.matcher(service).matches()) {
                throw new ActionException(FIELD + "service is required when spec.url does not start with the service's "
                        + "signing name (https://lambda.eu-west-1.amazonaws.com signs as lambda)");
            }
        } else if (!SERVICE.matcher(service).matches()) {
            throw new ActionException(FIELD + "service is not a signing name such as lambda, s3 or execute-api");
        }
        String sts = text(settings.get("stsUrl"));
        if (sts == null) {
            sts = "https://sts." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "");
        } else if (host(sts) == null) {
            throw new ActionException(FIELD + "stsUrl is not an http(s) URL: the STS endpoint, by default "
                    + "https://sts." + region + ".amazonaws.com");
        }
        return new Exchange(roleArn, region, service, URI.create(sts.replaceAll("/+$", "") + "/"),
                duration(settings.get("durationSeconds")), sessionName(settings.get("sessionName"), integration));
    }

    private static int duration(Object value) throws ActionException {
        String text = text(value);
        if (text == null) {
            return DEFAULT_DURATION;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < MIN_DURATION || seconds > MAX_DURATION) {
            throw new ActionException(FIELD + "durationSeconds must be a number of seconds from " + MIN_DURATION + " to "
                    + MAX_DURATION + " (and at most the role's maximum session duration), not " + text);
        }
        return seconds;
    }

    /** The given name, checked; else {@code plugboard-<integration>}, made to fit STS's rule. */
    private static String sessionName(Object value, IntegrationContext integration) throws ActionException {
        String name = text(value);
        if (name == null) {
            name = ("plugboard-" + integration.integrationName()).replaceAll("[^\\w+=,.@-]", "-");
            return name.length() > 64 ? name.substring(0, 64) : name;
        }
        if (!SESSION_NAME.matcher(name).matches()) {
            throw new ActionException(FIELD + "sessionName must be 2 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -");
        }
        return name;
    }

    /** {@code AssumeRoleWithWebIdentity} for {@code idToken}: the credentials as the token {@link #sign} takes. */
    IssuedToken assume(Exchange exchange, String idToken) throws ActionException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "AssumeRoleWithWebIdentity");
        form.put("Version", "2011-06-15");
        form.put("RoleArn", exchange.roleArn());
        form.put("RoleSessionName", exchange.sessionName());
        form.put("WebIdentityToken", idToken);
        form.put("DurationSeconds", Integer.toString(exchange.durationSeconds()));
        HttpRequest request = HttpRequest.newBuilder(exchange.stsUrl())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))))
                .build();
        String what = "AssumeRoleWithWebIdentity for role " + exchange.roleArn();
        int status;
        byte[] body;
        Duration retryAfter;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER);
            }
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").filter(s -> s.matches("[0-9]{1,6}"))
                    .map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        } catch (IOException e) {
            throw new ActionException("AWS STS at " + exchange.stsUrl() + " did not answer " + what + ": "
                    + e.getClass().getSimpleName(), e, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException("Interrupted while asking AWS STS for " + what, e, true, null);
        }
        Element root = xml(body);
        if (status / 100 == 2) {
            Element credentials = child(child(root, "AssumeRoleWithWebIdentityResult"), "Credentials");
            String accessKeyId = text(credentials, "AccessKeyId");
            String secretKey = text(credentials, "SecretAccessKey");
            String sessionToken = text(credentials, "SessionToken");
            if (accessKeyId == null || secretKey == null || sessionToken == null) {
                throw new ActionException("AWS STS answered " + what + " without credentials");
            }
            Instant expires;
            try {
                expires = Instant.parse(String.valueOf(text(credentials, "Expiration")));
            } catch (DateTimeParseException e) {
                expires = clock.instant().plusSeconds(exchange.durationSeconds());
            }
            return new IssuedToken(encode(new SigV4.Key(accessKeyId, secretKey, sessionToken, exchange.region(),
                    exchange.service())), expires);
        }
        Element error = child(root, "Error");
        String code = text(error, "Code");
        boolean retryable = status >= 500 || status == 429 || code != null && RETRYABLE.contains(code);
        String message = code == null ? "AWS STS answered HTTP " + status + " to " + what
                : "STS refused " + what + ": " + code + ": " + clean(text(error, "Message"), idToken);
        throw new ActionException(message, null, retryable, retryAfter);
    }

    /** The credentials as the token Plugboard keeps. */
    static String encode(SigV4.Key key) {
        ObjectNode json = JSON.createObjectNode()
                .put("accessKeyId", key.accessKeyId())
                .put("secretAccessKey", key.secretAccessKey())
                .put("sessionToken", key.sessionToken())
                .put("region", key.region())
                .put("service", key.service());
        return json.toString();
    }

    /** The token {@link #encode} made; an {@link IllegalArgumentException} that never shows it otherwise. */
    static SigV4.Key decode(String token) {
        JsonNode json;
        try {
            json = token == null ? null : JSON.readTree(token);
        } catch (IOException e) {
            json = null; // not chained: the parser's message quotes the token
        }
        String[] fields = {"accessKeyId", "secretAccessKey", "sessionToken", "region", "service"};
        String[] values = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = json == null ? "" : json.path(fields[i]).asText("");
            if (values[i].isEmpty()) {
                throw new IllegalArgumentException("The token is not AWS credentials issued by the aws provider");
            }
        }
        return new SigV4.Key(values[0], values[1], values[2], values[3], values[4]);
    }

    /** The document element of an XML answer, or {@code null}; no DTDs, no external entities. */
    private static Element xml(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // quiet: the JDK's default prints to stderr
            return builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : text(e.getTextContent());
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** STS's message for users: one line, at most 300 characters, never the ID token. */
    private static String clean(String message, String idToken) {
        String m = message == null ? "(no message)" : message.replace(idToken, "<ID token>").replaceAll("\\s+", " ");
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    /** The host of an http(s) URL, else {@code null}. */
    private static String host(String url) {
        try {
            URI uri = url == null ? null : new URI(url.trim());
            boolean http = uri != null && ("https".equalsIgnoreCase(uri.getScheme())
                    || "http".equalsIgnoreCase(uri.getScheme()));
            return http && uri.getHost() != null ? uri.getHost() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
