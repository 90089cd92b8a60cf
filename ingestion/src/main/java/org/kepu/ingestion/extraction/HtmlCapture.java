package org.kepu.ingestion.extraction;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.apache.tika.sax.ToHTMLContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Writes the XHTML that Tika produces for a document's body to a file, within limits, so that it can be
 * sanitised into the HTML body afterwards. Text is already bounded by the extraction's write limit;
 * these limits bound the markup around it, which a hostile file could otherwise inflate without any
 * text at all. A capture that exceeds them is discarded rather than cut: a cut body would silently lose
 * the end of a text that itself was extracted in full.
 */
final class HtmlCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HtmlCapture.class);

    /** jsoup holds the whole body as a tree in the child's heap; this keeps that tree small. */
    static final int MAX_ELEMENTS = 200_000;

    private final Path file;
    private final LimitedStream stream;
    private final ToHTMLContentHandler html;
    private final ContentHandler handler;
    private int elements;
    private boolean overflow;

    /** @param maxBytes the most UTF-8 bytes of markup and text kept */
    HtmlCapture(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.stream = new LimitedStream(Files.newOutputStream(file), maxBytes);
        // HTML rather than XML serialisation: an empty <p/> would open a paragraph for an HTML parser.
        this.html = new ToHTMLContentHandler(stream, "UTF-8");
        // The body filter passes the body's elements but not <body> with the namespace in scope; the
        // XHTML writer needs both, so the capture has a <body> of its own.
        try {
            html.startPrefixMapping("", XHTMLContentHandler.XHTML);
            html.startElement(XHTMLContentHandler.XHTML, "body", "body", new AttributesImpl());
        } catch (SAXException e) {
            stream.close();
            throw new IOException("cannot start the HTML of " + file, e);
        }
        this.handler = new ContentHandlerDecorator(html) {
            @Override
            public void startElement(String uri, String localName, String name, Attributes atts) throws SAXException {
                if (++elements > MAX_ELEMENTS) {
                    overflow = true;
                }
                if (!overflow) {
                    super.startElement(uri, localName, name, atts);
                }
            }

            @Override
            public void endElement(String uri, String localName, String name) throws SAXException {
                if (!overflow) {
                    super.endElement(uri, localName, name);
                }
            }

            @Override
            public void characters(char[] ch, int start, int length) throws SAXException {
                if (!overflow) {
                    super.characters(ch, start, length);
                }
            }

            /** Tika's line breaks and tabs between blocks, which lay out the text but mean nothing in HTML. */
            @Override
            public void ignorableWhitespace(char[] ch, int start, int length) {}
        };
    }

    /** Receives the body's events, for a tee beside the text handler. */
    ContentHandler handler() {
        return handler;
    }

    /**
     * Flushes and closes the file, also after a parse that stopped at the write limit (which skips the
     * end of the document). Returns whether the whole body fit within the limits and was written.
     */
    boolean finish() {
        try (stream) {
            if (!overflow) {
                html.endElement(XHTMLContentHandler.XHTML, "body", "body");
            }
            html.endDocument();
        } catch (SAXException | IOException e) {
            log.info("cannot write the HTML to {}: {}", file, e.toString());
            return false;
        }
        return !overflow && !stream.overflow;
    }

    /** Closes the file when the parse failed before {@link #finish}; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        stream.close();
    }

    /** Drops bytes past the limit and remembers that it did. */
    private static final class LimitedStream extends FilterOutputStream {
        private final long limit;
        private long written;
        private boolean overflow;

        LimitedStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (overflow || written + len > limit) {
                overflow = true;
                return;
            }
            out.write(b, off, len);
            written += len;
        }
    }
}
