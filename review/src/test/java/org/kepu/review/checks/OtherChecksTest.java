package org.kepu.review.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OtherChecksTest {

    private static ScreeningInput aHealthArticle(String text) {
        return ScreeningInput.ofText(text).withTopics(List.of("健康"));
    }

    @Test
    void miracleWordingBlocksInAHealthWorkAndWarnsElsewhere() {
        AbsoluteWordingCheck check = new AbsoluteWordingCheck();
        String text = "这款祖传秘方包治百病，而且无副作用。";

        assertThat(check.check(aHealthArticle(text))).isNotEmpty().allMatch(Finding::isBlocker);
        assertThat(check.check(ScreeningInput.ofText(text)))
                .isNotEmpty()
                .allMatch(f -> f.severity() == Severity.WARNING);
    }

    @Test
    void refutedOrClinicalMiracleWordsAreNotFindings() {
        AbsoluteWordingCheck check = new AbsoluteWordingCheck();

        assertThat(check.check(aHealthArticle("糖尿病目前还无法根治，需要长期管理。"))).isEmpty();
        assertThat(check.check(aHealthArticle("任何药物都不可能完全没有副作用。"))).isEmpty();
        assertThat(check.check(aHealthArticle("早期胃癌可以通过根治性手术切除。"))).isEmpty();
    }

    @Test
    void superlativeAboutAPublicHealthMeasureStaysAWarning() {
        List<Finding> f = new AbsoluteWordingCheck().check(aHealthArticle("接种疫苗是预防流感最有效的手段。"));

        assertThat(f).singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void medicalClaimsWithoutReferencesWarnAtTheFirstClaim() {
        String text = "秋天到了。高血压患者应每日服用降压药物，不要擅自停药。";
        List<Finding> f = new MedicalSourcesCheck().check(ScreeningInput.ofText(text));

        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(text.substring(x.start(), x.end())).startsWith("高血压患者");
        });
        assertThat(new MedicalSourcesCheck()
                        .check(ScreeningInput.ofText(text).withReferences(List.of("中国高血压防治指南（2024年修订版）"))))
                .isEmpty();
    }

    @Test
    void readabilityStatesTheMeasureAndTheThreshold() {
        String longSentence =
                "这是一个为了说明问题而故意写得非常非常长的句子，它把好几层意思塞在一起，读者读到后面往往已经忘了前面说的是什么，" + "尤其是对于视力和记忆力都在下降的老年读者来说，这样的句子读起来十分吃力。";
        List<Finding> f =
                new ReadabilityCheck().check(ScreeningInput.ofText(longSentence).withAudiences(List.of("elderly")));

        assertThat(f).anySatisfy(x -> {
            assertThat(x.rule()).isEqualTo(ReadabilityCheck.RULE_LONG);
            assertThat(x.message()).contains("老年人").contains("60");
        });
    }

    @Test
    void unexplainedJargonIsFlaggedButExplainedJargonIsNot() {
        ReadabilityCheck check = new ReadabilityCheck();

        assertThat(check.check(ScreeningInput.ofText("线粒体功能下降会影响能量供应。")))
                .anyMatch(f -> f.rule().equals(ReadabilityCheck.RULE_JARGON)
                        && f.excerpt().equals("线粒体"));
        assertThat(check.check(ScreeningInput.ofText("线粒体（细胞里的“发电站”）功能下降会影响能量供应。")))
                .noneMatch(f -> f.rule().equals(ReadabilityCheck.RULE_JARGON));
        assertThat(check.check(ScreeningInput.ofText("线粒体功能下降会影响能量供应。").withAudiences(List.of("领导干部"))))
                .noneMatch(f -> f.rule().equals(ReadabilityCheck.RULE_JARGON));
    }

    @Test
    void commonCharacterListIsTheGb2312LevelOneSet() {
        assertThat(CommonCharacters.size()).isEqualTo(3755);
        assertThat(CommonCharacters.isRare('的')).isFalse();
        assertThat(CommonCharacters.isRare('饕')).isTrue();
        assertThat(CommonCharacters.isRare('A')).isFalse();
    }

    @Test
    void thirdPartyMaterialWithoutLicenceIsAWarning() {
        List<Finding> f = new MetadataCheck().check(ScreeningInput.ofText("地震来临时要保持冷静。图片来源：网络"));

        assertThat(f)
                .anyMatch(x -> x.rule().equals(MetadataCheck.RULE_THIRD_PARTY) && x.severity() == Severity.WARNING);
        assertThat(f).anyMatch(x -> x.rule().equals(MetadataCheck.RULE_LICENSE) && x.severity() == Severity.INFO);
        assertThat(new MetadataCheck().check(ScreeningInput.ofText("图片来源：新华社").withLicense("CC BY 4.0")))
                .noneMatch(x -> x.rule().equals(MetadataCheck.RULE_THIRD_PARTY));
        // The missing licence is about the whole work; the unlicensed material is about its span.
        assertThat(f)
                .filteredOn(Finding::aboutTheWholeWork)
                .extracting(Finding::rule)
                .containsExactlyInAnyOrder(MetadataCheck.RULE_LICENSE, MetadataCheck.RULE_REFERENCES);
    }

    @Test
    void nearDuplicatesWarnFromHalfAndBlockFromEightyPercent() {
        NearDuplicateFinder finder = (text, exclude) -> List.of(
                new DuplicateMatch("w-2", "地震自救指南", 0.85),
                new DuplicateMatch("w-3", "防震常识", 0.6),
                new DuplicateMatch("w-4", "无关作品", 0.2),
                new DuplicateMatch("w-1", "本作品", 1.0));
        ScreeningInput input = new ScreeningInput(
                "地震来临时要保持冷静。", "w-1", "t", "article", List.of(), List.of(), List.of("x"), "CC BY 4.0", false);

        List<Finding> f = new NearDuplicateCheck(finder).check(input);

        assertThat(f).extracting(Finding::severity).containsExactly(Severity.BLOCKER, Severity.WARNING);
        assertThat(f.get(0).message()).contains("地震自救指南").contains("85%");
        assertThat(f).extracting(Finding::otherWorkId).containsExactly("w-2", "w-3");
    }

    @Test
    void aDuplicateFindingToldWithoutTheOtherWorkKeepsItsSeverityButNamesNothing() {
        NearDuplicateFinder finder = (text, exclude) -> List.of(new DuplicateMatch("w-2", "地震自救指南", 0.85));
        Finding full = new NearDuplicateCheck(finder)
                .check(ScreeningInput.ofText("地震来临时要保持冷静。"))
                .get(0);

        Finding told = full.withoutOtherWork();

        assertThat(told.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(told.rule()).isEqualTo(NearDuplicateCheck.RULE);
        assertThat(told.otherWorkId()).isNull();
        assertThat(told.message()).contains("另一件作品").doesNotContain("地震自救指南").doesNotContain("w-2");
        assertThat(told.excerpt()).isEqualTo(full.excerpt());
        Finding other = Finding.of("myth.x", Severity.WARNING, "地震来临时要保持冷静。", 0, 2, "m", "s");
        assertThat(other.withoutOtherWork()).isSameAs(other);
    }

    @Test
    void screeningSortsFindingsByPositionAndReportsBlockers() {
        Screening screening =
                Screening.builder().nearDuplicates((text, exclude) -> List.of()).build();
        ScreeningReport report = screening.screen(aHealthArticle("保持好心情很重要。多吃碱性食物可以中和体内的酸，还能防癌。声速约为每秒3400米。"));

        assertThat(report.hasBlocker()).isTrue();
        assertThat(report.findings()).isSortedAccordingTo((a, b) -> Integer.compare(a.start(), b.start()));
        assertThat(report.blockers())
                .extracting(Finding::rule)
                .contains("myth.food.acid_alkaline", "value.speed_of_sound");
    }

    @Test
    void screeningSurvivesOddInput() {
        Screening screening = Screening.standard();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 60; j++) {
                int pick = random.nextInt(4);
                sb.appendCodePoint(
                        switch (pick) {
                            case 0 -> 0x4E00 + random.nextInt(0x5000);
                            case 1 -> "“”《》。，？！；：（）～-×^%0123456789万亿".charAt(random.nextInt(29));
                            case 2 -> 0x20000 + random.nextInt(100);
                            default -> 0x20 + random.nextInt(0x5F);
                        });
            }
            String text = sb.toString();
            assertThat(screening.check(ScreeningInput.ofText(text)))
                    .allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
        }
        assertThat(screening.check(ScreeningInput.ofText(""))).noneMatch(Finding::isBlocker);
    }

    @Test
    void aTextOfMillionsOfCharactersIsScreenedUpToTheLimitAndTheReviewerIsTold() {
        String myth = "吃酸性食物会让身体变成酸性体质，碱性食物能治病。";
        StringBuilder sb = new StringBuilder(myth);
        while (sb.length() < 5_000_000) {
            sb.append("积雨云能长到十几公里高，云的高度常用云底高度来描述。");
        }
        // a claim beyond the limit is not read: the reviewer is told to read the rest
        String text = sb.append(myth).toString();
        long started = System.nanoTime();
        List<Finding> findings = Screening.standard().check(ScreeningInput.ofText(text));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(seconds).isLessThan(120);
        assertThat(findings)
                .filteredOn(f -> f.rule().equals("screening-truncated"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.start()).isEqualTo(Screening.MAX_SCREENED_CHARS);
                    assertThat(f.message()).contains(String.valueOf(text.length()));
                });
        assertThat(findings)
                .filteredOn(f -> f.rule().startsWith("myth."))
                .allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(Screening.MAX_SCREENED_CHARS));
        assertThat(findings).anyMatch(f -> f.rule().startsWith("myth.") && f.start() < myth.length());
    }
}
