package io.plugboard.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.core.MultivaluedHashMap;
import javax.ws.rs.core.MultivaluedMap;

import org.apache.cxf.jaxrs.model.ClassResourceInfo;
import org.apache.cxf.jaxrs.model.OperationResourceInfo;
import org.apache.cxf.jaxrs.model.URITemplate;
import org.apache.cxf.jaxrs.utils.HttpUtils;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;

/**
 * The methods allowed on the path of the current request, for the {@code Allow} header of a 405. CXF's own header
 * lists the methods of every root resource of the endpoint (so {@code DELETE /providers} would claim DELETE is
 * allowed because {@code /secrets/{name}} has it); this looks only at the resource methods whose path matches.
 */
final class AllowedMethods {

    private AllowedMethods() {
    }

    /** Empty outside a CXF request, or when nothing matches: then CXF's header is kept. */
    static Optional<Set<String>> ofCurrentRequest() {
        try {
            Message message = JAXRSUtils.getCurrentMessage();
            List<ClassResourceInfo> roots = message == null ? null : JAXRSUtils.getRootResources(message);
            if (roots == null || roots.isEmpty()) {
                return Optional.empty();
            }
            String path = HttpUtils.getPathToMatch(message, true);
            Set<String> methods = new TreeSet<>();
            for (Map.Entry<ClassResourceInfo, MultivaluedMap<String, String>> root
                    : JAXRSUtils.selectResourceClass(roots, path, message).entrySet()) {
                String rest = root.getValue().getFirst(URITemplate.FINAL_MATCH_GROUP);
                for (OperationResourceInfo operation : root.getKey().getMethodDispatcher().getOperationResourceInfos()) {
                    if (operation.isSubResourceLocator() || operation.getHttpMethod() == null) {
                        continue;
                    }
                    MultivaluedMap<String, String> values = new MultivaluedHashMap<>();
                    if (operation.getURITemplate().match(rest == null ? "/" : rest, values)
                            && isEnd(values.getFirst(URITemplate.FINAL_MATCH_GROUP))) {
                        methods.add(operation.getHttpMethod());
                    }
                }
            }
            if (methods.isEmpty()) {
                return Optional.empty();
            }
            if (methods.contains(HttpMethod.GET)) {
                methods.add(HttpMethod.HEAD);
            }
            methods.add(HttpMethod.OPTIONS);
            return Optional.of(methods);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isEnd(String rest) {
        return rest == null || rest.isEmpty() || "/".equals(rest);
    }
}
