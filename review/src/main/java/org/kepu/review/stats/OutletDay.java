package org.kepu.review.stats;

import java.time.LocalDate;

/** What one outlet did on one day (UTC), summed over every instance. */
public record OutletDay(LocalDate day, String outlet, OutletCounts counts) {

    /** Counters kept per outlet; {@link #plus} adds them up. */
    public record OutletCounts(
            long feedRequests, long itemRequests, long downloads, long webhookDeliveries, long webhookFailures) {

        public static final OutletCounts ZERO = new OutletCounts(0, 0, 0, 0, 0);

        public OutletCounts plus(OutletCounts other) {
            return new OutletCounts(
                    feedRequests + other.feedRequests,
                    itemRequests + other.itemRequests,
                    downloads + other.downloads,
                    webhookDeliveries + other.webhookDeliveries,
                    webhookFailures + other.webhookFailures);
        }

        public boolean isZero() {
            return equals(ZERO);
        }
    }
}
