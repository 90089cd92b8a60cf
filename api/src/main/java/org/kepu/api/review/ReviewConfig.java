package org.kepu.api.review;

import java.time.Clock;
import java.time.Duration;
import org.kepu.api.operations.KepuMetrics;
import org.kepu.api.search.SearchService;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.assign.OpenAssignments;
import org.kepu.review.assign.ReviewerLoad;
import org.kepu.review.assign.ReviewerRegistry;
import org.kepu.review.audit.AuditLog;
import org.kepu.review.checks.NearDuplicateFinder;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.SemanticClaimMatching;
import org.kepu.review.deadlines.Deadlines;
import org.kepu.review.knowledge.KnowledgeBase;
import org.kepu.review.knowledge.Rescreen;
import org.kepu.review.lifecycle.ReviewFlow;
import org.kepu.review.publication.DuePublications;
import org.kepu.review.screening.FindingsStore;
import org.kepu.review.screening.ScreeningStep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the review module: screening, the review steps, the reviewer registry and the audit log.
 */
@Configuration
class ReviewConfig {

    /**
     * Near-duplicate search comes from the search module when it provides one; semantic claim matching
     * when it is enabled ({@link SemanticScreeningConfig}). Myths, rumours and reference values come from
     * the knowledge base, read live, so its changes apply without a restart, to both the word and the
     * semantic matching.
     */
    @Bean
    Screening screening(
            ObjectProvider<NearDuplicateFinder> duplicates,
            ObjectProvider<SemanticClaimMatching> semantic,
            KnowledgeBase knowledge) {
        Screening.Builder builder = Screening.builder();
        duplicates.ifAvailable(builder::nearDuplicates);
        semantic.ifAvailable(builder::semanticMatching);
        knowledge.into(builder);
        return builder.build();
    }

    @Bean
    ReviewFlow reviewFlow(
            @Value("${kepu.review.emergency-turnaround:24h}") Duration emergencyTurnaround,
            @Value("${kepu.review.deadline:P3D}") Duration deadline) {
        return new ReviewFlow(emergencyTurnaround, deadline);
    }

    @Bean
    ReviewerRegistry reviewerRegistry(ObjectStore store, Clock clock) {
        return new ReviewerRegistry(store, clock);
    }

    @Bean
    FindingsStore findingsStore(ObjectStore store, Clock clock) {
        return new FindingsStore(store, clock);
    }

    @Bean
    AuditLog auditLog(ObjectStore store, Clock clock) {
        return new AuditLog(store, clock);
    }

    @Bean
    ReviewerLoad reviewerLoad(WorkRepository works, ReviewerRegistry registry) {
        return new ReviewerLoad(works, registry);
    }

    @Bean
    OpenAssignments openAssignments(WorkRepository works, ReviewerLoad pool, ReviewFlow flow, Clock clock) {
        return new OpenAssignments(works, pool, flow, clock);
    }

    @Bean
    DuePublications duePublications(WorkRepository works, ReviewFlow flow, Clock clock) {
        return new DuePublications(works, flow, clock);
    }

    /** Each missed deadline is counted in {@code kepu.review.deadline.misses}. */
    @Bean
    Deadlines deadlines(WorkRepository works, ReviewerLoad pool, ReviewFlow flow, Clock clock, KepuMetrics metrics) {
        return new Deadlines(works, pool, flow, clock, metrics::deadlineMissed);
    }

    /**
     * Screening after extraction, the pipeline's hook; each version's findings are counted in
     * {@code kepu.findings}. The status screening decides is searchable as soon as it is written, as
     * decisions and publications are: a creator who reads {@code IN_REVIEW} and then searches sees it there too.
     */
    @Bean
    ScreeningStep screeningStep(
            WorkRepository works,
            Screening screening,
            FindingsStore findings,
            ReviewerLoad pool,
            ReviewFlow flow,
            Clock clock,
            KepuMetrics metrics,
            ObjectProvider<SearchService> search) {
        return new ScreeningStep(works, screening, findings, pool, flow, clock, metrics::screened) {
            @Override
            public void committed(Work work, Version version) {
                search.ifAvailable(s -> s.indexCommitted(work.id()));
            }
        };
    }

    @Bean
    Rescreen rescreen(
            WorkRepository works, ReviewerLoad pool, Screening screening, FindingsStore findings, Clock clock) {
        return new Rescreen(works, pool, screening, findings, clock);
    }
}
