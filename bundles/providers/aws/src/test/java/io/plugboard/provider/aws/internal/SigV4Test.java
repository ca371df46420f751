package io.plugboard.provider.aws.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.plugboard.api.outbound.OutboundRequest;
import org.junit.Test;

public class SigV4Test {

    private static final Instant EXAMPLE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final SigV4.Key EXAMPLE_KEY = new SigV4.Key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            null, "us-east-1", "iam");
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    /**
     * AWS's worked example (IAM ListUsers, 2015-08-30): canonical request hash in
     * https://docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html, signature in
     * https://docs.aws.amazon.com/general/latest/gr/sigv4-calculate-signature.html.
     */
    @Test
    public void reproducesTheDocumentedExample() {
        OutboundRequest request = new OutboundRequest("GET",
                URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                Map.of("Content-Type", List.of(FORM)), null);

        Map<String, String> headers = SigV4.canonicalHeaders(request, Map.of("X-Amz-Date", "20150830T123600Z"));
        String canonical = SigV4.canonicalRequest(request, headers, false, SigV4.hex(SigV4.sha256(new byte[0])));
        assertEquals("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        assertEquals("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
                SigV4.hex(SigV4.sha256(canonical.getBytes(StandardCharsets.UTF_8))));

        Map<String, String> signed = SigV4.sign(request, EXAMPLE_KEY, EXAMPLE_TIME);
        assertEquals(Map.of("X-Amz-Date", "20150830T123600Z", "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date, "
                        + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"), signed);
    }

    @Test
    public void signsTheSessionToken() {
        SigV4.Key key = new SigV4.Key("ASIAEXAMPLE", "secret", "FwoGZXIvYXdzEXAMPLE//token=", "eu-west-1", "lambda");
        OutboundRequest request = new OutboundRequest("POST",
                URI.create("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/f/invocations"),
                Map.of("Content-Type", List.of("application/json"), "Accept", List.of("*/*")),
                "{}".getBytes(StandardCharsets.UTF_8));

        Map<String, String> signed = SigV4.sign(request, key, EXAMPLE_TIME);
        assertEquals(List.of("X-Amz-Date", "X-Amz-Security-Token", "Authorization"), List.copyOf(signed.keySet()));
        assertEquals("FwoGZXIvYXdzEXAMPLE//token=", signed.get("X-Amz-Security-Token"));
        String authorization = signed.get("Authorization");
        assertTrue(authorization, authorization.startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20150830/eu-west-1/"
                + "lambda/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="));
        assertTrue(authorization.matches(".*Signature=[0-9a-f]{64}"));
        assertFalse("the JDK client sets Host", signed.keySet().stream().anyMatch("host"::equalsIgnoreCase));
        assertFalse("never the secret", String.join(" ", signed.values()).contains("secret"));

        // a different body or token is a different signature
        OutboundRequest other = new OutboundRequest("POST", request.uri(), request.headers(),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertFalse(authorization.equals(SigV4.sign(other, key, EXAMPLE_TIME).get("Authorization")));
    }

    @Test
    public void s3SignsThePayloadHashAndEncodesThePathOnce() {
        SigV4.Key key = new SigV4.Key("ASIAEXAMPLE", "secret", "token", "eu-west-1", "s3");
        OutboundRequest request = new OutboundRequest("PUT",
                URI.create("https://bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd.txt"), Map.of(),
                "hello".getBytes(StandardCharsets.UTF_8));

        Map<String, String> signed = SigV4.sign(request, key, EXAMPLE_TIME);
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                signed.get("X-Amz-Content-Sha256"));
        assertTrue(signed.get("Authorization").contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"));
        assertEquals("/a%20b/c%2Bd.txt", SigV4.canonicalUri(request.uri(), true));
    }

    @Test
    public void otherServicesEncodeThePathTwice() {
        URI uri = URI.create("https://apigw.example/prod/a%20b/./x/../arn:aws:lambda/");
        assertEquals("/prod/a%2520b/arn%3Aaws%3Alambda/", SigV4.canonicalUri(uri, false));
        assertEquals("/", SigV4.canonicalUri(URI.create("https://iam.amazonaws.com"), false));
        assertEquals("/2015-03-31/functions", SigV4.canonicalUri(URI.create("https://h//2015-03-31/functions"), false));
    }

    @Test
    public void sortsAndEncodesTheQuery() {
        assertEquals("A=&a=1&b=%20%2B&b=x&c=%2A~", SigV4.canonicalQuery("c=*~&b=x&a=1&b=%20+&A"));
        assertEquals("", SigV4.canonicalQuery(null));
    }

    @Test
    public void signsAPortThatIsNotTheDefaultAndTheRequestsAmzHeaders() {
        assertEquals("localhost:4566", SigV4.host(URI.create("http://localhost:4566/")));
        assertEquals("sts.amazonaws.com", SigV4.host(URI.create("https://sts.amazonaws.com:443/")));

        OutboundRequest request = new OutboundRequest("POST", URI.create("https://dynamodb.eu-west-1.amazonaws.com/"),
                Map.of("X-Amz-Target", List.of("DynamoDB_20120810.ListTables"), "x-amz-date", List.of("stale"),
                        "User-Agent", List.of("curl/8")), null);
        Map<String, String> headers = SigV4.canonicalHeaders(request, Map.of("X-Amz-Date", "20150830T123600Z"));
        assertEquals(Map.of("host", "dynamodb.eu-west-1.amazonaws.com", "x-amz-date", "20150830T123600Z",
                "x-amz-target", "DynamoDB_20120810.ListTables"), headers);
    }
}
