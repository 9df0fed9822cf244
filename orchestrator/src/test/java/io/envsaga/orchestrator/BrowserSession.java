package io.envsaga.orchestrator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which scripts/services.sh
 * installs) driven through WebDriver, for the page's tests.
 */
final class BrowserSession implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ENVSAGA_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("ENVSAGA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    final ChromeDriver driver;

    BrowserSession(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the page's tests need Chromium and ChromeDriver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": run scripts/services.sh (it installs Debian's chromium and chromium-driver), or set ENVSAGA_TEST_CHROMIUM"
                    + " and ENVSAGA_TEST_CHROMEDRIVER");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // no sandbox: CI runs as root; no background networking: this machine's network is closed
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        // the page redraws rows as events arrive: an element found just before a redraw is stale, not absent
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    /** A screenshot in target/screenshots, and in docs/images when -Denvsaga.update-screenshots=true. */
    void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        if (Boolean.getBoolean("envsaga.update-screenshots")) {
            Path docs = Path.of("..", "docs", "images", name + ".png");
            Files.createDirectories(docs.getParent());
            Files.write(docs, png);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
