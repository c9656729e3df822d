package care.neighbourhood.e2e;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium from the operating system (Debian's {@code chromium}), driven by Playwright. The
 * browser path can be changed with {@code -De2e.chromium=...} or {@code CHROMIUM_PATH}.
 */
final class Browser {

    private Browser() {}

    static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static com.microsoft.playwright.Browser launch(Playwright playwright) {
        Path chromium = Path.of(
                System.getProperty("e2e.chromium", System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium")));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("Headless Chromium is needed for browser tests and was not found at "
                    + chromium + ": install it (apt-get install -y chromium) or set CHROMIUM_PATH.");
        }
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(chromium)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
    }
}
