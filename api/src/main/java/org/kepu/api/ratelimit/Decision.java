package org.kepu.api.ratelimit;

/**
 * What a budget answered to one request: whether it may go on, how many requests are left in the
 * current window, and in how many whole seconds the window resets (also the 429's {@code Retry-After}).
 * The key and window start let a counted request be given back to the window that counted it.
 */
record Decision(boolean allowed, int remaining, long resetSeconds, String key, long windowStart) {}
