package org.virtd.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed file in libvirt's {@code virConf} syntax, the syntax of libvirtd.conf (and of qemu.conf,
 * libvirt.conf, ...), as libvirt 9.0 reads it.
 *
 * <pre>
 * file      = *( statement separator )
 * statement = blanks/newlines, then "#" comment-to-end-of-line
 *           | name blanks "=" blanks value blanks [ "#" comment-to-end-of-line ]
 * name      = ASCII letter *( ASCII letter | digit | "_" )
 * value     = '"' chars '"' | "'" chars "'" | '"""' chars-and-newlines '"""'
 *           | [ "+" | "-" ] digits
 *           | "[" newlines [ value newlines *( "," newlines value newlines ) [ "," newlines ] ] "]"
 * separator = blanks, then end of file | newline (plus any blanks and newlines) | ";" (ditto)
 * </pre>
 *
 * <p>Quirks kept on purpose because libvirtd has them, and a file must mean the same to both:
 * <ul>
 *   <li>comments are not allowed inside a list ("expecting a value");</li>
 *   <li>a file made only of blanks and newlines (but not an empty one) is refused with
 *       "expecting a name", because the parser looks for a statement after the last newline;</li>
 *   <li>when a key is assigned twice the <em>first</em> assignment is the one used;</li>
 *   <li>{@code \r} ends a line but does not count as one.</li>
 * </ul>
 * One deliberate difference: libvirt lets an integer literal wrap around 64 bits; here it
 * saturates, so the key's range check refuses it instead of reading a wrapped number.
 */
public final class ConfFile {

    /** libvirt's sanity limit on a configuration file's size. */
    static final int MAX_CONFIG_FILE_SIZE = 10 * 1024 * 1024;

    private final String fileName;
    private final List<ConfEntry> entries;

