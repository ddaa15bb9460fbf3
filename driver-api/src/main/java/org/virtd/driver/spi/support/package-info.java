/**
 * Pieces every hypervisor driver needs, written once: {@link org.virtd.driver.spi.support.DomainObjectList} (the
 * defined and running pools with O(1) name, UUID and id indexes), {@link org.virtd.driver.spi.support.DomainObject}
 * (one domain's state under its own lock), {@link org.virtd.driver.spi.support.DomainEventBus} (callback ids from one
 * counter per driver state, asynchronous in-order delivery per listener) and
 * {@link org.virtd.driver.spi.support.FlagCheck} (libvirt's "unsupported flags" error, field for field).
 *
 * <p>Lock order for users of these classes: the driver's own lock (if any), then a {@code DomainObject}'s lock,
 * then the list's internal lock, which is never held while calling out.
 */
@NullMarked
package org.virtd.driver.spi.support;

import org.jspecify.annotations.NullMarked;
