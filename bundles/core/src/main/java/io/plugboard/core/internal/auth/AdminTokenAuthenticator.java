package io.plugboard.core.internal.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import io.plugboard.api.server.AdminAuthenticator;
import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.DataDirectory;
import io.plugboard.core.internal.OwnerOnlyFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin bearer token: from {@code adminToken} in {@code etc/io.plugboard.core.cfg}, else generated
 * once into {@code data/plugboard/admin.token}. Only a SHA-256 digest is kept in memory, compared in
 * constant time. The token itself is never logged.
 */
@Component(service = AdminAuthenticator.class, configurationPid = CoreConfiguration.PID, immediate = true)
@Designate(ocd = CoreConfiguration.class)
public class AdminTokenAuthenticator implements AdminAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenAuthenticator.class);
    static final int RECOMMENDED_MIN_LENGTH = 32;
    /** 256 random bits. */
    static final int TOKEN_BYTES = 32;

    private volatile byte[] tokenDigest;

    @Activate
    @Modified
    void configure(CoreConfiguration config) throws IOException {
        String configured = config.adminToken() == null ? "" : config.adminToken().trim();
        String token;
        if (!configured.isEmpty()) {
            if (configured.length() < RECOMMENDED_MIN_LENGTH) {
                LOG.warn("The configured adminToken is shorter than {} characters; use a long random value",
                        RECOMMENDED_MIN_LENGTH);
            }
            LOG.info("Admin token taken from configuration {}", CoreConfiguration.PID);
            token = configured;
        } else {
            OwnerOnlyFile file = new OwnerOnlyFile(
                    DataDirectory.resolve(config.dataDirectory()).resolve("admin.token"), "admin token");
            token = file.readOrCreate(new SecureRandom(), TOKEN_BYTES);
            LOG.info("Admin token read from {}", file.path());
        }
        tokenDigest = sha256(token);
    }

    @Override
    public boolean isAdminToken(String candidate) {
        byte[] expected = tokenDigest;
        if (candidate == null || candidate.isEmpty() || expected == null) {
            return false;
        }
        // digests have a fixed length, so the comparison time does not depend on the candidate's length
        return MessageDigest.isEqual(sha256(candidate), expected);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
