package dev.tributary.bootstrap;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.application.port.out.SourceCatalog;
import dev.tributary.bootstrap.demo.DemoTraffic;
import dev.tributary.domain.batch.BatchId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard in headless Chromium against the whole pipeline with the 12 shipped sources and demo traffic. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    @TempDir
    static Path data;
    TestPipeline tributary;
    DemoTraffic demo;
    ChromeDriver browser;

    @BeforeAll
    void start() {
        tributary = TestPipeline.start(data, Map.of("tributary.sources.include-samples", true,
                "tributary.sources.directory", ""));
        demo = new DemoTraffic(tributary.context.getBean(SourceCatalog.class).all(),
                tributary.context.getBean(LocalKeyFiles.class).ingestKeys(), tributary.url(), 240, 0.05,
                Clock.systemUTC(), 42).start();
        browser = Chromium.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (tributary != null) {
            tributary.close();
        }
    }

    @Test
    @Order(1)
    void everySourceIsChartedWithDataFromTheRunningPipeline() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        printLoadTime("first visit, cold server");

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            if (chartedSources() == 12) {
                return true;
            }
            browser.navigate().refresh();   // sources without data yet show an explained empty state
            return false;
        });
        browser.navigate().refresh();   // a second visit: measured on its own navigation, not the first one's
        await().atMost(Duration.ofSeconds(20)).until(() -> chartedSources() == 12);
        printLoadTime("warm server");

        assertThat(browser.findElements(By.cssSelector(".source"))).hasSize(12);
        assertThat(browser.findElements(By.cssSelector("#flow li"))).hasSize(7);
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(
                By.cssSelector("#freshness polyline")).isEmpty());
        Chromium.screenshot(browser, "dashboard-laptop");
    }

    @Test
    @Order(2)
    void liveViewUpdatesWithoutReload() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(10)).until(() -> text("live").startsWith("Live"));
        browser.executeScript("window.notReloaded = true");
        String first = text("live");
        String counted = batchesCounted();

        await().atMost(Duration.ofSeconds(10)).until(() -> !text("live").equals(first)
                && !batchesCounted().equals(counted));

        assertThat(browser.executeScript("return window.notReloaded")).isEqualTo(true);
    }

    /** Issue 14: an operator recomputes a source's history from its card and reads what changed. */
    @Test
    @Order(7)
    void anOperatorRecomputesASourcesHistoryFromItsCardAndReadsWhatChanged() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(
                By.cssSelector(".source[data-source=orders] .replay-start")).isEmpty());
        WebElement card = browser.findElement(By.cssSelector(".source[data-source=orders]"));

        card.findElement(By.className("replay-start")).click();
        await().atMost(Duration.ofSeconds(90)).until(() -> card.findElement(By.cssSelector(".replay .result"))
                .getText().startsWith("Recomputed"));
        Chromium.screenshot(browser, "replay-done");

        assertThat(card.findElement(By.cssSelector(".replay .result")).getText())
                .matches("Recomputed \\d[\\d,]* batch(es)? with rules version [0-9a-f]{12}\\. .*rows? changed.*")
                .contains("orders_per_hour_by_country: 0 rows changed, 0 added, 0 removed");
        assertThat(card.findElement(By.cssSelector(".replay .result")).getAttribute("class")).doesNotContain("error");
    }

    /** Issue 14: a 13th field a producer starts sending unannounced is on the source's card within a minute. */
    @Test
    @Order(8)
    void aFieldNoSourceDeclaresShowsOnItsCardWithinAMinute() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(
                By.cssSelector(".source[data-source=orders]")).isEmpty());
        assertThat(tributary.post("orders", "application/json", """
                {"order_id":"ORD-424242","customer":{"id":"c-9"},"shipping":{"country":"DE"},"channel":"web",
                 "items":1,"amount_cents":1250,"ordered_at":"2026-11-24T10:00:00Z","loyalty_tier":"gold"}""")
                .statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> String.valueOf(
                browser.executeScript("return document.querySelector('.source[data-source=orders] .unknown')"
                        + ".textContent")).contains("loyalty_tier"));
        Chromium.screenshot(browser, "unknown-field");

        assertThat(String.valueOf(browser.executeScript(
                "return document.querySelector('.source[data-source=orders] .unknown').textContent")))
                .startsWith("New fields arriving: loyalty_tier (1 record, first seen");
    }

    /** Read in one script call: the flow view is re-rendered every second, so a found element can go stale. */
    private String batchesCounted() {
        return String.valueOf(browser.executeScript(
                "return document.querySelector('#flow li[data-step=PostgreSQL] b').textContent"));
    }

    @Test
    @Order(3)
    void quarantineRedriveSendsTheRecordsAgainOnceHoweverOftenClicked() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (browser.findElements(By.cssSelector(".qbatch button")).isEmpty()) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        WebElement batch = browser.findElements(By.cssSelector(".qbatch")).stream()
                .filter(b -> !b.findElement(By.tagName("ul")).getText().contains("duplicate of")).findFirst()
                .orElseThrow();
        WebElement button = batch.findElement(By.tagName("button"));
        AtomicReference<String> firstResult = new AtomicReference<>();

        button.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> batch.findElement(By.className("result")).getText()
                .startsWith("Sent again"));
        firstResult.set(batch.findElement(By.className("result")).getText());
        Chromium.screenshot(browser, "quarantine-redrive");
        browser.executeScript("arguments[0].querySelector('.result').textContent = ''", batch);
        button.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> batch.findElement(By.className("result")).getText()
                .startsWith("Sent again"));

        assertThat(batch.findElement(By.className("result")).getText()).isEqualTo(firstResult.get());
        BatchId redriven = BatchId.parse(batch.findElement(By.className("result")).getAttribute("data-batch-id"));
        await().atMost(Duration.ofSeconds(20)).until(() -> tributary.appliedRawRecords(redriven).isPresent());
        assertThat(tributary.appliedRawRecords(redriven).orElseThrow()).isPositive();
    }

    @Test
    @Order(4)
    void dashboardFitsAPhoneScreen() {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(15)).until(() -> chartedSources() >= 1);

        long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");

        assertThat(overflow).isLessThanOrEqualTo(0);
        Chromium.screenshot(browser, "dashboard-phone");
        browser.manage().window().setSize(new Dimension(1366, 900));
    }

    @Test
    @Order(5)
    void aChartCanBeShownPerCoarserTimeStep() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(15)).until(() -> chartedSources() >= 1);
        WebElement card = browser.findElements(By.cssSelector(".source")).stream()
                .filter(c -> !c.findElements(By.cssSelector(".series polyline")).isEmpty())
                .filter(c -> c.findElement(By.className("per")).isDisplayed())
                .findFirst().orElseThrow();
        Select per = new Select(card.findElement(By.className("per")));
        List<String> steps = per.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        String own = steps.get(0);
        String coarsest = steps.get(steps.size() - 1);
        assertThat(seriesLabel(card)).endsWith("per " + own);

        per.selectByValue(coarsest);

        assertThat(steps).hasSizeGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> seriesLabel(card).endsWith("per " + coarsest)
                && !card.findElements(By.cssSelector(".series polyline")).isEmpty());
        Chromium.screenshot(browser, "chart-per-" + coarsest);
    }

    @Test
    @Order(6)
    void showMoreAddsOlderQuarantinedBatchesBelowTheNewest() {
        browser.get(tributary.url() + "/#key=" + tributary.keyFor("/api"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (browser.findElements(By.id("q-more")).isEmpty()) {
                browser.navigate().refresh();
                return false;
            }
            return true;
        });
        List<String> before = quarantinedBatchIds();

        browser.findElement(By.id("q-more")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> quarantinedBatchIds().size() > before.size());
        // The view also refreshes itself every 30 s; either way it shows distinct batches, newest first.
        assertThat(quarantinedBatchIds()).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.comparing(BatchId::parse).reversed());
        Chromium.screenshot(browser, "quarantine-show-more");
    }

    /** The batch ids of the quarantine cards, top to bottom, read in one script call. */
    @SuppressWarnings("unchecked")
    private List<String> quarantinedBatchIds() {
        return ((List<String>) browser.executeScript("return [...document.querySelectorAll('#quarantine .qbatch')]"
                + ".map(q => q.dataset.object.replace(/^.*\\//, '').replace(/\\.[a-z]+$/, ''))"));
    }

    /** The series chart's caption, read in one script call (charts are redrawn every 10 s). */
    private String seriesLabel(WebElement card) {
        return String.valueOf(browser.executeScript(
                "const svg = arguments[0].querySelector('.series svg'); return svg ? svg.getAttribute('aria-label') : ''",
                card));
    }

    private void printLoadTime(String when) {
        List<Number> load = Chromium.pageLoadMillis(browser);
        System.out.printf("dashboard page load (%s): DOMContentLoaded %.0f ms, load event %.0f ms%n", when,
                load.get(0).doubleValue(), load.get(1).doubleValue());
    }

    private long chartedSources() {
        return browser.findElements(By.cssSelector(".source")).stream()
                .filter(card -> !card.findElements(By.cssSelector(".series polyline")).isEmpty()).count();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
