package io.plugboard.rest.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * A stand-in for an optional service that may come and go - core's resource store follows the database, and is
 * re-registered when the DataSource is (at boot, or when its configuration changes). A call goes to the service bound
 * right now; in a gap it waits a little for the service to come back, then fails with 503, so the rest of the API -
 * health first - stays up and a re-registration is invisible to clients.
 */
final class WaitingServiceProxy<T> {

    private final Class<T> type;
    private final Duration patience;
    private final String unavailableMessage;
    private T current;

    WaitingServiceProxy(Class<T> type, Duration patience, String unavailableMessage) {
        this.type = type;
        this.patience = patience;
        this.unavailableMessage = unavailableMessage;
    }

    synchronized void bind(T service) {
        current = service;
        notifyAll();
    }

    synchronized void unbind(T service) {
        if (current == service) {
            current = null;
        }
    }

    /** Whether a service is bound right now. */
    synchronized boolean bound() {
        return current != null;
    }

    /** The service, waiting up to the patience for one to be bound. */
    synchronized T await() throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (current == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ApiException(503, "unavailable", unavailableMessage);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return current;
    }

    /** An implementation of the service interface that calls {@link #await()}'s service. */
    T proxy() {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(this, args);
            }
            try {
                return method.invoke(await(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return type.cast(proxy);
    }
}
