import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * OAuth callback benchmark (run by perf/oauth.sh). For N logins, one after the other:
 * start (REST) → /integration/&lt;p&gt;/login → the OAuth server's authorize → time GET /integration/&lt;p&gt;/callback.
 * Then N code exchanges straight at the token endpoint (the server's own time, same kind of request). Prints
 * p50/p99 of both and the difference: what Plugboard adds to a callback beyond the token endpoint.
 *
 *   java perf/OAuthLoad.java BASE ADMIN_TOKEN TYPE ISSUER N
 */
public class OAuthLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0], admin = args[1], type = args[2], issuer = args[3];
        int n = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new java.net.CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        List<Double> callback = new ArrayList<>();
        for (int i = 0; i < n + 20; i++) {                      // 20 warm-up logins
            String body = "{\"type\":\"" + type + "\",\"name\":\"bench-" + i + "\"}";
            String started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/connections/authorize"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
            String login = field(started, "authorizeUrl");
            String authorize = location(http, login);
            String back = location(http, authorize);
            long t0 = System.nanoTime();
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(back)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (done.statusCode() != 302) {
                throw new IllegalStateException("callback answered " + done.statusCode() + ": " + done.body());
            }
            if (i >= 20) {
                callback.add(ms);
            }
        }
        List<Double> token = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        String redirect = base + "/integration/bench/callback";
        for (int i = 0; i < n + 20; i++) {
            byte[] v = new byte[32];
            random.nextBytes(v);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(v);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = issuer + "/authorize?response_type=code&client_id=bench&scope=openid+profile&state=s&nonce=n"
                    + "&code_challenge_method=S256&code_challenge=" + challenge + "&redirect_uri=" + enc(redirect);
            String back = location(http, authorize);
            String code = URLDecoder.decode(back.replaceAll(".*[?&]code=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirect)
                    + "&code_verifier=" + verifier + "&client_id=bench&client_secret=bench";
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode());
            }
            if (i >= 20) {
                token.add(ms);
            }
        }
        double c50 = pct(callback, 50), c99 = pct(callback, 99), t50 = pct(token, 50), t99 = pct(token, 99);
        System.out.printf("callback (Plugboard, incl. token exchange, id_token check, store): p50 %.1f ms  p99 %.1f ms  (%d logins)%n",
                c50, c99, callback.size());
        System.out.printf("token endpoint alone (mock-oauth2-server):                      p50 %.1f ms  p99 %.1f ms%n", t50, t99);
        System.out.printf("overhead beyond the token endpoint:                             p50 %.1f ms  p99 %.1f ms%n",
                c50 - t50, c99 - t99);
    }

    static String location(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(url + " answered "
                + r.statusCode() + " without Location: " + r.body()));
    }

    static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
