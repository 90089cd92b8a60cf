package org.kepu.ingestion.work;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;

class FileSystemWorkListingTest extends WorkListingContract {

    @TempDir
    Path root;

    @Override
    protected ObjectStore emptyStore() {
        return new FileSystemObjectStore(root);
    }
}
