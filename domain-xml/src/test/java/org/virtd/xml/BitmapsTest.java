package org.virtd.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BitmapsTest {
    @Test
    void readsRangesNegationsAndSpacesAndWritesRuns() {
        assertEquals("0-1,3-5,8", Bitmaps.format(Bitmaps.parse(" 0-1 , 3-8,^6,^7,8", 16384)));
        assertEquals("2-3", Bitmaps.format(Bitmaps.parse("1-3,^1", 16384)));
        assertEquals("", Bitmaps.format(Bitmaps.parse("1,^1", 16384)));
    }

    @Test
    void refusesWhatLibvirtRefuses() {
        assertNull(Bitmaps.parse("", 16384));
        assertNull(Bitmaps.parse("3-1", 16384));
        assertNull(Bitmaps.parse("^1-2", 16384));
        assertNull(Bitmaps.parse("1;2", 16384));
        assertNull(Bitmaps.parse("16384", 16384));
    }

    @Test
    void cacheSizesUseTheLargestExactUnit() {
        assertEquals("7680 KiB", String.join(" ", CputunePostParse.pretty(7680L * 1024)));
        assertEquals("6 MiB", String.join(" ", CputunePostParse.pretty(6L << 20)));
        assertEquals("1000 B", String.join(" ", CputunePostParse.pretty(1000)));
    }
}
