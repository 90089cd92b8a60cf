package org.kepu.search.index;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kepu.search.query.Filters;
import org.kepu.search.query.IndexFields;
import org.kepu.search.query.QueryPlan;
import org.kepu.search.query.Visibility;

/** Renders a {@link QueryPlan} with filters and visibility as an Elasticsearch query; filters go in {@code filter}. */
final class ElasticsearchQueries {

    private ElasticsearchQueries() {}

    static Query query(QueryPlan plan, Filters filters, Visibility visibility) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (plan.matchesEverything()) {
            bool.must(Query.of(q -> q.matchAll(m -> m)));
        } else {
            // the groups decide the match; scoring alternatives sit beside them as optional should clauses
            BoolQuery.Builder matching = new BoolQuery.Builder();
            for (QueryPlan.Group group : plan.groups()) {
                List<Query> alternatives = group.alternatives().stream()
                        .map(ElasticsearchQueries::alternative)
                        .toList();
                Query any = Query.of(q -> q.bool(b -> b.should(alternatives).minimumShouldMatch("1")));
                if (plan.anyGroup()) {
                    matching.should(any);
                } else {
                    matching.must(any);
                }
            }
            if (plan.anyGroup()) {
                matching.minimumShouldMatch("1");
            }
            BoolQuery groups = matching.build();
            bool.must(Query.of(q -> q.bool(groups)));
            plan.scoring().forEach(alternative -> bool.should(alternative(alternative)));
        }
        plan.excluded().forEach(alternative -> bool.mustNot(alternative(alternative)));
        List<Query> filter = new ArrayList<>();
        terms(filter, IndexFields.TOPICS, filters.topics());
        terms(filter, IndexFields.AUDIENCES, filters.audiences());
        terms(filter, IndexFields.KIND, filters.kinds());
        terms(filter, IndexFields.STATUS, filters.statuses());
        if (filters.updatedFrom().isPresent() || filters.updatedTo().isPresent()) {
            filter.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field(IndexFields.UPDATED_AT).format("epoch_millis");
                filters.updatedFrom().ifPresent(from -> d.gte(Long.toString(from.toEpochMilli())));
                filters.updatedTo().ifPresent(to -> d.lt(Long.toString(to.toEpochMilli())));
                return d;
            }))));
        }
        if (!visibility.isEverything()) {
            filter.add(visibility(visibility));
        }
        bool.filter(filter);
        return Query.of(q -> q.bool(bool.build()));
    }

    private static Query visibility(Visibility visibility) {
        if (visibility.grants().isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        List<Query> grants = new ArrayList<>();
        for (Visibility.Grant grant : visibility.grants()) {
            List<Query> conditions = new ArrayList<>();
            for (Map.Entry<Visibility.Field, Set<String>> condition :
                    grant.conditions().entrySet()) {
                conditions.add(termSet(condition.getKey().indexField(), condition.getValue()));
            }
            List<Query> exclusions = new ArrayList<>();
            for (Map.Entry<Visibility.Field, Set<String>> exclusion :
                    grant.excluded().entrySet()) {
                exclusions.add(termSet(exclusion.getKey().indexField(), exclusion.getValue()));
            }
            grants.add(Query.of(q -> q.bool(b -> b.filter(conditions).mustNot(exclusions))));
        }
        return Query.of(q -> q.bool(b -> b.should(grants).minimumShouldMatch("1")));
    }

    private static void terms(List<Query> filter, String field, Set<String> values) {
        if (!values.isEmpty()) {
            filter.add(termSet(field, values));
        }
    }

    private static Query termSet(String field, Set<String> values) {
        List<FieldValue> list = values.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(list))));
    }

    private static Query alternative(QueryPlan.Alternative alternative) {
        if (alternative instanceof QueryPlan.Term term) {
            return Query.of(
                    q -> q.term(t -> t.field(term.field()).value(term.term()).boost(term.boost())));
        }
        QueryPlan.Phrase phrase = (QueryPlan.Phrase) alternative;
        if (phrase.terms().size() == 1) {
            return Query.of(q -> q.term(
                    t -> t.field(phrase.field()).value(phrase.terms().get(0)).boost(phrase.boost())));
        }
        // the field's search analyzer is whitespace, so the joined parts become the same terms
        String joined = String.join(" ", phrase.terms());
        return Query.of(
                q -> q.matchPhrase(m -> m.field(phrase.field()).query(joined).boost(phrase.boost())));
    }
}
