package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.kepu.search.testing.MemoryObjectStore;

class GlossaryStoreTest {

    private final MemoryObjectStore store = new MemoryObjectStore();

    @Test
    void termsAddedOnOneInstanceReachAnotherOnItsNextRefreshWhichTellsItsListeners() {
        Glossary here = Glossary.shipped();
        Glossary there = Glossary.shipped();
        List<Set<String>> told = new CopyOnWriteArrayList<>();
        there.addListener((added, version) -> told.add(added));
        GlossaryStore first = new GlossaryStore(store, here);
        GlossaryStore second = new GlossaryStore(store, there);

        assertThat(first.add(List.of("暗物质晕", "引力透镜效应"))).containsExactlyInAnyOrder("暗物质晕", "引力透镜效应");
        assertThat(here.snapshot().contains("暗物质晕")).isTrue();
        assertThat(there.snapshot().contains("暗物质晕")).isFalse();

        assertThat(second.refresh()).containsExactlyInAnyOrder("暗物质晕", "引力透镜效应");
        assertThat(there.snapshot().contains("引力透镜效应")).isTrue();
        assertThat(told).containsExactly(Set.of("暗物质晕", "引力透镜效应"));
        // nothing new: no second reindex
        assertThat(second.refresh()).isEmpty();
        assertThat(told).hasSize(1);
    }

    @Test
    void addingOnTwoInstancesKeepsTheTermsOfBoth() {
        Glossary here = Glossary.shipped();
        Glossary there = Glossary.shipped();
        GlossaryStore first = new GlossaryStore(store, here);
        GlossaryStore second = new GlossaryStore(store, there);

        first.add(List.of("暗物质晕"));
        second.add(List.of("引力透镜效应"));

        Glossary third = Glossary.shipped();
        new GlossaryStore(store, third).refresh();
        assertThat(third.snapshot().contains("暗物质晕")).isTrue();
        assertThat(third.snapshot().contains("引力透镜效应")).isTrue();
    }
}
