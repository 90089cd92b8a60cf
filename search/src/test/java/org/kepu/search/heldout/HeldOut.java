package org.kepu.search.heldout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kepu.search.index.IndexedWork;
import org.kepu.search.index.SearchIndex;
import org.kepu.search.query.SearchHit;
import org.kepu.search.query.SearchRequest;
import org.kepu.search.query.Visibility;
import org.kepu.search.testing.Works;

/**
 * The held-out evaluation set: twelve popular-science articles and the queries a reader would type,
 * each with the one article it should find, in three categories (the article's own words, everyday
 * names and abbreviations, regional and traditional vocabulary). Measures MRR@10 and hit@1 per category.
 */
public final class HeldOut {

    static final int K = 10;

    public record Article(String id, String title, String text) {}

    public record Query(String category, String text, String expected) {}

    record Score(int queries, double mrr, double hitAtOne) {}

    public final List<Article> articles;
    public final List<Query> queries;

    private HeldOut(List<Article> articles, List<Query> queries) {
        this.articles = List.copyOf(articles);
        this.queries = List.copyOf(queries);
    }

    public static HeldOut load() {
        List<Article> articles = new ArrayList<>();
        String id = null;
        String title = null;
        StringBuilder text = new StringBuilder();
        for (String line : lines("articles.txt")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("== ")) {
                if (id != null) {
                    articles.add(new Article(id, title, text.toString().strip()));
                }
                String[] head = line.substring(3).split("\\|", 2);
                id = head[0].strip();
                title = head[1].strip();
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        articles.add(new Article(id, title, text.toString().strip()));
        List<Query> queries = new ArrayList<>();
        for (String line : lines("queries.tsv")) {
            if (line.startsWith("#") || line.startsWith("category\t") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            queries.add(new Query(cells[0], cells[1], cells[2]));
        }
        return new HeldOut(articles, queries);
    }

    List<IndexedWork> works() {
        return articles.stream()
                .map(a -> Works.work(a.id()).titled(a.title()).saying(a.text()).indexed())
                .toList();
    }

    /** Per category, then {@code all}; and the rank of every query (0 when not in the first K). */
    Map<String, Score> measure(SearchIndex index, Map<Query, Integer> ranks) {
        for (Query query : queries) {
            List<SearchHit> hits = index.search(SearchRequest.of(query.text(), Visibility.everything())
                            .page(0, K))
                    .hits();
            int rank = 0;
            for (int i = 0; i < hits.size(); i++) {
                if (hits.get(i).id().equals(query.expected())) {
                    rank = i + 1;
                    break;
                }
            }
            ranks.put(query, rank);
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String category : List.of("literal", "synonym", "regional", "all")) {
            List<Integer> of = queries.stream()
                    .filter(q -> category.equals("all") || q.category().equals(category))
                    .map(ranks::get)
                    .toList();
            double mrr = of.stream().mapToDouble(r -> r == 0 ? 0 : 1.0 / r).sum() / of.size();
            double hit = of.stream().filter(r -> r == 1).count() / (double) of.size();
            scores.put(category, new Score(of.size(), mrr, hit));
        }
        return scores;
    }

    static String table(String title, Map<String, Score> scores, Map<Query, Integer> ranks) {
        StringBuilder out = new StringBuilder("\n").append(title).append('\n');
        out.append(String.format("%-9s %7s %7s %7s%n", "category", "queries", "MRR@10", "hit@1"));
        scores.forEach((category, s) ->
                out.append(String.format("%-9s %7d %7.3f %7.3f%n", category, s.queries(), s.mrr(), s.hitAtOne())));
        out.append("rank of each query (0: not in the first ").append(K).append("):\n");
        ranks.forEach((q, rank) ->
                out.append(String.format("  %-8s %-14s → %-8s %d%n", q.category(), q.text(), q.expected(), rank)));
        return out.toString();
    }

    private static List<String> lines(String resource) {
        try (InputStream in = HeldOut.class.getResourceAsStream("/org/kepu/search/heldout/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
