package io.plugboard.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.core}: {@code etc/io.plugboard.core.cfg}. */
@ObjectClassDefinition(name = "Plugboard core",
        description = "Admin authentication and data directory of the Plugboard server")
public @interface CoreConfiguration {

    String PID = "io.plugboard.core";

    @AttributeDefinition(name = "Admin token",
            description = "Bearer token for /api/v1. Empty: a random token is generated into <data directory>/admin.token at first boot.")
    String adminToken() default "";

    @AttributeDefinition(name = "Data directory",
            description = "Where Plugboard keeps admin.token and other generated files. Empty: ${karaf.data}/plugboard.")
    String dataDirectory() default "";
}
