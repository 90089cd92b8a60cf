package org.kepu.search.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kepu.search.testing.MemoryObjectStore;

class SynonymStoreTest {

    private final MemoryObjectStore store = new MemoryObjectStore();

    @Test
    void rulesAddedOnOneInstanceReachAnotherOnItsNextRefresh() {
        Synonyms here = Synonyms.shipped();
        Synonyms there = Synonyms.shipped();
        SynonymStore first = new SynonymStore(store, here);
        SynonymStore second = new SynonymStore(store, there);

        first.add(List.of(Synonyms.Rule.parse("番薯,红薯,地瓜")));
        assertThat(here.snapshot().of("地瓜")).contains("红薯");
        assertThat(there.snapshot().of("地瓜")).isEmpty();

        second.refresh();
        assertThat(there.snapshot().of("地瓜")).contains("红薯", "番薯");
    }

    @Test
    void addingOnTwoInstancesKeepsBothAndTheSameLineOnce() {
        SynonymStore first = new SynonymStore(store, Synonyms.shipped());
        SynonymStore second = new SynonymStore(store, Synonyms.shipped());

        first.add(List.of(Synonyms.Rule.parse("番薯,红薯")));
        List<Synonyms.Rule> stored = second.add(List.of(Synonyms.Rule.parse("脑梗,脑梗死"), Synonyms.Rule.parse("番薯，红薯")));

        assertThat(stored).extracting(Synonyms.Rule::line).containsExactly("番薯,红薯", "脑梗,脑梗死");
    }

    @Test
    void replacingTheListRemovesARuleEverywhereButKeepsTheShippedOnes() {
        Synonyms there = Synonyms.shipped();
        SynonymStore first = new SynonymStore(store, Synonyms.shipped());
        first.add(List.of(Synonyms.Rule.parse("番薯,红薯"), Synonyms.Rule.parse("脑梗,脑梗死")));

        first.replace(List.of(Synonyms.Rule.parse("脑梗,脑梗死")));
        new SynonymStore(store, there).refresh();

        assertThat(there.snapshot().of("番薯")).isEmpty();
        assertThat(there.snapshot().of("脑梗")).contains("脑梗死");
        assertThat(there.snapshot().of("土豆")).contains("马铃薯");
    }
}
