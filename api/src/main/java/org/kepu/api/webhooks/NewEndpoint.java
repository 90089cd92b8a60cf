package org.kepu.api.webhooks;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.kepu.review.channels.ChannelRules;

/**
 * The body of a registration. The URL's scheme and address are checked by {@link WebhookService}, which
 * must resolve the host.
 *
 * @param types event types to receive; empty or absent for all
 */
record NewEndpoint(
        @NotBlank @Size(max = 2000) String url,
        @NotEmpty @Size(max = 100) List<@NotNull @Pattern(regexp = CHANNEL, message = CHANNEL_RULE) String> channels,
        @Size(max = 4) List<@NotNull @Pattern(regexp = TYPE, message = TYPE_RULE) String> types) {

    /** The rule channel names follow everywhere in kepu. */
    static final String CHANNEL = ChannelRules.NAME;

    static final String CHANNEL_RULE =
            "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, up to 64";
    static final String TYPE = "work\\.(published|updated|unpublished|retracted)";
    static final String TYPE_RULE = "one of work.published, work.updated, work.unpublished, work.retracted";
}
