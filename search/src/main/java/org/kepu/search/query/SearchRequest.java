package org.kepu.search.query;

import java.util.Optional;

/**
 * A search as the API receives it. {@code query} uses the small user syntax of {@link QueryText}.
 * Paging: {@code page} (from 0) and {@code size} reach at most {@link #MAX_WINDOW} hits deep; past that
 * the caller follows {@code cursor}s (search-after on the sort values), which cost the same on every
 * page, however deep.
 */
public record SearchRequest(
        String query,
        Match match,
        Filters filters,
        Visibility visibility,
        Sort sort,
        int page,
        int size,
        Optional<String> cursor) {

    public static final int MAX_SIZE = 100;
    public static final int MAX_WINDOW = 1_000;

    /** How the words of the query combine. */
    public enum Match {
        /** Every word (or quoted phrase) must match; a Chinese word matches when any of its tokens does. */
        ALL_WORDS,
        /** Any token of the text may match; for long texts such as questions or duplicate candidates. */
        ANY_TOKEN
    }

    public enum Sort {
        RELEVANCE,
        /** Most recently updated first. */
        DATE,
        /**
         * Least recently updated first, ties by id. With a cursor built from the last change seen this is a
         * watermark: what comes after it changed later, which is what delta sync needs.
         */
        DATE_ASCENDING;

        /** Whether the first sort value is {@code updatedAt} rather than the score. */
        public boolean byDate() {
            return this != RELEVANCE;
        }
    }

    public SearchRequest {
        query = query == null ? "" : query;
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
        // In long arithmetic: page + 1 alone overflows at Integer.MAX_VALUE and would let any page through.
        if (cursor.isEmpty() && ((long) page + 1) * size > MAX_WINDOW) {
            throw new IllegalArgumentException(
                    "pages reach " + MAX_WINDOW + " hits deep; follow the cursor of the previous page beyond");
        }
        // Decoded here, so that a malformed cursor is the caller's mistake before any index is asked.
        cursor.ifPresent(Cursor::decode);
    }

    public static SearchRequest of(String query, Visibility visibility) {
        return new SearchRequest(
                query, Match.ALL_WORDS, Filters.NONE, visibility, Sort.RELEVANCE, 0, 10, Optional.empty());
    }

    public SearchRequest withFilters(Filters value) {
        return new SearchRequest(query, match, value, visibility, sort, page, size, cursor);
    }

    public SearchRequest withMatch(Match value) {
        return new SearchRequest(query, value, filters, visibility, sort, page, size, cursor);
    }

    public SearchRequest sortedBy(Sort value) {
        return new SearchRequest(query, match, filters, visibility, value, page, size, cursor);
    }

    public SearchRequest page(int number, int pageSize) {
        return new SearchRequest(query, match, filters, visibility, sort, number, pageSize, Optional.empty());
    }

    /** The page after the one that returned this cursor; {@code page} is ignored then. */
    public SearchRequest after(String value) {
        return new SearchRequest(query, match, filters, visibility, sort, 0, size, Optional.of(value));
    }
}
