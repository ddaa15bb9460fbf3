/** Driver discovery for the public API; not for use outside driver-api and the daemon's start-up. */
@NullMarked
package org.virtd.driver.internal;

import org.jspecify.annotations.NullMarked;
