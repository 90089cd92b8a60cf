package org.kepu.api.feeds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.kepu.ingestion.work.Review.FindingsSummary;
import org.kepu.ingestion.work.Review.Move;
import org.kepu.ingestion.work.Review.Placement;
import org.kepu.ingestion.work.Version;
import org.kepu.ingestion.work.Work;
import org.kepu.ingestion.work.WorkMetadata;
import org.kepu.ingestion.work.WorkRepository;
import org.kepu.review.channels.Channel;
import org.kepu.review.channels.ChannelRules;
import org.kepu.review.distribution.Distribution;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A work as outlets receive it: the published version of a work in a channel as an IPTC ninjs item, with
 * its text, its sanitised HTML body and signed links to its files; or, once it left the channel, its
 * tombstone. Blocks.
 */
@Service
class ItemService {

    private static final String ID = "[0-9a-f-]{36}";

    private final FeedService feeds;
    private final WorkRepository works;
    private final WorkFiles files;
    private final DownloadLinks links;
    private final Bodies bodies;

    ItemService(FeedService feeds, WorkRepository works, WorkFiles files, DownloadLinks links, Bodies bodies) {
        this.feeds = feeds;
        this.works = works;
        this.files = files;
        this.links = links;
        this.bodies = bodies;
    }

    /** What the caller may read of the work in the channel. @param caller null without a token */
    Ninjs item(Caller caller, String channelName, String id, String baseUrl) {
        Placed placed = placed(caller, channelName, id);
        Work work = placed.work();
        Placement p = placed.placement();
        String uri = FeedEntry.urn(work.id());
        if (!p.live()) {
            // a tombstone tells which item to drop and why, and nothing of its content
            return new Ninjs(
                    uri,
                    null,
                    "partial",
                    String.valueOf(p.version()),
                    null,
                    p.changedAt().toString(),
                    null,
                    p.move() == Move.RETRACTED ? "canceled" : "withheld",
                    null,
                    null,
                    p.note(),
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(new Ninjs.AltId("kepu:work", work.id())),
                    List.of());
        }
        Version version = work.version(p.version()).orElseThrow(() -> Problem.notFound("The item"));
        WorkMetadata m = work.metadata();
        String itemUrl = FeedEntry.itemUrl(baseUrl, placed.channel().name(), work.id());
        List<Ninjs.Body> body = new ArrayList<>();
        bodies.text(version).filter(text -> !text.isBlank()).ifPresent(text -> {
            body.add(new Ninjs.Body("text", "text/plain", text.codePointCount(0, text.length()), text));
            body.add(new Ninjs.Body("text", "text/html", null, bodies.html(work.id(), version, text)));
        });
        List<Ninjs.Subject> subjects = new ArrayList<>();
        m.topics().forEach(t -> subjects.add(new Ninjs.Subject(t, "topic", null)));
        m.audiences().forEach(a -> subjects.add(new Ninjs.Subject(a, "audience", null)));
        String outlet = outletOf(caller);
        List<Ninjs.Rendition> renditions = files.of(work.id(), version).stream()
                .map(f -> new Ninjs.Rendition(
                        f.name(),
                        links.link(baseUrl, outlet, work.id(), version.number(), f.name()),
                        f.mediaType(),
                        f.name().equals(WorkFiles.ORIGINAL) ? version.fileName() : null,
                        f.width(),
                        f.height(),
                        f.size()))
                .toList();
        return new Ninjs(
                uri,
                ninjsType(version.mediaType()),
                "full",
                String.valueOf(version.number()),
                work.createdAt().toString(),
                p.changedAt().toString(),
                version.uploadedAt().toString(),
                "usable",
                m.license(),
                m.license() == null ? null : "Use under " + m.license() + ", crediting the source.",
                p.move() == Move.UPDATED ? p.note() : null,
                "zh-Hans",
                List.of(new Ninjs.Text(null, "text/plain", m.title())),
                m.summary() == null || m.summary().isBlank()
                        ? List.of()
                        : List.of(new Ninjs.Text("summary", "text/plain", m.summary())),
                body,
                m.byline(),
                subjects,
                m.kind() == null ? List.of() : List.of(new Ninjs.Genre(m.kind(), null)),
                renditions,
                List.of(new Ninjs.AltId("kepu:work", work.id()), new Ninjs.AltId("kepu:digest", version.digest())),
                List.of(reviewRecord(work, version, itemUrl)));
    }

