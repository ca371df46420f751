import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * The ceiling for perf/webhooks.sh: a bare JDK HttpServer that only verifies GitHub's HMAC in memory and answers 202
 * (no storage, no dispatch). java BareHmacServer.java <port> <secret>
 */
public class BareHmacServer {

    public static void main(String[] args) throws Exception {
        // without it the response's headers and body go out in two writes and Nagle holds the second until the client's
        // delayed ACK: ~40 ms per request, which capped this "ceiling" at concurrency / 40 ms (~720/s with 32 connections)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] key = args[1].getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = 401;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                String header = exchange.getRequestHeaders().getFirst("X-Hub-Signature-256");
                if (header != null && header.startsWith("sha256=")
                        && MessageDigest.isEqual(mac.doFinal(body), HexFormat.of().parseHex(header.substring(7)))) {
                    status = 202;
                }
            } catch (Exception e) {
                status = 401;
            }
            byte[] answer = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("bare server on " + args[0]);
    }
}
