package io.plugboard.rest.internal;

import java.util.List;
import java.util.Locale;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The format of a GET answer: {@code ?output=json} (the default) or {@code ?output=yaml}; without the parameter an
 * {@code Accept} header that prefers {@code application/yaml} also gets YAML. YAML has the same structure as the JSON.
 */
final class ResponseFormat {

    static final String APPLICATION_YAML = "application/yaml";
    static final MediaType APPLICATION_YAML_TYPE = MediaType.valueOf(APPLICATION_YAML);

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private ResponseFormat() {
    }

    /** 200 with {@code body} as JSON or YAML. */
    static Response ok(Object body, boolean yaml) {
        return yaml
                ? Response.ok(toYaml(body), APPLICATION_YAML_TYPE).build()
                : Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Whether to answer YAML; 400 for an {@code output} other than json or yaml. */
    static boolean yaml(String output, HttpHeaders headers) {
        if (output != null && !output.isEmpty()) {
            switch (output.toLowerCase(Locale.ROOT)) {
                case "json": return false;
                case "yaml": return true;
                default: throw new ApiException(400, "Unsupported output '" + output + "': use json or yaml.");
            }
        }
        List<MediaType> accepted = headers == null ? List.of() : headers.getAcceptableMediaTypes();
        for (MediaType type : accepted) {       // most preferred first; a wildcard is compatible with JSON
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(APPLICATION_YAML_TYPE)) {
                return true;
            }
        }
        return false;
    }

    static String toYaml(Object body) {
        try {
            return YAML.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render YAML", e);
        }
    }
}
