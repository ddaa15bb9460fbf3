/**
 * virtd's public API, libvirt's in Java: {@link org.virtd.api.Virt} opens a {@link org.virtd.api.Connect} on a
 * URI; {@link org.virtd.api.Domain} handles act on guests; every failure is a {@link org.virtd.api.VirException}
 * carrying libvirt's error code, domain and message.
 *
 * <p>This layer owns what libvirt's public-API layer owns: argument checks, the read-only check, and the
 * "not supported" answer when a driver lacks a method. Drivers implement {@link org.virtd.driver.spi.HypervisorDriver}.
 */
@NullMarked
package org.virtd.api;

import org.jspecify.annotations.NullMarked;
