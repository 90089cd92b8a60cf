package org.kepu.ingestion.detect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.tika.detect.zip.DefaultZipContainerDetector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Sniffs the media type of an upload from its bytes. The file name is only used to tell Markdown from
 * plain text, because both are just text; a name never turns a binary into an accepted type.
 */
public final class MediaTypeDetector {

    /** How many leading bytes {@link #inspectHead} wants to see. */
    public static final int HEAD_SIZE = 64 * 1024;

    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public static final String ODT = "application/vnd.oasis.opendocument.text";
    public static final String EPUB = "application/epub+zip";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String TEXT = "text/plain";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";
    public static final String GIF = "image/gif";
    public static final String TIFF = "image/tiff";
    public static final String MP4 = "video/mp4";
    public static final String WEBM = "video/webm";
    public static final String SRT = "application/x-subrip";
    public static final String VTT = "text/vtt";

    private static final Map<String, String> LABELS = labels();
    private static final String UPLOAD_HINT = "upload " + String.join(", ", LABELS.values());
    private static final Set<String> CONTAINER_PREFIXES =
            Set.of("[Content_Types].xml", "_rels/", "word/", "ppt/", "docProps/", "mimetype", "META-INF/container.xml");
    private static final Set<String> MP4_BRANDS =
            Set.of("isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "msnv", "mmp4");
    private static final Pattern SRT_TIMING =
            Pattern.compile("(?m)^\\d{1,2}:\\d{2}:\\d{2}[,.]\\d{3}\\s*-->\\s*\\d{1,2}:\\d{2}:\\d{2}[,.]\\d{3}");
    private static final Pattern HTML_ELEMENT =
            Pattern.compile("<(!doctype\\s+html|html[\\s>]|head[\\s>]|body[\\s>])", Pattern.CASE_INSENSITIVE);

    /**
     * Tika's type registry and zip container detector. Loading them (the registry parses Tika's type
     * database, the detector finds its parts by service loading across the class path) takes a good part
     * of a second, so the first detector made loads them on a thread of its own while kepu goes on
     * starting; an upload that needs them before that is done waits for it (class initialisation).
     */
    private static final class Tika {
        static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
        static final DefaultZipContainerDetector ZIP = new DefaultZipContainerDetector();

        private Tika() {}
    }

    private static final AtomicBoolean TIKA_LOADING = new AtomicBoolean();

    public MediaTypeDetector() {
        if (TIKA_LOADING.compareAndSet(false, true)) {
            Thread loader = new Thread(() -> Objects.requireNonNull(Tika.ZIP), "kepu-tika-detection");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /** The accepted media types of works (subtitles are accepted only as a video's subtitle part). */
    public Set<String> allowed() {
        return LABELS.keySet();
    }

    /**
     * Decides from the first bytes of an upload ({@link #HEAD_SIZE} of them, or fewer when the file is
     * shorter, in which case they are taken to be the whole file).
     */
    public HeadVerdict inspectHead(byte[] head, String fileName) {
        boolean truncated = head.length >= HEAD_SIZE;
        if (head.length == 0) {
            return new HeadVerdict.Reject("The file is empty.");
        }
        if (startsWith(head, 0, "%PDF-")) {
            return new HeadVerdict.Accept(PDF);
        }
        if (startsWith(head, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return new HeadVerdict.Accept(PNG);
        }
        if (startsWith(head, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return new HeadVerdict.Accept(JPEG);
        }
        if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP")) {
            return new HeadVerdict.Accept(WEBP);
        }
        if (startsWith(head, 0, "GIF87a") || startsWith(head, 0, "GIF89a")) {
            return new HeadVerdict.Accept(GIF);
        }
        // scans often come as TIFF, in either byte order
        if (startsWith(head, 0, new byte[] {'I', 'I', 42, 0}) || startsWith(head, 0, new byte[] {'M', 'M', 0, 42})) {
            return new HeadVerdict.Accept(TIFF);
        }
        if (startsWith(head, 4, "ftyp") && head.length >= 12) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return MP4_BRANDS.contains(brand)
                    ? new HeadVerdict.Accept(MP4)
                    : new HeadVerdict.Reject(notAccepted(sniffedByTika(head)));
        }
        if (startsWith(head, 0, new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})) {
            return indexOf(head, "webm", 64) >= 0
                    ? new HeadVerdict.Accept(WEBM)
                    : new HeadVerdict.Reject(notAccepted("video/x-matroska"));
        }
        if (ZipHead.isZip(head)) {
            return inspectZipHead(head);
        }
        return inspectText(head, fileName, truncated);
    }

    /**
     * Decides for a whole upload, read once from the start; zip containers are spooled to a temporary
     * file so their entries can be read without holding the file in memory, and their central directory
     * is checked to be of a document's size before Tika loads it.
     */
    public Detection detectWhole(InputStream whole, String fileName) {
        try {
            byte[] head = whole.readNBytes(HEAD_SIZE);
            HeadVerdict verdict = inspectHead(head, fileName);
            if (verdict instanceof HeadVerdict.Accept accept) {
                return new Detection.Accepted(accept.mediaType());
            }
            if (verdict instanceof HeadVerdict.Reject reject) {
                return new Detection.Rejected(reject.reason());
            }
            return detectContainer(head, whole);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload", e);
        }
    }

    /** Checks a video's optional subtitle part: SRT or WebVTT in UTF-8 or GB18030. */
    public Detection detectSubtitle(byte[] head, String fileName) {
        Optional<Charset> charset =
                head.length == 0 ? Optional.empty() : TextSniffer.charsetOf(head, head.length >= HEAD_SIZE);
        if (charset.isEmpty()) {
            return new Detection.Rejected("Subtitles must be an SRT or WebVTT text file in UTF-8 or GB18030.");
        }
        int start = TextSniffer.hasUtf8Bom(head) ? 3 : 0;
        String text = new String(head, start, head.length - start, charset.get());
        String suffix = "; charset=" + charset.get().name();
        if (text.startsWith("WEBVTT")) {
            return new Detection.Accepted(VTT + suffix);
        }
        if (SRT_TIMING.matcher(text).find()) {
            return new Detection.Accepted((lowerName(fileName).endsWith(".vtt") ? VTT : SRT) + suffix);
        }
        return new Detection.Rejected("The subtitle file has no SRT or WebVTT timings.");
    }

    private HeadVerdict inspectZipHead(byte[] head) {
        ZipHead.Listing listing = ZipHead.read(head);
        if (listing.mimetype().isPresent()) {
            String declared = listing.mimetype().get();
            return declared.equals(ODT) || declared.equals(EPUB)
                    ? new HeadVerdict.NeedsWhole()
                    : new HeadVerdict.Reject(notAccepted(declared));
        }
        boolean looksLikeContainer = listing.names().stream().anyMatch(MediaTypeDetector::isContainerEntry);
        boolean seenEnough = listing.complete() || listing.names().size() >= 16;
        if (!looksLikeContainer && seenEnough) {
            return new HeadVerdict.Reject(notAccepted("application/zip"));
        }
        return new HeadVerdict.NeedsWhole();
    }

    private Detection detectContainer(byte[] head, InputStream rest) throws IOException {
        Path spool = Files.createTempFile("kepu-detect-", ".zip");
        try {
            try (var out = Files.newOutputStream(spool, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(head);
                rest.transferTo(out);
            }
            Optional<ZipDirectory.Problem> problem = ZipDirectory.check(spool);
            if (problem.isPresent()) {
                return new Detection.Rejected(
                        problem.get() == ZipDirectory.Problem.TOO_LARGE
                                ? "The file is a zip archive no document could be: more than "
                                        + ZipDirectory.MAX_ENTRIES
                                        + " entries, an oversized listing or parts that unpack a hundredfold; "
                                        + UPLOAD_HINT + "."
                                : "The file is a damaged or truncated zip archive and cannot be read.");
            }
            MediaType type;
            try (TikaInputStream tis = TikaInputStream.get(spool)) {
                type = Tika.ZIP.detect(tis, new Metadata());
            }
            String base = type.getBaseType().toString();
            if (base.equals(DOCX) || base.equals(PPTX) || base.equals(ODT) || base.equals(EPUB)) {
                return new Detection.Accepted(base);
            }
            return new Detection.Rejected(notAccepted(base));
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private HeadVerdict inspectText(byte[] head, String fileName, boolean truncated) {
        Optional<Charset> charset = TextSniffer.charsetOf(head, truncated);
        if (charset.isEmpty()) {
            String tikaType = sniffedByTika(head);
            if (tikaType.startsWith("text/") || tikaType.equals("application/octet-stream")) {
                return new HeadVerdict.Reject(
                        "The file is neither a known document type nor text in UTF-8 or GB18030; " + UPLOAD_HINT + ".");
            }
            return new HeadVerdict.Reject(notAccepted(tikaType));
        }
        String suffix = "; charset=" + charset.get().name();
        int start = TextSniffer.hasUtf8Bom(head) ? 3 : 0;
        String prefix = new String(head, start, Math.min(head.length - start, 4096), charset.get());
        if (startsLikeHtml(prefix)) {
            return new HeadVerdict.Accept(HTML + suffix);
        }
        String name = lowerName(fileName);
        boolean markdown = name.endsWith(".md") || name.endsWith(".markdown");
        return new HeadVerdict.Accept((markdown ? MARKDOWN : TEXT) + suffix);
    }

    /**
     * Whether the text opens with an HTML doctype or element after whitespace, comments and an XML
     * declaration. Skipped by hand: a repeated regex group recurses once per repetition, and a head of a
     * few thousand blanks or empty comments overflowed the stack of the thread serving the upload.
     */
    static boolean startsLikeHtml(String text) {
        int i = 0;
        while (i < text.length()) {
            if (" \t\n\u000B\f\r".indexOf(text.charAt(i)) >= 0) {
                i++;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                if (end < 0) {
                    return false;
                }
                i = end + 3;
            } else if (text.regionMatches(true, i, "<?xml", 0, 5)) {
                int end = text.indexOf('>', i + 5);
                if (end < 0) {
                    return false;
                }
                i = end + 1;
            } else {
                break;
            }
        }
        return HTML_ELEMENT.matcher(text).region(i, text.length()).lookingAt();
    }

    private String sniffedByTika(byte[] head) {
        // No file name on purpose: the name must not change what the bytes are.
        try {
            return Tika.MIME_TYPES
                    .detect(new ByteArrayInputStream(head), new Metadata())
                    .getBaseType()
                    .toString();
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    private static String notAccepted(String mediaType) {
        return "File type " + mediaType + " is not accepted; " + UPLOAD_HINT + ".";
    }

    private static boolean isContainerEntry(String name) {
        return CONTAINER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static String lowerName(String fileName) {
        return fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] data, int offset, String ascii) {
        return startsWith(data, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, String ascii, int limit) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= Math.min(data.length, limit); i++) {
            if (startsWith(data, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (List<String> pair : List.of(
                List.of(PDF, "PDF"),
                List.of(DOCX, "DOCX"),
                List.of(PPTX, "PPTX"),
                List.of(ODT, "ODT"),
                List.of(EPUB, "EPUB"),
                List.of(HTML, "HTML"),
                List.of(MARKDOWN, "Markdown"),
                List.of(TEXT, "plain text (UTF-8 or GB18030)"),
                List.of(PNG, "PNG"),
                List.of(JPEG, "JPEG"),
                List.of(WEBP, "WebP"),
                List.of(GIF, "GIF"),
                List.of(TIFF, "TIFF"),
                List.of(MP4, "MP4"),
                List.of(WEBM, "WebM"))) {
            labels.put(pair.get(0), pair.get(1));
        }
        return Collections.unmodifiableMap(labels);
    }
}
