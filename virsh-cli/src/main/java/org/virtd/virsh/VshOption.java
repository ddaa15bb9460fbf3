package org.virtd.virsh;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * virsh option flags that Picocli's {@code @Option} has no attribute for; put next to the {@code @Option} of a
 * field when one of them is needed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface VshOption {
    /** The option must be written as {@code --name value}; a bare word never fills it. */
    boolean requireName() default false;

    /** An empty value is accepted instead of failing with "Option argument is empty". */
    boolean emptyOk() default false;
}
