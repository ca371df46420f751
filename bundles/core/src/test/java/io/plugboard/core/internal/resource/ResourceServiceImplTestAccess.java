package io.plugboard.core.internal.resource;

import io.plugboard.api.provider.ProviderRegistry;
import io.plugboard.core.internal.crypto.KeyRing;
import io.plugboard.core.internal.storage.Transactions;

/** Lets tests of other core packages build a ResourceServiceImpl without a container. */
public final class ResourceServiceImplTestAccess {

    private ResourceServiceImplTestAccess() {
    }

    public static ResourceServiceImpl start(Transactions jdbc, ProviderRegistry providers, KeyRing keys) {
        return new ResourceServiceImpl(jdbc, providers, keys, "http://localhost:8181");
    }

    /** With providers github and semaphore installed. */
    public static ResourceServiceImpl startWithGithub(Transactions jdbc, KeyRing keys) {
        return start(jdbc, TestProviders.githubAndSemaphore(), keys);
    }

    public static void stop(ResourceServiceImpl service) {
        service.deactivate();
    }
}
