package org.kepu.api.channels;

import org.kepu.api.security.Caller;
import org.kepu.review.channels.ChannelReader;

/** A caller as the channel rules see them. */
public final class ChannelReaders {

    private ChannelReaders() {}

    /** @param caller null without a token */
    public static ChannelReader of(Caller caller) {
        if (caller == null) {
            return ChannelReader.anonymous();
        }
        if (caller.has(Caller.ADMIN) || caller.has(Caller.EDITOR)) {
            return ChannelReader.staff();
        }
        if (caller.has(Caller.OUTLET)) {
            return ChannelReader.outlet(caller.clientId());
        }
        return ChannelReader.other();
    }
}
