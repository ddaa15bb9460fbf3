package org.virtd.driver.xen.sxp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.virtd.xml.DomainXml;
import org.virtd.xml.domain.Domain;

/**
 * config.sxp is read at start-up and domxml-from-native takes any text: damaged input must end in an
 * {@link SxprException}, never in another exception, and whatever is accepted must format both ways.
 */
class SxprMutationTest {
    private static final String TOKENS = "()'\"\\ \n:@,/0123456789abcdefxyz";
    private static final String[] WORDS = {"(domid 0)", "(image (hvm))", "(device (vbd))", "(serial (a b))",
        "(vcpus -1)", "(maxmem 99999999999999999999)", "(uuid 'zz')", "(mac 'zz')", "(rate 'x')",
        "(device (pci (dev (domain x))))", "(bootloader)", "(device (vfb (type spice)))", "(soundhw 'x,,y')",
        "(localtime q)", "(uname 'tap:')", "(name '\u0001')"};

    @Test
    void damagedCorpusInputsFailCleanly() throws Exception {
        assumeTrue(Files.isDirectory(SxprCorpusTest.ROOT), "conformance corpus not present");
        Random random = new Random(4242);
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        int runs = 0;
        for (String[] c : SxprCorpusTest.rows("sexpr2xml/CASES.txt")) {
            String base = SxprCorpusTest.joined(SxprCorpusTest.ROOT.resolve("sexpr2xml").resolve(c[3]));
            for (int i = 0; i < 60; i++) {
                String text = mutate(base, random);
                runs++;
                for (boolean lenient : new boolean[] {false, true}) {
                    try {
                        Domain d = lenient ? XenSxpr.parseLenient(text) : XenSxpr.parse(text);
                        DomainXml.format(d, true);
                        try {
                            XenSxpr.format(d);
                        } catch (SxprException expected) {
                            // xend cannot express everything a description may hold
                        }
                        accepted++;
                    } catch (SxprException expected) {
                        // the outcome damaged text should have
                    } catch (RuntimeException | StackOverflowError e) {
                        problems.add(c[3] + " mutated: " + e + "\n" + text);
                    }
                }
            }
        }
        System.out.printf("mutations: %d inputs, %d parses accepted%n", runs, accepted);
        assertTrue(problems.isEmpty(), String.join("\n\n", problems.subList(0, Math.min(5, problems.size()))));
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && !sb.isEmpty(); i++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
                case 2 -> sb.insert(at, WORDS[r.nextInt(WORDS.length)]);
                default -> sb.setCharAt(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
            }
        }
        return sb.toString();
    }
}
