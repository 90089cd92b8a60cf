package org.kepu.ingestion.work;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.kepu.ingestion.store.MinioObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.testkit.S3Server;

/** Listing by status against a real S3 server, whose listing and timestamps come from the server. */
class MinioWorkListingIT extends WorkListingContract {

    private final List<MinioObjectStore> opened = new ArrayList<>();

    @Override
    protected ObjectStore emptyStore() {
        S3Server s3 = S3Server.shared();
        MinioObjectStore store = new MinioObjectStore(
                s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.newBucketName(MinioWorkListingIT.class));
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(MinioObjectStore::close);
    }
}
