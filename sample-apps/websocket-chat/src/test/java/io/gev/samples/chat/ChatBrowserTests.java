package io.gev.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import io.gev.spring.autoconfigure.GevServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Headless Chromium loads the page from the gev port and chats with a member on the JDK client; its WebSocket agrees
 * permessage-deflate, and what it sends arrives compressed. Skipped where Chromium or its driver is not installed
 * (Debian packages {@code chromium} and {@code chromium-driver}).
 */
@SpringBootTest(args = { "--gev.port=0", "--gev.host=127.0.0.1" })
@Timeout(120)
class ChatBrowserTests {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Autowired
    Environment environment;

    @Autowired
    GevServers servers;

    ChromeDriver browser;

    @BeforeEach
    void startBrowser(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void whatThePageSendsReachesAMemberAndWhatTheMemberSaysAppearsInThePage() {
        int port = environment.getRequiredProperty("local.gev.port", Integer.class);
        WebDriverWait wait = new WebDriverWait(browser, ChatMember.TIMEOUT);
        try (ChatMember member = ChatMember.join(port, "jdk")) {
            browser.get("http://127.0.0.1:" + port + "/?name=browser");
            assertThat(browser.getTitle()).isEqualTo("gev chat");
            wait.until(page -> lines(page).contains("* browser joined"));
            member.awaitHeard("* browser joined");

            WebElement input = browser.findElement(By.id("message"));
            input.sendKeys("hello from chromium");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("send"))).click();
            member.awaitHeard("browser: hello from chromium");
            assertThat(input.getDomProperty("value")).isEmpty();

            member.say("hello, browser");
            wait.until(page -> lines(page).contains("jdk: hello, browser"));
            assertThat(lines(browser)).containsSubsequence("* browser joined", "browser: hello from chromium",
                    "jdk: hello, browser");

            browser.quit();
            browser = null;
            member.awaitHeard("* browser left");
        }
    }

    @Test
    void theBrowserAgreesPermessageDeflateAndSendsCompressedMessages() {
        int port = environment.getRequiredProperty("local.gev.port", Integer.class);
        try (ChatMember member = ChatMember.join(port, "jdk")) {
            browser.get("http://127.0.0.1:" + port + "/?name=browser");
            member.awaitHeard("* browser joined");
            assertThat(browser.executeScript("return ws.extensions;")).as("the Sec-WebSocket-Extensions answer")
                    .isEqualTo("permessage-deflate");
            long before = servers.get(GevServers.DEFAULT).stats().bytesRead();
            String text = "gev ".repeat(2000);
            browser.executeScript("ws.send(arguments[0]);", text);
            member.awaitHeard("browser: " + text);
            assertThat(servers.get(GevServers.DEFAULT).stats().bytesRead() - before)
                    .as("bytes that carried the 8,000-character message").isLessThan(200);
        }
    }

    private static List<String> lines(WebDriver page) {
        return page.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText).toList();
    }
}
