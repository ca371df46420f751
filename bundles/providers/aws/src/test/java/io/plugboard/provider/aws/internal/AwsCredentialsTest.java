package io.plugboard.provider.aws.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import io.plugboard.api.outbound.OutboundRequest;
import io.plugboard.api.provider.ActionException;
import io.plugboard.api.provider.CredentialIssuer;
import io.plugboard.api.provider.IntegrationContext;
import io.plugboard.api.provider.IssuedToken;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class AwsCredentialsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/plugboard";
    private static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmc6ZGVmYXVsdDppbnRlZ3JhdGlvbjphd3MtbGFtYmRhIn0.c2ln+/=";
    private static final String SUCCESS = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>org:default:integration:aws-lambda</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <Credentials>
                  <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
                  <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
                  <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
                  <Expiration>2026-03-01T13:00:00Z</Expiration>
                </Credentials>
                <Provider>https://plugboard.example.com</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final AwsCredentials issuer = new AwsCredentials(clock);
    private final IntegrationContext lambda = new Context("aws-lambda", "https://lambda.eu-west-1.amazonaws.com");
    private HttpServer server;
    private volatile int status = 200;
    private volatile String answer = SUCCESS;
    private volatile String method;
    private volatile String path;
    private volatile String contentType;
    private volatile Map<String, String> form;

    @Before
    public void startSts() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            method = exchange.getRequestMethod();
            path = exchange.getRequestURI().getPath();
            contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @After
    public void stopSts() {
        server.stop(0);
    }

    @Test
    public void describesItsAuthType() {
        assertEquals("AUTH_TYPE_OIDC", issuer.authType());
        assertEquals("oidc", issuer.settingsKey());
    }

    @Test
    public void exchangesTheIdTokenForCredentials() throws Exception {
        IssuedToken issued = issuer.issue(lambda, settings(Map.of("durationSeconds", "1800")), null);

        assertEquals("POST", method);
        assertEquals("/", path);
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", contentType);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Action", "AssumeRoleWithWebIdentity");
        expected.put("Version", "2011-06-15");
        expected.put("RoleArn", ROLE);
        expected.put("RoleSessionName", "plugboard-aws-lambda");
        expected.put("WebIdentityToken", ID_TOKEN);
        expected.put("DurationSeconds", "1800");
        assertEquals(expected, form);

        assertEquals(Instant.parse("2026-03-01T13:00:00Z"), issued.expiresAt());
        SigV4.Key key = AwsCredentials.decode(issued.token());
        assertEquals("ASIAIOSFODNN7EXAMPLE", key.accessKeyId());
        assertEquals("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", key.secretAccessKey());
        assertEquals("AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE", key.sessionToken());
        assertEquals("eu-west-1", key.region());
        assertEquals("lambda", key.service());
        assertFalse(issued.toString().contains("ASIA"));
        assertFalse(key.toString().contains("wJalr"));
        assertFalse(key.toString().contains("AQoD"));
    }

    @Test
    public void signsWithTheIssuedCredentials() throws Exception {
        IssuedToken issued = issuer.issue(lambda, settings(Map.of("service", "execute-api", "durationSeconds", 900)), null);
        assertEquals("900", form.get("DurationSeconds"));

        OutboundRequest request = new OutboundRequest("GET",
                URI.create("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions"), Map.of(), null);
        Map<String, String> headers = issuer.sign(issued.token(), request);
        assertEquals("20260301T120000Z", headers.get("X-Amz-Date"));
        assertEquals("AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE", headers.get("X-Amz-Security-Token"));
        assertTrue(headers.get("Authorization"), headers.get("Authorization").startsWith("AWS4-HMAC-SHA256 "
                + "Credential=ASIAIOSFODNN7EXAMPLE/20260301/eu-west-1/execute-api/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="));
        assertEquals(headers, SigV4.sign(request, AwsCredentials.decode(issued.token()), clock.instant()));

        try {
            issuer.sign("not a credential", request);
            fail();
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains("not a credential"));
        }
    }

    @Test
    public void aRefusalIsNotRetryable() {
        status = 400;
        answer = error("Sender", "InvalidIdentityToken", "No OpenIDConnect provider found in your account for "
                + "https://plugboard.example.com");
        ActionException e = failure(settings(Map.of()));
        assertEquals("STS refused AssumeRoleWithWebIdentity for role " + ROLE + ": InvalidIdentityToken: "
                + "No OpenIDConnect provider found in your account for https://plugboard.example.com", e.getMessage());
        assertFalse(e.retryable());

        status = 403;
        answer = error("Sender", "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        e = failure(settings(Map.of()));
        assertTrue(e.getMessage(), e.getMessage().endsWith(": AccessDenied: Not authorized to perform "
                + "sts:AssumeRoleWithWebIdentity"));
        assertFalse(e.retryable());

        status = 400; // a message that would echo the token never shows it
        answer = error("Sender", "ValidationError", "Bad token " + ID_TOKEN);
        e = failure(settings(Map.of()));
        assertFalse(e.getMessage().contains(ID_TOKEN));
        assertFalse(e.retryable());
    }

    @Test
    public void theIdentityProviderOrSTSBeingUnavailableIsRetryable() {
        status = 400;
        answer = error("Sender", "IDPCommunicationError", "The identity provider could not be reached");
        ActionException e = failure(settings(Map.of()));
        assertTrue(e.getMessage(), e.getMessage().contains(": IDPCommunicationError: "));
        assertTrue(e.retryable());

        answer = error("Sender", "Throttling", "Rate exceeded");
        assertTrue(failure(settings(Map.of())).retryable());

        status = 503;
        answer = "<html>Service Unavailable</html>";
        e = failure(settings(Map.of()));
        assertEquals("AWS STS answered HTTP 503 to AssumeRoleWithWebIdentity for role " + ROLE, e.getMessage());
        assertTrue(e.retryable());

        server.stop(0);
        e = failure(settings(Map.of()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("AWS STS at http://"));
        assertTrue(e.retryable());
    }

    @Test
    public void anAnswerWithoutCredentialsIsRefused() {
        answer = "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult/></AssumeRoleWithWebIdentityResponse>";
        assertEquals("AWS STS answered AssumeRoleWithWebIdentity for role " + ROLE + " without credentials",
                failure(settings(Map.of())).getMessage());
        answer = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertFalse(failure(settings(Map.of())).retryable());
    }

    @Test
    public void unusableSettingsNameTheirField() {
        assertField("roleArn", settings(Map.of("roleArn", "")));
        assertField("roleArn", settings(Map.of("roleArn", "arn:aws:iam::1234:role/x")));
        assertField("roleArn", settings(Map.of("roleArn", "arn:aws:iam::123456789012:user/x")));
        assertField("region", settings(Map.of("region", "")));
        assertField("region", settings(Map.of("region", "Europe")));
        assertField("durationSeconds", settings(Map.of("durationSeconds", 899)));
        assertField("durationSeconds", settings(Map.of("durationSeconds", "43201")));
        assertField("durationSeconds", settings(Map.of("durationSeconds", "an hour")));
        assertField("sessionName", settings(Map.of("sessionName", "has space")));
        assertField("stsUrl", settings(Map.of("stsUrl", "sts.eu-west-1.amazonaws.com")));
        assertField("service", settings(Map.of("service", "Lambda!")));
        try {
            issuer.issue(new Context("x", ""), settings(Map.of()), null);
            fail();
        } catch (ActionException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("spec.auth.oidc.service "));
        }
        assertNull("nothing was sent", method);

        Map<String, Object> noToken = settings(Map.of());
        noToken.remove(CredentialIssuer.ID_TOKEN_SETTING);
        try {
            issuer.issue(lambda, noToken, null);
            fail();
        } catch (ActionException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no ID token"));
        }
    }

    @Test
    public void defaults() throws ActionException {
        Map<String, Object> settings = new HashMap<>(Map.of("roleArn", "arn:aws-cn:iam::123456789012:role/path/ci",
                "region", "cn-north-1"));
        AwsCredentials.Exchange exchange = AwsCredentials.exchange(new Context("a:very/long name that is certainly "
                + "longer than sixty-four characters", "https://s3.cn-north-1.amazonaws.com.cn"), settings);
        assertEquals(URI.create("https://sts.cn-north-1.amazonaws.com.cn/"), exchange.stsUrl());
        assertEquals("s3", exchange.service());
        assertEquals(AwsCredentials.DEFAULT_DURATION, exchange.durationSeconds());
        assertEquals("plugboard-a-very-long-name-that-is-certainly-longer-than-sixty-f", exchange.sessionName());
        assertEquals(64, exchange.sessionName().length());

        settings.put("sessionName", "ci@plugboard");
        settings.put("region", "eu-west-1");
        settings.put("stsUrl", "https://sts.amazonaws.com/");
        exchange = AwsCredentials.exchange(lambda, settings);
        assertEquals("ci@plugboard", exchange.sessionName());
        assertEquals(URI.create("https://sts.amazonaws.com/"), exchange.stsUrl());
    }

    private void assertField(String field, Map<String, Object> settings) {
        try {
            issuer.issue(lambda, settings, null);
            fail("accepted " + settings);
        } catch (ActionException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("spec.auth.oidc." + field + " "));
            assertFalse(e.retryable());
        }
    }

    private ActionException failure(Map<String, Object> settings) {
        try {
            issuer.issue(lambda, settings, null);
            throw new AssertionError("no failure");
        } catch (ActionException e) {
            assertFalse(e.getMessage().contains(ID_TOKEN));
            return e;
        }
    }

    /** The settings core passes: {@code spec.auth.oidc} with the ID token; {@code overrides} win. */
    private Map<String, Object> settings(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("audience", "sts.amazonaws.com");
        settings.put("roleArn", ROLE);
        settings.put("region", "eu-west-1");
        settings.put("stsUrl", "http://127.0.0.1:" + server.getAddress().getPort());
        settings.put(CredentialIssuer.ID_TOKEN_SETTING, ID_TOKEN);
        settings.putAll(overrides);
        return settings;
    }

    private static String error(String type, String code, String message) {
        return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>" + type + "</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>x</RequestId></ErrorResponse>";
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private record Context(String integrationName, String url) implements IntegrationContext {

        @Override
        public String organization() {
            return "default";
        }

        @Override
        public Optional<String> token() {
            return Optional.empty();
        }

        @Override
        public String webhookUrl() {
            return "https://pb/webhooks/" + integrationName;
        }

        @Override
        public Map<String, Object> settings() {
            return Map.of();
        }
    }
}
