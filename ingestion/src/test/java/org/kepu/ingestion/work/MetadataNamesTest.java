package org.kepu.ingestion.work;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetadataNamesTest {

    @Test
    void chineseNamesStandForTheirCodes() {
        assertThat(MetadataNames.kind("文章")).contains("article");
        assertThat(MetadataNames.kind("漫画")).contains("comic");
        assertThat(MetadataNames.kind("海报")).contains("poster");
        assertThat(MetadataNames.kind(" 视频 ")).contains("video");
        assertThat(MetadataNames.audience("青少年")).contains("youth");
        assertThat(MetadataNames.audience("老年人")).contains("elderly");
        assertThat(MetadataNames.audience("农民")).contains("farmers");
        assertThat(MetadataNames.audience("产业工人")).contains("workers");
        assertThat(MetadataNames.audience("公众")).contains("public");
    }

    @Test
    void severalNamesMayStandForOneCode() {
        assertThat(MetadataNames.audience("公务员")).contains("officials");
        assertThat(MetadataNames.audience("领导干部")).contains("officials");
    }

    @Test
    void codesAreAcceptedInAnyCase() {
        assertThat(MetadataNames.kind("Video")).contains("video");
        assertThat(MetadataNames.audience("ELDERLY")).contains("elderly");
    }

    @Test
    void everyCodeHasAChineseNameAndEveryCodeIsListed() {
        for (String kind : WorkMetadata.KINDS) {
            assertThat(MetadataNames.kinds()).containsPattern(kind + " \\(\\p{IsHan}+");
        }
        for (String audience : WorkMetadata.AUDIENCES) {
            assertThat(MetadataNames.audiences()).containsPattern(audience + " \\(\\p{IsHan}+");
        }
        assertThat(MetadataNames.audiences()).contains("officials (公务员、领导干部、干部)");
    }

    @Test
    void unknownValuesHaveNoCode() {
        assertThat(MetadataNames.kind("小说")).isEmpty();
        assertThat(MetadataNames.kind("")).isEmpty();
        assertThat(MetadataNames.kind(null)).isEmpty();
        assertThat(MetadataNames.audience("students")).isEmpty();
        // a name is matched whole, never as a prefix or in another case of the code
        assertThat(MetadataNames.audience("老年人们")).isEmpty();
    }
}
