package org.kepu.search.index;

/** The index cannot be reached or refused to work; callers answer 503 and writers retry later. */
public class SearchUnavailableException extends RuntimeException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
