package org.kepu.api.works;

import java.util.List;

/** A page of works: {@code total} counts all the caller may see, {@code items} this page of them. */
record WorkPage(long total, int page, int size, List<WorkView> items) {}
