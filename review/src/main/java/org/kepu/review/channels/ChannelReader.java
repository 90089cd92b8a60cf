package org.kepu.review.channels;

/**
 * Who asks to read a channel, as the channel rules see them: the roles of a token reduced to what decides
 * access, so that the rules do not depend on how the api reads tokens.
 *
 * @param clientId the OAuth client of an outlet's token; null otherwise or when the token names none
 */
public record ChannelReader(Kind kind, String clientId) {

    public enum Kind {
        /** No token: public channels only. */
        ANONYMOUS,
        /** Editors and admins: every channel. */
        STAFF,
        /** An outlet: the channels it is entitled to and the public ones. */
        OUTLET,
        /** Any other signed-in user: public channels only. */
        OTHER
    }

    public static ChannelReader anonymous() {
        return new ChannelReader(Kind.ANONYMOUS, null);
    }

    public static ChannelReader staff() {
        return new ChannelReader(Kind.STAFF, null);
    }

    public static ChannelReader outlet(String clientId) {
        return new ChannelReader(Kind.OUTLET, clientId);
    }

    public static ChannelReader other() {
        return new ChannelReader(Kind.OTHER, null);
    }
}
