package dev.tributary.bootstrap;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's headless Chromium through its chromedriver; Selenium Manager never downloads anything. */
final class Chromium {
    static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

    private Chromium() {
    }

    static ChromeDriver start() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 900));
        return driver;
    }

    /** The whole page, not just the viewport: the window grows to the document's height first. */
    static Path screenshot(ChromeDriver driver, String name) {
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 120, 6000)));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /** Milliseconds from navigation start to DOMContentLoaded and to the load event, from Navigation Timing. */
    @SuppressWarnings("unchecked")
    static List<Number> pageLoadMillis(ChromeDriver driver) {
        return (List<Number>) driver.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                + "return [n.domContentLoadedEventEnd - n.startTime, n.loadEventEnd - n.startTime];");
    }

}
