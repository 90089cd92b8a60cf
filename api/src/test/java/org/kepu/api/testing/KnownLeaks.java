package org.kepu.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose buffer leaks {@link NettyLeakWatch} reports but does not fail on, because their cause
 * is known and outside kepu's code. Every use says why; the leaks are still printed in full.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KnownLeaks {

    /** Where the leak comes from, and what would end it. */
    String value();
}
