package org.kepu.api.search;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.kepu.api.config.KepuProperties;
import org.kepu.api.stats.StatsFacts;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.checks.DuplicateMatch;
import org.kepu.review.checks.NearDuplicateFinder;
import org.kepu.review.distribution.Distribution;
import org.kepu.search.analysis.Glossary;
import org.kepu.search.analysis.GlossaryStore;
import org.kepu.search.analysis.KepuAnalyzer;
import org.kepu.search.analysis.SynonymStore;
import org.kepu.search.analysis.Synonyms;
import org.kepu.search.analysis.TextAnalysis;
import org.kepu.search.dup.NearDuplicates;
import org.kepu.search.index.ElasticsearchSearchIndex;
import org.kepu.search.index.GlossaryReindexHook;
import org.kepu.search.index.Indexer;
import org.kepu.search.index.LuceneSearchIndex;
import org.kepu.search.index.ParkedWorks;
import org.kepu.search.index.RebuildLease;
import org.kepu.search.index.Reindexer;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.index.WorkDocuments;
import org.kepu.search.query.Explainer;
import org.kepu.search.vector.VectorWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The search index chosen by configuration, fed from the outbox. Chinese is analysed here, with the same
 * analyzer for both adapters, so Elasticsearch needs no plugin.
 */
@Configuration
class SearchConfig {

    private static final Logger log = LoggerFactory.getLogger(SearchConfig.class);

    @Bean
    Glossary glossary(KepuProperties properties) {
        return Glossary.withExtraFile(properties.dataDir().resolve("glossary-extra.txt"));
    }

    /** The shipped synonym list plus the rules admins added, which {@link #synonymStore} keeps current. */
    @Bean
    Synonyms synonyms() {
        return Synonyms.shipped();
    }

    @Bean
    TextAnalysis textAnalysis(Glossary glossary, Synonyms synonyms) {
        return new TextAnalysis(new KepuAnalyzer(glossary, synonyms));
    }

    @Bean
    SynonymStore synonymStore(WorkRepository works, Synonyms synonyms) {
        return new SynonymStore(works.store(), synonyms);
    }

    /** Glossary terms added by admins, shared through the store so that every instance analyses alike. */
    @Bean
    GlossaryStore glossaryStore(WorkRepository works, Glossary glossary) {
        return new GlossaryStore(works.store(), glossary);
    }

    @Bean(destroyMethod = "dispose")
    Disposable glossaryRefresh(GlossaryStore store) {
        return Flux.interval(Duration.ZERO, SYNONYMS_REFRESH, Schedulers.boundedElastic())
                .subscribe(tick -> {
                    try {
                        store.refresh();
                    } catch (RuntimeException e) {
                        // the store did not answer: the terms in force stay until the next tick
                        log.warn("could not read the glossary terms", e);
                    }
                });
    }

    @Bean
    Explainer explainer(TextAnalysis analysis) {
        return new Explainer(analysis);
    }

    /** How often each instance reads the synonym rules again, for those added on other instances. */
    static final Duration SYNONYMS_REFRESH = Duration.ofSeconds(30);

    @Bean(destroyMethod = "dispose")
    Disposable synonymRefresh(SynonymStore store) {
        return Flux.interval(Duration.ZERO, SYNONYMS_REFRESH, Schedulers.boundedElastic())
                .subscribe(tick -> {
                    try {
                        store.refresh();
                    } catch (RuntimeException e) {
                        // the store did not answer or holds a bad line: the rules in force stay until the next tick
                        log.warn("could not read the synonym rules", e);
                    }
                });
    }

    @Bean(destroyMethod = "close")
    SearchIndex searchIndex(KepuProperties properties, TextAnalysis analysis) {
        KepuProperties.Search search = properties.search();
        if (search.type() == KepuProperties.SearchType.ELASTICSEARCH) {
            return ElasticsearchSearchIndex.connect(URI.create(search.url()), search.index(), analysis);
        }
        return new LuceneSearchIndex(properties.dataDir().resolve("index"), search.index(), analysis);
    }

    /**
     * A published work is found by outlets through the channels it is in; a channel it left keeps a
     * marked key, so that delta sync finds the tombstone.
     */
    @Bean
    WorkDocuments workDocuments(TextAnalysis analysis, StatsFacts facts, ObjectProvider<VectorWorker> vectors) {
        WorkDocuments documents = new WorkDocuments(analysis, Distribution::channelKeys, facts::json);
        VectorWorker worker = vectors.getIfAvailable();
        return worker == null ? documents : documents.withVectors(worker::forIndexing);
    }

    /** Works the index refused, kept in the store so that every instance and the admins see them. */
    @Bean
    ParkedWorks parkedWorks(WorkRepository works, Clock clock) {
        return new ParkedWorks(works.store(), clock);
    }

    @Bean(destroyMethod = "close")
    Indexer indexer(
            WorkRepository works,
            WorkDocuments documents,
            SearchIndex index,
            ParkedWorks parked,
            Glossary glossary,
            ObjectProvider<VectorWorker> vectors) {
        Indexer indexer = new Indexer(works, documents, index, parked, Duration.ofSeconds(1), Duration.ofSeconds(30));
        glossary.addListener(new GlossaryReindexHook(index, indexer));
        // a work is indexed again, with its vector, once the vector is stored
        vectors.ifAvailable(worker -> {
            worker.onStored(indexer::reindex);
            indexer.onWritten(worker::written);
        });
        return indexer;
    }

    @Bean
    Reindexer reindexer(WorkRepository works, WorkDocuments documents, SearchIndex index, ParkedWorks parked) {
        return new Reindexer(works, documents, index, parked);
    }

    /**
     * One rebuild at a time across all instances sharing the store. Renewed every third of its time to
     * live, so a lease expires only when its holder has been gone for a minute.
     */
    @Bean
    RebuildLease rebuildLease(WorkRepository works, Clock clock) {
        return new RebuildLease(works.store(), UUID.randomUUID().toString(), Duration.ofMinutes(1), clock);
    }

    @Bean
    NearDuplicates nearDuplicates(SearchIndex index, TextAnalysis analysis) {
        return new NearDuplicates(index, analysis);
    }

    /** The review pipeline's duplicate check, answered from the search index. */
    @Bean
    NearDuplicateFinder nearDuplicateFinder(NearDuplicates duplicates) {
        return (text, excludeWorkId) -> duplicates.find(text, excludeWorkId).stream()
                .map(match -> new DuplicateMatch(match.workId(), match.title(), match.overlap()))
                .toList();
    }

    @Bean
    IndexerStarter indexerStarter(Indexer indexer) {
        return new IndexerStarter(indexer);
    }

    /** Starts draining the outbox once the application is up, not while it starts. */
    static final class IndexerStarter {
        private final Indexer indexer;

        IndexerStarter(Indexer indexer) {
            this.indexer = indexer;
        }

        @EventListener(ApplicationReadyEvent.class)
        void start() {
            indexer.start();
        }
    }
}
