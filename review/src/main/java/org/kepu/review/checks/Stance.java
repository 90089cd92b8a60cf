package org.kepu.review.checks;

/** How a text uses a claim it contains. */
enum Stance {
    /** The text says the claim is true (or presents it as advice). */
    ASSERTED,
    /** The text repeats the claim as hearsay, a quote or a question, without a verdict nearby. */
    REPORTED,
    /** The text names the claim in order to refute it. */
    REFUTED,
    /** The text only names a practice or theory, neither endorsing nor repeating a claim about it. */
    MENTIONED
}
