package org.kepu.api.stats;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kepu.api.review.OffsetClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Statistics of a known history, in embedded mode (files and Lucene). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsApiTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        OffsetClock offsetClock() {
            return new OffsetClock();
        }
    }

    @DynamicPropertySource
    static void embedded(DynamicPropertyRegistry registry) throws Exception {
        String data = Files.createTempDirectory("kepu-stats-api").toString();
        registry.add("kepu.data-dir", () -> data);
        registry.add("kepu.extraction.timeout", () -> "30s");
        // the emergency work stays with its reviewer past the deadline: no sweep moves it meanwhile
        registry.add("kepu.review.deadline-sweep-interval", () -> "1h");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    OffsetClock clock;

    private StatsScenario history;

    @BeforeAll
    void replay() {
        history = new StatsScenario(web, clock).replay();
    }

    @Test
    void editorsSeeEveryFigureOfTheHistory() {
        history.editorsSeeEveryFigure();
    }

    @Test
    void theFiguresComeAsCsvForASpreadsheet() {
        history.editorsGetTheFiguresAsCsv();
    }

    @Test
    void aCreatorSeesTheFiguresOfHerOwnWorksOnly() {
        history.aCreatorSeesHerOwnWorksOnly();
    }
}
