/**
 * libvirt's {@code test} driver for virtd: {@code test:///default} (one shared in-memory host with the running
 * domain {@code test}) and {@code test:///ABSOLUTE/PATH.xml} (a private host read from libvirt's test config
 * format). Found through {@link java.util.ServiceLoader} as {@link org.virtd.driver.test.TestDriverProvider}.
 */
@NullMarked
package org.virtd.driver.test;

import org.jspecify.annotations.NullMarked;
