package org.kepu.api.works;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.kepu.api.problem.Problem;
import org.kepu.api.security.Caller;
import org.springframework.http.HttpStatus;

/** Who a new work belongs to, and the work id an idempotency key stands for. */
final class Uploader {

    /** Token subjects as identity providers issue them: no spaces, no control characters. */
    private static final Pattern SUBJECT = Pattern.compile("[\\p{Alnum}._@:+\\-]{1,255}");

    /** Printable ASCII, as the Idempotency-Key header draft asks; long enough for a path and a digest. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,512}");

    private Uploader() {}

    /**
     * The owner of the work the caller uploads: the caller as a creator, or the creator an admin names (an
     * admin importing existing works keeps their creators; the audit trail records the admin).
     */
    static String owner(Caller caller, Optional<String> onBehalfOf) {
        if (onBehalfOf.isEmpty()) {
            if (!caller.has(Caller.CREATOR)) {
                throw Problem.forbidden("Only creators can upload works.");
            }
            return caller.id();
        }
        if (!caller.has(Caller.ADMIN)) {
            throw Problem.forbidden("Only admins can upload on behalf of a creator.");
        }
        String creator = onBehalfOf.get();
        if (!SUBJECT.matcher(creator).matches()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "'onBehalfOf' must be a creator's id: 1 to 255 letters, digits or . _ @ : + -");
        }
        return creator;
    }

    static String checkedKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "'Idempotency-Key' must be 1 to 512 printable ASCII characters without spaces.");
        }
        return key;
    }

    /**
     * The same owner and key always name the same work, so a repeated upload finds the first one's work by
     * its id alone, with nothing else stored. The owner is part of the name: one creator's key never finds
     * another's work.
     */
    static String idFor(String owner, String key) {
        return UUID.nameUUIDFromBytes(("kepu-upload\n" + owner + "\n" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