    private ConfFile(String fileName, List<ConfEntry> entries) {
        this.fileName = fileName;
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses configuration text.
     *
     * @param text the whole file
     * @param fileName the name to use in messages (libvirt uses {@code "memory conf"} for text that
     *     did not come from a file)
     * @throws ConfigException {@link ConfigException.Kind#CONF_SYNTAX} naming file and line
     */
    public static ConfFile parse(String text, String fileName) throws ConfigException {
        return new ConfFile(fileName, new Parser(text, fileName).parse());
    }

    /**
     * Reads and parses a file. The file name in messages is {@code path.toString()}.
     *
     * @throws ConfigException {@link ConfigException.Kind#SYSTEM_ERROR} when the file cannot be
     *     read (libvirt's "Failed to open file 'PATH': No such file or directory"), or a syntax error
     */
    public static ConfFile read(Path path) throws ConfigException {
        String name = path.toString();
        byte[] bytes;
        try {
            if (Files.isRegularFile(path) && Files.size(path) > MAX_CONFIG_FILE_SIZE) {
                throw new ConfigException(ConfigException.Kind.SYSTEM_ERROR, name, 0, null,
                        "Failed to read file '" + name + "': File too large");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(ConfigException.Kind.SYSTEM_ERROR, name, 0, null,
                    "Failed to open file '" + name + "': " + strerror(e));
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), name);
    }

    /** The C library's wording for the common I/O failures, as libvirt appends it. */
    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** The name used in messages. */
    public String fileName() {
        return fileName;
    }

    /** Every assignment, in file order, duplicates included. */
    public List<ConfEntry> entries() {
        return entries;
    }

    /** The assignment libvirt would use for {@code name}: the first one in the file. */
    public Optional<ConfEntry> first(String name) {
        for (ConfEntry e : entries) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** A recursive-descent reader over the text; {@code '\0'} stands for "past the end". */
    private static final class Parser {
        private final String text;
        private final String fileName;
        private final int end;
        private int pos;
        private int line = 1;
        private final List<ConfEntry> entries = new ArrayList<>();

        Parser(String text, String fileName) {
            this.text = text;
            this.fileName = fileName;
            this.end = text.length();
        }

        List<ConfEntry> parse() throws ConfigException {
            while (pos < end) {
                statement();
                separator();
            }
            return entries;
        }

        private char cur() {
            return pos < end ? text.charAt(pos) : '\0';
        }

        private void next() {
            if (pos < end) {
                pos++;
            }
        }

        private static boolean isEol(char c) {
            return c == '\n' || c == '\r';
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isAsciiDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipBlanks() {
            while (pos < end && isBlank(text.charAt(pos))) {
                pos++;
            }
        }

        private void skipBlanksAndEol() {
            while (pos < end && (isBlank(text.charAt(pos)) || isEol(text.charAt(pos)))) {
                if (text.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }

        private void skipToEol() {
            while (pos < end && !isEol(text.charAt(pos))) {
                pos++;
            }
        }

        private ConfigException error(String what) {
            return ConfigException.syntax(fileName, line, what);
        }

        private void statement() throws ConfigException {
            skipBlanksAndEol();
            if (cur() == '#') {
                skipToEol();
                return;
            }
            skipBlanks();
            int nameLine = line;
            String name = name();
            skipBlanks();
            if (cur() != '=') {
                throw error("expecting an assignment");
            }
            next();
            skipBlanks();
            ConfValue value = value();
            skipBlanks();
            if (cur() == '#') {
                skipToEol();
            }
            entries.add(new ConfEntry(name, value, nameLine));
        }

        private String name() throws ConfigException {
            int base = pos;
            if (!isAsciiLetter(cur())) {
                throw error("expecting a name");
            }
            while (pos < end && (isAsciiLetter(cur()) || isAsciiDigit(cur()) || cur() == '_')) {
                pos++;
            }
            return text.substring(base, pos);
        }

        private void separator() throws ConfigException {
            skipBlanks();
            if (pos >= end) {
                return;
            }
            if (isEol(cur())) {
                skipBlanksAndEol();
            } else if (cur() == ';') {
                next();
                skipBlanksAndEol();
            } else {
                throw error("expecting a separator");
            }
        }

        private ConfValue value() throws ConfigException {
            skipBlanks();
            if (pos >= end) {
                throw error("expecting a value");
            }
            char c = cur();
            if (c == '"' || c == '\'') {
                return new ConfValue.Str(string());
            }
            if (c == '[') {
                return list();
            }
            if (isAsciiDigit(c) || c == '-' || c == '+') {
                return number();
            }
            throw error("expecting a value");
        }

        private String string() throws ConfigException {
            // The triple-quote form needs room for both delimiters after the opening one;
            // libvirt tests "more than six characters left", so a bare """""" is two strings.
            if (cur() == '"' && pos + 6 < end && text.startsWith("\"\"\"", pos)) {
                pos += 3;
                int base = pos;
                while (pos + 2 < end && !text.startsWith("\"\"\"", pos)) {
                    if (cur() == '\n') {
                        line++;
                    }
                    pos++;
                }
                if (!text.startsWith("\"\"\"", pos)) {
                    throw error("unterminated string");
                }
                String s = text.substring(base, pos);
                pos += 3;
                return s;
            }
            char quote = cur();
            next();
            int base = pos;
            while (pos < end && cur() != quote && !isEol(cur())) {
                pos++;
            }
            if (cur() != quote) {
                throw error("unterminated string");
            }
            String s = text.substring(base, pos);
            next();
            return s;
        }

        private ConfValue number() throws ConfigException {
            boolean negative = false;
            if (cur() == '-') {
                negative = true;
                next();
            } else if (cur() == '+') {
                next();
            }
            if (pos >= end || !isAsciiDigit(cur())) {
                throw error("unterminated number");
            }
            long magnitude = 0;
            boolean overflow = false;
            while (pos < end && isAsciiDigit(cur())) {
                int digit = cur() - '0';
                if (!overflow) {
                    if (magnitude > (Long.MAX_VALUE - digit) / 10) {
                        overflow = true;
                    } else {
                        magnitude = magnitude * 10 + digit;
                    }
                }
                pos++;
            }
            long value = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE)
                    : (negative ? -magnitude : magnitude);
            return new ConfValue.Num(value, negative);
        }

        private ConfValue list() throws ConfigException {
            next();
            skipBlanksAndEol();
            List<ConfValue> elements = new ArrayList<>();
            if (pos < end && cur() != ']') {
                elements.add(value());
                skipBlanksAndEol();
            }
            while (pos < end && cur() != ']') {
                if (cur() != ',') {
                    throw error("expecting a separator in list");
                }
                next();
                skipBlanksAndEol();
                if (cur() == ']') {
                    break;
                }
                elements.add(value());
                skipBlanksAndEol();
            }
            if (cur() != ']') {
                throw error("list is not closed with ]");
            }
            next();
            return new ConfValue.ListValue(elements);
        }
    }
}