    /** A short-lived download link for one file of the item, for the caller. */
    String link(Caller caller, String channelName, String id, String file, String baseUrl) {
        Placed placed = placed(caller, channelName, id);
        if (!placed.placement().live()) {
            throw Problem.notFound("The file");
        }
        Version version = placed.work().version(placed.placement().version()).orElseThrow();
        files.find(id, version, file).orElseThrow(() -> Problem.notFound("The file"));
        return links.link(baseUrl, outletOf(caller), id, version.number(), file);
    }

    /**
     * The file a signed link names, if the link is sound and the version is still published somewhere.
     *
     * @param caller null without a token; with one, it must be the outlet the link was made for
     */
    WorkFiles.File download(Caller caller, DownloadLinks.Grant grant, String signature) {
        links.refusal(grant, signature).ifPresent(reason -> {
            throw new Problem(HttpStatus.FORBIDDEN, "bad-link", reason);
        });
        if (caller != null && !outletOf(caller).equals(grant.outlet())) {
            throw new Problem(HttpStatus.FORBIDDEN, "bad-link", "The link was made for another outlet.");
        }
        Work work = works.find(grant.workId()).orElseThrow(() -> Problem.notFound("The file"));
        if (!ChannelRules.versionPublished(work, grant.version())) {
            throw Problem.notFound("The file");
        }
        Version version = work.version(grant.version()).orElseThrow(() -> Problem.notFound("The file"));
        return files.find(work.id(), version, grant.file()).orElseThrow(() -> Problem.notFound("The file"));
    }

    private record Placed(Channel channel, Work work, Placement placement) {}

    private Placed placed(Caller caller, String channelName, String id) {
        Channel channel = feeds.visible(caller, channelName);
        Optional<Work> work = id.matches(ID) ? works.find(id) : Optional.empty();
        Placement p = work.flatMap(w -> Distribution.placementIn(w, channel.name()))
                .orElseThrow(() -> Problem.notFound("The item"));
        return new Placed(channel, work.get(), p);
    }

    /** Links are bound to the outlet's client; readers of a public channel without a token share one name. */
    static String outletOf(Caller caller) {
        if (caller == null) {
            return "public";
        }
        return caller.clientId() != null && !caller.clientId().isBlank() ? caller.clientId() : caller.id();
    }

    /** The review as outlets may see it: how many experts approved, and what screening found; no names. */
    private static Ninjs.TrustIndicator reviewRecord(Work work, Version version, String itemUrl) {
        long approvals = work.review().approvalsFor(version);
        Instant approved = work.review().decisionsFor(version).stream()
                .map(d -> d.decidedAt())
                .max(Instant::compareTo)
                .orElse(null);
        Optional<FindingsSummary> screening = work.review().findingsOf(version.number());
        StringBuilder title = new StringBuilder("科学性审核：")
                .append(approvals)
                .append(" 位专家审核通过第 ")
                .append(version.number())
                .append(" 版");
        if (approved != null) {
            title.append("（").append(approved).append("）");
        }
        screening.ifPresent(s -> title.append("；自动筛查：")
                .append(s.blockers())
                .append(" 项阻断，")
                .append(s.warnings())
                .append(" 项提醒"));
        return new Ninjs.TrustIndicator("kepu:scientific-review", title.toString(), itemUrl + "#review");
    }

    private static String ninjsType(String mediaType) {
        if (mediaType.startsWith("image/")) {
            return "picture";
        }
        return mediaType.startsWith("video/") ? "video" : "text";
    }
}
