package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every check on a text and returns the findings in text order.
 *
 * <p>A failing check is logged and skipped rather than failing the screening: the other checks' findings
 * are still worth showing to the expert, and the reviewer sees the work either way.
 */
public final class Screening {

    private static final Logger LOG = LoggerFactory.getLogger(Screening.class);

    private static final Comparator<Finding> ORDER = Comparator.comparingInt(Finding::start)
            .thenComparingInt(Finding::end)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::rule);

    private final List<Check> checks;
    private final Semantic semantic;

    public Screening(List<Check> checks) {
        this(checks, null);
    }

    private Screening(List<Check> checks, Semantic semantic) {
        this.checks = List.copyOf(checks);
        this.semantic = semantic;
    }

    /** Semantic matching and the knowledge it matches against, read afresh at each screening. */
    private record Semantic(
            SemanticClaimMatching matching, Supplier<MythRulePack> myths, KnownRumours rumours, Citations citations) {}

    /** The standard checks with the built-in rule pack and fact table, and the given ports. */
    public static Builder builder() {
        return new Builder();
    }

    /** The standard checks with built-in data, the paraphrase rumour matcher and no duplicate search. */
    public static Screening standard() {
        return builder().build();
    }

    /**
     * How much of a text the checks read: ten times a long popular-science book chapter. The checks are
     * linear but not cheap (the myth families alone take about 50 µs per character on a busy machine), so
     * a text of millions of characters would hold an extraction worker for minutes; the rest is left to
     * the reviewer, and a finding says so.
     */
    public static final int MAX_SCREENED_CHARS = 200_000;

    public ScreeningReport screen(ScreeningInput input) {
        Objects.requireNonNull(input, "input");
        List<Finding> all = new ArrayList<>();
        String text = input.text();
        if (text.length() > MAX_SCREENED_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_SCREENED_CHARS - 1))
                    ? MAX_SCREENED_CHARS - 1
                    : MAX_SCREENED_CHARS;
            all.add(Finding.of(
                    "screening-truncated",
                    Severity.WARNING,
                    text,
                    end,
                    Math.min(text.length(), end + 20),
                    "自动筛查只读了前 " + end + " 个字符（全文 " + text.length() + " 个字符），其余部分请审稿专家通读。",
                    null));
            input = input.withText(text.substring(0, end));
        }
        for (Check check : checks) {
            try {
                all.addAll(check.check(input));
            } catch (RuntimeException e) {
                LOG.error("check {} failed; its findings are missing from this screening", check.getClass(), e);
            }
        }
        if (semantic != null) {
            // After the word checks: a sentence they matched keeps their finding.
            try {
                semantic
                        .matching()
                        .check(input.text(), semantic.myths().get(), semantic.rumours(), all, input.workId() != null)
                        .stream()
                        .map(f -> cite(f, semantic.citations()))
                        .forEach(all::add);
            } catch (RuntimeException e) {
                LOG.error("semantic claim matching failed; only the word matches are in this screening", e);
            }
        }
        all.sort(ORDER);
        return new ScreeningReport(all);
    }

    public List<Finding> check(ScreeningInput input) {
        return screen(input).findings();
    }

    /**
     * Where the knowledge behind a rule is kept: the entry and its source, for findings to cite. Returns
     * null for rules no entry stands behind.
     */
    @FunctionalInterface
    public interface Citations {
        Citation of(String rule);
    }

    /** The entry a rule comes from and its source's title and link (either may be null). */
    public record Citation(String entryId, String sourceTitle, String sourceUrl) {}

    private static Finding cite(Finding f, Citations lookup) {
        Citation c = lookup.of(f.rule());
        return c == null ? f : f.citing(c.entryId(), c.sourceTitle(), c.sourceUrl());
    }

    public static final class Builder {
        private Supplier<MythRulePack> myths = MythRulePack::builtIn;
        private Supplier<ReferenceValues> values = ReferenceValues::builtIn;
        private Citations citations = rule -> null;
        private KnownRumours rumours;
        private ClaimMatcher claimMatcher;
        private NearDuplicateFinder duplicates;
        private SemanticClaimMatching semantic;
        private final List<Check> extra = new ArrayList<>();

        private Builder() {}

        public Builder myths(MythRulePack pack) {
            Objects.requireNonNull(pack);
            this.myths = () -> pack;
            return this;
        }

        /**
         * Myth families that may change while kepu runs: each screening reads the pack in force when it
         * starts, so a changed family applies to the next text without a new {@link Screening}.
         */
        public Builder liveMyths(Supplier<MythRulePack> packs) {
            this.myths = Objects.requireNonNull(packs);
            return this;
        }

        /** Reference values that may change while kepu runs, read as {@link #liveMyths} reads families. */
        public Builder liveReferenceValues(Supplier<ReferenceValues> tables) {
            this.values = Objects.requireNonNull(tables);
            return this;
        }

        /** What the myth, rumour and value findings cite; by default nothing beyond their source's title. */
        public Builder citations(Citations lookup) {
            this.citations = Objects.requireNonNull(lookup);
            return this;
        }

        /** The rumour corpus; defaults to the built-in starter corpus. */
        public Builder knownRumours(KnownRumours corpus) {
            this.rumours = Objects.requireNonNull(corpus);
            return this;
        }

        /** A better claim matcher (e.g. from the search module); defaults to bigrams plus rumour word classes. */
        public Builder claimMatcher(ClaimMatcher matcher) {
            this.claimMatcher = Objects.requireNonNull(matcher);
            return this;
        }

        public Builder nearDuplicates(NearDuplicateFinder finder) {
            this.duplicates = Objects.requireNonNull(finder);
            return this;
        }

        /** Also matches sentences with the knowledge's claims by meaning, beside the word matchers. */
        public Builder semanticMatching(SemanticClaimMatching matching) {
            this.semantic = Objects.requireNonNull(matching);
            return this;
        }

        public Builder addCheck(Check check) {
            extra.add(Objects.requireNonNull(check));
            return this;
        }

        public Screening build() {
            KnownRumours corpus = rumours != null ? rumours : KnownRumours.builtIn();
            ClaimMatcher matcher = claimMatcher != null ? claimMatcher : new ParaphraseClaimMatcher(corpus);
            List<Check> checks = new ArrayList<>();
            Supplier<MythRulePack> packs = myths;
            Supplier<ReferenceValues> tables = values;
            checks.add(cited(input -> new MythCheck(packs.get()).check(input)));
            checks.add(cited(new KnownRumourCheck(matcher)));
            checks.add(new AbsoluteWordingCheck());
            checks.add(new MedicalSourcesCheck());
            checks.add(cited(input -> new ReferenceValueCheck(tables.get()).check(input)));
            checks.add(new ReadabilityCheck());
            checks.add(new MetadataCheck());
            checks.add(new NoTextCheck());
            if (duplicates != null) {
                checks.add(new NearDuplicateCheck(duplicates));
            }
            checks.addAll(extra);
            return new Screening(checks, semantic == null ? null : new Semantic(semantic, packs, corpus, citations));
        }

        private Check cited(Check check) {
            Citations lookup = citations;
            return input ->
                    check.check(input).stream().map(f -> cite(f, lookup)).toList();
        }
    }
}
