/** The REMOTE program's handlers, from wire records to public-API calls and back, and the daemon's error mapping. */
@NullMarked
package org.virtd.daemon.dispatch;

import org.jspecify.annotations.NullMarked;
