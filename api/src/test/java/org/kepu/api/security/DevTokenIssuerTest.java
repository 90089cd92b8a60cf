package org.kepu.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

class DevTokenIssuerTest {

    @TempDir
    Path dir;

    @Test
    void issuersStartingTogetherOnOneStoreShareOneKeyAndAcceptEachOthersTokens() throws Exception {
        ObjectStore store = new FileSystemObjectStore(dir.resolve("objects"));
        int instances = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<DevTokenIssuer>> started = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Callable<DevTokenIssuer> boot = () -> {
                    start.await();
                    return DevTokenIssuer.shared(store, Duration.ofHours(1), Clock.systemUTC());
                };
                started.add(pool.submit(boot));
            }
            start.countDown();
            List<DevTokenIssuer> issuers = new ArrayList<>();
            for (Future<DevTokenIssuer> issuer : started) {
                issuers.add(issuer.get());
            }

            for (DevTokenIssuer minter : issuers) {
                SignedJWT token = SignedJWT.parse(minter.mint("alice", List.of("creator"), List.of()));
                for (DevTokenIssuer checker : issuers) {
                    assertThat(token.verify(new MACVerifier(checker.secretKey().getEncoded())))
                            .isTrue();
                }
            }
            assertThat(store.stat(DevTokenIssuer.SHARED_KEY)).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInstanceStartedLaterReadsTheKeyTheFirstCreatedAndDirectoryModeKeepsItsOwn() throws Exception {
        ObjectStore store = new FileSystemObjectStore(dir.resolve("objects"));
        DevTokenIssuer first = DevTokenIssuer.shared(store, Duration.ofHours(1), Clock.systemUTC());
        DevTokenIssuer later = DevTokenIssuer.shared(store, Duration.ofHours(1), Clock.systemUTC());
        assertThat(later.secretKey().getEncoded()).isEqualTo(first.secretKey().getEncoded());

        DevTokenIssuer local = new DevTokenIssuer(dir.resolve("data"), Duration.ofHours(1), Clock.systemUTC());
        DevTokenIssuer restarted = new DevTokenIssuer(dir.resolve("data"), Duration.ofHours(1), Clock.systemUTC());
        assertThat(restarted.secretKey().getEncoded())
                .isEqualTo(local.secretKey().getEncoded());
        assertThat(local.secretKey().getEncoded())
                .isNotEqualTo(first.secretKey().getEncoded());
    }
}
