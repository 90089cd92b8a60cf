package org.kepu.search.index;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.kepu.search.query.Filters;
import org.kepu.search.query.IndexFields;
import org.kepu.search.query.QueryPlan;
import org.kepu.search.query.Visibility;

/** Renders a {@link QueryPlan} with filters and visibility as a Lucene query. */
final class LuceneQueries {

    private LuceneQueries() {}

    static Query query(QueryPlan plan, Filters filters, Visibility visibility) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (plan.matchesEverything()) {
            query.add(new MatchAllDocsQuery(), Occur.MUST);
        } else {
            // the groups decide the match on their own, apart from the filters below: beside a FILTER
            // clause, SHOULD clauses of the outer query would turn optional
            Occur occur = plan.anyGroup() ? Occur.SHOULD : Occur.MUST;
            BooleanQuery.Builder matching = new BooleanQuery.Builder();
            for (QueryPlan.Group group : plan.groups()) {
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                group.alternatives().forEach(alternative -> any.add(alternative(alternative), Occur.SHOULD));
                matching.add(any.build(), occur);
            }
            query.add(matching.build(), Occur.MUST);
            plan.scoring().forEach(alternative -> query.add(alternative(alternative), Occur.SHOULD));
        }
        plan.excluded().forEach(alternative -> query.add(alternative(alternative), Occur.MUST_NOT));
        // filters never score
        terms(query, IndexFields.TOPICS, filters.topics());
        terms(query, IndexFields.AUDIENCES, filters.audiences());
        terms(query, IndexFields.KIND, filters.kinds());
        terms(query, IndexFields.STATUS, filters.statuses());
        if (filters.updatedFrom().isPresent() || filters.updatedTo().isPresent()) {
            long from = filters.updatedFrom().map(i -> i.toEpochMilli()).orElse(Long.MIN_VALUE);
            long to = filters.updatedTo().map(i -> i.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
            query.add(LongPoint.newRangeQuery(IndexFields.UPDATED_AT, from, to), Occur.FILTER);
        }
        if (!visibility.isEverything()) {
            query.add(visibility(visibility), Occur.FILTER);
        }
        return query.build();
    }

    private static Query visibility(Visibility visibility) {
        if (visibility.grants().isEmpty()) {
            return new MatchNoDocsQuery("no grants");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Visibility.Grant grant : visibility.grants()) {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            for (Map.Entry<Visibility.Field, Set<String>> condition :
                    grant.conditions().entrySet()) {
                all.add(termSet(condition.getKey().indexField(), condition.getValue()), Occur.FILTER);
            }
            if (grant.conditions().isEmpty()) {
                // a query of exclusions alone matches nothing in Lucene
                all.add(new MatchAllDocsQuery(), Occur.FILTER);
            }
            for (Map.Entry<Visibility.Field, Set<String>> exclusion :
                    grant.excluded().entrySet()) {
                all.add(termSet(exclusion.getKey().indexField(), exclusion.getValue()), Occur.MUST_NOT);
            }
            any.add(all.build(), Occur.SHOULD);
        }
        any.setMinimumNumberShouldMatch(1);
        return any.build();
    }

    private static void terms(BooleanQuery.Builder query, String field, Set<String> values) {
        if (!values.isEmpty()) {
            query.add(termSet(field, values), Occur.FILTER);
        }
    }

    private static Query termSet(String field, Set<String> values) {
        return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
    }

    private static Query alternative(QueryPlan.Alternative alternative) {
        Query query;
        if (alternative instanceof QueryPlan.Term term) {
            query = new TermQuery(new Term(term.field(), term.term()));
        } else {
            List<String> terms = ((QueryPlan.Phrase) alternative).terms();
            query = terms.size() == 1
                    ? new TermQuery(new Term(alternative.field(), terms.get(0)))
                    : new PhraseQuery(alternative.field(), terms.toArray(String[]::new));
        }
        return alternative.boost() == 1f ? query : new BoostQuery(query, alternative.boost());
    }
}
