/**
 * xdrgen: reads protocol definitions written in a strict subset of the XDR language (RFC 4506 section 6)
 * with annotations in doc comments, and writes Java records and codecs ({@code types} mode) or an ABI
 * text dump ({@code structs} mode).
 *
 * <p>Build-only: rpc-protocol runs {@link org.virtd.xdrgen.XdrGen} in its generate-sources phase. The
 * output must be byte-for-byte stable for the same input, so every collection here keeps declaration
 * order and nothing depends on hashing or the clock.
 */
package org.virtd.xdrgen;
