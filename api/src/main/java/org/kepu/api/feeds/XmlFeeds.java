package org.kepu.api.feeds;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.web.util.HtmlUtils;

/**
 * Atom 1.0 and RSS 2.0, written with StAX: the writer escapes markup in titles and summaries, and
 * characters XML 1.0 cannot carry at all are dropped first, so a feed is always well-formed.
 */
final class XmlFeeds {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String DC = "http://purl.org/dc/elements/1.1/";
    static final String TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";
    static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
    static final String MEDIA = "http://search.yahoo.com/mrss/";

    private XmlFeeds() {}

    static byte[] atom(Feed feed) {
        return write(w -> {
            w.writeStartElement("feed");
            w.writeDefaultNamespace(ATOM);
            w.writeNamespace("at", TOMBSTONES);
            element(w, "id", feed.urn());
            element(w, "title", feed.channel().title());
            element(w, "subtitle", feed.description());
            element(w, "updated", feed.updated().toString());
            link(w, "self", feed.url(FeedFormat.ATOM));
            // Atom wants an author on the feed unless every entry has one; an empty feed has none.
            w.writeStartElement("author");
            element(w, "name", "kepu");
            w.writeEndElement();
            element(w, "generator", "kepu");
            for (FeedEntry entry : feed.entries()) {
                w.writeStartElement("entry");
                element(w, "id", entry.urn());
                element(w, "title", entry.title());
                link(w, "alternate", entry.url());
                if (entry.enclosure() != null) {
                    w.writeEmptyElement("link");
                    w.writeAttribute("rel", "enclosure");
                    w.writeAttribute("type", clean(entry.enclosure().mediaType()));
                    w.writeAttribute("length", String.valueOf(entry.enclosure().size()));
                    w.writeAttribute("href", clean(entry.enclosure().url()));
                }
                element(w, "published", entry.publishedAt().toString());
                element(w, "updated", entry.updatedAt().toString());
                if (entry.by() != null) {
                    w.writeStartElement("author");
                    element(w, "name", entry.by());
                    w.writeEndElement();
                }
                for (String topic : entry.topics()) {
                    w.writeEmptyElement("category");
                    w.writeAttribute("term", clean(topic));
                }
                if (entry.license() != null) {
                    element(w, "rights", entry.license());
                }
                // said outright, though text is Atom's default: the summary is never read as markup
                w.writeStartElement("summary");
                w.writeAttribute("type", "text");
                w.writeCharacters(clean(entry.summary()));
                w.writeEndElement();
                if (entry.contentHtml() != null) {
                    w.writeStartElement("content");
                    w.writeAttribute("type", "html");
                    w.writeCharacters(clean(entry.contentHtml()));
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            for (Feed.Departure gone : feed.departed()) {
                w.writeStartElement("at", "deleted-entry", TOMBSTONES);
                w.writeAttribute("ref", clean(gone.ref()));
                w.writeAttribute("when", gone.when().toString());
                w.writeEmptyElement("link");
                w.writeAttribute("rel", "alternate");
                w.writeAttribute("href", clean(gone.url()));
                if (gone.comment() != null) {
                    w.writeStartElement("at", "comment", TOMBSTONES);
                    w.writeCharacters(clean(gone.comment()));
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    static byte[] rss(Feed feed) {
        return write(w -> {
            w.writeStartElement("rss");
            w.writeAttribute("version", "2.0");
            w.writeNamespace("atom", ATOM);
            w.writeNamespace("dc", DC);
            w.writeNamespace("content", CONTENT);
            w.writeNamespace("media", MEDIA);
            w.writeStartElement("channel");
            element(w, "title", feed.channel().title());
            element(w, "link", feed.url(FeedFormat.RSS));
            element(w, "description", feed.description());
            element(w, "lastBuildDate", rfc822(feed.updated()));
            element(w, "generator", "kepu");
            w.writeEmptyElement("atom", "link", ATOM);
            w.writeAttribute("rel", "self");
            w.writeAttribute(
                    "type",
                    FeedFormat.RSS.mediaType().getType() + "/"
                            + FeedFormat.RSS.mediaType().getSubtype());
            w.writeAttribute("href", clean(feed.url(FeedFormat.RSS)));
            for (FeedEntry entry : feed.entries()) {
                w.writeStartElement("item");
                w.writeStartElement("guid");
                w.writeAttribute("isPermaLink", "false");
                w.writeCharacters(entry.urn());
                w.writeEndElement();
                element(w, "title", entry.title());
                element(w, "link", entry.url());
                // readers show an RSS description as HTML: the summary is text, so its markup is escaped
                element(w, "description", HtmlUtils.htmlEscape(entry.summary(), "UTF-8"));
                if (entry.contentHtml() != null) {
                    w.writeStartElement("content", "encoded", CONTENT);
                    w.writeCharacters(clean(entry.contentHtml()));
                    w.writeEndElement();
                }
                element(w, "pubDate", rfc822(entry.publishedAt()));
                if (entry.by() != null) {
                    // RSS's own <author> must be an e-mail address; a byline is not one.
                    w.writeStartElement("dc", "creator", DC);
                    w.writeCharacters(clean(entry.by()));
                    w.writeEndElement();
                    w.writeStartElement("media", "credit", MEDIA);
                    w.writeAttribute("role", "author");
                    w.writeCharacters(clean(entry.by()));
                    w.writeEndElement();
                }
                if (entry.license() != null) {
                    w.writeStartElement("media", "copyright", MEDIA);
                    w.writeCharacters(clean(entry.license()));
                    w.writeEndElement();
                }
                for (String topic : entry.topics()) {
                    element(w, "category", topic);
                }
                if (entry.enclosure() != null) {
                    w.writeEmptyElement("enclosure");
                    w.writeAttribute("url", clean(entry.enclosure().url()));
                    w.writeAttribute("length", String.valueOf(entry.enclosure().size()));
                    w.writeAttribute("type", clean(entry.enclosure().mediaType()));
                }
                if (entry.thumbnail() != null) {
                    w.writeEmptyElement("media", "thumbnail", MEDIA);
                    w.writeAttribute("url", clean(entry.thumbnail().url()));
                    if (entry.thumbnail().width() != null) {
                        w.writeAttribute(
                                "width", String.valueOf(entry.thumbnail().width()));
                        w.writeAttribute(
                                "height", String.valueOf(entry.thumbnail().height()));
                    }
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // a new default factory per feed: cheap, and no question of sharing a factory between threads
            XMLStreamWriter writer = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            writer.writeStartDocument("UTF-8", "1.0");
            body.write(writer);
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a feed", e);
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(clean(text));
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, String rel, String href) throws XMLStreamException {
        w.writeEmptyElement("link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("href", clean(href));
    }

    private static String rfc822(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** Drops what XML 1.0 cannot carry even escaped: most control characters and lone surrogates. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        return text.codePoints()
                .filter(c -> c == 0x9
                        || c == 0xA
                        || c == 0xD
                        || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD)
                        || c >= 0x10000)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
