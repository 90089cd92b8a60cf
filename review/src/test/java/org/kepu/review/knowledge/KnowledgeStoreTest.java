package org.kepu.review.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kepu.ingestion.store.FileSystemObjectStore;
import org.kepu.ingestion.store.ObjectStore;
import org.kepu.review.checks.Finding;
import org.kepu.review.checks.KnownRumours;
import org.kepu.review.checks.MythRulePack;
import org.kepu.review.checks.ReferenceValues;
import org.kepu.review.checks.Screening;
import org.kepu.review.checks.ScreeningInput;
import org.kepu.review.checks.Severity;
import org.kepu.review.knowledge.KnowledgeEntry.Draft;
import org.kepu.review.knowledge.KnowledgeEntry.Kind;
import org.kepu.review.knowledge.KnowledgeEntry.Myth;
import org.kepu.review.knowledge.KnowledgeEntry.Rumour;
import org.kepu.review.knowledge.KnowledgeEntry.Source;
import org.kepu.review.knowledge.KnowledgeEntry.Value;

class KnowledgeStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    static final Draft ZOMBIE_MEAT = new Draft(
            Kind.RUMOUR,
            "food",
            new Source("海关总署", "http://www.customs.gov.cn/"),
            null,
            new Rumour("超市卖的冻肉是冻了几十年的僵尸肉", "冷冻肉类保存期限一般不超过一年。"),
            null);

    @TempDir
    Path dir;

    private KnowledgeStore store(ObjectStore objects) {
        return new KnowledgeStore(objects, CLOCK, KnowledgeBase.shipped());
    }

    @Test
    void seedsTheShippedKnowledgeOnceWithEverySourceTitle() {
        ObjectStore objects = new FileSystemObjectStore(dir);
        KnowledgeStore first = store(objects);
        assertThat(first.seed()).isTrue();
        assertThat(store(objects).seed()).isFalse();
        assertThat(first.refresh()).isTrue();
        List<KnowledgeEntry> entries = first.list(null, null, null, true);
        assertThat(entries.stream().filter(e -> e.kind() == Kind.MYTH))
                .hasSize(MythRulePack.builtIn().rules().size());
        assertThat(entries.stream().filter(e -> e.kind() == Kind.RUMOUR))
                .hasSize(KnownRumours.builtIn().size());
        assertThat(entries.stream().filter(e -> e.kind() == Kind.VALUE))
                .hasSize(ReferenceValues.builtIn().quantities().size());
        KnowledgeEntry collagen = first.find("myth.food.collagen").orElseThrow();
        assertThat(collagen.source().title())
                .isEqualTo(MythRulePack.builtIn().rules().stream()
                        .filter(r -> r.id().equals("myth.food.collagen"))
                        .findFirst()
                        .orElseThrow()
                        .source());
        assertThat(collagen.history()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("seed");
            assertThat(c.actor()).isEqualTo("system");
        });
    }

    @Test
    void aNewRumourIsScreenedAtOnceAndCitesItsEntryAndSource() {
        KnowledgeStore store = store(new FileSystemObjectStore(dir));
        store.seed();
        store.refresh();
        Screening screening = store.base().into(Screening.builder()).build();
        String text = "超市里卖的冻肉都是冻了几十年的僵尸肉。";
        assertThat(blockers(screening, text)).isEmpty();

        KnowledgeEntry entry = store.create(ZOMBIE_MEAT, "vera");

        assertThat(entry.id()).startsWith("rumour.kb_");
        assertThat(blockers(screening, text)).singleElement().satisfies(f -> {
            assertThat(f.entryId()).isEqualTo(entry.id());
            assertThat(f.rule()).isEqualTo(entry.id());
            assertThat(f.source()).isEqualTo("海关总署");
            assertThat(f.sourceUrl()).isEqualTo("http://www.customs.gov.cn/");
        });
    }

    @Test
    void anotherInstanceSeesTheEntryOnItsNextRefresh() {
        ObjectStore objects = new FileSystemObjectStore(dir);
        KnowledgeStore one = store(objects);
        KnowledgeStore two = store(objects);
        one.seed();
        one.refresh();
        two.refresh();
        KnowledgeEntry entry = one.create(ZOMBIE_MEAT, "vera");
        assertThat(two.base().citation(entry.id())).isNull();

        assertThat(two.refresh()).isTrue();

        assertThat(two.base().citation(entry.id()).sourceUrl()).isEqualTo("http://www.customs.gov.cn/");
        assertThat(two.refresh()).as("nothing changed since").isFalse();
    }

    @Test
    void updatesNeedTheCurrentRevisionAndRetiringKeepsTheHistory() {
        KnowledgeStore store = store(new FileSystemObjectStore(dir));
        store.seed();
        KnowledgeEntry entry = store.create(ZOMBIE_MEAT, "vera");
        Draft better = new Draft(
                Kind.RUMOUR,
                "food",
                new Source("国家市场监督管理总局", "https://www.samr.gov.cn/"),
                null,
                ZOMBIE_MEAT.rumour(),
                null);

        KnowledgeEntry updated = store.update(entry.id(), 1, better, "wang");
        assertThatThrownBy(() -> store.update(entry.id(), 1, ZOMBIE_MEAT, "li"))
                .isInstanceOfSatisfying(
                        KnowledgeException.Stale.class,
                        e -> assertThat(e.current()).isEqualTo(2));
        KnowledgeEntry retired = store.retire(entry.id(), 2, "wang");

        assertThat(updated.history().get(1).changed()).containsExactly("source");
        assertThat(retired.retired()).isTrue();
        assertThat(retired.revision()).isEqualTo(3);
        assertThat(store.find(entry.id()).orElseThrow().history())
                .extracting(KnowledgeEntry.Change::action, KnowledgeEntry.Change::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("create", "vera"),
                        org.assertj.core.groups.Tuple.tuple("update", "wang"),
                        org.assertj.core.groups.Tuple.tuple("retire", "wang"));
        assertThat(store.base().citation(entry.id()))
                .as("retired entries are out of force")
                .isNull();
        assertThat(store.list(Kind.RUMOUR, null, "僵尸肉", false)).isEmpty();
        assertThat(store.list(Kind.RUMOUR, null, "僵尸肉", true)).hasSize(1);
        assertThatThrownBy(() -> store.retire("rumour.nope", 1, "wang")).isInstanceOf(KnowledgeException.Unknown.class);
    }

    @Test
    void aDraftThatCannotBeARuleIsRefusedWithEveryReason() {
        KnowledgeStore store = store(new FileSystemObjectStore(dir));
        Draft bad = new Draft(
                Kind.VALUE,
                "",
                new Source("", "ftp://example.org/x"),
                null,
                null,
                new Value("声速", List.of(), null, null, "no-such-units", 5.0, 1.0, "约 340 米/秒"));
        assertThatThrownBy(() -> store.create(bad, "vera"))
                .isInstanceOfSatisfying(
                        KnowledgeException.Invalid.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "discipline: required",
                                        "source.title: required",
                                        "source.url: an absolute http or https link",
                                        "value.aliases: at least one way texts name the quantity",
                                        "value.min: not above value.max"));
        Draft unknownSet = new Draft(
                Kind.MYTH,
                "health",
                new Source("某机构", null),
                new Myth("吃X能长生", List.of("吃X"), List.of("@no_such_set"), null, null, null, "X 不能。", null),
                null,
                null);
        assertThatThrownBy(() -> store.create(unknownSet, "vera"))
                .isInstanceOfSatisfying(
                        KnowledgeException.Invalid.class,
                        e -> assertThat(e.problems()).singleElement().asString().contains("@no_such_set"));
        Draft unitsChecked = new Draft(
                Kind.VALUE,
                "physics",
                new Source("某机构", null),
                null,
                null,
                new Value("声速", List.of("声速"), null, null, "no-such-units", 1.0, 5.0, "约 340 米/秒"));
        assertThatThrownBy(() -> store.create(unitsChecked, "vera"))
                .isInstanceOfSatisfying(
                        KnowledgeException.Invalid.class,
                        e -> assertThat(e.problems()).singleElement().asString().contains("no-such-units"));
    }

    @Test
    void aNewValueAndMythApplyToTheRunningScreening() {
        KnowledgeStore store = store(new FileSystemObjectStore(dir));
        store.seed();
        store.refresh();
        Screening screening = store.base().into(Screening.builder()).build();
        String value = "泰山海拔约3000米。";
        String myth = "每天喝一杯芹菜汁可以让头发重新长出来。";
        assertThat(blockers(screening, value + myth)).isEmpty();

        KnowledgeEntry taishan = store.create(
                new Draft(
                        Kind.VALUE,
                        "geography",
                        new Source("自然资源部", "https://www.mnr.gov.cn/"),
                        null,
                        null,
                        new Value(
                                "泰山的海拔",
                                List.of("泰山(的)?(海拔|高度|高)?"),
                                null,
                                null,
                                "length",
                                1500.0,
                                1600.0,
                                "约 1545 米")),
                "vera");
        KnowledgeEntry celery = store.create(
                new Draft(
                        Kind.MYTH,
                        "health",
                        new Source("中华医学会皮肤性病学分会", null),
                        new Myth(
                                "芹菜汁生发",
                                List.of("芹菜汁"),
                                List.of("(让|使)?头发*(重新)?长出来", "生发"),
                                null,
                                null,
                                null,
                                "没有证据表明芹菜汁能让头发再生。",
                                Myth.Direction.BENEFIT),
                        null,
                        null),
                "vera");

        assertThat(blockers(screening, value + myth))
                .extracting(Finding::entryId)
                .containsExactlyInAnyOrder(taishan.id(), celery.id());
    }

    private static List<Finding> blockers(Screening screening, String text) {
        return screening.screen(ScreeningInput.ofText(text)).findings().stream()
                .filter(f -> f.severity() == Severity.BLOCKER)
                .toList();
    }
}
