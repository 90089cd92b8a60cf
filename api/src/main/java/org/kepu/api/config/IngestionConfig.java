package org.kepu.api.config;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.kepu.api.operations.KepuMetrics;
import org.kepu.api.search.IndexChoice;
import org.kepu.ingestion.detect.MediaTypeDetector;
import org.kepu.ingestion.extraction.ExtractionSettings;
import org.kepu.ingestion.extraction.TextExtractor;
import org.kepu.ingestion.pipeline.ExtractionPipeline;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.MinioObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.upload.DetectedMediaTypes;
import org.kepu.ingestion.upload.UploadService;
import org.kepu.ingestion.work.WorkRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the object store chosen by configuration, the repository, uploads and extraction; what follows
 * extraction (screening, assignment) is the review package's hook.
 */
@Configuration
class IngestionConfig {

    @Bean
    ObjectStore objectStore(KepuProperties properties) {
        KepuProperties.Store store = properties.store();
        if (store.type() == KepuProperties.StoreType.S3) {
            require(store.endpoint(), "kepu.store.endpoint");
            require(store.accessKey(), "kepu.store.access-key");
            require(store.secretKey(), "kepu.store.secret-key");
            // Checked with the store, before anything reads it or builds an index.
            IndexChoice.check(properties);
            return new MinioObjectStore(store.endpoint(), store.accessKey(), store.secretKey(), store.bucket());
        }
        return new FileSystemObjectStore(properties.dataDir().resolve("objects"));
    }

    /** The journal is the audit log: the events a change records reach the trail through it. */
    @Bean
    WorkRepository workRepository(ObjectStore store, Clock clock, WorkRepository.Journal journal) {
        return new WorkRepository(store, clock, journal);
    }

    @Bean
    MediaTypeDetector mediaTypeDetector() {
        return new MediaTypeDetector();
    }

    @Bean
    UploadService uploadService(ObjectStore store, MediaTypeDetector detector, KepuProperties properties) {
        return new UploadService(
                store,
                new DetectedMediaTypes(detector),
                properties.upload().maxSize().toBytes());
    }

    @Bean(destroyMethod = "close")
    TextExtractor textExtractor(KepuProperties properties) {
        KepuProperties.Extraction e = properties.extraction();
        return new TextExtractor(ExtractionSettings.defaults()
                .withPoolSize(e.workers())
                .withTimeout(e.timeout())
                .withMaxChars(e.maxChars())
                .withChildHeap(e.childHeap())
                .withOcr(e.ocr().enabled(), e.ocr().maxPixels()));
    }

    @Bean(destroyMethod = "close")
    ExtractionPipeline extractionPipeline(
            WorkRepository works,
            TextExtractor extractor,
            MediaTypeDetector detector,
            KepuProperties properties,
            Clock clock,
            ExtractionPipeline.Hook screening,
            KepuMetrics metrics) {
        KepuProperties.Extraction e = properties.extraction();
        // A lease outlives two hard timeouts, so it expires only when its holder died.
        Duration lease = e.timeout().multipliedBy(2).plusSeconds(10);
        ExtractionPipeline pipeline = new ExtractionPipeline(
                works,
                extractor,
                detector,
                e.workers(),
                lease,
                clock,
                UUID.randomUUID().toString(),
                screening);
        pipeline.listen(metrics::extracted);
        return pipeline;
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set when kepu.store.type=s3");
        }
    }
}
