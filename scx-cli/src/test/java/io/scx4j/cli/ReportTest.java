package io.scx4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report}: one self-contained HTML file, all policies of a comparison in it, and it renders. */
class ReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    private Path compareReport() {
        Path html = dir.resolve("report.html");
        Cli r = Cli.run("compare", "--policies", "fair,simple,central", "--topology", "smt-desktop-8c16t",
                "--duration", "1s", "--report", html.toString());
        assertEquals(0, r.code(), r.err());
        return html;
    }

    @Test
    void theReportIsOneFileThatFetchesNothing() throws Exception {
        String html = Files.readString(compareReport());
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no linked style sheets");
        assertFalse(html.contains("<img"), "no images to fetch");
        Matcher urls = Pattern.compile("(https?:)?//[^\"'\\s]+").matcher(html);
        while (urls.find()) {
            assertEquals("http://www.w3.org/2000/svg", urls.group(), "the only URL is the SVG namespace");
        }
    }

    @Test
    void aComparisonPutsEveryPolicyInEveryPlot() throws Exception {
        String html = Files.readString(compareReport());
        for (String p : List.of("fair", "simple", "central")) {
            assertTrue(html.contains("<h3>" + p + "</h3>"), p + " timeline");
            assertTrue(html.contains("<b>" + p + "</b> ran to the end"), p + " exit line");
        }
        // 3 groups (batch, interactive, render), a CDF line per policy in each
        assertEquals(3 * 3, count(html, "<polyline"));
        // a utilisation bar per CPU per policy
        assertEquals(16 * 3, count(html, "</title></rect>") - count(html, " (pid "));
        assertTrue(html.contains("the whole run, "), "a 1 s run of cpu-mix fits the timeline cap");
    }

    @Test
    void aLongRunsTimelineIsCappedAndSaysSo() throws Exception {
        Path html = dir.resolve("long.html");
        Cli r = Cli.run("run", "--policy", "central", "--topology", "smt-desktop-8c16t", "--duration", "4s",
                "--report", html.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(html);
        assertTrue(text.contains("(capped for size)"), "the cap is announced");
        assertTrue(count(text, " (pid ") <= io.scx4j.core.report.HtmlReport.MAX_DRAWN_SLICES);
    }

    @Test
    void headlessChromiumRendersTheReport() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed; skipping the rendering check");
        Path html = compareReport();
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                "--screenshot=" + png, "--window-size=1400,1800", html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("chromium.log")));
        byte[] head;
        try (InputStream in = Files.newInputStream(png)) {
            head = in.readNBytes(8);
        }
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "a PNG");
        // a blank 1400x1800 page compresses to a few kB; tables, curves and timelines do not
        assertTrue(Files.size(png) > 50_000, "screenshot is " + Files.size(png) + " bytes: blank?");
    }

    private static int count(String text, String what) {
        return (text.length() - text.replace(what, "").length()) / what.length();
    }

}
