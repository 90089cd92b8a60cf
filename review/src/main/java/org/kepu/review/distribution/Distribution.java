package org.kepu.review.distribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kepu.ingestion.work.Review;
import org.kepu.ingestion.work.Review.Move;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Review.Publication;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkStatus;

/**
 * Where a work is distributed, kept in its manifest as one {@link Placement} per channel it ever reached.
 * {@link #settle} compares the channels the work should be in now (a published work: its publication's
 * channels, at its current version) with its placements and records each difference as a move. Every
 * step of the review flow that can change what outlets see ends with it, inside the manifest's
 * compare-and-set, so one change of state gives exactly one move per channel, and a channel the work
 * left keeps a placement that says so: feeds, delta sync and webhooks all read their tombstones there.
 */
public final class Distribution {

    private Distribution() {}

    /** The work with its placements brought in line with its status and publication. */
    public static Work settle(Work work, Instant now) {
        List<Placement> before = placements(work);
        List<String> wanted = liveChannels(work);
        int version = work.versions().isEmpty() ? 0 : work.currentVersion();
        Publication publication = work.review().publication();
        List<Placement> after = new ArrayList<>(before.size() + wanted.size());
        for (Placement p : before) {
            if (wanted.contains(p.channel())) {
                if (!p.live() && p.version() == version) {
                    after.add(move(p, version, true, Move.PUBLISHED, now, null));
                } else if (!p.live() || p.version() != version) {
                    // back with a newly approved version (it left while that version was reviewed): a correction
                    after.add(move(p, version, true, Move.UPDATED, now, correctionNote(publication, p, version)));
                } else {
                    after.add(p);
                }
            } else if (p.live()) {
                boolean retracted = work.status() == WorkStatus.RETRACTED;
                String note = retracted && work.review().retraction() != null
                        ? work.review().retraction().reason()
                        : null;
                after.add(move(p, p.version(), false, retracted ? Move.RETRACTED : Move.UNPUBLISHED, now, note));
            } else {
                after.add(p);
            }
        }
        for (String channel : wanted) {
            if (before.stream().noneMatch(p -> p.channel().equals(channel))) {
                after.add(new Placement(channel, version, true, 1, Move.PUBLISHED, now, now, null));
            }
        }
        return after.equals(work.review().placements())
                ? work
                : work.withReview(work.review().withPlacements(after));
    }

    /**
     * The placements of a work. A manifest written before placements were kept has none; a work it shows
     * as published (or retracted after publication) is taken to have reached its publication's channels.
     */
    public static List<Placement> placements(Work work) {
        Review review = work.review();
        if (!review.placements().isEmpty()) {
            return review.placements();
        }
        Publication p = review.publication();
        if (p == null || p.publishedAt() == null || work.versions().isEmpty()) {
            return List.of();
        }
        boolean live = work.status() == WorkStatus.PUBLISHED;
        Move move = live ? Move.PUBLISHED : work.status() == WorkStatus.RETRACTED ? Move.RETRACTED : Move.UNPUBLISHED;
        Instant changed = live ? p.publishedAt() : work.updatedAt();
        return p.channels().stream()
                .map(c -> new Placement(c, work.currentVersion(), live, 1, move, p.publishedAt(), changed, null))
                .toList();
    }

    /**
     * The channel keys a search index holds for the work: the name of each channel it is in, and for each
     * channel it left the name after {@link #LEFT} (which no channel name contains). Outlets' searches and
     * feeds match the names only; delta sync matches both, so that it finds departures too.
     */
    public static List<String> channelKeys(Work work) {
        return placements(work).stream()
                .map(p -> p.live() ? p.channel() : LEFT + p.channel())
                .toList();
    }

    /** Marks a channel a work has left, in {@link #channelKeys}. */
    public static final String LEFT = "~";

    public static Optional<Placement> placementIn(Work work, String channel) {
        return placements(work).stream()
                .filter(p -> p.channel().equals(channel))
                .findFirst();
    }

    /** The channels a work is in now: those of its publication, while it is published. */
    static List<String> liveChannels(Work work) {
        Publication p = work.review().publication();
        if (work.status() != WorkStatus.PUBLISHED || p == null || p.publishedAt() == null) {
            return List.of();
        }
        return p.channels();
    }

    private static Placement move(Placement p, int version, boolean live, Move move, Instant now, String note) {
        return new Placement(p.channel(), version, live, p.seq() + 1, move, p.firstPublishedAt(), now, note);
    }

    private static String correctionNote(Publication publication, Placement p, int version) {
        if (publication != null
                && publication.note() != null
                && !publication.note().isBlank()) {
            return publication.note();
        }
        return "Corrected: version " + version + " replaces version " + p.version() + ".";
    }
}
