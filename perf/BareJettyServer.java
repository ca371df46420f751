import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * A second ceiling for perf/webhooks.sh: the HTTP stack Plugboard runs on (Jetty 9.4, the version Karaf's Pax Web
 * embeds), outside OSGi, with one servlet that only verifies GitHub's HMAC in memory and answers 202 - no Camel, no
 * storage, no dispatch. Against it the ratio measures what Plugboard adds to its own HTTP server.
 * java -cp <jetty and servlet-api jars> BareJettyServer.java <port> <secret>
 */
public class BareJettyServer {

    public static void main(String[] args) throws Exception {
        byte[] key = args[1].getBytes(StandardCharsets.UTF_8);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                byte[] body = request.getInputStream().readAllBytes();
                String header = request.getHeader("X-Hub-Signature-256");
                int status = 401;
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    if (header != null && header.startsWith("sha256=")
                            && MessageDigest.isEqual(mac.doFinal(body), HexFormat.of().parseHex(header.substring(7)))) {
                        status = 202;
                    }
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    status = 401;
                }
                byte[] answer = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
                response.setStatus(status);
                response.setContentType("application/json");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("bare Jetty server on " + args[0]);
        server.join();
    }
}
