package io.plugboard.core.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Configuration annotations for tests: each attribute its default unless {@code values} names it. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static CoreConfiguration core(Map<String, Object> values) {
        return of(CoreConfiguration.class, values);
    }

    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType": return type;
                case "toString": return type.getSimpleName() + values;
                case "hashCode": return System.identityHashCode(self);
                case "equals": return self == args[0];
                default:
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
            }
        });
    }
}
