package org.kepu.review.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkStatus;
import org.kepu.review.distribution.Distribution;

class ChannelRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Channel OPEN = new Channel("kids", "少儿", "", true, List.of("cctv"), T0);
    private static final Channel CLOSED = new Channel("health", "健康", "", false, List.of("cctv", "xinhua"), T0);

    @Test
    void anyoneReadsAPublicChannelButOnlyEntitledOutletsAndStaffAClosedOne() {
        assertThat(ChannelRules.mayRead(ChannelReader.anonymous(), OPEN)).isTrue();
        assertThat(ChannelRules.mayRead(ChannelReader.other(), OPEN)).isTrue();
        assertThat(ChannelRules.mayRead(ChannelReader.anonymous(), CLOSED)).isFalse();
        assertThat(ChannelRules.mayRead(ChannelReader.other(), CLOSED)).isFalse();
        assertThat(ChannelRules.mayRead(ChannelReader.outlet("xinhua"), CLOSED)).isTrue();
        assertThat(ChannelRules.mayRead(ChannelReader.outlet("people"), CLOSED)).isFalse();
        // a token need not name its client
        assertThat(ChannelRules.mayRead(ChannelReader.outlet(null), CLOSED)).isFalse();
        assertThat(ChannelRules.mayRead(ChannelReader.staff(), CLOSED)).isTrue();
    }

    @Test
    void anOutletIsShownItsOwnEntitlementOnlyAndStaffTheWholeChannel() {
        assertThat(ChannelRules.shownTo(ChannelReader.outlet("xinhua"), List.of(OPEN, CLOSED)))
                .extracting(Channel::name, Channel::outlets)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kids", List.of()),
                        org.assertj.core.groups.Tuple.tuple("health", List.of("xinhua")));
        assertThat(ChannelRules.shownTo(ChannelReader.outlet("people"), List.of(OPEN, CLOSED)))
                .extracting(Channel::name)
                .containsExactly("kids");
        assertThat(ChannelRules.shownTo(ChannelReader.staff(), CLOSED)).contains(CLOSED);
    }

    @Test
    void namesAreLowerCaseLettersDigitsAndAFewMarksUpTo64() {
        assertThat(ChannelRules.validName("kids-2.0_x")).isTrue();
        assertThat(ChannelRules.validName("a".repeat(64))).isTrue();
        assertThat(ChannelRules.validName("a".repeat(65))).isFalse();
        assertThat(ChannelRules.validName("Kids")).isFalse();
        assertThat(ChannelRules.validName("-kids")).isFalse();
        assertThat(ChannelRules.validName("../kids")).isFalse();
        assertThat(ChannelRules.validName(null)).isFalse();
    }

    @Test
    void aWorkIsPublishedInTheChannelsItIsLiveInAndOnlyItsLiveVersionIsHandedOut() {
        Work published = Distribution.settle(
                aWork().withReview(Review.NONE.withPublication(new Publication(List.of("kids"), T0, T0, "ed")))
                        .withStatus(WorkStatus.PUBLISHED, null),
                T0);

        assertThat(ChannelRules.publishedIn(published, "kids")).isTrue();
        assertThat(ChannelRules.publishedIn(published, "health")).isFalse();
        assertThat(ChannelRules.versionPublished(published, 1)).isTrue();
        assertThat(ChannelRules.versionPublished(published, 2)).isFalse();

        Work unpublished = Distribution.settle(published.withStatus(WorkStatus.APPROVED, null), T0.plusSeconds(1));
        assertThat(ChannelRules.publishedIn(unpublished, "kids")).isFalse();
        assertThat(ChannelRules.versionPublished(unpublished, 1)).isFalse();
    }

    private static Work aWork() {
        return new Work(
                        "w1",
                        1,
                        "alice",
                        new WorkMetadata("光速", "", "article", List.of(), List.of(), null, List.of(), false),
                        WorkStatus.APPROVED,
                        null,
                        List.of(),
                        null,
                        T0,
                        T0)
                .plusVersion(new Version(1, "sha256:1", 10, "text/markdown", "a.md", "k1", null, T0, "t1", 10L, null));
    }
}
