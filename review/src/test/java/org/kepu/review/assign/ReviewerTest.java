package org.kepu.review.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Disciplines match topics by whole terms, so a topic cannot reach reviewers through a fragment of a word. */
class ReviewerTest {

    @Test
    void aDisciplineCoversTopicsThatContainItAsAWholeTerm() {
        assertThat(covers("physics", "physics")).isTrue();
        assertThat(covers("Physics", " PHYSICS ")).isTrue();
        assertThat(covers("medicine", "nuclear medicine")).isTrue();
        assertThat(covers("public health", "public-health policy")).isTrue();
        assertThat(covers("ＡＩ", "ai")).as("full-width folded").isTrue();
    }

    @Test
    void fragmentsOfWordsNeverMatch() {
        assertThat(covers("art", "cardiology")).isFalse();
        assertThat(covers("art", "earth")).isFalse();
        assertThat(covers("chem", "chemistry")).isFalse();
        assertThat(covers("chemistry", "chem")).isFalse();
        assertThat(covers("medic", "medicine")).isFalse();
    }

    @Test
    void aVagueTopicDoesNotReachEverySpecialist() {
        assertThat(covers("nuclear medicine", "medicine")).isFalse();
        assertThat(covers("public health", "health")).isFalse();
        assertThat(covers("computer science", "science")).isFalse();
        assertThat(covers("医学", "学")).isFalse();
    }

    @Test
    void chineseDisciplinesCoverCompoundsEndingInThem() {
        assertThat(covers("医学", "临床医学")).isTrue();
        assertThat(covers("医学", "核医学")).isTrue();
        assertThat(covers("化学", "物理化学")).isTrue();
        assertThat(covers("营养", "营养学")).isTrue();
        assertThat(covers("营养学", "营养")).isTrue();
        assertThat(covers("物理", "物理化学")).as("physical chemistry is chemistry").isFalse();
        assertThat(covers("临床医学", "医学")).isFalse();
        assertThat(covers("医学", "中医"))
                .as("医 alone is too broad to stand for 医学")
                .isFalse();
        assertThat(covers("光学", "光学")).isTrue();
    }

    @Test
    void anyDisciplineCoveringAnyTopicIsEnoughAndBlanksCoverNothing() {
        Reviewer reviewer = new Reviewer("rita", List.of("astronomy", "光学"), List.of(), null);
        assertThat(reviewer.covers(List.of("history", "几何光学"))).isTrue();
        assertThat(reviewer.covers(List.of("history"))).isFalse();
        assertThat(new Reviewer("x", List.of(" ", "-"), List.of(), null).covers(List.of("-", " ")))
                .isFalse();
        assertThat(reviewer.covers(List.of())).isFalse();
    }

    private static boolean covers(String discipline, String topic) {
        return new Reviewer("r", List.of(discipline), List.of(), null).covers(List.of(topic));
    }
}
