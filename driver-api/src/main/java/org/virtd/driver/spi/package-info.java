/**
 * The driver SPI: what a hypervisor driver implements ({@link org.virtd.driver.spi.HypervisorDriver}, whose
 * defaults answer "not supported") and how it is found ({@link org.virtd.driver.spi.DriverProvider} through
 * {@link java.util.ServiceLoader}).
 */
@NullMarked
package org.virtd.driver.spi;

import org.jspecify.annotations.NullMarked;
